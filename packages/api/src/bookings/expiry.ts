// Holds that run out: a pending booking whose hold ended stops blocking its slot. Requests expire the
// stale holds of the resource they book; the worker expires every due hold across tenants.
import { and, eq, inArray, sql } from "drizzle-orm";
import { bookings, type Db } from "@frontdesk/db";
import { sourcesOf } from "./status";
import { emitWebhookEvent } from "../webhooks/emit";
import { bookingColumns, toBooking } from "./rows";

/** Pending holds of this resource whose time ran out stop blocking (the worker does the same for all). */
export async function expireStaleHolds(
  db: Db,
  tenantId: string,
  resourceId: string,
): Promise<void> {
  const expired = await db
    .update(bookings)
    .set({ status: "expired" })
    .where(
      and(
        eq(bookings.resourceId, resourceId),
        inArray(bookings.status, sourcesOf("expired")),
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
            inArray(bookings.status, sourcesOf("expired")),
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
