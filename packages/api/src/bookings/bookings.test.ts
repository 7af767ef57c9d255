// bookings.create/confirm/cancel/reschedule/get/list through the real router: the lifecycle, illegal
// transitions, holds, idempotency, concurrency (exclusion constraint under load) and tenant isolation.
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSlotId, queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { codeOf, errorOf } from "@frontdesk/testing/errors";

const DAY = 86_400_000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

type Caller = Awaited<ReturnType<typeof callerFor>>;

let database: Database;
let tenant: TestTenant;
let api: Caller;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantWithKey(database);
  api = await callerFor(database, { apiKey: tenant.adminKey });
});

afterAll(async () => {
  await database.close();
});

function at(days: number, hour: number, minute = 0): Date {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) +
      days * DAY +
      (hour * 60 + minute) * 60_000,
  );
}

/** A UTC resource open 08:00-18:00 every day in 30-minute slots, and a slot id maker for it. */
async function room(caller: Caller = api, overrides: { bufferMinutes?: number } = {}) {
  const r = await caller.bookings.resources.create({
    name: "Room",
    timeZone: "UTC",
    slotMinutes: 30,
    availability: EVERY_DAY.map((weekday) => ({ weekday, start: "08:00", end: "18:00" })),
    ...overrides,
  });
  return {
    id: r.id,
    slot: (days: number, hour: number, minute = 0) => encodeSlotId(r.id, at(days, hour, minute)),
  };
}

const attendee = { name: "Ada Lovelace", email: "ada@example.com" };

async function rowsOf(resourceId: string) {
  return queryRows<{ id: string; status: string; slot_id: string }>(
    database.db,
    sql`select id, status, slot_id from bookings where resource_id = ${resourceId} order by created_at`,
  );
}

async function tenantCounts(tenantId: string) {
  const [row] = await queryRows<{ bookings: number; audit: number; used: number }>(
    database.db,
    sql`select (select count(*)::int from bookings where tenant_id = ${tenantId}) as bookings,
               (select count(*)::int from audit_log where tenant_id = ${tenantId}) as audit,
               (select coalesce(sum(used), 0)::int from usage_counters where tenant_id = ${tenantId} and metric = 'bookings') as used`,
  );
  return row;
}

