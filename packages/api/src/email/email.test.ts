// Email end to end against a real SMTP server on loopback (smtp-server in this process, mailparser
// reading what arrived): booking notices through the real router, delivery by the outbox sender,
// reminders at the right instant across a DST change (the scheduler's clock is an argument), nothing
// sent for a rolled-back change, SMTP down → retried → dead letter on the Health report → sent once
// back up, no PHI in any message, opt-out honoured.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { encodeSlotId, queryRows, withTenant, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey } from "@frontdesk/testing/api";
import { useMailTestbed } from "@frontdesk/testing/mail-testbed";
import { type ReceivedEmail, type SmtpReceiver } from "@frontdesk/testing/smtp";
import { createBooking } from "../bookings/lifecycle";
import {
  createMailTransport,
  deliverDueEmails,
  enqueueDueReminders,
  enqueueEmail,
  bookingForManageToken,
  optOutWithToken,
  recipientDigest,
  retryDeadEmails,
  type MailConfig,
} from "./index";
import { getAdminHealth } from "../health/service";

const DAY = 86_400_000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const CANARY = "CANARY-7f3e-PHI";

let database: Database;
let smtp: SmtpReceiver;
let config: MailConfig;

useMailTestbed((testbed) => ({ database, smtp, config } = testbed));

/** A unique attendee address per test, so tests sharing the database never see each other's mail. */
const attendeeAddress = () => `patient-${randomUUID().slice(0, 8)}@example.com`;

async function deliver(to: string, options: { maxAttempts?: number } = {}) {
  const transport = createMailTransport(config);
  try {
    return await deliverDueEmails(database.db, config, transport, { to: [to], ...options });
  } finally {
    transport.close();
  }
}

const mailTo = (to: string) => (m: ReceivedEmail) => m.to.includes(to);

async function rowsTo(to: string) {
  return queryRows<{
    id: string;
    template: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }>(
    database.db,
    // Once sent through SMTP a row keeps only the keyed digest of its address.
    sql`select id, template, status, attempts, last_error from email_messages
        where to_address in (${to}, ${recipientDigest(config.linkSecret, to)}) order by created_at, id`,
  );
}

function startOfUtcDay(days: number): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY;
}

async function tenantWithRoom(timeZone = "UTC") {
  const tenant = await createTenantWithKey(database, { timeZone });
  const api = await callerFor(database, { apiKey: tenant.adminKey });
  const room = await api.bookings.resources.create({
    name: "Room 4 (east wing)",
    timeZone,
    slotMinutes: 60,
    availability: EVERY_DAY.map((weekday) => ({ weekday, start: "08:00", end: "18:00" })),
  });
  // DST changes can be months away; the default booking horizon is 90 days.
  await database.db.execute(sql`update resources set max_advance_days = 400 where id = ${room.id}`);
  return { tenant, api, room };
}

/** All text a recipient could see or a client could show: headers and every part. */
function everything(m: ReceivedEmail): string {
  return `${m.raw}\n${m.subject}\n${m.html}\n${m.text}`;
}

