// Outbound webhooks end to end on a real database and real HTTP receivers on loopback: endpoints,
// events written with the change (and not without it), Standard Webhooks signatures checked by the
// `standardwebhooks` library on the receiving side, retries, disabling, replay, tenant isolation.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  queryRows,
  users,
  webhookDeliveries,
  webhookEvents,
  withTenant,
  type Database,
} from "@frontdesk/db";
import { createScratchDatabase } from "@frontdesk/testing/db";
import { callerFor, createTenantWithKey, everyDay, type TestTenant } from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";
import type { Actor } from "../actor";
import { createBooking } from "../bookings/lifecycle";
import { expireUnpaidOrder } from "../orders/expiry";
import { applyPaymentEvent } from "../orders/payment-events";
import { acceptInvitation } from "../platform/members/service";
import { deliverDue, type DispatchOptions } from "./dispatch";
import {
  WEBHOOK_EVENT_TYPES,
  webhookEvent,
  webhookEventSchemas,
  type WebhookEventType,
} from "./events";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Status codes to answer with, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const loopback: DispatchOptions = {
  policy: { allowLoopback: true, allowHttp: true },
  schedule: [0, 0, 0],
  leaseSeconds: 30,
  timeoutMs: 5_000,
};

let database: Database;
let tenant: TestTenant;
let receiver: Receiver;

beforeAll(async () => {
  // A database of its own: on PostgreSQL other test files' workers would otherwise claim (and, with
  // their stricter policy, refuse) the deliveries these tests count.
  database = await createScratchDatabase();
  tenant = await createTenantWithKey(database);
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
  await database.close();
});

const admin = () => callerFor(database, { apiKey: tenant.adminKey });
const DAY_MS = 86_400_000;

/** The free slots of a resource on the day after tomorrow (UTC, every slot available). */
async function freeSlots(
  api: Awaited<ReturnType<typeof callerFor>>,
  resourceId: string,
): Promise<string[]> {
  const from = new Date(Date.now() + 2 * DAY_MS);
  const all = await api.bookings.slots({ resourceId, from, to: new Date(from.getTime() + DAY_MS) });
  return all.filter((s) => s.available).map((s) => s.slotId);
}

async function newResource(t: TestTenant = tenant): Promise<string> {
  const api = await callerFor(database, { apiKey: t.adminKey });
  const resource = await api.bookings.resources.create({
    name: "Room",
    timeZone: "UTC",
    slotMinutes: 30,
    minNoticeMinutes: 0,
    availability: everyDay(),
  });
  return resource.id;
}

/**
 * Runs delivery rounds until nothing is due (bounded). Rounds serve every tenant of the database, so
 * tests count their own tenant's attempts, not the rounds'.
 */
async function drain(options: DispatchOptions = loopback): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const result = await deliverDue(database.db, options);
    if (result.attempted === 0) return;
  }
}

