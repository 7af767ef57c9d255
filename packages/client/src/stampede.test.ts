// Booking stampede over real HTTP through the SDK (both back ends): 200 clients, each its own HTTP
// request, try to book the same slot at once → exactly one booking, every other attempt CONFLICT,
// never an internal error. Then a pending hold confirmed by 10 concurrent calls is confirmed once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTenantWithKey, everyDay, type TestTenant } from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { createFrontdeskClient, TRPCClientError, type FrontdeskClient } from "./index";

let database: Database;
let server: TestServer;
let tenant: TestTenant;
let frontdesk: FrontdeskClient;

beforeAll(async () => {
  database = await createTestDatabase({ max: 10 });
  server = await startTestServer(database);
  tenant = await createTenantWithKey(database);
  frontdesk = createFrontdeskClient({ url: server.url, apiKey: tenant.adminKey, retries: 0 });
});

afterAll(async () => {
  await server.close();
  await database.close();
});

function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (error: unknown) =>
      error instanceof TRPCClientError
        ? ((error.data as { code?: string } | undefined)?.code ?? "NO_CODE")
        : "NOT_A_CLIENT_ERROR",
  );
}

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

async function freeSlot(name: string): Promise<{ resourceId: string; slotId: string }> {
  const resource = await frontdesk.bookings.resources.create.mutate({
    name,
    slotMinutes: 30,
    minNoticeMinutes: 0,
    availability: everyDay(),
  });
  const from = new Date(Date.now() + 2 * 86_400_000);
  const slots = await frontdesk.bookings.slots.query({
    resourceId: resource.id,
    from,
    to: new Date(from.getTime() + 86_400_000),
  });
  const slot = slots.find((s) => s.available);
  if (!slot) throw new Error("no free slot");
  return { resourceId: resource.id, slotId: slot.slotId };
}

it("lets exactly 1 of 200 concurrent HTTP bookings of one slot win; the rest are CONFLICT", async () => {
  const { resourceId, slotId } = await freeSlot("Dr. Stampede");
  // One client per attempt: every attempt is its own HTTP request (the SDK batches within a client).
  const attempts = Array.from({ length: 200 }, (_, i) =>
    createFrontdeskClient({
      url: server.url,
      apiKey: tenant.adminKey,
      retries: 0,
    }).bookings.create.mutate({
      slotId,
      attendee: { name: `Patient ${i}`, email: `p${i}@example.com` },
    }),
  );
  const counts = tally(await Promise.all(attempts.map(outcome)));
  expect(counts).toEqual({ OK: 1, CONFLICT: 199 });
  const live = await frontdesk.bookings.list.query({ resourceId, limit: 200 });
  expect(live.items.filter((b) => b.status === "confirmed" || b.status === "pending")).toHaveLength(
    1,
  );
});

it("keeps one pending hold per slot and confirms it exactly once under 10 concurrent confirms", async () => {
  const { slotId } = await freeSlot("Dr. Hold");
  const holds = await Promise.all(
    [1, 2].map((i) =>
      outcome(
        createFrontdeskClient({
          url: server.url,
          apiKey: tenant.adminKey,
          retries: 0,
        }).bookings.create.mutate({
          slotId,
          attendee: { name: `Holder ${i}`, email: `h${i}@example.com` },
          requireConfirmation: true,
          holdMinutes: 30,
        }),
      ),
    ),
  );
  expect(tally(holds)).toEqual({ OK: 1, CONFLICT: 1 });
  const pending = (await frontdesk.bookings.list.query({ status: "pending" })).items.find(
    (b) => b.slotId === slotId,
  );
  if (!pending) throw new Error("no pending hold");
  const confirms = await Promise.all(
    Array.from({ length: 10 }, () =>
      outcome(
        createFrontdeskClient({
          url: server.url,
          apiKey: tenant.adminKey,
          retries: 0,
        }).bookings.confirm.mutate({ id: pending.id }),
      ),
    ),
  );
  expect(tally(confirms)).toEqual({ OK: 1, CONFLICT: 9 });
  expect((await frontdesk.bookings.get.query({ id: pending.id })).status).toBe("confirmed");
});
