// Bookings: resources with weekly availability, the slots they offer, and bookings of those slots.
//
// Concurrency: no two live bookings (confirmed, or pending with an unexpired hold) overlap on one
// resource. The `bookings_no_overlap` exclusion constraint enforces that in PostgreSQL; every write
// that books a slot also locks the resource row (FOR NO KEY UPDATE, which does not block the foreign-
// key checks of other inserts), so the buffer rule, which no constraint can express, is checked
// without a race. Status changes lock the booking row (FOR UPDATE).
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { z } from "zod";
import {
  auditLog,
  availabilityRules,
  bookings,
  decodeSlotId,
  encodeSlotId,
  PG_EXCLUSION_VIOLATION,
  pgErrorCode,
  queryRows,
  resources,
  tenants,
  type Db,
  isUuid,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { assertSameRequest, requestHash, withStoredKey } from "../idempotency";
import { decodeCursor, toPage, type Page } from "../pagination";
import { gateOptional, gateText } from "../phi-gate";
import { recordUsage } from "../usage";
import { enqueueBookingNotice } from "../email/booking-notices";
import { emitWebhookEvent } from "../webhooks/emit";
import type {
  AvailabilityWindow,
  Booking,
  bookingIdInput,
  cancelBookingInput,
  createBookingInput,
  createResourceInput,
  listBookingsInput,
  listResourcesInput,
  Resource,
  resourceIdInput,
  rescheduleBookingInput,
  Slot,
  slotsInput,
  updateResourceInput,
} from "./schemas";
import { generateSlots, isScheduledSlot, type Schedule } from "./slots";

const MINUTE_MS = 60_000;

/**
 * A booking lasts one slot of its resource, and resources_slot_minutes_check caps a slot at 480
 * minutes, so a booking that overlaps [from, to) starts in (from − 480 min, to). Saying so lets the
 * (tenant, resource, starts_at) index read just that range; `during && …` alone made PostgreSQL read
 * the resource's whole history (125 ms at 100,000 bookings, 0.06 ms bounded). The exclusion
 * constraint stays the guard against overlaps whatever this read misses.
 */
const MAX_BOOKING_MS = 480 * MINUTE_MS;

function mayOverlap(from: Date, to: Date): SQL {
  return sql`${bookings.startsAt} > ${new Date(from.getTime() - MAX_BOOKING_MS).toISOString()}::timestamptz and ${bookings.startsAt} < ${to.toISOString()}::timestamptz`;
}

/** A live booking occupies its slot: confirmed, or pending with a hold that has not run out. */
const isLive = sql`(${bookings.status} = 'confirmed' or (${bookings.status} = 'pending' and ${bookings.holdExpiresAt} > now()))`;

/** A decoded keyset cursor whose parts are safe to cast (a forged one is BAD_REQUEST, not a 500). */
function cursorAt(cursor: string): { value: string; id: string } {
  const c = decodeCursor(cursor);
  if (!isUuid(c.id) || Number.isNaN(Date.parse(c.value))) {
    throw new AppError(
      "BAD_REQUEST",
      "The cursor is not valid; pass back the nextCursor of a previous page",
    );
  }
  return c;
}

/** A timestamp as text with microseconds, so keyset cursors compare exactly. */
const exactInstant = (column: SQLWrapper) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// ---------------------------------------------------------------------------------------------
// Resources

const resourceColumns = {
  id: resources.id,
  name: resources.name,
  description: resources.description,
  timeZone: resources.timeZone,
  slotMinutes: resources.slotMinutes,
  bufferMinutes: resources.bufferMinutes,
  minNoticeMinutes: resources.minNoticeMinutes,
  archivedAt: resources.archivedAt,
  createdAt: resources.createdAt,
  updatedAt: resources.updatedAt,
};

type ResourceRow = Omit<Resource, "availability">;

/** `09:00:00` → `09:00` (PostgreSQL `time` keeps `24:00:00` as is). */
function hhmm(time: string): string {
  return time.slice(0, 5);
}

async function availabilityOf(
  db: Db,
  resourceIds: string[],
): Promise<Map<string, AvailabilityWindow[]>> {
  const byResource = new Map<string, AvailabilityWindow[]>();
  if (resourceIds.length === 0) return byResource;
  const rows = await db
    .select({
      resourceId: availabilityRules.resourceId,
      weekday: availabilityRules.weekday,
      start: availabilityRules.startTime,
      end: availabilityRules.endTime,
    })
    .from(availabilityRules)
    .where(inArray(availabilityRules.resourceId, resourceIds))
    .orderBy(asc(availabilityRules.weekday), asc(availabilityRules.startTime));
  for (const row of rows) {
    const list = byResource.get(row.resourceId) ?? [];
    list.push({ weekday: row.weekday, start: hhmm(row.start), end: hhmm(row.end) });
    byResource.set(row.resourceId, list);
  }
  return byResource;
}

async function withAvailability(db: Db, row: ResourceRow): Promise<Resource> {
  const availability = await availabilityOf(db, [row.id]);
  return { ...row, availability: availability.get(row.id) ?? [] };
}

async function replaceAvailability(
  db: Db,
  actor: Actor,
  resourceId: string,
  windows: AvailabilityWindow[],
): Promise<void> {
  await db.delete(availabilityRules).where(eq(availabilityRules.resourceId, resourceId));
  if (windows.length === 0) return;
  await db.insert(availabilityRules).values(
    windows.map((w) => ({
      tenantId: actor.tenantId,
      resourceId,
      weekday: w.weekday,
      startTime: `${w.start}:00`,
      endTime: `${w.end}:00`,
    })),
  );
}

/** The zone's canonical IANA name (`america/new_york` → `America/New_York`). */
function canonicalZone(timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
}

async function tenantSettings(
  db: Db,
  tenantId: string,
): Promise<{ timeZone: string; bookingHoldMinutes: number }> {
  const [row] = await db
    .select({ timeZone: tenants.timeZone, bookingHoldMinutes: tenants.bookingHoldMinutes })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) throw new AppError("NOT_FOUND", "Tenant not found");
  return row;
}

