// The attendee cancels from the manage link in a booking notice (/booking?token=…): the same effects
// as a cancel in the console (the booking.cancelled webhook event, the cancellation notice), an audit
// row naming the link as the actor, once however often the button is pressed, and nothing for a
// forged token or a booking that has started.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSlotId, queryRows, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey, everyDay } from "@frontdesk/testing/api";
import { createTestDatabase } from "@frontdesk/testing/db";
import { bookingForManageToken, cancelBookingWithToken, signLink } from "./index";

const DAY = 86_400_000;
const SECRET = "test-link-secret-attendee-0123456789abcdef";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function tenantWithRoom() {
  const tenant = await createTenantWithKey(database, { timeZone: "UTC" });
  const api = await callerFor(database, { apiKey: tenant.adminKey });
  const room = await api.bookings.resources.create({
    name: "Room 3",
    timeZone: "UTC",
    slotMinutes: 60,
    availability: everyDay("08:00", "18:00"),
  });
  // Someone listens, so cancellations are written to the webhook outbox (a documentation address:
  // nothing here delivers, and a worker would refuse it before connecting).
  await api.webhooks.endpoints.create({ url: "https://192.0.2.50/hooks" });
  const book = async (days: number, hour: number) => {
    const now = new Date();
    const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY;
    return api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(day + hour * 3600_000)),
      attendee: { name: "A", email: `patient-${randomUUID().slice(0, 8)}@example.com` },
    });
  };
  const tokenFor = (bookingId: string) =>
    signLink(SECRET, {
      p: "booking",
      t: tenant.tenantId,
      b: bookingId,
      exp: Math.floor(Date.now() / 1000) + 30 * 86_400,
    });
  return { tenant, api, book, tokenFor };
}

/** What a cancellation caused for `bookingId`: webhook events, email notices, audit rows. */
async function effectsOf(tenantId: string, bookingId: string) {
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await queryRows<{ n: number }>(database.db, query))[0]?.n ?? 0);
  return {
    webhookEvents: await count(
      sql`select count(*)::int as n from webhook_events where tenant_id = ${tenantId}::uuid
          and type = 'booking.cancelled' and payload->'data'->'booking'->>'id' = ${bookingId}`,
    ),
    notices: await count(
      sql`select count(*)::int as n from email_messages where tenant_id = ${tenantId}::uuid
          and template = 'booking-cancellation' and dedupe_key = ${`booking-cancelled:${bookingId}`}`,
    ),
  };
}

