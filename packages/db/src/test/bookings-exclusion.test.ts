// No two live bookings overlap on one resource, enforced by PostgreSQL (bookings_no_overlap).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import type { Database } from "../client";
import { pgConstraintName, pgErrorCode, PG_EXCLUSION_VIOLATION } from "../errors";
import { bookings, resources, type BookingStatus } from "../schema";
import { withTenant } from "../tenant-scope";

let database: Database;
let tenantId: string;
let otherTenant: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await createTestTenant(database);
  otherTenant = await createTestTenant(database);
});

afterAll(async () => {
  await database.close();
});

async function newResource(tenant = tenantId): Promise<string> {
  const [r] = await database.db
    .insert(resources)
    .values({ tenantId: tenant, name: "Dr. Test", timeZone: "UTC", slotMinutes: 30 })
    .returning({ id: resources.id });
  if (!r) throw new Error("no resource");
  return r.id;
}

function book(
  resourceId: string,
  start: string,
  end: string,
  status: BookingStatus = "confirmed",
  tenant = tenantId,
) {
  return withTenant(database.db, { tenantId: tenant }, async (tx) => {
    const [row] = await tx
      .insert(bookings)
      .values({
        tenantId: tenant,
        resourceId,
        slotId: `${resourceId}@${start}`,
        startsAt: new Date(start),
        endsAt: new Date(end),
        status,
        holdExpiresAt: status === "pending" ? new Date(Date.now() + 600_000) : null,
        attendeeName: "Pat",
        attendeeEmail: "pat@example.com",
      })
      .returning({ id: bookings.id });
    if (!row) throw new Error("no booking");
    return row.id;
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the insert to be rejected");
    },
    (error: unknown) => error,
  );
}

describe("bookings_no_overlap", () => {
  it("rejects an overlapping live booking with SQLSTATE 23P01 naming the constraint", async () => {
    const resourceId = await newResource();
    await book(resourceId, "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z");
    const error = await rejection(book(resourceId, "2026-12-01T09:15:00Z", "2026-12-01T09:45:00Z"));
    expect(pgErrorCode(error)).toBe(PG_EXCLUSION_VIOLATION);
    expect(pgConstraintName(error)).toBe("bookings_no_overlap");
  });

  it("treats a pending hold as live", async () => {
    const resourceId = await newResource();
    await book(resourceId, "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z", "pending");
    const error = await rejection(book(resourceId, "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z"));
    expect(pgErrorCode(error)).toBe(PG_EXCLUSION_VIOLATION);
  });

  it("accepts back-to-back bookings ([) ranges)", async () => {
    const resourceId = await newResource();
    await book(resourceId, "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z");
    await expect(book(resourceId, "2026-12-01T09:30:00Z", "2026-12-01T10:00:00Z")).resolves.toMatch(
      /-/,
    );
    await expect(book(resourceId, "2026-12-01T08:30:00Z", "2026-12-01T09:00:00Z")).resolves.toMatch(
      /-/,
    );
  });

  it("lets a cancelled or expired slot be booked again", async () => {
    const resourceId = await newResource();
    for (const status of ["cancelled", "expired"] as const) {
      const first = await book(resourceId, "2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z");
      await withTenant(database.db, { tenantId }, (tx) =>
        tx
          .update(bookings)
          .set({ status, cancelledAt: new Date() })
          .where(and(eq(bookings.id, first), eq(bookings.tenantId, tenantId))),
      );
    }
    await expect(book(resourceId, "2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z")).resolves.toMatch(
      /-/,
    );
  });

  it("does not let bookings on different resources or tenants collide", async () => {
    const a = await newResource();
    const b = await newResource();
    const c = await newResource(otherTenant);
    await book(a, "2026-12-03T09:00:00Z", "2026-12-03T09:30:00Z");
    await expect(book(b, "2026-12-03T09:00:00Z", "2026-12-03T09:30:00Z")).resolves.toMatch(/-/);
    await expect(
      book(c, "2026-12-03T09:00:00Z", "2026-12-03T09:30:00Z", "confirmed", otherTenant),
    ).resolves.toMatch(/-/);
  });

  it("lets exactly one of 25 concurrent inserts for the same slot win", async () => {
    const resourceId = await newResource();
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () =>
        book(resourceId, "2026-12-04T09:00:00Z", "2026-12-04T09:30:00Z"),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    // Each loser is refused by the database: an exclusion violation, or now and then (seen in CI on
    // PostgreSQL) a deadlock between two inserts checking each other's pending rows, which the API's
    // transaction retry turns into the same conflict. Never a second winner.
    for (const r of lost)
      expect([PG_EXCLUSION_VIOLATION, "40P01"]).toContain(pgErrorCode(r.reason));
    const live = await withTenant(database.db, { tenantId }, (tx) =>
      tx.select({ id: bookings.id }).from(bookings).where(eq(bookings.resourceId, resourceId)),
    );
    expect(live).toHaveLength(1);
  });

  it("refuses a booking that ends before it starts", async () => {
    const resourceId = await newResource();
    const error = await rejection(book(resourceId, "2026-12-05T10:00:00Z", "2026-12-05T09:00:00Z"));
    // The generated range rejects it (22000) before bookings_time_check (23514) would.
    expect(["22000", "23514"]).toContain(pgErrorCode(error));
  });
});
