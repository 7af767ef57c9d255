// The attendee's view of one booking, reached through the signed link in every booking notice (no
// sign-in): the time in the resource's zone, the resource and the status — nothing the attendee or
// staff wrote (notes, names), so a forwarded link reveals no PHI — and the attendee's cancel.
import { eq, sql } from "drizzle-orm";
import { bookings, resources, tenants, withTenant, type Db } from "@frontdesk/db";
import { cancelBookingByAttendee } from "../bookings/lifecycle";
import { effectiveStatus } from "../bookings/status";
import { AppError } from "../errors";
import { verifyLink } from "./links";

export interface ManagedBooking {
  tenantName: string;
  resourceName: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  status: "pending" | "confirmed" | "cancelled" | "expired";
  /** Live and not started yet: the page offers the attendee a cancel button. */
  cancellable: boolean;
}

/** The booking a genuine, unexpired manage token names; null for anything else. */
export async function bookingForManageToken(
  db: Db,
  linkSecret: string,
  token: string,
): Promise<ManagedBooking | null> {
  const claims = verifyLink(linkSecret, token, "booking");
  if (!claims) return null;
  return withTenant(db, { tenantId: claims.t, readOnly: true }, async (tx) => {
    const [row] = await tx
      .select({
        tenantName: tenants.name,
        resourceName: resources.name,
        timeZone: resources.timeZone,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        status: effectiveStatus,
        cancellable: sql<boolean>`(${bookings.status} = 'confirmed'
          or (${bookings.status} = 'pending' and coalesce(${bookings.holdExpiresAt} > now(), true)))
          and ${bookings.startsAt} > now()`,
      })
      .from(bookings)
      .innerJoin(
        resources,
        sql`${resources.tenantId} = ${bookings.tenantId} and ${resources.id} = ${bookings.resourceId}`,
      )
      .innerJoin(tenants, eq(tenants.id, bookings.tenantId))
      .where(eq(bookings.id, claims.b));
    return row ?? null;
  });
}

export type AttendeeCancelOutcome =
  /** Cancelled now: the webhook event and the cancellation notice are queued. */
  | { outcome: "cancelled" }
  /** It already was (a second click, a reload): nothing happened. */
  | { outcome: "already-cancelled" }
  /** It cannot be cancelled any more (started, expired); `message` says why. */
  | { outcome: "refused"; message: string };

/**
 * Cancels the booking a genuine, unexpired manage token names, as the attendee; null for any other
 * token (nothing changes). `db` is the owner connection (the page has no session): the work runs in
 * the token's tenant under RLS. `requestId` goes into the audit row.
 */
export async function cancelBookingWithToken(
  db: Db,
  linkSecret: string,
  token: string,
  requestId: string | null = null,
): Promise<AttendeeCancelOutcome | null> {
  const claims = verifyLink(linkSecret, token, "booking");
  if (!claims) return null;
  try {
    const { changed } = await withTenant(db, { tenantId: claims.t }, (tx) =>
      cancelBookingByAttendee(tx, claims.t, claims.b, { requestId }),
    );
    return { outcome: changed ? "cancelled" : "already-cancelled" };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    if (error instanceof AppError && error.code === "CONFLICT")
      return { outcome: "refused", message: error.message };
    throw error;
  }
}
