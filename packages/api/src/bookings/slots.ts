// Slots: which slots a resource offers and which are free, and the checks a write makes before it takes
// one (on the schedule, outside the minimum notice, not taken, not inside another booking's buffer).
import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  availabilityRules,
  bookings,
  decodeSlotId,
  encodeSlotId,
  queryRows,
  resources,
  type Db,
} from "@frontdesk/db";
import { isLive } from "./status";
import { exactInstant } from "../pagination";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import type { AvailabilityWindow, Slot, slotsInput } from "./schemas";
import { generateSlots, isScheduledSlot, type Schedule } from "./schedule";
import {
  MINUTE_MS,
  MAX_BOOKING_MS,
  mayOverlap,
  resourceColumns,
  type ResourceRow,
  hhmm,
  slotText,
} from "./rows";
import { availabilityOf } from "./resources";

export function scheduleOf(
  resource: ResourceRow,
  availability: readonly AvailabilityWindow[],
): Schedule {
  return { timeZone: resource.timeZone, slotMinutes: resource.slotMinutes, availability };
}

export async function listSlots(
  db: Db,
  _actor: Actor,
  input: z.output<typeof slotsInput>,
): Promise<Slot[]> {
  const [resource] = await db
    .select(resourceColumns)
    .from(resources)
    .where(eq(resources.id, input.resourceId));
  if (!resource) throw new AppError("NOT_FOUND", "Resource not found");
  // An archived resource offers nothing.
  if (resource.archivedAt) return [];
  const availability = (await availabilityOf(db, [resource.id])).get(resource.id) ?? [];
  const slots = generateSlots(scheduleOf(resource, availability), input.from, input.to);
  const first = slots[0];
  const last = slots.at(-1);
  if (!first || !last) return [];

  const buffer = resource.bufferMinutes * MINUTE_MS;
  const [clock] = await queryRows<{ now: Date | string }>(db, sql`select now() as now`);
  const now = new Date(clock?.now ?? Date.now()).getTime();
  const earliest = now + resource.minNoticeMinutes * MINUTE_MS;
  // Live bookings that can touch any slot once the buffer is added on both sides; they never overlap
  // one another (exclusion constraint), so sorted by start they are sorted by end as well.
  const taken = await db
    .select({ start: bookings.startsAt, end: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.resourceId, resource.id),
        isLive,
        sql`${bookings.during} && tstzrange(${new Date(first.start.getTime() - buffer).toISOString()}::timestamptz, ${new Date(last.end.getTime() + buffer).toISOString()}::timestamptz, '[)')`,
        mayOverlap(new Date(first.start.getTime() - buffer), new Date(last.end.getTime() + buffer)),
      ),
    )
    .orderBy(asc(bookings.startsAt));

  let j = 0;
  return slots.map((slot) => {
    const start = slot.start.getTime();
    const end = slot.end.getTime();
    // Skip bookings that end (plus buffer) before this slot starts; slots only move forward.
    while (j < taken.length && (taken[j]?.end.getTime() ?? 0) + buffer <= start) j++;
    const next = taken[j];
    const blocked = next !== undefined && next.start.getTime() < end + buffer;
    return {
      slotId: encodeSlotId(resource.id, slot.start),
      start: slot.start,
      end: slot.end,
      available: !blocked && start >= earliest,
    };
  });
}

/** Throws BAD_REQUEST unless `start` is a slot the resource offers now; returns the slot's end. */
export async function validateSlot(db: Db, resource: ResourceRow, start: Date): Promise<Date> {
  return checkSlot(
    resource,
    (await availabilityOf(db, [resource.id])).get(resource.id) ?? [],
    start,
  );
}

/** validateSlot with the resource's availability already read. */
export function checkSlot(
  resource: ResourceRow,
  availability: readonly AvailabilityWindow[],
  start: Date,
): Date {
  if (resource.archivedAt)
    throw new AppError(
      "BAD_REQUEST",
      `Resource "${resource.name}" is archived and cannot be booked`,
    );
  if (!isScheduledSlot(scheduleOf(resource, availability), start)) {
    throw new AppError(
      "BAD_REQUEST",
      `Slot ${slotText(start)} is not on the resource's schedule; pick one from bookings.slots`,
    );
  }
  if (start.getTime() < Date.now() + resource.minNoticeMinutes * MINUTE_MS) {
    throw new AppError(
      "BAD_REQUEST",
      resource.minNoticeMinutes > 0
        ? `Slot ${slotText(start)} is within the minimum notice of ${resource.minNoticeMinutes} minutes`
        : `Slot ${slotText(start)} has already started`,
    );
  }
  return new Date(start.getTime() + resource.slotMinutes * MINUTE_MS);
}

/**
 * The slot probe's row: a resource row whose timestamps are as the driver gives them (text from
 * postgres.js, Dates from PGlite), its version, weekly availability and whether the slot is taken.
 */
type SlotProbeRow = Omit<ResourceRow, "archivedAt" | "createdAt" | "updatedAt"> & {
  archivedAt: string | Date | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  version: string;
  availability: { weekday: number; start: string; end: string }[];
  taken: boolean;
};