async function lockResource(db: Db, id: string): Promise<ResourceRow | undefined> {
  const [row] = await db
    .select(resourceColumns)
    .from(resources)
    .where(eq(resources.id, id))
    .for("no key update");
  return row;
}

export async function createResource(
  db: Db,
  actor: Actor,
  input: z.output<typeof createResourceInput>,
): Promise<Resource> {
  const id = randomUUID();
  const timeZone = canonicalZone(
    input.timeZone ?? (await tenantSettings(db, actor.tenantId)).timeZone,
  );
  const name = await gateText(
    db,
    actor,
    { table: "resources", field: "name", rowId: id },
    input.name,
  );
  const description = await gateOptional(
    db,
    actor,
    { table: "resources", field: "description", rowId: id },
    input.description,
  );
  const [row] = await db
    .insert(resources)
    .values({
      id,
      tenantId: actor.tenantId,
      name,
      description,
      timeZone,
      slotMinutes: input.slotMinutes,
      bufferMinutes: input.bufferMinutes ?? 0,
      minNoticeMinutes: input.minNoticeMinutes ?? 0,
    })
    .returning(resourceColumns);
  if (!row) throw new Error("insert returned no row");
  await replaceAvailability(db, actor, id, input.availability);
  return withAvailability(db, row);
}

export async function updateResource(
  db: Db,
  actor: Actor,
  input: z.output<typeof updateResourceInput>,
): Promise<Resource> {
  const current = await lockResource(db, input.id);
  if (!current) throw new AppError("NOT_FOUND", "Resource not found");
  const name =
    input.name === undefined
      ? undefined
      : await gateText(
          db,
          actor,
          { table: "resources", field: "name", rowId: input.id },
          input.name,
        );
  const description =
    input.description === undefined
      ? undefined
      : await gateOptional(
          db,
          actor,
          { table: "resources", field: "description", rowId: input.id },
          input.description,
        );
  const [row] = await db
    .update(resources)
    .set({
      ...(name === undefined ? {} : { name }),
      ...(description === undefined ? {} : { description }),
      ...(input.timeZone === undefined ? {} : { timeZone: canonicalZone(input.timeZone) }),
      ...(input.slotMinutes === undefined ? {} : { slotMinutes: input.slotMinutes }),
      ...(input.bufferMinutes === undefined ? {} : { bufferMinutes: input.bufferMinutes }),
      ...(input.minNoticeMinutes === undefined ? {} : { minNoticeMinutes: input.minNoticeMinutes }),
      updatedAt: sql`now()`,
    })
    .where(eq(resources.id, input.id))
    .returning(resourceColumns);
  if (!row) throw new AppError("NOT_FOUND", "Resource not found");
  if (input.availability) await replaceAvailability(db, actor, input.id, input.availability);
  return withAvailability(db, row);
}