describe("booking notices", () => {
  it("a confirmed booking's confirmation arrives over SMTP with the time in the resource's zone, a manage and an unsubscribe link, and no PHI", async () => {
    const { api, room } = await tenantWithRoom("Europe/Paris");
    const to = attendeeAddress();
    const start = new Date(startOfUtcDay(3) + 9 * 3600_000); // 10:00 or 11:00 in Paris
    const booking = await api.bookings.create({
      slotId: encodeSlotId(room.id, start),
      attendee: { name: `Ada ${CANARY}`, email: to },
      notes: `allergic to penicillin ${CANARY}`,
    });
    expect(smtp.received.filter(mailTo(to))).toHaveLength(0); // nothing is sent inside the request
    expect(await deliver(to)).toMatchObject({ sent: 1, dead: 0 });
    const [message] = await smtp.waitFor(mailTo(to));
    if (!message) throw new Error("no message");
    const local = new Intl.DateTimeFormat("en-US", {
      timeZone: "Europe/Paris",
      hour: "numeric",
      minute: "2-digit",
    }).format(start);
    expect(message.subject).toContain("Booking confirmed");
    expect(message.subject).toContain(local);
    expect(message.html).toContain("Room 4 (east wing)");
    expect(message.text).toContain("Room 4 (east wing)");
    expect(message.text).toContain(local);
    expect(message.html).toContain("http://127.0.0.1:3999/booking?token=");
    expect(message.listUnsubscribe).toContain("http://127.0.0.1:3999/api/email/unsubscribe?token=");
    expect(message.html).toContain("http://127.0.0.1:3999/email/unsubscribe?token=");
    expect(message.from).toBe("no-reply@frontdesk.test");
    expect(everything(message)).not.toContain(CANARY);
    expect(everything(message)).not.toContain("penicillin");
    const [row] = await rowsTo(to);
    expect(row).toMatchObject({ template: "booking-confirmation", status: "sent" });
    expect(booking.status).toBe("confirmed");
  });

  it("cancel and reschedule send their notices (old and new time), each once", async () => {
    const { api, room } = await tenantWithRoom("UTC");
    const to = attendeeAddress();
    const first = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(4) + 9 * 3600_000)),
      attendee: { name: CANARY, email: to },
    });
    const moved = await api.bookings.reschedule({
      id: first.id,
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(4) + 14 * 3600_000)),
    });
    await api.bookings.cancel({ id: moved.id, reason: `patient said ${CANARY}` });
    expect(await deliver(to)).toMatchObject({ sent: 3 });
    const messages = await smtp.waitFor(mailTo(to));
    const subjects = messages.map((m) => m.subject);
    expect(subjects.some((s) => s.startsWith("Booking confirmed"))).toBe(true);
    const rescheduled = messages.find((m) => m.subject.startsWith("Booking moved"));
    expect(rescheduled?.text).toContain("9:00 AM");
    expect(rescheduled?.text).toContain("2:00 PM");
    expect(subjects.some((s) => s.startsWith("Booking cancelled"))).toBe(true);
    for (const m of messages) expect(everything(m)).not.toContain(CANARY);
    expect(await deliver(to)).toMatchObject({ sent: 0 });
  });

  it("a rolled-back change sends nothing", async () => {
    const { tenant, room } = await tenantWithRoom("UTC");
    const to = attendeeAddress();
    const actor = {
      tenantId: tenant.tenantId,
      type: "api_key" as const,
      id: randomUUID(),
      userId: null,
      role: null,
      scopes: ["admin" as const],
      requestId: randomUUID(),
    };
    await expect(
      withTenant(database.db, { tenantId: tenant.tenantId }, async (tx) => {
        await createBooking(tx, actor, {
          slotId: encodeSlotId(room.id, new Date(startOfUtcDay(5) + 10 * 3600_000)),
          attendee: { name: "A", email: to },
        });
        const [queued] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from email_messages where to_address = ${to}`,
        );
        expect(queued?.n).toBe(1); // queued inside the transaction…
        throw new Error("the request failed after the booking was written");
      }),
    ).rejects.toThrow("the request failed");
    expect(await rowsTo(to)).toHaveLength(0); // …and gone with it
    expect(await deliver(to)).toMatchObject({ sent: 0 });
  });

  it("a tenant that switched notices off (tenant.update) sends none, and sends again once back on", async () => {
    const { api, room } = await tenantWithRoom("UTC");
    await api.tenant.update({ bookingNotices: { enabled: false } });
    const to = attendeeAddress();
    const booking = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(5) + 11 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    await api.bookings.reschedule({
      id: booking.id,
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(5) + 13 * 3600_000)),
    });
    expect(await rowsTo(to)).toHaveLength(0);
    await api.tenant.update({ bookingNotices: { enabled: true } });
    await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(5) + 15 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    expect((await rowsTo(to)).map((r) => r.template)).toEqual(["booking-confirmation"]);
  });
});

/** The first local day from tomorrow on whose UTC offset differs from the day before's, in `timeZone`. */
function nextDstChange(timeZone: string): { y: number; m: number; d: number } {
  const offset = (t: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      timeZoneName: "longOffset",
    }).formatToParts(new Date(t));
    return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  };
  for (let day = 1; day < 370; day++) {
    const noon = startOfUtcDay(day) + 12 * 3600_000;
    if (offset(noon) !== offset(noon - DAY)) {
      const d = new Date(noon);
      return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
    }
  }
  throw new Error(`no DST change in ${timeZone} within a year`);
}

describe("reminders", () => {
  it("go out exactly 24 h before a booking on the day of a DST change (in the tenant's zone), once, whatever the runs", async () => {
    const zone = "America/New_York";
    const { api, room, tenant } = await tenantWithRoom(zone);
    const change = nextDstChange(zone);
    const date = `${change.y}-${String(change.m).padStart(2, "0")}-${String(change.d).padStart(2, "0")}`;
    const slots = await api.bookings.slots({
      resourceId: room.id,
      from: new Date(`${date}T00:00:00Z`),
      to: new Date(new Date(`${date}T00:00:00Z`).getTime() + 2 * DAY),
    });
    const localOf = (t: Date) =>
      new Intl.DateTimeFormat("en-CA", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(t);
    const slot = slots.find((s) => s.available && localOf(s.start) === `${date}, 10:00`);
    if (!slot) throw new Error(`no 10:00 slot on ${date} in ${zone}`);
    const to = attendeeAddress();
    const booking = await api.bookings.create({
      slotId: slot.slotId,
      attendee: { name: "A", email: to },
    });
    const reminderAt = new Date(booking.start.getTime() - 24 * 3600_000);
    // Across the change, 24 h before 10:00 is 9:00 (spring forward) or 11:00 (fall back) local time.
    expect(["09:00", "11:00"]).toContain(localOf(reminderAt).slice(-5));

    const run = (now: Date) => enqueueDueReminders(database.db, now, { tenantId: tenant.tenantId });
    expect(await run(new Date(reminderAt.getTime() - 60_000))).toBe(0);
    expect(await run(reminderAt)).toBe(1);
    // Runs racing each other, and later runs (a restarted worker), queue nothing more.
    expect(
      await Promise.all([run(reminderAt), run(new Date(reminderAt.getTime() + 60_000))]),
    ).toEqual([0, 0]);
    expect(await run(new Date(booking.start.getTime() - 1000))).toBe(0);
    expect((await rowsTo(to)).filter((r) => r.template === "booking-reminder")).toHaveLength(1);

    await deliver(to);
    const reminders = (await smtp.waitFor(mailTo(to))).filter((m) =>
      m.subject.startsWith("Reminder"),
    );
    expect(reminders).toHaveLength(1);
    const expected = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(booking.start);
    expect(expected).toMatch(/^10:00 AM E[SD]T$/);
    expect(reminders[0]?.text).toContain(expected);
  });

  it("follow the lead time set with tenant.update, and none go out with notices off or a lead of 0", async () => {
    const { api, room, tenant } = await tenantWithRoom("UTC");
    await api.tenant.update({ bookingNotices: { reminderMinutes: 90 } });
    const to = attendeeAddress();
    const booking = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(4) + 10 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    const other = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(4) + 14 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    const run = (now: Date) => enqueueDueReminders(database.db, now, { tenantId: tenant.tenantId });
    const at = (b: { start: Date }, minutesBefore: number) =>
      new Date(b.start.getTime() - minutesBefore * 60_000);
    // The default 24 h instant has passed, the 90-minute one has not.
    expect(await run(at(booking, 91))).toBe(0);
    expect(await run(at(booking, 90))).toBe(1);
    // Switched off: `other`'s instant comes and goes with nothing queued…
    await api.tenant.update({ bookingNotices: { enabled: false } });
    expect(await run(at(other, 90))).toBe(0);
    // …and with notices back on but a lead of 0, still nothing.
    await api.tenant.update({ bookingNotices: { enabled: true, reminderMinutes: 0 } });
    expect(await run(at(other, 30))).toBe(0);
    const reminders = (await rowsTo(to)).filter((r) => r.template === "booking-reminder");
    expect(reminders).toHaveLength(1);
  });

  it("skip cancelled bookings and bookings made after their reminder time", async () => {
    const { api, room, tenant } = await tenantWithRoom("UTC");
    const to = attendeeAddress();
    const soon = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(1) + 17 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    const later = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(6) + 9 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    await api.bookings.cancel({ id: later.id });
    // `soon` was booked less than 24 h before it starts, or just over: either way at most its own
    // reminder instant decides, and `later` is cancelled.
    const queued = await enqueueDueReminders(
      database.db,
      new Date(later.start.getTime() - 3600_000),
      { tenantId: tenant.tenantId },
    );
    expect(queued).toBe(0);
    const soonQueued = await enqueueDueReminders(
      database.db,
      new Date(soon.start.getTime() - 3600_000),
      { tenantId: tenant.tenantId },
    );
    const bookedEarlyEnough = soon.createdAt.getTime() < soon.start.getTime() - 24 * 3600_000;
    expect(soonQueued).toBe(bookedEarlyEnough ? 1 : 0);
  });
});

describe("delivery", () => {
  it("SMTP down: retried with backoff, then a dead letter on the Health report; nothing lost once it is back", async () => {
    const { tenant, api, room } = await tenantWithRoom("UTC");
    const to = attendeeAddress();
    await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(7) + 9 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    await smtp.close();
    try {
      expect(await deliver(to, { maxAttempts: 3 })).toMatchObject({ sent: 0, retrying: 1 });
      const [waiting] = await queryRows<{
        status: string;
        attempts: number;
        later: boolean;
        last_error: string;
      }>(
        database.db,
        sql`select status, attempts, available_at > now() + interval '20 seconds' as later, last_error from email_messages where to_address = ${to}`,
      );
      expect(waiting).toMatchObject({ status: "pending", attempts: 1, later: true });
      expect(waiting?.last_error).toMatch(/ECONNREFUSED|ESOCKET/);
      // Not due yet: a run now leaves it alone.
      expect(await deliver(to, { maxAttempts: 3 })).toMatchObject({ retrying: 0, dead: 0 });
      for (const expected of [{ retrying: 1 }, { dead: 1 }]) {
        await database.db.execute(
          sql`update email_messages set available_at = now() where to_address = ${to}`,
        );
        expect(await deliver(to, { maxAttempts: 3 })).toMatchObject(expected);
      }
    } finally {
      await smtp.reopen();
    }
    const [dead] = await rowsTo(to);
    expect(dead).toMatchObject({ status: "dead", attempts: 3 });
    const health = await withTenant(
      database.db,
      { tenantId: tenant.tenantId, readOnly: true },
      (tx) => getAdminHealth(database, tx, tenant.tenantId),
    );
    expect(health.email.dead).toBe(1);
    expect(health.status).toBe("degraded");
    expect(health.email.recentDead[0]).toMatchObject({
      template: "booking-confirmation",
      attempts: 3,
    });
    expect(JSON.stringify(health.email)).not.toContain(to);

    expect(await retryDeadEmails(database.db, { tenantId: tenant.tenantId })).toBe(1);
    expect(await deliver(to)).toMatchObject({ sent: 1 });
    expect(await smtp.waitFor(mailTo(to))).toHaveLength(1);
  });

  it("a refusing server (451) is a failure too: the message stays queued", async () => {
    const to = attendeeAddress();
    const { tenant } = await tenantWithRoom("UTC");
    await database.db.transaction((tx) =>
      enqueueEmail(tx, {
        to,
        tenantId: tenant.tenantId,
        template: "booking-cancellation",
        props: {
          bookingId: randomUUID(),
          tenantName: "T",
          resourceName: "R",
          timeZone: "UTC",
          startsAt: new Date().toISOString(),
          endsAt: new Date().toISOString(),
        },
      }),
    );
    smtp.refuse = true;
    try {
      expect(await deliver(to)).toMatchObject({ retrying: 1 });
    } finally {
      smtp.refuse = false;
    }
    const [row] = await rowsTo(to);
    expect(row?.status).toBe("pending");
    expect(row?.last_error).toContain("451");
  });

  it("the development mailbox keeps the rendered message when there is no SMTP server", async () => {
    const to = attendeeAddress();
    const { api, room } = await tenantWithRoom("UTC");
    await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(8) + 9 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    const devConfig = { ...config, smtpUrl: undefined };
    const transport = createMailTransport(devConfig);
    expect(await deliverDueEmails(database.db, devConfig, transport, { to: [to] })).toMatchObject({
      sent: 1,
    });
    const [row] = await queryRows<{
      transport: string;
      html: string;
      text_body: string;
      subject: string;
    }>(
      database.db,
      sql`select transport, html, text_body, subject from email_messages where to_address = ${to}`,
    );
    expect(row?.transport).toBe("dev-mailbox");
    expect(row?.html).toContain("<html");
    expect(row?.text_body).toContain("Room 4 (east wing)");
    expect(row?.subject).toContain("Booking confirmed");
    expect(smtp.received.filter(mailTo(to))).toHaveLength(0);
  });
});

describe("manage link", () => {
  it("opens the booking it names (time, resource, status; nothing the attendee wrote), and nothing when forged", async () => {
    const { api, room } = await tenantWithRoom("UTC");
    const to = attendeeAddress();
    const booking = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(11) + 9 * 3600_000)),
      attendee: { name: CANARY, email: to },
      notes: CANARY,
    });
    await deliver(to);
    const [message] = await smtp.waitFor(mailTo(to));
    const href = /href="([^"]{1,2000}\/booking\?token=[^"]{1,1000})"/.exec(
      message?.html ?? "",
    )?.[1];
    const token = href ? new URL(href.replaceAll("&amp;", "&")).searchParams.get("token") : null;
    if (!token) throw new Error("no manage link");
    const seen = await bookingForManageToken(database.db, config.linkSecret, token);
    expect(seen).toMatchObject({
      resourceName: "Room 4 (east wing)",
      status: "confirmed",
      timeZone: "UTC",
    });
    expect(seen?.startsAt.getTime()).toBe(booking.start.getTime());
    expect(JSON.stringify(seen)).not.toContain(CANARY);
    expect(
      await bookingForManageToken(database.db, "another-secret-0123456789abcdef0123", token),
    ).toBeNull();
    const [body = "", signature = ""] = token.split(".");
    expect(
      await bookingForManageToken(database.db, config.linkSecret, `${body}.${signature.slice(1)}`),
    ).toBeNull();
  });
});

describe("opt-out", () => {
  it("the unsubscribe link stops every later notice of that tenant to that address, and only those", async () => {
    const { api, room, tenant } = await tenantWithRoom("UTC");
    const to = attendeeAddress();
    const first = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(9) + 9 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    await deliver(to);
    const [confirmation] = await smtp.waitFor(mailTo(to));
    const link = confirmation?.listUnsubscribe;
    const token = link ? new URL(link).searchParams.get("token") : null;
    if (!token) throw new Error("no unsubscribe token");
    expect(token).not.toContain(to);
    expect(await optOutWithToken(database.db, "another-secret-0123456789abcdef0123", token)).toBe(
      false,
    );
    expect(await optOutWithToken(database.db, config.linkSecret, `${token}x`)).toBe(false);

    // Queued before the opt-out, sent after it: suppressed at delivery.
    await api.bookings.cancel({ id: first.id });
    expect(await optOutWithToken(database.db, config.linkSecret, token)).toBe(true);
    expect(await optOutWithToken(database.db, config.linkSecret, token)).toBe(true); // idempotent
    expect(await deliver(to)).toMatchObject({ sent: 0, suppressed: 1 });
    // Made after it: never queued; and its reminder neither.
    const second = await api.bookings.create({
      slotId: encodeSlotId(room.id, new Date(startOfUtcDay(10) + 9 * 3600_000)),
      attendee: { name: "A", email: to.toUpperCase() },
    });
    expect(
      await enqueueDueReminders(database.db, new Date(second.start.getTime() - 3600_000), {
        tenantId: tenant.tenantId,
      }),
    ).toBe(0);
    expect(await deliver(to)).toMatchObject({ sent: 0 });
    expect(smtp.received.filter(mailTo(to))).toHaveLength(1);
    const [stored] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from email_opt_outs where tenant_id = ${tenant.tenantId} and address_hash = ${to}`,
    );
    expect(stored?.n).toBe(0); // keyed by the hash, never the address

    // Another tenant still reaches the address.
    const other = await tenantWithRoom("UTC");
    await other.api.bookings.create({
      slotId: encodeSlotId(other.room.id, new Date(startOfUtcDay(9) + 9 * 3600_000)),
      attendee: { name: "A", email: to },
    });
    expect(await deliver(to)).toMatchObject({ sent: 1 });
  });
});
