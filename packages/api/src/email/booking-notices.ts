// Booking notices to attendees: confirmation, cancellation, reschedule (enqueued by the booking
// service in the booking's transaction) and reminders (enqueued by the worker's scheduled job).
// Each is sent at most once per booking: its dedupe key is written with the message, in the same
// transaction. Tenants switch notices off with `bookingNoticesEnabled`; attendees opt out through
// the link every notice carries.
import { eq, sql } from "drizzle-orm";
import { queryRows, resources, tenants, withTenant, type Db } from "@frontdesk/db";
import { enqueueEmail } from "./enqueue";

export type BookingNotice = "confirmation" | "cancellation" | "rescheduled";

interface NoticeBooking {
  id: string;
  resourceId: string;
  start: Date;
  end: Date;
  status: string;
  attendee: { email: string };
}

/**
 * Queues `notice` for `booking` in `db` (the booking's transaction, scoped to `tenantId`). Does
 * nothing when the tenant switched notices off or the attendee opted out. `previous` is the booking
 * a reschedule replaced.
 */
export async function enqueueBookingNotice(
  db: Db,
  tenantId: string,
  notice: BookingNotice,
  booking: NoticeBooking,
  previous?: { start: Date },
): Promise<void> {
  const [context] = await db
    .select({
      enabled: tenants.bookingNoticesEnabled,
      tenantName: tenants.name,
      resourceName: resources.name,
      timeZone: resources.timeZone,
    })
    .from(tenants)
    .innerJoin(resources, eq(resources.tenantId, tenants.id))
    .where(sql`${tenants.id} = ${tenantId} and ${resources.id} = ${booking.resourceId}`);
  if (!context?.enabled) return;
  const base = {
    bookingId: booking.id,
    tenantName: context.tenantName,
    resourceName: context.resourceName,
    timeZone: context.timeZone,
    startsAt: booking.start.toISOString(),
    endsAt: booking.end.toISOString(),
  };
  const to = booking.attendee.email;
  switch (notice) {
    case "confirmation":
      await enqueueEmail(db, {
        to,
        tenantId,
        template: "booking-confirmation",
        props: { ...base, status: booking.status === "confirmed" ? "confirmed" : "pending" },
        dedupeKey: `booking-${booking.status === "confirmed" ? "confirmed" : "received"}:${booking.id}`,
      });
      return;
    case "cancellation":
      await enqueueEmail(db, {
        to,
        tenantId,
        template: "booking-cancellation",
        props: base,
        dedupeKey: `booking-cancelled:${booking.id}`,
      });
      return;
    case "rescheduled":
      if (!previous) throw new Error("a reschedule notice needs the previous booking");
      await enqueueEmail(db, {
        to,
        tenantId,
        template: "booking-rescheduled",
        props: { ...base, previousStartsAt: previous.start.toISOString() },
        dedupeKey: `booking-rescheduled:${booking.id}`,
      });
      return;
  }
}

/** The dedupe key of a booking's reminder: the "sent" marker the scheduler checks. */
export const reminderKey = (bookingId: string) => `booking-reminder:${bookingId}`;

/**
 * Queues the reminder of every confirmed booking whose reminder instant (start minus the tenant's
 * `bookingReminderMinutes`) has come by `now` and whose start has not, once each: the message and
 * its dedupe key are one row, so a second run, a retried job or a restarted worker queues nothing
 * more. A booking confirmed after its reminder instant gets none (its confirmation just went out).
 * Runs as the owner role across tenants (each insert inside that tenant's RLS scope); `now` is an
 * argument so tests control the clock. Returns how many reminders were queued.
 */
export async function enqueueDueReminders(
  db: Db,
  now: Date,
  options: { tenantId?: string; batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const at = now.toISOString();
  let queued = 0;
  // Bounded rounds: a run never spins, whatever the rows; the next run (a minute later) goes on.
  for (let round = 0; round < 20; round++) {
    const due = await queryRows<{
      id: string;
      tenant_id: string;
      resource_id: string;
      starts_at: Date | string;
      ends_at: Date | string;
      attendee_email: string;
    }>(
      db,
      sql`select b.id, b.tenant_id, b.resource_id, b.starts_at, b.ends_at, b.attendee_email
          from bookings b join tenants t on t.id = b.tenant_id
          where b.status = 'confirmed'
            and t.booking_notices_enabled and t.booking_reminder_minutes > 0
            and b.starts_at > ${at}::timestamptz
            and b.starts_at - make_interval(mins => t.booking_reminder_minutes) <= ${at}::timestamptz
            and coalesce(b.confirmed_at, b.created_at) < b.starts_at - make_interval(mins => t.booking_reminder_minutes)
            ${options.tenantId ? sql`and b.tenant_id = ${options.tenantId}` : sql``}
            and not exists (select 1 from email_messages e
                            where e.tenant_id = b.tenant_id and e.dedupe_key = 'booking-reminder:' || b.id::text)
          order by b.starts_at, b.id
          limit ${batchSize}`,
    );
    let made = 0;
    for (const b of due) {
      // Each in its tenant's scope: what the app role may see and write, and nothing more.
      const id = await withTenant(db, { tenantId: b.tenant_id }, async (tx) => {
        const [context] = await tx
          .select({
            tenantName: tenants.name,
            resourceName: resources.name,
            timeZone: resources.timeZone,
          })
          .from(tenants)
          .innerJoin(resources, eq(resources.tenantId, tenants.id))
          .where(sql`${tenants.id} = ${b.tenant_id} and ${resources.id} = ${b.resource_id}`);
        if (!context) return null;
        return enqueueEmail(tx, {
          to: b.attendee_email,
          tenantId: b.tenant_id,
          template: "booking-reminder",
          props: {
            bookingId: b.id,
            tenantName: context.tenantName,
            resourceName: context.resourceName,
            timeZone: context.timeZone,
            startsAt: new Date(b.starts_at).toISOString(),
            endsAt: new Date(b.ends_at).toISOString(),
          },
          dedupeKey: reminderKey(b.id),
        });
      });
      if (id) made++;
    }
    queued += made;
    // Every row read got its marker (opted-out attendees a suppressed one), so the next read moves on.
    if (due.length < batchSize) return queued;
  }
  return queued;
}
