// A booking's life: created (confirmed at once, or pending with a hold), confirmed, cancelled or
// rescheduled. Every change locks the booking row (FOR UPDATE).
//
// Concurrency: no two live bookings (confirmed, or pending with an unexpired hold) overlap on one
// resource. The `bookings_no_overlap` exclusion constraint enforces that in PostgreSQL; every write
// that books a slot also locks the resource row (FOR NO KEY UPDATE, which does not block the foreign-
// key checks of other inserts), so the buffer rule, which no constraint can express, is checked
// without a race. Status changes lock the booking row (FOR UPDATE).
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  auditLog,
  bookings,
  encodeSlotId,
  PG_EXCLUSION_VIOLATION,
  pgErrorCode,
  type BookingStatus,
  type Db,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { assertSameRequest, requestHash, withStoredKey } from "../idempotency";
import { gateOptional } from "../phi-gate";
import { recordUsage } from "../usage";
import { enqueueBookingNotice } from "../email/booking-notices";
import { emitWebhookEvent } from "../webhooks/emit";
import type {
  Booking,
  bookingIdInput,
  cancelBookingInput,
  createBookingInput,
  rescheduleBookingInput,
} from "./schemas";
import {
  type ResourceRow,
  tenantSettings,
  bookingColumns,
  type BookingRow,
  toBooking,
  slotText,
} from "./rows";
import { assertBufferFree, lockBookableSlot } from "./slots";
import { expireStaleHolds } from "./expiry";
import { assertTransition } from "./status";

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
  // Hashed when first needed (a replay, or the insert): a refused attempt, such as each loser of a
  // stampede on one slot, never needs it.
  let hashed: string | undefined;
  const hash = (): string => (hashed ??= requestHash(input));
  if (input.idempotencyKey) {
    // A retry gets the first result even if the slot has since passed or been archived.
    const existing = await findByIdempotencyKey(db, input.idempotencyKey);
    if (existing) return replay(existing, hash());
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
    if (existing) return replay(existing, hash());
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
    requestHash: hash(),
  });
  if (!row) {
    // A concurrent request with the same key committed first.
    const existing = input.idempotencyKey
      ? await findByIdempotencyKey(db, input.idempotencyKey)
      : undefined;
    if (!existing)
      throw new AppError("CONFLICT", "The request collided with a concurrent change; try again");
    return replay(existing, hash());
  }
  await recordUsage(db, actor.tenantId, "bookings");
  const booking = toBooking(row);
  await emitWebhookEvent(db, actor.tenantId, "booking.created", { booking });
  await enqueueBookingNotice(db, actor.tenantId, "confirmation", booking);
  return booking;
}

/** Locks the booking; `status` is the effective one, `storedStatus` what the row says. */
async function lockBooking(
  db: Db,
  id: string,
): Promise<BookingRow & { storedStatus: BookingStatus }> {
  const [row] = await db
    .select({ ...bookingColumns, storedStatus: bookings.status })
    .from(bookings)
    .where(eq(bookings.id, id))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "Booking not found");
  return row;
}

/** Sets a locked booking's status to cancelled (its hold, if any, ends with it). */
async function markCancelled(db: Db, id: string, reason: string | null): Promise<BookingRow> {
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
  return row;
}

export async function confirmBooking(
  db: Db,
  actor: Actor,
  input: z.output<typeof bookingIdInput>,
): Promise<Booking> {
  const current = await lockBooking(db, input.id);
  if (current.storedStatus === "pending" && current.status === "expired") {
    throw new AppError(
      "CONFLICT",
      `The hold on this booking expired at ${current.holdExpiresAt?.toISOString() ?? "an earlier time"}; book the slot again`,
    );
  }
  assertTransition(current.status, "confirmed", "only a pending booking can be confirmed");
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
  assertTransition(
    current.status,
    "cancelled",
    "only a pending or confirmed booking can be cancelled",
  );
  const reason = await gateOptional(
    db,
    actor,
    { table: "bookings", field: "cancel_reason", rowId: input.id },
    input.reason,
  );
  const row = await markCancelled(db, input.id, reason);
  const booking = toBooking(row);
  await emitWebhookEvent(db, actor.tenantId, "booking.cancelled", { booking });
  await enqueueBookingNotice(db, actor.tenantId, "cancellation", booking);
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
  if (current.status === "cancelled") return { booking: toBooking(current), changed: false };
  assertTransition(current.status, "cancelled", "it can no longer be cancelled");
  if (current.start.getTime() <= Date.now()) {
    throw new AppError(
      "CONFLICT",
      "This booking has already started and can no longer be cancelled",
    );
  }
  const booking = toBooking(await markCancelled(db, id, null));
  await emitWebhookEvent(db, tenantId, "booking.cancelled", { booking });
  await enqueueBookingNotice(db, tenantId, "cancellation", booking);
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
  const status = old.status;
  assertTransition(status, "cancelled", "only a pending or confirmed booking can be rescheduled");
  const { resource, start, end } = await lockBookableSlot(db, input.slotId, old.id);
  if (resource.id === old.resourceId && start.getTime() === old.start.getTime()) {
    throw new AppError("BAD_REQUEST", `The booking is already at slot ${slotText(start)}`);
  }
  // Free the old slot first: the new one may overlap it (moving by less than its length).
  await markCancelled(db, old.id, "rescheduled");
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
