// The BOLA sweep's registry: for every procedure whose input names a row (`id`, `…Id` uuids,
// `slotId`), how to make tenant B's real row through B's own callers and the input that points
// tenant A at it. bola.test.ts fails listing id-taking procedures without an entry here, so a new
// procedure gets one (or fails loudly).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { decodeSlotId, encodeSlotId, queryRows, type Database } from "@frontdesk/db";
import { callerFor, createMember, everyDay, type TestTenant } from "../api";

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/**
 * What tenant A must get: NOT_FOUND (the row is invisible); for list filters, a result that contains
 * none of B's rows (NOT_FOUND is accepted too); or SAME_AS_MISSING — NOT_FOUND with exactly the error (code and
 * message) that `control`, an input naming a row that exists nowhere, gets: no oracle either way.
 */
export type BolaExpectation = "NOT_FOUND" | "NO_B_ROWS" | "SAME_AS_MISSING";

export interface BolaFixture {
  expect: BolaExpectation;
  /** Builds B's row(s) and returns the input tenant A sends. */
  input: (b: BolaContext) => Promise<unknown>;
  /** SAME_AS_MISSING: the same input with the id replaced by one of a row that does not exist. */
  control?: (b: BolaContext) => Promise<unknown>;
}

export interface BolaContext {
  tenant: TestTenant;
  /** B's admin API key. */
  admin: Caller;
  /** B's owner, signed in (for users-only procedures). */
  owner: Caller;
  resourceId(): Promise<string>;
  /** A free slot of B's resource, different on every call. */
  freeSlotId(): Promise<string>;
  confirmedBookingId(): Promise<string>;
  pendingBookingId(): Promise<string>;
  orderId(): Promise<string>;
  scoreId(): Promise<string>;
  apiKeyId(): Promise<string>;
  memberUserId(): Promise<string>;
  /** A pending invitation of B's. */
  invitationId(): Promise<string>;
  webhookEndpointId(): Promise<string>;
  webhookDeliveryId(): Promise<string>;
  /** A dead email message of B's (a booking confirmation that failed every attempt). */
  deadEmailId(): Promise<string>;
}

const DAY_MS = 86_400_000;

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

export async function createBolaContext(
  database: Database,
  tenant: TestTenant,
): Promise<BolaContext> {
  const admin = await callerFor(database, { apiKey: tenant.adminKey });
  const owner = await callerFor(database, {
    userId: tenant.ownerUserId,
    tenantId: tenant.tenantId,
  });

  const resourceId = once(async () => {
    const resource = await admin.bookings.resources.create({
      name: "B's room",
      timeZone: "UTC",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      availability: everyDay(),
    });
    return resource.id;
  });
  const freeSlots = once(async () => {
    const from = new Date(Date.now() + 2 * DAY_MS);
    const slots = await admin.bookings.slots({
      resourceId: await resourceId(),
      from,
      to: new Date(from.getTime() + DAY_MS),
    });
    return slots.filter((s) => s.available).map((s) => s.slotId);
  });
  let slotsTaken = 0;
  const freeSlotId = async () => {
    const slot = (await freeSlots())[slotsTaken++];
    if (!slot) throw new Error("B ran out of free slots");
    return slot;
  };
  const attendee = { name: "Bea B", email: "bea@example.com" };
  const confirmedBookingId = once(
    async () => (await admin.bookings.create({ slotId: await freeSlotId(), attendee })).id,
  );
  const webhookEndpointId = once(
    async () =>
      // A documentation address (192.0.2.0/24): refused before any connection if a worker ever picks it up.
      (await admin.webhooks.endpoints.create({ url: "https://192.0.2.10/frontdesk" })).id,
  );

  return {
    tenant,
    admin,
    owner,
    resourceId,
    freeSlotId,
    confirmedBookingId,
    pendingBookingId: once(
      async () =>
        (
          await admin.bookings.create({
            slotId: await freeSlotId(),
            attendee,
            requireConfirmation: true,
          })
        ).id,
    ),
    orderId: once(
      async () =>
        (
          await admin.orders.create({
            items: [{ sku: "B-1", name: "B's item", quantity: 1, unitAmount: 1_000 }],
            currency: "EUR",
            idempotencyKey: randomUUID(),
          })
        ).id,
    ),
    scoreId: once(
      async () =>
        (await admin.scores.record({ sessionId: "b-session", name: "b_quality", value: 4 })).id,
    ),
    apiKeyId: once(
      async () => (await admin.apiKeys.create({ name: "B's key", scopes: ["bookings:read"] })).id,
    ),
    memberUserId: once(() => createMember(database, tenant.tenantId, "member")),
    invitationId: once(
      async () =>
        (await admin.members.invite({ email: `b-${randomUUID()}@example.com`, role: "admin" })).id,
    ),
    webhookEndpointId,
    webhookDeliveryId: once(
      async () => (await admin.webhooks.sendTest({ endpointId: await webhookEndpointId() })).id,
    ),
    deadEmailId: once(async () => {
      // The booking's confirmation is queued with it; as if the relay refused it every time.
      const bookingId = await confirmedBookingId();
      const [row] = await queryRows<{ id: string }>(
        database.db,
        sql`update email_messages set status = 'dead', attempts = 8
            where tenant_id = ${tenant.tenantId}::uuid and dedupe_key = ${`booking-confirmed:${bookingId}`}
            returning id`,
      );
      if (!row) throw new Error("B's booking queued no confirmation");
      return row.id;
    }),
  };
}

