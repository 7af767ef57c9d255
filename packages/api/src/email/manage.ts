// The attendee's view of one booking, reached through the signed link in every booking notice (no
// sign-in): the time in the resource's zone, the resource and the status — nothing the attendee or
// staff wrote (notes, names), so a forwarded link reveals no PHI.
import { eq, sql } from "drizzle-orm";
import { bookings, resources, tenants, withTenant, type Db } from "@frontdesk/db";
import { verifyLink } from "./links";

export interface ManagedBooking {
  tenantName: string;
  resourceName: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  status: "pending" | "confirmed" | "cancelled" | "expired";
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
        status: bookings.status,
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