/**
 * Decodes a slot id and checks that the slot is one the resource offers now (the resource exists and
 * is not archived, the start lies on its schedule, and it is not inside the minimum notice nor in the
 * past), then locks the resource for the insert that follows.
 *
 * A slot that a live booking already holds fails fast, before the lock, so a stampede on one slot
 * does not queue every loser behind the resource lock. That read is only a shortcut: a slot that looks
 * free still goes through the lock and the exclusion constraint.
 */
export async function lockBookableSlot(
  db: Db,
  slotId: string,
  /** A booking that is about to give up its slot (rescheduling) and must not count as taking it. */
  except?: string,
): Promise<{ resource: ResourceRow; start: Date; end: Date }> {
  const decoded = decodeSlotId(slotId);
  if (!decoded)
    throw new AppError("BAD_REQUEST", "slotId is not a slot id returned by bookings.slots");
  const { startsAt: start } = decoded;
  // One statement reads the resource, its weekly availability and whether a live booking already
  // holds the slot: a stampede's losers are refused after one round trip inside the transaction.
  // Written as SQL rather than through the query builder: every attempt of a stampede sends it, and
  // building the select (thirteen fields, two sub-selects) cost more CPU than the statement's answer.
  const at = start.toISOString();
  const [seen] = await queryRows<SlotProbeRow>(
    db,
    sql`select r.id, r.name, r.description, r.time_zone as "timeZone", r.slot_minutes as "slotMinutes",
          r.buffer_minutes as "bufferMinutes", r.min_notice_minutes as "minNoticeMinutes",
          r.archived_at as "archivedAt", r.created_at as "createdAt", r.updated_at as "updatedAt",
          ${exactInstant(sql`r.updated_at`)} as version,
          (select coalesce(json_agg(json_build_object('weekday', a.weekday, 'start', a.start_time, 'end', a.end_time)
                                    order by a.weekday, a.start_time), '[]'::json)
           from ${availabilityRules} a where a.resource_id = r.id) as availability,
          exists (
            select 1 from ${bookings} b
            where b.resource_id = r.id
              and (b.status = 'confirmed' or (b.status = 'pending' and b.hold_expires_at > now()))
              and b.during && tstzrange(${at}::timestamptz, ${at}::timestamptz + make_interval(mins => r.slot_minutes), '[)')
              and b.starts_at > ${new Date(start.getTime() - MAX_BOOKING_MS).toISOString()}::timestamptz
              and b.starts_at < ${at}::timestamptz + make_interval(mins => r.slot_minutes)
              ${except === undefined ? sql`` : sql`and b.id <> ${except}::uuid`}) as taken
        from ${resources} r where r.id = ${decoded.resourceId}`,
  );
  if (!seen) throw new AppError("NOT_FOUND", "Slot not found: its resource does not exist");
  const { version: _version, availability: weekly, taken, ...row } = seen;
  const resourceSeen: ResourceRow = {
    ...row,
    archivedAt: row.archivedAt === null ? null : new Date(row.archivedAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
  const availability = weekly.map((w) => ({
    weekday: w.weekday,
    start: hhmm(w.start),
    end: hhmm(w.end),
  }));
  const end = checkSlot(resourceSeen, availability, start);
  if (taken) throw new AppError("CONFLICT", `Slot ${slotText(start)} is already booked`);

  const [locked] = await db
    .select({ ...resourceColumns, version: exactInstant(resources.updatedAt) })
    .from(resources)
    .where(eq(resources.id, decoded.resourceId))
    .for("no key update");
  if (!locked) throw new AppError("NOT_FOUND", "Slot not found: its resource does not exist");
  const { version, ...resource } = locked;
  // Changed since it was read (updated or archived, which bumps updated_at): check again.
  const lockedEnd = version === seen.version ? end : await validateSlot(db, resource, start);
  return { resource, start, end: lockedEnd };
}

/** CONFLICT when a live booking sits inside the resource's buffer around [start, end) without overlapping it. */
export async function assertBufferFree(
  db: Db,
  resource: ResourceRow,
  start: Date,
  end: Date,
): Promise<void> {
  if (resource.bufferMinutes === 0) return;
  const buffer = resource.bufferMinutes * MINUTE_MS;
  const [near] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.resourceId, resource.id),
        isLive,
        sql`${bookings.during} && tstzrange(${new Date(start.getTime() - buffer).toISOString()}::timestamptz, ${new Date(end.getTime() + buffer).toISOString()}::timestamptz, '[)')`,
        mayOverlap(new Date(start.getTime() - buffer), new Date(end.getTime() + buffer)),
        // An overlap proper is the exclusion constraint's to report.
        sql`not (${bookings.during} && tstzrange(${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, '[)'))`,
      ),
    )
    .limit(1);
  if (near) {
    throw new AppError(
      "CONFLICT",
      `Slot ${slotText(start)} is within the ${resource.bufferMinutes}-minute buffer of another booking`,
    );
  }
}
