// The booking status machine, in one place: every status change (confirm, cancel, reschedule, the
// hold expiry of a request or of the worker) asks this table whether it is allowed, and every output
// shows the EFFECTIVE status: a pending booking whose hold has run out is expired, whether or not the
// worker has written that yet.
import { sql, type SQL } from "drizzle-orm";
import { bookings, type BookingStatus } from "@frontdesk/db";
import { AppError } from "../errors";

export const BOOKING_TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  pending: ["confirmed", "cancelled", "expired"],
  confirmed: ["cancelled"],
  cancelled: [],
  expired: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return BOOKING_TRANSITIONS[from].includes(to);
}

/** The statuses a booking may be in for a change to `to` (for conditional UPDATEs). */
export function sourcesOf(to: BookingStatus): BookingStatus[] {
  return (Object.keys(BOOKING_TRANSITIONS) as BookingStatus[]).filter((from) =>
    canTransition(from, to),
  );
}

/**
 * CONFLICT unless the table allows `from → to` (`from` is the effective status); `why` finishes the
 * sentence for the person reading it.
 */
export function assertTransition(from: BookingStatus, to: BookingStatus, why: string): void {
  if (!canTransition(from, to)) throw new AppError("CONFLICT", `This booking is ${from}; ${why}`);
}

/** The effective status as SQL, for the columns every output selects (and RETURNING evaluates). */
export const effectiveStatus: SQL<BookingStatus> = sql<BookingStatus>`(case when ${bookings.status} = 'pending' and ${bookings.holdExpiresAt} <= now() then 'expired' else ${bookings.status} end)`;

/**
 * A filter on the effective status that keeps the (tenant, status) indexes usable: a pending hold
 * that ran out is found under `expired`, never under `pending`.
 */
export function hasEffectiveStatus(status: BookingStatus): SQL {
  switch (status) {
    case "pending":
      return sql`(${bookings.status} = 'pending' and ${bookings.holdExpiresAt} > now())`;
    case "expired":
      return sql`(${bookings.status} = 'expired' or (${bookings.status} = 'pending' and ${bookings.holdExpiresAt} <= now()))`;
    default:
      return sql`${bookings.status} = ${status}`;
  }
}

/** A live booking occupies its slot: confirmed, or pending with a hold that has not run out. */
export const isLive: SQL = sql`(${bookings.status} = 'confirmed' or (${bookings.status} = 'pending' and ${bookings.holdExpiresAt} > now()))`;