/** The same start time on a resource that exists in no tenant. */
function missingResourceSlot(slotId: string): string {
  const decoded = decodeSlotId(slotId);
  if (!decoded) throw new Error(`not a slot id: ${slotId}`);
  return encodeSlotId(randomUUID(), decoded.startsAt);
}

const byId = (make: (b: BolaContext) => Promise<string>): BolaFixture => ({
  expect: "NOT_FOUND",
  input: async (b) => ({ id: await make(b) }),
});

export const BOLA_FIXTURES: Record<string, BolaFixture> = {
  // bookings
  "bookings.resources.get": byId((b) => b.resourceId()),
  "bookings.resources.update": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.resourceId(), name: "taken over" }),
  },
  "bookings.resources.archive": byId((b) => b.resourceId()),
  "bookings.slots": {
    expect: "NOT_FOUND",
    input: async (b) => ({
      resourceId: await b.resourceId(),
      from: new Date(Date.now() + DAY_MS),
      to: new Date(Date.now() + 3 * DAY_MS),
    }),
  },
  // A slot names a resource: a foreign resource's slot is NOT_FOUND, exactly like a missing one.
  "bookings.create": {
    expect: "SAME_AS_MISSING",
    input: async (b) => ({
      slotId: await b.freeSlotId(),
      attendee: { name: "Mallory", email: "mallory@example.com" },
    }),
    control: async (b) => ({
      slotId: missingResourceSlot(await b.freeSlotId()),
      attendee: { name: "Mallory", email: "mallory@example.com" },
    }),
  },
  "bookings.get": byId((b) => b.confirmedBookingId()),
  "bookings.confirm": byId((b) => b.pendingBookingId()),
  "bookings.cancel": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.confirmedBookingId(), reason: "mine now" }),
  },
  "bookings.reschedule": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.confirmedBookingId(), slotId: await b.freeSlotId() }),
  },
  "bookings.list": {
    expect: "NO_B_ROWS",
    input: async (b) => ({ resourceId: await b.resourceId() }),
  },
  // orders
  "orders.get": byId((b) => b.orderId()),
  "orders.cancel": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.orderId(), reason: "mine now" }),
  },
  "orders.refund": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.orderId(), amount: 1 }),
  },
  // scores
  "scores.get": byId((b) => b.scoreId()),
  "scores.update": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.scoreId(), value: 1 }),
  },
  "scores.delete": byId((b) => b.scoreId()),
  // platform
  "apiKeys.revoke": byId((b) => b.apiKeyId()),
  "apiKeys.rotate": byId((b) => b.apiKeyId()),
  "members.updateRole": {
    expect: "NOT_FOUND",
    input: async (b) => ({ userId: await b.memberUserId(), role: "admin" }),
  },
  "members.remove": {
    expect: "NOT_FOUND",
    input: async (b) => ({ userId: await b.memberUserId() }),
  },
  "members.revokeInvitation": byId((b) => b.invitationId()),
  // webhooks
  "webhooks.endpoints.get": byId((b) => b.webhookEndpointId()),
  "webhooks.endpoints.update": {
    expect: "NOT_FOUND",
    input: async (b) => ({ id: await b.webhookEndpointId(), url: "https://192.0.2.11/x" }),
  },
  "webhooks.endpoints.delete": byId((b) => b.webhookEndpointId()),
  "webhooks.endpoints.rotateSecret": byId((b) => b.webhookEndpointId()),
  "webhooks.deliveries.list": {
    expect: "NO_B_ROWS",
    input: async (b) => ({ endpointId: await b.webhookEndpointId() }),
  },
  "webhooks.deliveries.get": byId((b) => b.webhookDeliveryId()),
  "webhooks.deliveries.replay": byId((b) => b.webhookDeliveryId()),
  // email
  "email.resend": byId((b) => b.deadEmailId()),
  "webhooks.sendTest": {
    expect: "NOT_FOUND",
    input: async (b) => ({ endpointId: await b.webhookEndpointId() }),
  },
};
