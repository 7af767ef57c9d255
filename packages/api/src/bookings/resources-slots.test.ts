// bookings.resources.* and bookings.slots through the real router: CRUD, validation, the slot rules
// (availability, buffer, minimum notice, existing bookings, archived) and DST days in two zones.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSlotId, encodeSlotId, wallTime, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { codeOf, errorOf } from "@frontdesk/testing/errors";
import type { CreateResourceInput } from "./schemas";
import { generateSlots } from "./schedule";

const DAY = 86_400_000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

let database: Database;
let tenant: TestTenant;
let admin: Awaited<ReturnType<typeof callerFor>>;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantWithKey(database, { timeZone: "Europe/Berlin" });
  admin = await callerFor(database, { apiKey: tenant.adminKey });
});

afterAll(async () => {
  await database.close();
});

/** Midnight UTC `days` from today. */
function dayUtc(days: number): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY;
}

function at(days: number, hour: number, minute = 0): Date {
  return new Date(dayUtc(days) + (hour * 60 + minute) * 60_000);
}

function resource(overrides: Partial<CreateResourceInput> = {}) {
  return admin.bookings.resources.create({
    name: "Room",
    timeZone: "UTC",
    slotMinutes: 30,
    availability: EVERY_DAY.map((weekday) => ({ weekday, start: "09:00", end: "12:00" })),
    ...overrides,
  });
}

const iso = (d: Date) => d.toISOString();