describe("attendee cancel through the manage link", () => {
  it("cancels with the same webhook event and notice as a console cancel, audited as the link, once however often it is pressed", async () => {
    const { tenant, api, book, tokenFor } = await tenantWithRoom();
    const byAttendee = await book(3, 9);
    const byStaff = await book(3, 11);
    const token = tokenFor(byAttendee.id);
    expect(await bookingForManageToken(database.db, SECRET, token)).toMatchObject({
      status: "confirmed",
      cancellable: true,
    });

    expect(await cancelBookingWithToken(database.db, SECRET, token, "req-1")).toEqual({
      outcome: "cancelled",
    });
    await api.bookings.cancel({ id: byStaff.id });

    expect((await api.bookings.get({ id: byAttendee.id })).status).toBe("cancelled");
    const expected = { webhookEvents: 1, notices: 1 };
    expect(await effectsOf(tenant.tenantId, byStaff.id)).toEqual(expected);
    expect(await effectsOf(tenant.tenantId, byAttendee.id)).toEqual(expected);
    const [event] = await queryRows<{ payload: { data: { booking: { status: string } } } }>(
      database.db,
      sql`select payload from webhook_events where tenant_id = ${tenant.tenantId}::uuid
          and type = 'booking.cancelled' and payload->'data'->'booking'->>'id' = ${byAttendee.id}`,
    );
    expect(event?.payload.data.booking.status).toBe("cancelled");
    const audit = await queryRows<Record<string, unknown>>(
      database.db,
      sql`select actor_type, actor_id, action, target_type, target_id, request_id from audit_log
          where tenant_id = ${tenant.tenantId}::uuid and target_id = ${byAttendee.id}
            and action = 'bookings.cancel'`,
    );
    // Like the console's row for the same action, with the link as the actor.
    expect(audit).toEqual([
      {
        actor_type: "system",
        actor_id: "attendee-manage-link",
        action: "bookings.cancel",
        target_type: null,
        target_id: byAttendee.id,
        request_id: "req-1",
      },
    ]);

    // Pressed again (or the page reloaded): nothing more happens.
    expect(await cancelBookingWithToken(database.db, SECRET, token)).toEqual({
      outcome: "already-cancelled",
    });
    expect(await effectsOf(tenant.tenantId, byAttendee.id)).toEqual(expected);
    expect(
      await queryRows(
        database.db,
        sql`select 1 from audit_log where tenant_id = ${tenant.tenantId}::uuid
            and target_id = ${byAttendee.id} and action = 'bookings.cancel'`,
      ),
    ).toHaveLength(1);
    expect(await bookingForManageToken(database.db, SECRET, token)).toMatchObject({
      status: "cancelled",
      cancellable: false,
    });
  });

  it("changes nothing for a forged, foreign-keyed or altered token", async () => {
    const { tenant, api, book, tokenFor } = await tenantWithRoom();
    const booking = await book(4, 9);
    const other = await book(4, 11);
    const token = tokenFor(booking.id);
    const [body = "", signature = ""] = token.split(".");
    // The same claims naming another booking, with the first booking's signature.
    const swapped = `${Buffer.from(
      JSON.stringify({
        ...(JSON.parse(Buffer.from(body, "base64url").toString()) as object),
        b: other.id,
      }),
    ).toString("base64url")}.${signature}`;
    for (const bad of [
      swapped,
      `${body}.${signature.slice(1)}`,
      token.slice(0, -2),
      // Genuine for another purpose: an unsubscribe token never cancels.
      signLink(SECRET, { p: "unsubscribe", t: tenant.tenantId, h: "0".repeat(64) }),
      // Expired.
      signLink(SECRET, { p: "booking", t: tenant.tenantId, b: booking.id, exp: 1 }),
    ]) {
      expect(await cancelBookingWithToken(database.db, SECRET, bad)).toBeNull();
    }
    expect(
      await cancelBookingWithToken(database.db, "another-secret-0123456789abcdef0123", token),
    ).toBeNull();
    // A token naming a booking of another tenant (signed with the right key) finds nothing: RLS.
    const stranger = await tenantWithRoom();
    expect(
      await cancelBookingWithToken(
        database.db,
        SECRET,
        signLink(SECRET, {
          p: "booking",
          t: stranger.tenant.tenantId,
          b: booking.id,
          exp: Math.floor(Date.now() / 1000) + 3600,
        }),
      ),
    ).toBeNull();
    for (const b of [booking, other]) {
      expect((await api.bookings.get({ id: b.id })).status).toBe("confirmed");
      expect(await effectsOf(tenant.tenantId, b.id)).toEqual({ webhookEvents: 0, notices: 0 });
    }
  });

  it("refuses a booking that has already started, and rolls back: nothing emitted", async () => {
    const { tenant, api, book, tokenFor } = await tenantWithRoom();
    const booking = await book(5, 9);
    // As if the appointment time had come: move it to the past (no other booking on that room then).
    await database.db.execute(
      sql`update bookings set starts_at = now() - interval '10 minutes', ends_at = now() + interval '50 minutes'
          where id = ${booking.id}::uuid`,
    );
    const token = tokenFor(booking.id);
    expect(await bookingForManageToken(database.db, SECRET, token)).toMatchObject({
      status: "confirmed",
      cancellable: false,
    });
    expect(await cancelBookingWithToken(database.db, SECRET, token)).toEqual({
      outcome: "refused",
      message: "This booking has already started and can no longer be cancelled",
    });
    expect((await api.bookings.get({ id: booking.id })).status).toBe("confirmed");
    expect(await effectsOf(tenant.tenantId, booking.id)).toEqual({ webhookEvents: 0, notices: 0 });
  });
});
