import { randomUUID } from "node:crypto";
import {
  bookings,
  encodeSlotId,
  provisionTenant,
  resources,
  type BookingStatus,
  type Database,
} from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testLogger, runQueuedJob } from "@frontdesk/testing/worker";
import { startWorker } from "../../worker";
import * as expireHolds from "./expire-holds";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

const MINUTE = 60_000;

/**
 * A tenant with one resource and one booking per entry (consecutive 30-minute slots), written as the
 * owner. `holdMinutes` is relative to now: negative means the hold has already run out.
 */
async function seed(
  entries: { status: BookingStatus; holdMinutes: number | null }[],
): Promise<string[]> {
  const suffix = randomUUID().slice(0, 8);
  const { tenantId } = await provisionTenant(database.db, {
    name: `Holds ${suffix}`,
    slug: `holds-${suffix}`,
    timeZone: "UTC",
    plan: "pro",
    ownerEmail: `holds-${suffix}@example.com`,
  });
  const [resource] = await database.db
    .insert(resources)
    .values({ tenantId, name: "Room", timeZone: "UTC", slotMinutes: 30 })
    .returning({ id: resources.id });
  if (!resource) throw new Error("no resource");
  const base = Date.UTC(2030, 0, 7, 9);
  const rows = await database.db
    .insert(bookings)
    .values(
      entries.map((e, i) => {
        const startsAt = new Date(base + i * 30 * MINUTE);
        return {
          tenantId,
          resourceId: resource.id,
          slotId: encodeSlotId(resource.id, startsAt),
          startsAt,
          endsAt: new Date(startsAt.getTime() + 30 * MINUTE),
          status: e.status,
          attendeeName: "A",
          attendeeEmail: "a@example.com",
          holdExpiresAt:
            e.holdMinutes === null
              ? null
              : sql`now() + make_interval(mins => ${e.holdMinutes}::int)`,
        };
      }),
    )
    .returning({ id: bookings.id });
  return rows.map((r) => r.id);
}

async function statuses(
  ids: string[],
): Promise<Record<string, { status: string; updatedAt: string }>> {
  const rows = await database.db
    .select({
      id: bookings.id,
      status: bookings.status,
      updatedAt: sql<string>`${bookings.updatedAt}::text`,
    })
    .from(bookings)
    .where(inArray(bookings.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, { status: r.status, updatedAt: r.updatedAt }]));
}

describe("bookings.expire-holds", () => {
  it("expires pending bookings whose hold has passed, in every tenant, and nothing else; a second run changes nothing", async () => {
    const [stale, fresh, confirmed] = await seed([
      { status: "pending", holdMinutes: -5 },
      { status: "pending", holdMinutes: 30 },
      { status: "confirmed", holdMinutes: null },
    ]);
    const [otherTenantStale] = await seed([{ status: "pending", holdMinutes: -1 }]);
    const ids = [stale, fresh, confirmed, otherTenantStale].filter(
      (id): id is string => id !== undefined,
    );
    expect(ids).toHaveLength(4);

    // Other test files may leave expired holds in a shared database: count at least ours.
    expect(await expireHolds.expireBookingHolds(database.db)).toBeGreaterThanOrEqual(2);
    const after = await statuses(ids);
    expect(Object.fromEntries(ids.map((id) => [id, after[id]?.status]))).toEqual({
      [stale ?? ""]: "expired",
      [fresh ?? ""]: "pending",
      [confirmed ?? ""]: "confirmed",
      [otherTenantStale ?? ""]: "expired",
    });

    await expireHolds.expireBookingHolds(database.db);
    expect(await statuses(ids)).toEqual(after);
  });

  it("works through more stale holds than one statement takes", async () => {
    const many = await seed(
      Array.from({ length: 25 }, () => ({ status: "pending" as const, holdMinutes: -1 })),
    );
    expect(await expireHolds.expireBookingHolds(database.db, 10)).toBeGreaterThanOrEqual(25);
    const after = await statuses(many);
    expect(Object.values(after).filter((r) => r.status === "expired")).toHaveLength(25);
  });

  it("expires a stale hold when the job runs through the queue", async () => {
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "test-expire-holds",
      // No cron in the test: the only run is the job sent below.
      jobs: [{ queue: expireHolds.queue, handler: expireHolds.handler }],
    });
    try {
      const [stale] = await seed([{ status: "pending", holdMinutes: -2 }]);
      if (!stale) throw new Error("no booking");
      const state = await runQueuedJob(worker.boss, expireHolds.queue);
      expect(state).toBe("completed");
      expect((await statuses([stale]))[stale]?.status).toBe("expired");
    } finally {
      await worker.stop();
    }
  });
});