describe("bookings.resources", () => {
  it("passes the name through the PHI gate: a person's name is masked under the default policy", async () => {
    // The detector cannot tell a practitioner from a patient; a tenant that names resources after
    // its staff can allow NAME in its policy.
    const created = await admin.bookings.resources.create({
      name: "Dr. Ada Byron",
      slotMinutes: 30,
      availability: [],
    });
    expect(created.name).toContain("[NAME]");
    expect(created.name).not.toContain("Byron");
  });

  it("creates a resource with the tenant's zone and zero buffer/notice by default, and reads it back", async () => {
    const created = await admin.bookings.resources.create({
      name: "  Exam room 2  ",
      slotMinutes: 20,
      availability: [
        { weekday: 3, start: "13:00", end: "17:00" },
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 1, start: "12:00", end: "24:00" },
      ],
    });
    expect(created).toMatchObject({
      name: "Exam room 2",
      timeZone: "Europe/Berlin",
      slotMinutes: 20,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      archivedAt: null,
      availability: [
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 1, start: "12:00", end: "24:00" },
        { weekday: 3, start: "13:00", end: "17:00" },
      ],
    });
    expect(await admin.bookings.resources.get({ id: created.id })).toEqual(created);
  });

  it("canonicalises the time zone name", async () => {
    const r = await resource({ timeZone: "america/new_york" });
    expect(r.timeZone).toBe("America/New_York");
  });

  it("updates fields and replaces the availability as a whole", async () => {
    const r = await resource({ bufferMinutes: 5 });
    const updated = await admin.bookings.resources.update({
      id: r.id,
      name: "Room 2",
      slotMinutes: 45,
      minNoticeMinutes: 60,
      availability: [{ weekday: 2, start: "08:00", end: "10:00" }],
    });
    expect(updated).toMatchObject({
      name: "Room 2",
      slotMinutes: 45,
      bufferMinutes: 5,
      minNoticeMinutes: 60,
      availability: [{ weekday: 2, start: "08:00", end: "10:00" }],
    });
    // Fields left out stay as they were.
    const again = await admin.bookings.resources.update({ id: r.id, bufferMinutes: 0 });
    expect(again).toMatchObject({
      name: "Room 2",
      bufferMinutes: 0,
      availability: [{ weekday: 2, start: "08:00", end: "10:00" }],
    });
    expect(
      (await admin.bookings.resources.update({ id: r.id, availability: [] })).availability,
    ).toEqual([]);
  });

  it("hides archived resources from the list unless asked, and pages newest first", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { apiKey: t.adminKey });
    const make = (name: string) =>
      c.bookings.resources.create({ name, timeZone: "UTC", slotMinutes: 30, availability: [] });
    const a = await make("a");
    const b = await make("b");
    const d = await make("d");
    await c.bookings.resources.archive({ id: b.id });
    const archivedAgain = await c.bookings.resources.archive({ id: b.id });
    expect(archivedAgain.archivedAt).toBeInstanceOf(Date);

    const visible = await c.bookings.resources.list({});
    expect(visible.items.map((r) => r.id)).toEqual([d.id, a.id]);
    expect(visible.nextCursor).toBeNull();

    const first = await c.bookings.resources.list({ includeArchived: true, limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual([d.id, b.id]);
    if (!first.nextCursor) throw new Error("expected a next page");
    const second = await c.bookings.resources.list({
      includeArchived: true,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.items.map((r) => r.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();
  });

  it("rejects invalid input with BAD_REQUEST", async () => {
    const ok = { name: "x", timeZone: "UTC", slotMinutes: 30, availability: [] };
    const bad: Partial<CreateResourceInput>[] = [
      { name: "" },
      { name: "x".repeat(201) },
      { timeZone: "Mars/Olympus" },
      { slotMinutes: 4 },
      { slotMinutes: 481 },
      { slotMinutes: 30.5 },
      { bufferMinutes: 241 },
      { bufferMinutes: -1 },
      { minNoticeMinutes: 525_601 },
      { availability: [{ weekday: 7, start: "09:00", end: "10:00" }] },
      { availability: [{ weekday: 1, start: "9:00", end: "10:00" }] },
      { availability: [{ weekday: 1, start: "10:00", end: "10:00" }] },
      { availability: [{ weekday: 1, start: "11:00", end: "10:00" }] },
      { availability: [{ weekday: 1, start: "23:00", end: "24:30" }] },
      {
        availability: [
          { weekday: 1, start: "09:00", end: "11:00" },
          { weekday: 1, start: "10:30", end: "12:00" },
        ],
      },
      {
        availability: Array.from({ length: 51 }, (_, i) => ({
          weekday: i % 7,
          start: `${String(i % 24).padStart(2, "0")}:00`,
          end: "24:00",
        })),
      },
    ];
    for (const overrides of bad) {
      expect(
        await codeOf(admin.bookings.resources.create({ ...ok, ...overrides })),
        JSON.stringify(overrides).slice(0, 120),
      ).toBe("BAD_REQUEST");
    }
    const overlap = await errorOf(
      admin.bookings.resources.create({
        ...ok,
        availability: [
          { weekday: 1, start: "09:00", end: "11:00" },
          { weekday: 1, start: "10:30", end: "12:00" },
        ],
      }),
    );
    expect(overlap.message).toContain("overlap");
    expect(
      await codeOf(
        admin.bookings.resources.update({ id: "00000000-0000-4000-8000-000000000000", name: "x" }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("lets admins manage resources and everyone with read access list them", async () => {
    const member = await createMember(database, tenant.tenantId, "member");
    const viewer = await createMember(database, tenant.tenantId, "viewer");
    const adminUser = await createMember(database, tenant.tenantId, "admin");
    const input = { name: "x", timeZone: "UTC", slotMinutes: 30, availability: [] };
    const asMember = await callerFor(database, { userId: member, tenantId: tenant.tenantId });
    expect(await codeOf(asMember.bookings.resources.create(input))).toBe("FORBIDDEN");
    const asAdmin = await callerFor(database, { userId: adminUser, tenantId: tenant.tenantId });
    const r = await asAdmin.bookings.resources.create(input);
    const asViewer = await callerFor(database, { userId: viewer, tenantId: tenant.tenantId });
    expect(
      (await asViewer.bookings.resources.list({ limit: 200 })).items.map((x) => x.id),
    ).toContain(r.id);
    expect(await codeOf(asViewer.bookings.resources.archive({ id: r.id }))).toBe("FORBIDDEN");
    const readKey = await createKey(database, tenant.tenantId, ["bookings:read"]);
    expect(
      await codeOf(
        (await callerFor(database, { apiKey: readKey })).bookings.resources.update({
          id: r.id,
          name: "y",
        }),
      ),
    ).toBe("FORBIDDEN");
    const writeKey = await createKey(database, tenant.tenantId, ["bookings:write"]);
    expect(
      (
        await (
          await callerFor(database, { apiKey: writeKey })
        ).bookings.resources.update({ id: r.id, name: "y" })
      ).name,
    ).toBe("y");
  });

  it("cannot see or change another tenant's resource", async () => {
    const other = await createTenantWithKey(database);
    const theirs = await (
      await callerFor(database, { apiKey: other.adminKey })
    ).bookings.resources.create({
      name: "theirs",
      timeZone: "UTC",
      slotMinutes: 30,
      availability: [],
    });
    expect(await codeOf(admin.bookings.resources.get({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(admin.bookings.resources.update({ id: theirs.id, name: "mine" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(admin.bookings.resources.archive({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(admin.bookings.slots({ resourceId: theirs.id, from: at(1, 0), to: at(2, 0) })),
    ).toBe("NOT_FOUND");
  });
});

describe("bookings.slots", () => {
  it("splits each availability window into slots on the right weekdays only", async () => {
    const r = await resource({
      availability: [{ weekday: 1, start: "09:00", end: "11:00" }],
      slotMinutes: 40,
    });
    const from = at(1, 0);
    const to = at(15, 0);
    const slots = await admin.bookings.slots({ resourceId: r.id, from, to });
    // Two Mondays in any 14 days; 09:00-11:00 holds three 40-minute slots (the fourth would end at 11:40).
    expect(slots).toHaveLength(6);
    for (const s of slots) {
      expect(s.start.getUTCDay()).toBe(1);
      expect([`09:00`, `09:40`, `10:20`]).toContain(iso(s.start).slice(11, 16));
      expect(s.end.getTime() - s.start.getTime()).toBe(40 * 60_000);
      expect(s.available).toBe(true);
      expect(decodeSlotId(s.slotId)).toEqual({ resourceId: r.id, startsAt: s.start });
    }
  });

  it("accepts ISO strings and rejects empty, inverted and over-long ranges", async () => {
    const r = await resource();
    const slots = await admin.bookings.slots({
      resourceId: r.id,
      from: iso(at(1, 0)),
      to: iso(at(2, 0)),
    });
    expect(slots).toHaveLength(6);
    expect(
      await codeOf(admin.bookings.slots({ resourceId: r.id, from: at(2, 0), to: at(2, 0) })),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(admin.bookings.slots({ resourceId: r.id, from: at(3, 0), to: at(2, 0) })),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(admin.bookings.slots({ resourceId: r.id, from: at(0, 0), to: at(63, 0) })),
    ).toBe("BAD_REQUEST");
    expect(
      await admin.bookings.slots({ resourceId: r.id, from: at(0, 0), to: at(62, 0) }),
    ).toHaveLength(62 * 6);
    expect(
      await codeOf(admin.bookings.slots({ resourceId: r.id, from: "yesterday", to: at(2, 0) })),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        admin.bookings.slots({
          resourceId: "00000000-0000-4000-8000-000000000000",
          from: at(1, 0),
          to: at(2, 0),
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("marks booked slots and the buffer on both sides of a booking unavailable", async () => {
    const r = await resource({ bufferMinutes: 15 });
    await admin.bookings.create({
      slotId: encodeSlotId(r.id, at(2, 10)),
      attendee: { name: "A", email: "a@example.com" },
    });
    const slots = await admin.bookings.slots({ resourceId: r.id, from: at(2, 0), to: at(3, 0) });
    expect(slots.map((s) => [iso(s.start).slice(11, 16), s.available])).toEqual([
      ["09:00", true], // ends 09:30: 30 minutes before the booking
      ["09:30", false], // ends 10:00: no gap
      ["10:00", false], // the booking
      ["10:30", false], // starts when the booking ends
      ["11:00", true],
      ["11:30", true],
    ]);
    const near = await errorOf(
      admin.bookings.create({
        slotId: encodeSlotId(r.id, at(2, 10, 30)),
        attendee: { name: "B", email: "b@example.com" },
      }),
    );
    expect(near.code).toBe("CONFLICT");
    expect(near.message).toContain("15-minute buffer");
    await admin.bookings.create({
      slotId: encodeSlotId(r.id, at(2, 11)),
      attendee: { name: "C", email: "c@example.com" },
    });
  });

  it("a longest (480-minute) booking that starts before the asked range still takes the slots it overlaps", async () => {
    // The bookings read is bounded to starts within 480 minutes before the range (the longest slot).
    const r = await resource({
      slotMinutes: 480,
      availability: EVERY_DAY.map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
    });
    await admin.bookings.create({
      slotId: encodeSlotId(r.id, at(2, 8)),
      attendee: { name: "Long", email: "long@example.com" },
    });
    const slots = await admin.bookings.slots({ resourceId: r.id, from: at(2, 8), to: at(3, 0) });
    expect(slots.map((s) => [iso(s.start).slice(11, 16), s.available])).toEqual([
      ["08:00", false],
      ["16:00", true],
    ]);
    // Asked from just before the booking ends: the booking began 479 minutes before `from`.
    const late = await admin.bookings.slots({
      resourceId: r.id,
      from: at(2, 15, 59),
      to: at(3, 0),
    });
    expect(late.map((s) => [iso(s.start).slice(11, 16), s.available])).toEqual([["16:00", true]]);
    const taken = await errorOf(
      admin.bookings.create({
        slotId: encodeSlotId(r.id, at(2, 8)),
        attendee: { name: "Again", email: "again@example.com" },
      }),
    );
    expect(taken.code).toBe("CONFLICT");
  });

  it("marks slots inside the minimum notice (and in the past) unavailable", async () => {
    const r = await resource({ minNoticeMinutes: 3 * 24 * 60 });
    const slots = await admin.bookings.slots({ resourceId: r.id, from: at(-1, 0), to: at(6, 0) });
    const cutoff = Date.now() + 3 * DAY;
    expect(slots.length).toBe(7 * 6);
    for (const s of slots) {
      // Slots within a minute of the cut-off could go either way while the test runs.
      if (Math.abs(s.start.getTime() - cutoff) < 60_000) continue;
      expect(s.available, iso(s.start)).toBe(s.start.getTime() >= cutoff);
    }
    const tooSoon = await errorOf(
      admin.bookings.create({
        slotId: encodeSlotId(r.id, at(1, 10)),
        attendee: { name: "A", email: "a@example.com" },
      }),
    );
    expect(tooSoon.code).toBe("BAD_REQUEST");
    expect(tooSoon.message).toContain("minimum notice");
  });

  it("ignores cancelled bookings and pending holds that have expired", async () => {
    const r = await resource();
    const slotId = encodeSlotId(r.id, at(2, 9));
    const hold = await admin.bookings.create({
      slotId,
      attendee: { name: "A", email: "a@example.com" },
      requireConfirmation: true,
    });
    const available = async () =>
      (await admin.bookings.slots({ resourceId: r.id, from: at(2, 9), to: at(2, 10) })).find(
        (s) => s.slotId === slotId,
      )?.available;
    expect(await available()).toBe(false);
    await database.db.execute(
      sql`update bookings set hold_expires_at = now() - interval '1 minute' where id = ${hold.id}`,
    );
    expect(await available()).toBe(true);
    const confirmed = await admin.bookings.create({
      slotId,
      attendee: { name: "B", email: "b@example.com" },
    });
    expect(await available()).toBe(false);
    await admin.bookings.cancel({ id: confirmed.id });
    expect(await available()).toBe(true);
  });

  it("offers nothing for an archived resource, and refuses to book it", async () => {
    const r = await resource();
    await admin.bookings.resources.archive({ id: r.id });
    expect(await admin.bookings.slots({ resourceId: r.id, from: at(1, 0), to: at(8, 0) })).toEqual(
      [],
    );
    const error = await errorOf(
      admin.bookings.create({
        slotId: encodeSlotId(r.id, at(2, 9)),
        attendee: { name: "A", email: "a@example.com" },
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("archived");
  });
});

describe("bookings.slots across daylight-saving changes", () => {
  const windows = EVERY_DAY.flatMap((weekday) => [
    { weekday, start: "00:00", end: "04:00" },
    { weekday, start: "09:00", end: "12:00" },
  ]);

  function checkNoOverlap(slots: { start: Date; end: Date }[]) {
    const starts = slots.map((s) => s.start.getTime());
    expect(new Set(starts).size).toBe(starts.length);
    for (let i = 1; i < slots.length; i++) {
      expect(slots[i]?.start.getTime()).toBeGreaterThanOrEqual(
        slots[i - 1]?.end.getTime() ?? Infinity,
      );
    }
  }

  /** The slots of the local calendar day `date` in `timeZone`, as UTC `HH:MM` strings. */
  async function slotsOfDay(resourceId: string, from: string, to: string) {
    const slots = await admin.bookings.slots({ resourceId, from, to });
    checkNoOverlap(slots);
    return slots;
  }

  it("America/New_York, 2026-03-08 (23 hours): no slot in the skipped hour, exact UTC instants", async () => {
    const r = await resource({ timeZone: "America/New_York", availability: windows });
    // Local midnight is 05:00Z (EST); the next midnight 04:00Z (EDT).
    const slots = await slotsOfDay(r.id, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z");
    expect(slots.map((s) => iso(s.start))).toEqual([
      // 00:00-04:00 local is 3 real hours: 00:00, 00:30, 01:00, 01:30 EST, then 03:00, 03:30 EDT.
      "2026-03-08T05:00:00.000Z",
      "2026-03-08T05:30:00.000Z",
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T06:30:00.000Z",
      "2026-03-08T07:00:00.000Z",
      "2026-03-08T07:30:00.000Z",
      // 09:00-12:00 EDT.
      "2026-03-08T13:00:00.000Z",
      "2026-03-08T13:30:00.000Z",
      "2026-03-08T14:00:00.000Z",
      "2026-03-08T14:30:00.000Z",
      "2026-03-08T15:00:00.000Z",
      "2026-03-08T15:30:00.000Z",
    ]);
    const localStarts = slots.map((s) => wallTime(s.start, "America/New_York"));
    expect(localStarts.filter((w) => w.hour === 2)).toEqual([]);
    expect(
      localStarts.map((w) => `${w.hour}:${String(w.minute).padStart(2, "0")}`).slice(0, 6),
    ).toEqual(["0:00", "0:30", "1:00", "1:30", "3:00", "3:30"]);
  });

  it("America/New_York, 2026-11-01 (25 hours): the repeated hour is offered once, no duplicates", async () => {
    const r = await resource({ timeZone: "America/New_York", availability: windows });
    // Local midnight is 04:00Z (EDT); the next midnight 05:00Z (EST).
    const slots = await slotsOfDay(r.id, "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z");
    expect(slots.map((s) => iso(s.start))).toEqual([
      // 00:00 EDT to 04:00 EST is 5 real hours: 01:00-02:00 happens twice and each instant is one slot.
      "2026-11-01T04:00:00.000Z",
      "2026-11-01T04:30:00.000Z",
      "2026-11-01T05:00:00.000Z",
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T06:00:00.000Z",
      "2026-11-01T06:30:00.000Z",
      "2026-11-01T07:00:00.000Z",
      "2026-11-01T07:30:00.000Z",
      "2026-11-01T08:00:00.000Z",
      "2026-11-01T08:30:00.000Z",
      // 09:00-12:00 EST.
      "2026-11-01T14:00:00.000Z",
      "2026-11-01T14:30:00.000Z",
      "2026-11-01T15:00:00.000Z",
      "2026-11-01T15:30:00.000Z",
      "2026-11-01T16:00:00.000Z",
      "2026-11-01T16:30:00.000Z",
    ]);
  });

  it("America/New_York with 45-minute slots over both changes never overlaps", async () => {
    const r = await resource({
      timeZone: "America/New_York",
      availability: windows,
      slotMinutes: 45,
    });
    const spring = await slotsOfDay(r.id, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z");
    expect(spring.slice(0, 4).map((s) => iso(s.start).slice(11, 16))).toEqual([
      "05:00",
      "05:45",
      "06:30",
      "07:15",
    ]);
    expect(spring.slice(4).map((s) => iso(s.start).slice(11, 16))).toEqual([
      "13:00",
      "13:45",
      "14:30",
      "15:15",
    ]);
    const autumn = await slotsOfDay(r.id, "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z");
    expect(
      autumn.filter((s) => s.start.getTime() < Date.parse("2026-11-01T09:00:00Z")),
    ).toHaveLength(6);
  });

  it("Europe/Berlin, 2026-03-29 (23 hours) and 2026-10-25 (25 hours)", async () => {
    const r = await resource({ timeZone: "Europe/Berlin", availability: windows });
    const spring = await slotsOfDay(r.id, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
    expect(spring.map((s) => iso(s.start).slice(11, 16))).toEqual([
      // 00:00 CET = 23:00Z the day before; 02:00-03:00 does not exist; 04:00 CEST = 02:00Z.
      "23:00",
      "23:30",
      "00:00",
      "00:30",
      "01:00",
      "01:30",
      // 09:00-12:00 CEST.
      "07:00",
      "07:30",
      "08:00",
      "08:30",
      "09:00",
      "09:30",
    ]);
    expect(iso(spring[0]?.start ?? new Date(0))).toBe("2026-03-28T23:00:00.000Z");
    expect(
      spring.map((s) => wallTime(s.start, "Europe/Berlin").hour).filter((h) => h === 2),
    ).toEqual([]);

    const autumn = await slotsOfDay(r.id, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
    expect(autumn.map((s) => iso(s.start).slice(11, 16))).toEqual([
      // 00:00 CEST = 22:00Z the day before, to 04:00 CET = 03:00Z: 5 real hours.
      "22:00",
      "22:30",
      "23:00",
      "23:30",
      "00:00",
      "00:30",
      "01:00",
      "01:30",
      "02:00",
      "02:30",
      // 09:00-12:00 CET.
      "08:00",
      "08:30",
      "09:00",
      "09:30",
      "10:00",
      "10:30",
    ]);
  });

  it("books a slot after the spring gap and refuses instants that are not slots", async () => {
    // 2027-03-14 is the next spring-forward day in New York: 02:00-03:00 local does not exist.
    const r = await resource({ timeZone: "America/New_York", availability: windows });
    const slots = await slotsOfDay(r.id, "2027-03-14T05:00:00Z", "2027-03-15T04:00:00Z");
    const afterGap = slots.find((s) => iso(s.start) === "2027-03-14T07:00:00.000Z");
    expect(afterGap?.available).toBe(true);
    const booked = await admin.bookings.create({
      slotId: afterGap?.slotId ?? "",
      attendee: { name: "A", email: "a@example.com" },
    });
    expect(iso(booked.start)).toBe("2027-03-14T07:00:00.000Z");
    expect(iso(booked.end)).toBe("2027-03-14T07:30:00.000Z");
    for (const notASlot of [
      "2027-03-14T07:15:00.000Z",
      "2027-03-14T08:00:00.000Z",
      "2027-03-14T12:30:00.000Z",
    ]) {
      const error = await errorOf(
        admin.bookings.create({
          slotId: encodeSlotId(r.id, new Date(notASlot)),
          attendee: { name: "A", email: "a@example.com" },
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain("not on the resource's schedule");
    }
  });

  it("generates the same slots whatever range they are asked in (every day of 2026, four zones)", () => {
    for (const timeZone of [
      "America/New_York",
      "Europe/Berlin",
      "Australia/Lord_Howe",
      "America/Santiago",
    ]) {
      const schedule = { timeZone, slotMinutes: 30, availability: windows };
      const year = generateSlots(
        schedule,
        new Date("2026-01-01T00:00:00Z"),
        new Date("2027-01-01T00:00:00Z"),
      );
      checkNoOverlap(year);
      // Asking day by day gives the same slots as asking for the whole year.
      const byDay: number[] = [];
      for (
        let t = Date.parse("2026-01-01T00:00:00Z");
        t < Date.parse("2027-01-01T00:00:00Z");
        t += DAY
      ) {
        byDay.push(
          ...generateSlots(schedule, new Date(t), new Date(t + DAY)).map((s) => s.start.getTime()),
        );
      }
      expect(byDay).toEqual(year.map((s) => s.start.getTime()));
      // Every slot starts at a wall time inside a window of its local day.
      for (const s of year) {
        const w = wallTime(s.start, timeZone);
        const minutes = w.hour * 60 + w.minute;
        expect(
          minutes < 4 * 60 || (minutes >= 9 * 60 && minutes < 12 * 60),
          `${timeZone} ${iso(s.start)}`,
        ).toBe(true);
      }
    }
  });
});