/** Archived resources drop out of lists and cannot be booked; their bookings stay as they are. */
export async function archiveResource(
  db: Db,
  _actor: Actor,
  input: z.output<typeof resourceIdInput>,
): Promise<Resource> {
  const [row] = await db
    .update(resources)
    .set({ archivedAt: sql`coalesce(${resources.archivedAt}, now())` })
    .where(eq(resources.id, input.id))
    .returning(resourceColumns);
  if (!row) throw new AppError("NOT_FOUND", "Resource not found");
  return withAvailability(db, row);
}

export async function getResource(
  db: Db,
  _actor: Actor,
  input: z.output<typeof resourceIdInput>,
): Promise<Resource> {
  const [row] = await db.select(resourceColumns).from(resources).where(eq(resources.id, input.id));
  if (!row) throw new AppError("NOT_FOUND", "Resource not found");
  return withAvailability(db, row);
}

export async function listResources(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listResourcesInput>,
): Promise<Page<Resource>> {
  const conditions: SQL[] = [];
  if (!input.includeArchived) conditions.push(isNull(resources.archivedAt));
  if (input.cursor) {
    const c = cursorAt(input.cursor);
    conditions.push(
      sql`(${resources.createdAt}, ${resources.id}) < (${c.value}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ ...resourceColumns, sortKey: exactInstant(resources.createdAt) })
    .from(resources)
    .where(and(...conditions))
    .orderBy(desc(resources.createdAt), desc(resources.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.sortKey, id: r.id }));
  const availability = await availabilityOf(
    db,
    page.items.map((r) => r.id),
  );
  return {
    items: page.items.map(({ sortKey: _sortKey, ...r }) => ({
      ...r,
      availability: availability.get(r.id) ?? [],
    })),
    nextCursor: page.nextCursor,
  };
}

// ---------------------------------------------------------------------------------------------
// Slots

function scheduleOf(resource: ResourceRow, availability: readonly AvailabilityWindow[]): Schedule {
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

// ---------------------------------------------------------------------------------------------
// Bookings

const bookingColumns = {
  id: bookings.id,
  resourceId: bookings.resourceId,
  slotId: bookings.slotId,
  start: bookings.startsAt,
  end: bookings.endsAt,
  status: bookings.status,
  attendeeName: bookings.attendeeName,
  attendeeEmail: bookings.attendeeEmail,
  notes: bookings.notes,
  holdExpiresAt: bookings.holdExpiresAt,
  rescheduledFromId: bookings.rescheduledFromId,
  rescheduledToId: bookings.rescheduledToId,
  cancelReason: bookings.cancelReason,
  createdAt: bookings.createdAt,
  updatedAt: bookings.updatedAt,
};

type BookingRow = Omit<Booking, "attendee"> & { attendeeName: string; attendeeEmail: string };

function toBooking({ attendeeName, attendeeEmail, ...row }: BookingRow): Booking {
  return { ...row, attendee: { name: attendeeName, email: attendeeEmail } };
}

function slotText(start: Date): string {
  return start.toISOString();
}

/** Throws BAD_REQUEST unless `start` is a slot the resource offers now; returns the slot's end. */
async function validateSlot(db: Db, resource: ResourceRow, start: Date): Promise<Date> {
  return checkSlot(
    resource,
    (await availabilityOf(db, [resource.id])).get(resource.id) ?? [],
    start,
  );
}

/** validateSlot with the resource's availability already read. */
function checkSlot(
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
 * Decodes a slot id and checks that the slot is one the resource offers now (the resource exists and
 * is not archived, the start lies on its schedule, and it is not inside the minimum notice nor in the
 * past), then locks the resource for the insert that follows.
 *
 * A slot that a live booking already holds fails fast, before the lock, so a stampede on one slot
 * does not queue every loser behind the resource lock. That read is only a shortcut: a slot that looks
 * free still goes through the lock and the exclusion constraint.
 */
async function lockBookableSlot(
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
  // (Columns are qualified by hand: drizzle prints a one-table select's columns unqualified, which
  // inside these sub-selects would name the inner table's.)
  const at = start.toISOString();
  const [seen] = await db
    .select({
      ...resourceColumns,
      version: exactInstant(resources.updatedAt),
      availability: sql<{ weekday: number; start: string; end: string }[]>`(
        select coalesce(json_agg(json_build_object('weekday', a.weekday, 'start', a.start_time, 'end', a.end_time)
                                 order by a.weekday, a.start_time), '[]'::json)
        from ${availabilityRules} a where a.resource_id = "resources"."id")`,
      taken: sql<boolean>`exists (
        select 1 from ${bookings} b
        where b.resource_id = "resources"."id"
          and (b.status = 'confirmed' or (b.status = 'pending' and b.hold_expires_at > now()))
          and b.during && tstzrange(${at}::timestamptz, ${at}::timestamptz + make_interval(mins => "resources"."slot_minutes"), '[)')
          and b.starts_at > ${new Date(start.getTime() - MAX_BOOKING_MS).toISOString()}::timestamptz
          and b.starts_at < ${at}::timestamptz + make_interval(mins => "resources"."slot_minutes")
          ${except === undefined ? sql`` : sql`and b.id <> ${except}::uuid`})`,
    })
    .from(resources)
    .where(eq(resources.id, decoded.resourceId));
  if (!seen) throw new AppError("NOT_FOUND", "Slot not found: its resource does not exist");
  const availability = seen.availability.map((w) => ({
    weekday: w.weekday,
    start: hhmm(w.start),
    end: hhmm(w.end),
  }));
  const end = checkSlot(seen, availability, start);
  if (seen.taken) throw new AppError("CONFLICT", `Slot ${slotText(start)} is already booked`);

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

/** Pending holds of this resource whose time ran out stop blocking (the worker does the same for all). */
async function expireStaleHolds(db: Db, tenantId: string, resourceId: string): Promise<void> {
  const expired = await db
    .update(bookings)
    .set({ status: "expired" })
    .where(
      and(
        eq(bookings.resourceId, resourceId),
        eq(bookings.status, "pending"),
        sql`${bookings.holdExpiresAt} <= now()`,
      ),
    )
    .returning(bookingColumns);
  for (const row of expired) {
    await emitWebhookEvent(db, tenantId, "booking.expired", { booking: toBooking(row) });
  }
}

/**
 * Expires every pending booking whose hold ended at or before now, across tenants (the worker runs it
 * as the owner role), in batches; each expiry emits `booking.expired` in the same transaction. Rows
 * locked by a request (a confirm in progress) are skipped: the next run sees them again.
 */
export async function expireDueHolds(db: Db, batchSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const rows = await tx
        .update(bookings)
        .set({ status: "expired" })
        .where(
          and(
            eq(bookings.status, "pending"),
            sql`${bookings.id} in (
              select id from bookings
              where status = 'pending' and hold_expires_at <= now()
              order by hold_expires_at
              limit ${batchSize}
              for update skip locked)`,
          ),
        )
        .returning({ ...bookingColumns, tenantId: bookings.tenantId });
      for (const { tenantId, ...row } of rows) {
        await emitWebhookEvent(tx, tenantId, "booking.expired", { booking: toBooking(row) });
      }
      return rows.length;
    });
    total += count;
    if (count < batchSize) return total;
  }
}

/** CONFLICT when a live booking sits inside the resource's buffer around [start, end) without overlapping it. */
async function assertBufferFree(
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

interface NewBooking {
  id: string;
  resource: ResourceRow;
  start: Date;
  end: Date;
  attendee: { name: string; email: string };
  notes: string | null;
  /** null: confirmed at once. */
  holdMinutes: number | null;
  idempotencyKey?: string;
  requestHash?: string;
  rescheduledFromId?: string;
}

/**
 * Inserts a booking of a locked, validated slot. Returns undefined when the idempotency key is
 * already taken (ON CONFLICT DO NOTHING on the tenant's key index); an overlapping live booking is
 * the exclusion constraint's 23P01, reported as CONFLICT.
 */
async function insertBooking(db: Db, actor: Actor, b: NewBooking): Promise<BookingRow | undefined> {
  const values = {
    id: b.id,
    tenantId: actor.tenantId,
    resourceId: b.resource.id,
    slotId: encodeSlotId(b.resource.id, b.start),
    startsAt: b.start,
    endsAt: b.end,
    status: b.holdMinutes === null ? ("confirmed" as const) : ("pending" as const),
    attendeeName: b.attendee.name,
    attendeeEmail: b.attendee.email,
    notes: b.notes,
    holdExpiresAt:
      b.holdMinutes === null ? null : sql`now() + make_interval(mins => ${b.holdMinutes}::int)`,
    confirmedAt: b.holdMinutes === null ? sql`now()` : null,
    idempotencyKey: b.idempotencyKey ?? null,
    requestHash: b.requestHash ?? null,
    rescheduledFromId: b.rescheduledFromId ?? null,
    createdBy: `${actor.type}:${actor.id}`,
  };
  try {
    const insert = db.insert(bookings).values(values);
    const rows = b.idempotencyKey
      ? await insert
          .onConflictDoNothing({
            target: [bookings.tenantId, bookings.idempotencyKey],
            where: sql`idempotency_key is not null`,
          })
          .returning(bookingColumns)
      : await insert.returning(bookingColumns);
    return rows[0];
  } catch (error) {
    if (pgErrorCode(error) === PG_EXCLUSION_VIOLATION) {
      throw new AppError("CONFLICT", `Slot ${slotText(b.start)} is already booked`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function findByIdempotencyKey(
  db: Db,
  key: string,
): Promise<(BookingRow & { requestHash: string | null }) | undefined> {
  const [row] = await db
    .select({ ...bookingColumns, requestHash: bookings.requestHash })
    .from(bookings)
    .where(eq(bookings.idempotencyKey, key));
  return row;
}

function replay(existing: BookingRow & { requestHash: string | null }, hash: string): Booking {
  assertSameRequest(existing.requestHash, hash, "booking");
  const { requestHash: _hash, ...row } = existing;
  return toBooking(row);
}

export async function createBooking(
  db: Db,
  actor: Actor,
  given: z.output<typeof createBookingInput>,
): Promise<Booking> {
  const input = withStoredKey(given);
  const hash = requestHash(input);
  if (input.idempotencyKey) {
    // A retry gets the first result even if the slot has since passed or been archived.
    const existing = await findByIdempotencyKey(db, input.idempotencyKey);
    if (existing) return replay(existing, hash);
  }
  let slot: Awaited<ReturnType<typeof lockBookableSlot>>;
  try {
    slot = await lockBookableSlot(db, input.slotId);
  } catch (error) {
    // The slot may be taken by a concurrent request with this very key that committed after the
    // lookup above: that is a retry, not a conflict.
    const existing =
      input.idempotencyKey && error instanceof AppError && error.code === "CONFLICT"
        ? await findByIdempotencyKey(db, input.idempotencyKey)
        : undefined;
    if (existing) return replay(existing, hash);
    throw error;
  }
  const { resource, start, end } = slot;
  await expireStaleHolds(db, actor.tenantId, resource.id);
  await assertBufferFree(db, resource, start, end);

  const id = randomUUID();
  const notes = await gateOptional(
    db,
    actor,
    { table: "bookings", field: "notes", rowId: id },
    input.notes,
  );
  const holdMinutes = input.requireConfirmation
    ? (input.holdMinutes ?? (await tenantSettings(db, actor.tenantId)).bookingHoldMinutes)
    : null;
  const row = await insertBooking(db, actor, {
    id,
    resource,
    start,
    end,
    attendee: input.attendee,
    notes,
    holdMinutes,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
  });
  if (!row) {
    // A concurrent request with the same key committed first.
    const existing = input.idempotencyKey
      ? await findByIdempotencyKey(db, input.idempotencyKey)
      : undefined;
    if (!existing)
      throw new AppError("CONFLICT", "The request collided with a concurrent change; try again");
    return replay(existing, hash);
  }
  await recordUsage(db, actor.tenantId, "bookings");
  const booking = toBooking(row);
  await emitWebhookEvent(db, actor.tenantId, "booking.created", { booking });
  await enqueueBookingNotice(db, actor.tenantId, "confirmation", booking);
  return booking;
}

async function lockBooking(db: Db, id: string): Promise<BookingRow & { holdExpired: boolean }> {
  const [row] = await db
    .select({
      ...bookingColumns,
      holdExpired: sql<boolean>`coalesce(${bookings.holdExpiresAt} <= now(), false)`,
    })
    .from(bookings)
    .where(eq(bookings.id, id))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "Booking not found");
  return row;
}

/** The status a person sees: a pending booking whose hold ran out is expired even before the worker runs. */
function effectiveStatus(row: {
  status: Booking["status"];
  holdExpired: boolean;
}): Booking["status"] {
  return row.status === "pending" && row.holdExpired ? "expired" : row.status;
}

export async function confirmBooking(
  db: Db,
  actor: Actor,
  input: z.output<typeof bookingIdInput>,
): Promise<Booking> {
  const current = await lockBooking(db, input.id);
  const status = effectiveStatus(current);
  if (status !== "pending") {
    throw new AppError(
      "CONFLICT",
      current.status === "pending"
        ? `The hold on this booking expired at ${current.holdExpiresAt?.toISOString() ?? "an earlier time"}; book the slot again`
        : `This booking is ${status}; only a pending booking can be confirmed`,
    );
  }
  const [row] = await db
    .update(bookings)
    .set({ status: "confirmed", confirmedAt: sql`now()`, holdExpiresAt: null })
    .where(eq(bookings.id, input.id))
    .returning(bookingColumns);
  if (!row) throw new AppError("NOT_FOUND", "Booking not found");
  const booking = toBooking(row);
  await emitWebhookEvent(db, actor.tenantId, "booking.confirmed", { booking });
  await enqueueBookingNotice(db, actor.tenantId, "confirmation", booking);
  return booking;
}

export async function cancelBooking(
  db: Db,
  actor: Actor,
  input: z.output<typeof cancelBookingInput>,
): Promise<Booking> {
  const current = await lockBooking(db, input.id);
  const status = effectiveStatus(current);
  if (status !== "pending" && status !== "confirmed") {
    throw new AppError(
      "CONFLICT",
      `This booking is ${status}; only a pending or confirmed booking can be cancelled`,
    );
  }
  const reason = await gateOptional(
    db,
    actor,
    { table: "bookings", field: "cancel_reason", rowId: input.id },
    input.reason,
  );
  return markCancelled(db, actor.tenantId, input.id, reason);
}

/**
 * The cancellation itself and everything it causes, the same whoever cancels: the row, the
 * `booking.cancelled` webhook event and the attendee's notice, in the caller's transaction. The
 * booking is locked and known to be live.
 */
async function markCancelled(
  db: Db,
  tenantId: string,
  id: string,
  reason: string | null,
): Promise<Booking> {
  const [row] = await db
    .update(bookings)
    .set({
      status: "cancelled",
      cancelledAt: sql`now()`,
      cancelReason: reason,
      holdExpiresAt: null,
    })
    .where(eq(bookings.id, id))
    .returning(bookingColumns);
  if (!row) throw new AppError("NOT_FOUND", "Booking not found");
  const booking = toBooking(row);
  await emitWebhookEvent(db, tenantId, "booking.cancelled", { booking });
  await enqueueBookingNotice(db, tenantId, "cancellation", booking);
  return booking;
}

/**
 * The attendee cancels through the manage link in a booking notice (no sign-in: the signed link names
 * the tenant and the booking). `db` is the link's tenant transaction. Same effects as a console
 * cancel (webhook event, cancellation notice) plus an audit row whose actor is the link. Idempotent:
 * an already cancelled booking is left as it is (`changed: false`, nothing emitted again). Refused
 * (CONFLICT) once the booking has started, expired or lapsed.
 */
export async function cancelBookingByAttendee(
  db: Db,
  tenantId: string,
  id: string,
  request: { requestId: string | null } = { requestId: null },
): Promise<{ booking: Booking; changed: boolean }> {
  const current = await lockBooking(db, id);
  const status = effectiveStatus(current);
  if (status === "cancelled") return { booking: toBooking(current), changed: false };
  if (status !== "pending" && status !== "confirmed") {
    throw new AppError("CONFLICT", `This booking is ${status} and can no longer be cancelled`);
  }
  if (current.start.getTime() <= Date.now()) {
    throw new AppError(
      "CONFLICT",
      "This booking has already started and can no longer be cancelled",
    );
  }
  const booking = await markCancelled(db, tenantId, id, null);
  await db.insert(auditLog).values({
    tenantId,
    actorType: "system",
    // Who acted: whoever held the booking's manage link (sent to the attendee's address).
    actorId: "attendee-manage-link",
    action: "bookings.cancel",
    targetId: id,
    requestId: request.requestId,
    metadata: { via: "manage-link" },
  });
  return { booking, changed: true };
}

/**
 * Moves a live booking to another slot: the old booking is cancelled and a new one (same attendee and
 * notes, same status; a pending one gets a fresh hold) takes the new slot, linked both ways, in the
 * request's one transaction.
 */
export async function rescheduleBooking(
  db: Db,
  actor: Actor,
  input: z.output<typeof rescheduleBookingInput>,
): Promise<Booking> {
  const old = await lockBooking(db, input.id);
  const status = effectiveStatus(old);
  if (status !== "pending" && status !== "confirmed") {
    throw new AppError(
      "CONFLICT",
      `This booking is ${status}; only a pending or confirmed booking can be rescheduled`,
    );
  }
  const { resource, start, end } = await lockBookableSlot(db, input.slotId, old.id);
  if (resource.id === old.resourceId && start.getTime() === old.start.getTime()) {
    throw new AppError("BAD_REQUEST", `The booking is already at slot ${slotText(start)}`);
  }
  // Free the old slot first: the new one may overlap it (moving by less than its length).
  await db
    .update(bookings)
    .set({
      status: "cancelled",
      cancelledAt: sql`now()`,
      cancelReason: "rescheduled",
      holdExpiresAt: null,
    })
    .where(eq(bookings.id, old.id));
  await expireStaleHolds(db, actor.tenantId, resource.id);
  await assertBufferFree(db, resource, start, end);

  const holdMinutes =
    status === "pending" ? (await tenantSettings(db, actor.tenantId)).bookingHoldMinutes : null;
  const row = await insertBooking(db, actor, {
    id: randomUUID(),
    resource,
    start,
    end,
    attendee: { name: old.attendeeName, email: old.attendeeEmail },
    notes: old.notes,
    holdMinutes,
    rescheduledFromId: old.id,
  });
  if (!row) throw new Error("insert returned no row");
  const [previous] = await db
    .update(bookings)
    .set({ rescheduledToId: row.id })
    .where(eq(bookings.id, old.id))
    .returning(bookingColumns);
  if (!previous) throw new Error("update returned no row");
  const booking = toBooking(row);
  // One event with both bookings and their lineage, not an unrelated cancel and create.
  await emitWebhookEvent(db, actor.tenantId, "booking.rescheduled", {
    booking,
    previous: toBooking(previous),
  });
  await enqueueBookingNotice(db, actor.tenantId, "rescheduled", booking, previous);
  return booking;
}

export async function getBooking(
  db: Db,
  _actor: Actor,
  input: z.output<typeof bookingIdInput>,
): Promise<Booking> {
  const [row] = await db.select(bookingColumns).from(bookings).where(eq(bookings.id, input.id));
  if (!row) throw new AppError("NOT_FOUND", "Booking not found");
  return toBooking(row);
}

export async function listBookings(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listBookingsInput>,
): Promise<Page<Booking>> {
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(bookings.status, input.status));
  if (input.resourceId) conditions.push(eq(bookings.resourceId, input.resourceId));
  if (input.from)
    conditions.push(sql`${bookings.startsAt} >= ${input.from.toISOString()}::timestamptz`);
  if (input.to) conditions.push(sql`${bookings.startsAt} < ${input.to.toISOString()}::timestamptz`);
  const ascending = input.order === "asc";
  if (input.cursor) {
    const c = cursorAt(input.cursor);
    conditions.push(
      ascending
        ? sql`(${bookings.startsAt}, ${bookings.id}) > (${c.value}::timestamptz, ${c.id}::uuid)`
        : sql`(${bookings.startsAt}, ${bookings.id}) < (${c.value}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const direction = ascending ? asc : desc;
  const rows = await db
    .select({ ...bookingColumns, sortKey: exactInstant(sql`${bookings.startsAt}`) })
    .from(bookings)
    .where(and(...conditions))
    .orderBy(direction(bookings.startsAt), direction(bookings.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.sortKey, id: r.id }));
  return {
    items: page.items.map(({ sortKey: _sortKey, ...r }) => toBooking(r)),
    nextCursor: page.nextCursor,
  };
}