async function attemptsOf(tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from webhook_delivery_attempts where tenant_id = ${tenantId}`,
  );
  return row?.n ?? 0;
}

describe("webhook endpoints", () => {
  it("shows the secret once, lists without it, updates, rotates and deletes", async () => {
    const api = await admin();
    const created = await api.webhooks.endpoints.create({
      url: "https://192.0.2.20/a",
      events: ["booking.created"],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.events).toEqual(["booking.created"]);

    const listed = await api.webhooks.endpoints.list({});
    const item = listed.items.find((e) => e.id === created.id);
    expect(item).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(await api.webhooks.endpoints.get({ id: created.id }))).not.toContain(
      created.secret,
    );

    const updated = await api.webhooks.endpoints.update({
      id: created.id,
      events: null,
      enabled: false,
      description: "all of it",
    });
    expect(updated).toMatchObject({ events: null, enabled: false, description: "all of it" });

    const rotated = await api.webhooks.endpoints.rotateSecret({ id: created.id, overlapHours: 2 });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 3600_000);

    await api.webhooks.endpoints.delete({ id: created.id });
    expect(await codeOf(api.webhooks.endpoints.get({ id: created.id }))).toBe("NOT_FOUND");
  });

  it("refuses URLs that are not absolute http(s) without credentials, with a clear message", async () => {
    const api = await admin();
    for (const url of [
      "ftp://x.example/h",
      "/relative",
      "https://user:pw@x.example/h",
      "javascript:alert(1)",
      "not a url",
    ]) {
      const error = await api.webhooks.endpoints.create({ url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(/https:\/\/ URL/);
    }
  });

  it("refuses an endpoint URL that carries PHI in its path or query, whatever the policy", async () => {
    const api = await admin();
    for (const url of [
      "https://192.0.2.21/patients/521-73-4190",
      "https://192.0.2.21/hook?phone=903-140-4508",
      "https://192.0.2.21/Patient%20Zelda%20Quartermain",
    ]) {
      const error = await api.webhooks.endpoints.create({ url }).catch((e: unknown) => e);
      expect((error as TRPCError).code, url).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(/contains PHI/);
      expect((error as TRPCError).message).not.toContain("521");
    }
    expect(
      (await api.webhooks.endpoints.create({ url: "https://192.0.2.21/frontdesk/v1/events" })).url,
    ).toBe("https://192.0.2.21/frontdesk/v1/events");
  });

  it("needs the admin role or the webhooks:manage scope", async () => {
    const t = await createTenantWithKey(database);
    const { createKey, createMember } = await import("@frontdesk/testing/api");
    const member = await callerFor(database, {
      userId: await createMember(database, t.tenantId, "member"),
      tenantId: t.tenantId,
    });
    expect(await codeOf(member.webhooks.endpoints.list({}))).toBe("FORBIDDEN");
    const readKey = await callerFor(database, {
      apiKey: await createKey(database, t.tenantId, ["bookings:read"]),
    });
    expect(await codeOf(readKey.webhooks.endpoints.list({}))).toBe("FORBIDDEN");
    const manageKey = await callerFor(database, {
      apiKey: await createKey(database, t.tenantId, ["webhooks:manage"]),
    });
    expect((await manageKey.webhooks.endpoints.list({})).items).toEqual([]);
  });
});

describe("events and deliveries", () => {
  it("emits each change once, signed so the standardwebhooks library verifies it, with a payload its schema parses", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoint = await api.webhooks.endpoints.create({ url: receiver.url });
    const before = receiver.received.length;

    const resourceId = await newResource(t);
    const slots = await freeSlots(api, resourceId);
    const attendee = { name: "Ada", email: "ada@example.com" };
    const pending = await api.bookings.create({
      slotId: slots[0] as string,
      attendee,
      requireConfirmation: true,
    });
    await api.bookings.confirm({ id: pending.id });
    const moved = await api.bookings.reschedule({ id: pending.id, slotId: slots[2] as string });
    await api.bookings.cancel({ id: moved.id, reason: "changed plans" });
    // A replayed create (same key) is not a new change: no second event.
    const key = randomUUID();
    await api.bookings.create({ slotId: slots[4] as string, attendee, idempotencyKey: key });
    await api.bookings.create({ slotId: slots[4] as string, attendee, idempotencyKey: key });
    // A hold that ran out expires (the next create on the resource notices it).
    const held = await api.bookings.create({
      slotId: slots[6] as string,
      attendee,
      requireConfirmation: true,
      holdMinutes: 1,
    });
    await database.db.execute(
      sql`update bookings set hold_expires_at = now() - interval '1 minute' where id = ${held.id}`,
    );
    await api.bookings.create({ slotId: slots[8] as string, attendee });

    const order = await api.orders.create({
      items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 5000 }],
      currency: "USD",
      idempotencyKey: randomUUID(),
    });
    await withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
      applyPaymentEvent(tx, t.tenantId, order.id, "succeeded"),
    );
    await api.orders.refund({ id: order.id, amount: 1000, idempotencyKey: randomUUID() });
    const other = await api.orders.create({
      items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 700 }],
      currency: "USD",
      idempotencyKey: randomUUID(),
    });
    await api.orders.cancel({ id: other.id });
    await api.scores.record({
      sessionId: "s-1",
      name: "helpfulness",
      value: 4,
      metadata: { channel: "web" },
    });
    const failing = await api.orders.create({
      items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 900 }],
      currency: "USD",
      idempotencyKey: randomUUID(),
    });
    await withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
      applyPaymentEvent(tx, t.tenantId, failing.id, "failed"),
    );
    const lapsing = await api.orders.create({
      items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 900 }],
      currency: "USD",
      idempotencyKey: randomUUID(),
    });
    await database.db.execute(
      sql`update orders set expires_at = now() - interval '1 minute' where id = ${lapsing.id}`,
    );
    expect(
      await withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
        expireUnpaidOrder(tx, t.tenantId, lapsing.id),
      ),
    ).toBe("expired");

    // PHI: a blocked write stores nothing (no booking.created) but is reported; an alert too.
    await api.phi.policy.update({
      defaults: "mask",
      perType: { SSN: "block", CREDIT_CARD: "alert" },
    });
    const canary = "521-73-4190";
    expect(
      await codeOf(
        api.bookings.create({
          slotId: slots[10] as string,
          attendee,
          notes: `SSN ${canary}`,
        }),
      ),
    ).toBe("PRECONDITION_FAILED");
    await api.phi.scan({ text: "card 4111 1111 1111 1111", source: "intake-form", record: true });

    // Members and API keys.
    const [invitee] = await database.db
      .insert(users)
      .values({ email: `invitee-${randomUUID()}@example.com`, emailVerified: new Date() })
      .returning();
    if (!invitee) throw new Error("no user");
    const invitation = await api.members.invite({ email: invitee.email, role: "member" });
    await acceptInvitation(database.db, invitation.acceptUrlToken, invitee.id);
    await api.members.remove({ userId: invitee.id });
    const apiKey = await api.apiKeys.create({ name: "Reporting job", scopes: ["bookings:read"] });
    await api.apiKeys.revoke({ id: apiKey.id });

    const events = await queryRows<{ type: string; payload: unknown }>(
      database.db,
      sql`select type, payload from webhook_events where tenant_id = ${t.tenantId} order by created_at`,
    );
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    expect(counts).toEqual({
      "booking.created": 4,
      "booking.confirmed": 1,
      "booking.rescheduled": 1,
      "booking.cancelled": 1,
      "booking.expired": 1,
      "order.created": 4,
      "order.paid": 1,
      "order.refunded": 1,
      "order.cancelled": 1,
      "score.recorded": 1,
      "order.payment_failed": 1,
      "order.expired": 1,
      "phi.blocked": 1,
      "phi.alerted": 1,
      "member.added": 1,
      "member.removed": 1,
      "api_key.created": 1,
      "api_key.revoked": 1,
    });
    // The whole catalogue: a type added to it without an emission (or a test of it) fails here.
    expect(Object.keys(counts).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const e of events) {
      const type = e.type as WebhookEventType;
      expect(webhookEventSchemas[type].safeParse(e.payload).success, type).toBe(true);
    }
    const rescheduled = events.find((e) => e.type === "booking.rescheduled")?.payload as {
      data: {
        booking: { id: string; rescheduledFromId: string };
        previous: { id: string; rescheduledToId: string; status: string };
      };
    };
    expect(rescheduled.data.booking.rescheduledFromId).toBe(rescheduled.data.previous.id);
    expect(rescheduled.data.previous).toMatchObject({
      rescheduledToId: rescheduled.data.booking.id,
      status: "cancelled",
    });
    // No client secret, no score metadata: only what the schemas name leaves the building.
    expect(JSON.stringify(events)).not.toMatch(/clientSecret|_secret_|metadata/);
    // PHI events say what was caught and where, never the value (raw or masked).
    const phi = events.filter((e) => e.type.startsWith("phi."));
    expect(phi.map((e) => (e.payload as { data: unknown }).data)).toEqual([
      { types: ["SSN"], source: "bookings.notes" },
      { types: ["CREDIT_CARD"], source: "intake-form" },
    ]);
    expect(JSON.stringify(events)).not.toContain(canary);
    // The card itself, not "4111" anywhere: a random UUID in the payload holds it now and then.
    expect(JSON.stringify(events)).not.toMatch(/4111[ -]?1111|\[SSN\]|\[CREDIT_CARD\]/);
    const keyEvents = events.filter((e) => e.type.startsWith("api_key."));
    expect(JSON.stringify(keyEvents)).not.toContain(apiKey.secret);
    expect(
      events
        .filter((e) => e.type.startsWith("member."))
        .map((e) => (e.payload as { data: unknown }).data),
    ).toEqual([
      { member: { userId: invitee.id, role: "member" } },
      { member: { userId: invitee.id, role: "member" } },
    ]);

    await drain();
    expect(await attemptsOf(t.tenantId)).toBe(events.length);
    const got = receiver.received.slice(before).filter((r) => r.body.includes(t.tenantId));
    expect(got).toHaveLength(events.length);
    const verifier = new Webhook(endpoint.secret);
    for (const delivery of got) {
      const verified = verifier.verify(delivery.body, delivery.headers as Record<string, string>);
      expect(webhookEvent.safeParse(verified).success).toBe(true);
      expect(delivery.headers["webhook-id"]).toBe((verified as { id: string }).id);
    }
    const statuses = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`select status, count(*)::int as n from webhook_deliveries where tenant_id = ${t.tenantId} group by status`,
    );
    expect(statuses).toEqual([{ status: "succeeded", n: events.length }]);
  });

  it("writes nothing when the change rolls back, and nothing for a tenant without endpoints", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const resourceId = await newResource(t);
    const [slotId] = await freeSlots(api, resourceId);
    await api.bookings.create({
      slotId: slotId as string,
      attendee: { name: "A", email: "a@example.com" },
    });
    const none = await queryRows(
      database.db,
      sql`select 1 from webhook_events where tenant_id = ${t.tenantId}`,
    );
    expect(none).toEqual([]);

    await api.webhooks.endpoints.create({ url: receiver.url });
    const actor: Actor = {
      tenantId: t.tenantId,
      type: "api_key",
      id: randomUUID(),
      userId: null,
      role: null,
      scopes: ["admin"],
      requestId: randomUUID(),
    };
    const [free] = await freeSlots(api, resourceId);
    const failed = await withTenant(database.db, { tenantId: t.tenantId }, async (tx) => {
      await createBooking(tx, actor, {
        slotId: free as string,
        attendee: { name: "B", email: "b@example.com" },
        requireConfirmation: false,
      });
      throw new Error("the change fails after its event was written");
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    const after = await queryRows(
      database.db,
      sql`select 1 from webhook_events where tenant_id = ${t.tenantId}`,
    );
    expect(after).toEqual([]);
    const deliveries = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.tenantId, t.tenantId));
    expect(deliveries).toEqual([]);
  });

  it("retries a failing receiver on the schedule and stops at the first 2xx; every attempt is logged", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoint = await api.webhooks.endpoints.create({ url: receiver.url });
    const delivery = await api.webhooks.sendTest({ endpointId: endpoint.id });
    const before = receiver.received.length;
    receiver.answers.push(500, 503);

    await drain();
    expect(await attemptsOf(t.tenantId)).toBe(3);
    const got = receiver.received.slice(before).filter((r) => r.body.includes(t.tenantId));
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([
      delivery.eventId,
      delivery.eventId,
      delivery.eventId,
    ]);
    const detail = await api.webhooks.deliveries.get({ id: delivery.id });
    expect(detail).toMatchObject({
      status: "succeeded",
      attempts: 3,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
    expect(detail.attemptLog.map((a) => [a.attempt, a.statusCode, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    await drain();
    expect(await attemptsOf(t.tenantId)).toBe(3); // delivered: never again
    expect((await api.webhooks.endpoints.get({ id: endpoint.id })).failingSince).toBeNull();
  });

  it("gives up after the schedule, and disables an endpoint that keeps failing, saying why", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoint = await api.webhooks.endpoints.create({ url: receiver.url });
    const delivery = await api.webhooks.sendTest({ endpointId: endpoint.id });
    receiver.answers.push(500, 500, 500, 500);
    await drain({ ...loopback, disableAfterMs: 1 });
    expect(await attemptsOf(t.tenantId)).toBe(4);
    const detail = await api.webhooks.deliveries.get({ id: delivery.id });
    expect(detail).toMatchObject({ status: "failed", attempts: 4, nextAttemptAt: null });
    const disabled = await api.webhooks.endpoints.get({ id: endpoint.id });
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabledReason).toMatch(/Disabled automatically/);

    // Replay after fixing the receiver: delivered once more, same event id.
    await api.webhooks.endpoints.update({ id: endpoint.id, enabled: true });
    expect(await api.webhooks.deliveries.replay({ id: delivery.id })).toEqual({ queued: 1 });
    await drain();
    expect(await attemptsOf(t.tenantId)).toBe(5);
    expect((await api.webhooks.deliveries.get({ id: delivery.id })).status).toBe("succeeded");
  });

  it("a delivery claimed by a worker that died is sent again once its lease runs out", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoint = await api.webhooks.endpoints.create({ url: receiver.url });
    const delivery = await api.webhooks.sendTest({ endpointId: endpoint.id });
    // What a claim leaves behind when its worker is killed before recording the outcome.
    await database.db.execute(
      sql`update webhook_deliveries set attempts = 1, next_attempt_at = now() + interval '1 second' where id = ${delivery.id}`,
    );
    await deliverDue(database.db, loopback);
    expect(await attemptsOf(t.tenantId)).toBe(0); // still leased
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await drain();
    expect(await attemptsOf(t.tenantId)).toBe(1);
    expect((await api.webhooks.deliveries.get({ id: delivery.id })).status).toBe("succeeded");
  });

  it("bounds the deliveries one endpoint gets per round", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoint = await api.webhooks.endpoints.create({ url: receiver.url });
    for (let i = 0; i < 5; i++) await api.webhooks.sendTest({ endpointId: endpoint.id });
    await deliverDue(database.db, { ...loopback, perEndpoint: 2 });
    expect(await attemptsOf(t.tenantId)).toBeLessThanOrEqual(2);
    await drain({ ...loopback, perEndpoint: 2 });
    expect(await attemptsOf(t.tenantId)).toBe(5);
  });

  it("caps what one endpoint is sent per second, also when two workers claim at once", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoint = await api.webhooks.endpoints.create({ url: receiver.url });
    for (let i = 0; i < 12; i++) await api.webhooks.sendTest({ endpointId: endpoint.id });
    const capped = { ...loopback, perEndpoint: 10, perEndpointPerSecond: 5 };
    const started = performance.now();
    // Two workers' rounds at the same moment: together they stay within the endpoint's window.
    await Promise.all([deliverDue(database.db, capped), deliverDue(database.db, capped)]);
    expect(await attemptsOf(t.tenantId)).toBe(5);
    await deliverDue(database.db, capped);
    expect(await attemptsOf(t.tenantId)).toBe(5);
    // The rest goes out in the next windows: 12 deliveries at 5 a second take three windows.
    while ((await attemptsOf(t.tenantId)) < 12 && performance.now() - started < 20_000) {
      await deliverDue(database.db, capped);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await attemptsOf(t.tenantId)).toBe(12);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("pages through deliveries written in one transaction without skipping or repeating any", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const endpoints = [];
    for (let i = 0; i < 5; i++)
      endpoints.push(await api.webhooks.endpoints.create({ url: receiver.url }));
    // One event to five endpoints: five deliveries with the same created_at (the transaction's now()).
    await api.scores.record({ sessionId: "page-1", name: "helpfulness", value: 3 });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await api.webhooks.deliveries.list({ limit: 2, cursor });
      seen.push(...result.items.map((d) => d.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const listed = await api.webhooks.endpoints.list({ limit: 2 });
    const rest = await api.webhooks.endpoints.list({
      limit: 10,
      cursor: listed.nextCursor ?? undefined,
    });
    expect(new Set([...listed.items, ...rest.items].map((e) => e.id))).toEqual(
      new Set(endpoints.map((e) => e.id)),
    );
    expect(await codeOf(api.webhooks.deliveries.list({ cursor: "not-a-cursor" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("filters deliveries by endpoint, event type, status and time", async () => {
    const t = await createTenantWithKey(database);
    const api = await callerFor(database, { apiKey: t.adminKey });
    const one = await api.webhooks.endpoints.create({ url: receiver.url });
    const two = await api.webhooks.endpoints.create({
      url: receiver.url,
      events: ["score.recorded"],
    });
    const test = await api.webhooks.sendTest({ endpointId: one.id });
    await api.scores.record({ sessionId: "filters-1", name: "helpfulness", value: 2 });
    const ids = async (input: Parameters<typeof api.webhooks.deliveries.list>[0]) =>
      (await api.webhooks.deliveries.list(input)).items.map((d) => d.id).sort();

    expect(await ids({})).toHaveLength(3);
    expect(await ids({ endpointId: two.id })).toHaveLength(1);
    expect(await ids({ eventType: "webhook.test" })).toEqual([test.id]);
    expect(await ids({ eventType: "score.recorded", endpointId: one.id })).toHaveLength(1);
    expect(await ids({ status: "succeeded" })).toEqual([]);
    const now = Date.now();
    expect(await ids({ from: new Date(now - 60_000), to: new Date(now + 60_000) })).toHaveLength(3);
    expect(await ids({ from: new Date(now + 60_000) })).toEqual([]);
    expect(await ids({ to: new Date(now - 60_000) })).toEqual([]);
    expect(
      await codeOf(api.webhooks.deliveries.list({ from: new Date(now), to: new Date(now - 1) })),
    ).toBe("BAD_REQUEST");
  });

  it("keeps endpoints, deliveries and replays inside their tenant", async () => {
    const a = await callerFor(database, { apiKey: (await createTenantWithKey(database)).adminKey });
    const b = await callerFor(database, { apiKey: tenant.adminKey });
    const endpoint = await b.webhooks.endpoints.create({ url: receiver.url });
    const delivery = await b.webhooks.sendTest({ endpointId: endpoint.id });
    expect(await codeOf(a.webhooks.endpoints.get({ id: endpoint.id }))).toBe("NOT_FOUND");
    expect(await codeOf(a.webhooks.deliveries.get({ id: delivery.id }))).toBe("NOT_FOUND");
    expect(await codeOf(a.webhooks.deliveries.replay({ id: delivery.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        a.webhooks.deliveries.replay({
          endpointId: endpoint.id,
          since: new Date(Date.now() - DAY_MS),
        }),
      ),
    ).toBe("NOT_FOUND");
    expect((await a.webhooks.deliveries.list({ endpointId: endpoint.id })).items).toEqual([]);
    expect((await a.webhooks.endpoints.list({})).items).toEqual([]);
    // And under RLS itself: tenant A's transaction sees none of B's webhook rows.
    const seen = await withTenant(database.db, { tenantId: randomUUID() }, (tx) =>
      tx.select().from(webhookEvents),
    );
    expect(seen).toEqual([]);
  });
});
