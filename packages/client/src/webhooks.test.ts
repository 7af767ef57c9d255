// verifyWebhook against deliveries the REAL server sent: a change made through the router, its event
// delivered by the dispatcher (packages/api/src/webhooks/dispatch.ts) to a receiver on loopback. The
// delivery as received verifies and parses; a tampered body, another endpoint's secret, a delivery
// verified 6 minutes after it was signed, and missing headers are refused with their reason.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverDue } from "@frontdesk/api";
import { callerFor, createTenantWithKey, everyDay, type TestTenant } from "@frontdesk/testing/api";
import type { Database } from "@frontdesk/db";
import { createScratchDatabase } from "@frontdesk/testing/db";
import { verifyWebhook, WebhookVerificationError, type WebhookEvent } from "./index";

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let database: Database;
let tenant: TestTenant;
let server: Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  // A database of its own, so no other test file's dispatcher claims (or refuses) these deliveries.
  database = await createScratchDatabase();
  tenant = await createTenantWithKey(database);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

/** Creates an endpoint, books a slot through the router, and delivers what is due. */
async function deliveredBooking(): Promise<{
  secret: string;
  bookingId: string;
  delivery: Received;
}> {
  const api = await callerFor(database, { apiKey: tenant.adminKey });
  const endpoint = await api.webhooks.endpoints.create({
    url: receiverUrl,
    events: ["booking.created"],
  });
  const resource = await api.bookings.resources.create({
    name: "Room",
    timeZone: "UTC",
    slotMinutes: 30,
    minNoticeMinutes: 0,
    availability: everyDay(),
  });
  const from = new Date(Date.now() + 2 * 86_400_000);
  const slots = await api.bookings.slots({
    resourceId: resource.id,
    from,
    to: new Date(from.getTime() + 86_400_000),
  });
  const slot = slots.find((s) => s.available);
  if (!slot) throw new Error("no free slot");
  const booking = await api.bookings.create({
    slotId: slot.slotId,
    attendee: { name: "Ada", email: "ada@example.com" },
  });
  const before = received.length;
  for (let round = 0; round < 10 && received.length === before; round++) {
    await deliverDue(database.db, {
      policy: { allowLoopback: true, allowHttp: true },
      schedule: [0],
      timeoutMs: 5_000,
    });
  }
  const delivery = received.at(-1);
  if (!delivery || received.length === before) throw new Error("nothing was delivered");
  return { secret: endpoint.secret, bookingId: booking.id, delivery };
}

function refusal(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error("expected verifyWebhook to refuse the delivery");
}

describe("verifyWebhook", () => {
  it("verifies a delivery the server sent and returns the event parsed by the server's schema", async () => {
    const { secret, bookingId, delivery } = await deliveredBooking();
    const event: WebhookEvent = verifyWebhook(delivery.body, delivery.headers, secret);
    expect(event.type).toBe("booking.created");
    expect(event.id).toBe(delivery.headers["webhook-id"]);
    expect(event.tenantId).toBe(tenant.tenantId);
    if (event.type !== "booking.created") throw new Error("narrowing");
    // Typed by the union: `data.booking` exists only on booking events.
    expect(event.data.booking.id).toBe(bookingId);
    expect(event.data.booking.status).toBe("confirmed");

    // The same delivery as a string body, and with fetch's Headers.
    const headers = new Headers();
    for (const [name, value] of Object.entries(delivery.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    expect(verifyWebhook(delivery.body.toString("utf8"), headers, secret).id).toBe(event.id);
  });

  it("refuses a tampered body, another secret, a stale timestamp and missing headers", async () => {
    const { secret, delivery } = await deliveredBooking();
    const body = delivery.body.toString("utf8");
    const tampered = body.replace('"status":"confirmed"', '"status":"cancelled"');
    expect(tampered).not.toBe(body);
    expect(refusal(() => verifyWebhook(tampered, delivery.headers, secret)).reason).toBe(
      "signature",
    );

    const other = (await deliveredBooking()).secret;
    expect(other).not.toBe(secret);
    expect(refusal(() => verifyWebhook(body, delivery.headers, other)).reason).toBe("signature");

    const { "webhook-signature": _signature, ...unsigned } = delivery.headers;
    expect(refusal(() => verifyWebhook(body, unsigned, secret)).reason).toBe("headers");

    // The genuine delivery, verified 6 minutes after it was signed: a replay.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 6 * 60_000);
      expect(refusal(() => verifyWebhook(body, delivery.headers, secret)).reason).toBe("timestamp");
    } finally {
      vi.useRealTimers();
    }
    // …and still verifies now.
    expect(verifyWebhook(body, delivery.headers, secret).type).toBe("booking.created");
  });
});