describe("bookings lifecycle", () => {
  it("creates a confirmed booking, counts usage, and reads it back", async () => {
    const r = await room();
    const before = await tenantCounts(tenant.tenantId);
    const b = await api.bookings.create({ slotId: r.slot(3, 10), attendee, notes: "window seat" });
    expect(b).toMatchObject({
      resourceId: r.id,
      slotId: r.slot(3, 10),
      start: at(3, 10),
      end: at(3, 10, 30),
      status: "confirmed",
      attendee,
      notes: "window seat",
      holdExpiresAt: null,
      rescheduledFromId: null,
      rescheduledToId: null,
      cancelReason: null,
    });
    expect(Object.keys(b).sort()).toEqual(
      [
        "attendee",
        "cancelReason",
        "createdAt",
        "end",
        "holdExpiresAt",
        "id",
        "notes",
        "rescheduledFromId",
        "rescheduledToId",
        "resourceId",
        "slotId",
        "start",
        "status",
        "updatedAt",
      ].sort(),
    );
    expect(await api.bookings.get({ id: b.id })).toEqual(b);
    const after = await tenantCounts(tenant.tenantId);
    expect(after?.used).toBe((before?.used ?? 0) + 1);
    expect(after?.bookings).toBe((before?.bookings ?? 0) + 1);
  });

  it("holds a slot as pending, confirms it once, and refuses other transitions with the current status", async () => {
    const r = await room();
    const started = Date.now();
    const b = await api.bookings.create({
      slotId: r.slot(3, 11),
      attendee,
      requireConfirmation: true,
      holdMinutes: 10,
    });
    expect(b.status).toBe("pending");
    const hold = b.holdExpiresAt?.getTime() ?? 0;
    expect(hold).toBeGreaterThan(started + 9 * 60_000);
    expect(hold).toBeLessThan(Date.now() + 11 * 60_000);

    const confirmed = await api.bookings.confirm({ id: b.id });
    expect(confirmed).toMatchObject({ id: b.id, status: "confirmed", holdExpiresAt: null });
    const again = await errorOf(api.bookings.confirm({ id: b.id }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain("confirmed");

    const cancelled = await api.bookings.cancel({ id: b.id, reason: "changed plans" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "changed plans" });
    const twice = await errorOf(api.bookings.cancel({ id: b.id }));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toContain("cancelled");
    const confirmCancelled = await errorOf(api.bookings.confirm({ id: b.id }));
    expect(confirmCancelled.code).toBe("CONFLICT");
    expect(confirmCancelled.message).toContain("cancelled");
    expect(await codeOf(api.bookings.reschedule({ id: b.id, slotId: r.slot(3, 12) }))).toBe(
      "CONFLICT",
    );
  });

  it("uses the tenant's default hold when none is given", async () => {
    const r = await room();
    const b = await api.bookings.create({
      slotId: r.slot(3, 9),
      attendee,
      requireConfirmation: true,
    });
    const minutes = ((b.holdExpiresAt?.getTime() ?? 0) - b.createdAt.getTime()) / 60_000;
    expect(Math.round(minutes)).toBe(15);
  });

  it("frees the slot of an expired hold: the hold can no longer be confirmed and the slot books again", async () => {
    const r = await room();
    const hold = await api.bookings.create({
      slotId: r.slot(4, 10),
      attendee,
      requireConfirmation: true,
      holdMinutes: 5,
    });
    await database.db.execute(
      sql`update bookings set hold_expires_at = now() - interval '1 second' where id = ${hold.id}`,
    );
    const late = await errorOf(api.bookings.confirm({ id: hold.id }));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toContain("expired");
    expect(await codeOf(api.bookings.cancel({ id: hold.id }))).toBe("CONFLICT");

    const next = await api.bookings.create({
      slotId: r.slot(4, 10),
      attendee: { name: "B", email: "b@example.com" },
    });
    expect(next.status).toBe("confirmed");
    expect((await api.bookings.get({ id: hold.id })).status).toBe("expired");
  });

  it("lets a cancelled slot be booked again, while a live one is CONFLICT naming the slot", async () => {
    const r = await room();
    const first = await api.bookings.create({ slotId: r.slot(4, 12), attendee });
    const taken = await errorOf(api.bookings.create({ slotId: r.slot(4, 12), attendee }));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.message).toBe(`Slot ${at(4, 12).toISOString()} is already booked`);
    await api.bookings.cancel({ id: first.id });
    const second = await api.bookings.create({ slotId: r.slot(4, 12), attendee });
    expect(second.id).not.toBe(first.id);
    expect((await rowsOf(r.id)).map((b) => b.status)).toEqual(["cancelled", "confirmed"]);
  });

  it("reschedules: a new booking with the same attendee and notes, the old one cancelled, linked both ways", async () => {
    const r = await room();
    const old = await api.bookings.create({ slotId: r.slot(5, 9), attendee, notes: "bring forms" });
    const moved = await api.bookings.reschedule({ id: old.id, slotId: r.slot(5, 14) });
    expect(moved).toMatchObject({
      status: "confirmed",
      start: at(5, 14),
      attendee,
      notes: "bring forms",
      rescheduledFromId: old.id,
      rescheduledToId: null,
    });
    expect(await api.bookings.get({ id: old.id })).toMatchObject({
      status: "cancelled",
      rescheduledToId: moved.id,
    });
    // The old slot is free again; the booking can move once more, and a pending one stays pending.
    await api.bookings.create({
      slotId: r.slot(5, 9),
      attendee: { name: "C", email: "c@example.com" },
    });
    const hold = await api.bookings.create({
      slotId: r.slot(5, 15),
      attendee,
      requireConfirmation: true,
    });
    const movedHold = await api.bookings.reschedule({ id: hold.id, slotId: r.slot(5, 16) });
    expect(movedHold.status).toBe("pending");
    expect(movedHold.holdExpiresAt).toBeInstanceOf(Date);
  });

  it("a failed reschedule changes nothing", async () => {
    const r = await room();
    const mine = await api.bookings.create({ slotId: r.slot(6, 9), attendee });
    await api.bookings.create({
      slotId: r.slot(6, 10),
      attendee: { name: "D", email: "d@example.com" },
    });
    const before = await rowsOf(r.id);
    const taken = await errorOf(api.bookings.reschedule({ id: mine.id, slotId: r.slot(6, 10) }));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.message).toContain("already booked");
    expect(await codeOf(api.bookings.reschedule({ id: mine.id, slotId: r.slot(6, 9) }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(api.bookings.reschedule({ id: mine.id, slotId: r.slot(6, 9, 15) }))).toBe(
      "BAD_REQUEST",
    );
    expect(await rowsOf(r.id)).toEqual(before);
    expect((await api.bookings.get({ id: mine.id })).status).toBe("confirmed");
  });

  it("refuses slots that are not slots: malformed, misaligned, outside the windows, past, unknown resource", async () => {
    const r = await room();
    const cases: [string, string][] = [
      ["not-a-slot", "slot id"],
      [r.slot(3, 10, 10), "not on the resource's schedule"],
      [r.slot(3, 7, 30), "not on the resource's schedule"],
      [r.slot(3, 18), "not on the resource's schedule"],
      [r.slot(-1, 10), "already started"],
    ];
    for (const [slotId, message] of cases) {
      const error = await errorOf(api.bookings.create({ slotId, attendee }));
      expect(error.code, slotId).toBe("BAD_REQUEST");
      expect(error.message, slotId).toContain(message);
    }
    // A slot of a resource that does not exist (or is another tenant's) is not found.
    const unknown = await errorOf(
      api.bookings.create({
        slotId: encodeSlotId("00000000-0000-4000-8000-000000000000", at(3, 10)),
        attendee,
      }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toContain("does not exist");
    expect(
      await codeOf(
        api.bookings.create({
          slotId: r.slot(3, 10),
          attendee: { name: "A", email: "not-an-email" },
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        api.bookings.create({ slotId: r.slot(3, 10), attendee, notes: "x".repeat(5001) }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        api.bookings.create({
          slotId: r.slot(3, 10),
          attendee,
          holdMinutes: 1441,
          requireConfirmation: true,
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        api.bookings.cancel({
          id: "00000000-0000-4000-8000-000000000000",
          reason: "x".repeat(501),
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await rowsOf(r.id)).toEqual([]);
  });

  it("leaves no rows, usage or audit behind when a create fails", async () => {
    const r = await room();
    await api.bookings.create({ slotId: r.slot(7, 10), attendee });
    const before = await tenantCounts(tenant.tenantId);
    expect(await codeOf(api.bookings.create({ slotId: r.slot(7, 10), attendee }))).toBe("CONFLICT");
    expect(await codeOf(api.bookings.create({ slotId: r.slot(7, 10, 5), attendee }))).toBe(
      "BAD_REQUEST",
    );
    expect(await tenantCounts(tenant.tenantId)).toEqual(before);
  });

  it("applies the role policy: viewers read, members book", async () => {
    const r = await room();
    const viewer = await callerFor(database, {
      userId: await createMember(database, tenant.tenantId, "viewer"),
      tenantId: tenant.tenantId,
    });
    const member = await callerFor(database, {
      userId: await createMember(database, tenant.tenantId, "member"),
      tenantId: tenant.tenantId,
    });
    expect(await codeOf(viewer.bookings.create({ slotId: r.slot(3, 15), attendee }))).toBe(
      "FORBIDDEN",
    );
    const b = await member.bookings.create({ slotId: r.slot(3, 15), attendee });
    expect((await viewer.bookings.get({ id: b.id })).id).toBe(b.id);
    expect(await codeOf(viewer.bookings.cancel({ id: b.id }))).toBe("FORBIDDEN");
    const readKey = await callerFor(database, {
      apiKey: await createKey(database, tenant.tenantId, ["bookings:read"]),
    });
    expect((await readKey.bookings.list({ resourceId: r.id })).items).toHaveLength(1);
    expect(await codeOf(readKey.bookings.confirm({ id: b.id }))).toBe("FORBIDDEN");
  });
});

describe("bookings.list", () => {
  it("filters by status, resource and start range, sorts by start both ways, and pages without gaps", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { apiKey: t.adminKey });
    const r = await room(c);
    const other = await room(c);
    const made = [];
    for (const hour of [9, 10, 11, 12, 13])
      made.push(await c.bookings.create({ slotId: r.slot(3, hour), attendee }));
    await c.bookings.create({ slotId: other.slot(3, 9), attendee });
    const cancelled = made[2];
    if (!cancelled) throw new Error("no booking");
    await c.bookings.cancel({ id: cancelled.id });

    const all = await c.bookings.list({ resourceId: r.id });
    expect(all.items.map((b) => b.start.getUTCHours())).toEqual([13, 12, 11, 10, 9]);
    const asc = await c.bookings.list({ resourceId: r.id, order: "asc", status: "confirmed" });
    expect(asc.items.map((b) => b.start.getUTCHours())).toEqual([9, 10, 12, 13]);
    const ranged = await c.bookings.list({ from: at(3, 10), to: at(3, 12) });
    expect(ranged.items.map((b) => b.start.getUTCHours())).toEqual([11, 10]);
    expect((await c.bookings.list({})).items).toHaveLength(6);

    for (const order of ["asc", "desc"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const p = await c.bookings.list({ limit: 2, order, cursor });
        seen.push(...p.items.map((b) => b.id));
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      const expected = (await c.bookings.list({ order })).items.map((b) => b.id);
      expect(seen).toEqual(expected);
    }
    expect(await codeOf(c.bookings.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        c.bookings.list({
          cursor: Buffer.from(JSON.stringify(["nope", "nope"])).toString("base64url"),
        }),
      ),
    ).toBe("BAD_REQUEST");
  });
});

describe("the effective status", () => {
  // The worker writes `expired` some time after a hold runs out; until then every output must already
  // say so, or the Dashboard (which counts live bookings from the list) and the Bookings page disagree.
  it("a pending booking whose hold ran out is expired in get, list and the status filters before the worker runs", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { apiKey: t.adminKey });
    const r = await room(c);
    const hold = await c.bookings.create({
      slotId: r.slot(5, 10),
      attendee,
      requireConfirmation: true,
      holdMinutes: 5,
    });
    const live = await c.bookings.create({
      slotId: r.slot(5, 11),
      attendee,
      requireConfirmation: true,
      holdMinutes: 5,
    });
    await database.db.execute(
      sql`update bookings set hold_expires_at = now() - interval '1 second' where id = ${hold.id}`,
    );
    const [stored] = await rowsOf(r.id);
    expect(stored).toMatchObject({ id: hold.id, status: "pending" });

    expect((await c.bookings.get({ id: hold.id })).status).toBe("expired");
    const listed = await c.bookings.list({ resourceId: r.id, order: "asc" });
    expect(listed.items.map((b) => [b.id, b.status])).toEqual([
      [hold.id, "expired"],
      [live.id, "pending"],
    ]);
    // What the Dashboard counts as live (pending or confirmed) is what the Bookings page shows as such.
    expect(listed.items.filter((b) => b.status === "pending" || b.status === "confirmed")).toEqual([
      expect.objectContaining({ id: live.id }),
    ]);
    expect(
      (await c.bookings.list({ resourceId: r.id, status: "pending" })).items.map((b) => b.id),
    ).toEqual([live.id]);
    expect(
      (await c.bookings.list({ resourceId: r.id, status: "expired" })).items.map((b) => b.id),
    ).toEqual([hold.id]);
  });
});

describe("bookings under concurrency", () => {
  it("50 concurrent creates of one slot: exactly 1 succeeds, 49 CONFLICT, nothing else", async () => {
    const r = await room();
    const callers = await Promise.all(
      Array.from({ length: 50 }, () => callerFor(database, { apiKey: tenant.adminKey })),
    );
    const results = await Promise.allSettled(
      callers.map((c, i) =>
        c.bookings.create({
          slotId: r.slot(8, 10),
          attendee: { name: `P${i}`, email: `p${i}@example.com` },
        }),
      ),
    );
    const ok = results.filter((x) => x.status === "fulfilled");
    const codes = results.flatMap((x) =>
      x.status === "rejected"
        ? [x.reason instanceof TRPCError ? x.reason.code : String(x.reason)]
        : [],
    );
    expect(ok).toHaveLength(1);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(49);
    expect(codes.filter((c) => c !== "CONFLICT")).toEqual([]);
    expect((await rowsOf(r.id)).filter((b) => b.status === "confirmed")).toHaveLength(1);
  });

  it("two overlapping pending holds cannot both exist; two concurrent confirms confirm once", async () => {
    const r = await room();
    const [c1, c2] = await Promise.all([
      callerFor(database, { apiKey: tenant.adminKey }),
      callerFor(database, { apiKey: tenant.adminKey }),
    ]);
    const holds = await Promise.allSettled([
      c1.bookings.create({ slotId: r.slot(8, 11), attendee, requireConfirmation: true }),
      c2.bookings.create({ slotId: r.slot(8, 11), attendee, requireConfirmation: true }),
    ]);
    const held = holds.flatMap((h) => (h.status === "fulfilled" ? [h.value] : []));
    expect(held).toHaveLength(1);
    expect(
      holds.flatMap((h) => (h.status === "rejected" ? [(h.reason as TRPCError).code] : [])),
    ).toEqual(["CONFLICT"]);
    const id = held[0]?.id ?? "";

    const confirms = await Promise.allSettled([
      c1.bookings.confirm({ id }),
      c2.bookings.confirm({ id }),
    ]);
    const confirmed = confirms.flatMap((x) => (x.status === "fulfilled" ? [x.value] : []));
    const failed = confirms.flatMap((x) =>
      x.status === "rejected" ? [(x.reason as TRPCError).code] : [],
    );
    expect(confirmed.length).toBeGreaterThanOrEqual(1);
    expect(confirmed.every((b) => b.status === "confirmed" && b.id === id)).toBe(true);
    expect(failed.every((code) => code === "CONFLICT")).toBe(true);
    expect(confirmed.length + failed.length).toBe(2);
    expect((await rowsOf(r.id)).map((b) => b.status)).toEqual(["confirmed"]);
  });

  it("respects the buffer between concurrent creates of neighbouring slots", async () => {
    const r = await room(api, { bufferMinutes: 30 });
    const slots = [r.slot(8, 13), r.slot(8, 13, 30), r.slot(8, 14)];
    const results = await Promise.allSettled(
      slots.map(async (slotId) =>
        (await callerFor(database, { apiKey: tenant.adminKey })).bookings.create({
          slotId,
          attendee,
        }),
      ),
    );
    const live = (await rowsOf(r.id)).filter((b) => b.status === "confirmed").map((b) => b.slot_id);
    // Any two of these three slots are closer than 30 minutes (end to start) except 13:00 and 14:00.
    expect(live.length).toBeGreaterThanOrEqual(1);
    if (live.length === 2) expect(live.sort()).toEqual([r.slot(8, 13), r.slot(8, 14)].sort());
    expect(live.length).toBeLessThanOrEqual(2);
    expect(
      results
        .filter((x) => x.status === "rejected")
        .every((x) => (x.reason as TRPCError).code === "CONFLICT"),
    ).toBe(true);
  });
});

describe("bookings idempotency", () => {
  it("the same key with the same input returns the first booking and makes one row", async () => {
    const r = await room();
    const input = { slotId: r.slot(9, 10), attendee, idempotencyKey: `key-${r.id}` };
    const first = await api.bookings.create(input);
    const again = await api.bookings.create(input);
    expect(again).toEqual(first);
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, async () =>
        (await callerFor(database, { apiKey: tenant.adminKey })).bookings.create(input),
      ),
    );
    expect(new Set(concurrent.map((b) => b.id))).toEqual(new Set([first.id]));
    expect(await rowsOf(r.id)).toHaveLength(1);
  });

  it("concurrent first uses of one key make one booking", async () => {
    const r = await room();
    const input = { slotId: r.slot(9, 11), attendee, idempotencyKey: `race-${r.id}` };
    const results = await Promise.all(
      Array.from({ length: 5 }, async () =>
        (await callerFor(database, { apiKey: tenant.adminKey })).bookings.create(input),
      ),
    );
    expect(new Set(results.map((b) => b.id)).size).toBe(1);
    expect(await rowsOf(r.id)).toHaveLength(1);
  });

  it("the same key with different input is CONFLICT and creates nothing", async () => {
    const r = await room();
    const key = `diff-${r.id}`;
    await api.bookings.create({ slotId: r.slot(9, 12), attendee, idempotencyKey: key });
    const otherSlot = await errorOf(
      api.bookings.create({ slotId: r.slot(9, 13), attendee, idempotencyKey: key }),
    );
    expect(otherSlot.code).toBe("CONFLICT");
    expect(otherSlot.message).toContain("idempotency key");
    expect(
      await codeOf(
        api.bookings.create({
          slotId: r.slot(9, 12),
          attendee,
          notes: "extra",
          idempotencyKey: key,
        }),
      ),
    ).toBe("CONFLICT");
    expect(await rowsOf(r.id)).toHaveLength(1);
  });
});

describe("bookings across tenants", () => {
  it("another tenant's booking is NOT_FOUND for get, confirm, cancel and reschedule, and stays unchanged", async () => {
    const other = await createTenantWithKey(database);
    const them = await callerFor(database, { apiKey: other.adminKey });
    const theirRoom = await room(them);
    const theirs = await them.bookings.create({
      slotId: theirRoom.slot(3, 10),
      attendee,
      requireConfirmation: true,
    });
    const [before] = await queryRows<Record<string, unknown>>(
      database.db,
      sql`select * from bookings where id = ${theirs.id}`,
    );

    const mine = await room();
    for (const call of [
      () => api.bookings.get({ id: theirs.id }),
      () => api.bookings.confirm({ id: theirs.id }),
      () => api.bookings.cancel({ id: theirs.id }),
      () => api.bookings.reschedule({ id: theirs.id, slotId: mine.slot(3, 11) }),
      () => api.bookings.reschedule({ id: theirs.id, slotId: theirRoom.slot(3, 11) }),
    ]) {
      expect(await codeOf(call())).toBe("NOT_FOUND");
    }
    // Their resource is invisible too: booking its slot is NOT_FOUND, as for a resource that never existed.
    expect(await codeOf(api.bookings.create({ slotId: theirRoom.slot(3, 12), attendee }))).toBe(
      "NOT_FOUND",
    );
    expect((await api.bookings.list({ resourceId: theirRoom.id })).items).toEqual([]);

    const [after] = await queryRows<Record<string, unknown>>(
      database.db,
      sql`select * from bookings where id = ${theirs.id}`,
    );
    expect(after).toEqual(before);
    expect((await rowsOf(mine.id)).length).toBe(0);
  });
});
