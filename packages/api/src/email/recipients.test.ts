// What a sent message keeps of its recipient: only a keyed digest of the address once it went out
// through SMTP (and, through the retention pass, once suppressed or dead past its grace) — while the
// unsubscribe link it carried, the opt-out it records and the reminder's exactly-once marker keep
// working. Real SMTP server on loopback, real router, both back ends.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { encodeSlotId, queryRows, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey, everyDay } from "@frontdesk/testing/api";
import { useMailTestbed } from "@frontdesk/testing/mail-testbed";
import { type ReceivedEmail, type SmtpReceiver } from "@frontdesk/testing/smtp";
import {
  addressHash,
  createMailTransport,
  deliverDueEmails,
  enqueueDueReminders,
  eraseSettledRecipients,
  isRecipientDigest,
  optOutWithToken,
  recipientDigest,
  type MailConfig,
} from "./index";

const DAY = 86_400_000;

let database: Database;
let smtp: SmtpReceiver;
let config: MailConfig;

useMailTestbed(
  (testbed) => ({ database, smtp, config } = testbed),
  "test-link-secret-recipients-0123456789abcdef",
);

const attendeeAddress = () => `patient-${randomUUID().slice(0, 8)}@example.com`;
const mailTo = (to: string) => (m: ReceivedEmail) => m.to.includes(to);

async function deliver(to: string, mailConfig: MailConfig = config) {
  const transport = createMailTransport(mailConfig);
  try {
    return await deliverDueEmails(database.db, mailConfig, transport, { to: [to] });
  } finally {
    transport.close();
  }
}

async function tenantWithRoom() {
  const tenant = await createTenantWithKey(database, { timeZone: "UTC" });
  const api = await callerFor(database, { apiKey: tenant.adminKey });
  const room = await api.bookings.resources.create({
    name: "Room 1",
    timeZone: "UTC",
    slotMinutes: 60,
    availability: everyDay("08:00", "18:00"),
  });
  return { tenant, api, room };
}

function slotAt(roomId: string, days: number, hour: number): string {
  const now = new Date();
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY;
  return encodeSlotId(roomId, new Date(day + hour * 3600_000));
}

async function rowsOf(tenantId: string) {
  return queryRows<{ template: string; status: string; to_address: string; props: unknown }>(
    database.db,
    sql`select template, status, to_address, props from email_messages
        where tenant_id = ${tenantId}::uuid order by created_at, id`,
  );
}

describe("recipient erasure", () => {
  it("a message sent through SMTP keeps only a keyed digest of its address; its unsubscribe link still works and the reminder's marker still holds", async () => {
    const { tenant, api, room } = await tenantWithRoom();
    const to = attendeeAddress();
    const booking = await api.bookings.create({
      slotId: slotAt(room.id, 3, 10),
      attendee: { name: "A", email: to },
    });
    const reminderAt = new Date(booking.start.getTime() - DAY);
    expect(await enqueueDueReminders(database.db, reminderAt, { tenantId: tenant.tenantId })).toBe(
      1,
    );
    // Queued: the address is there (it is needed to send).
    expect((await rowsOf(tenant.tenantId)).map((r) => r.to_address)).toEqual([to, to]);
    expect(await deliver(to)).toMatchObject({ sent: 2 });
    const received = await smtp.waitFor(mailTo(to));
    expect(received).toHaveLength(2);

    const rows = await rowsOf(tenant.tenantId);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    const digest = recipientDigest(config.linkSecret, to);
    for (const row of rows) {
      expect(row.to_address).toBe(digest);
      expect(isRecipientDigest(row.to_address)).toBe(true);
      expect(row.to_address).not.toContain(addressHash(to)); // keyed: not the plain SHA-256
    }
    // Keyed by AUTH_SECRET: another key gives another digest; the case of the address does not matter.
    expect(recipientDigest("another-secret-0123456789abcdef0123", to)).not.toBe(digest);
    expect(recipientDigest(config.linkSecret, to.toUpperCase())).toBe(digest);

    // The reminder's marker is the row, whatever its address now: no run queues it again.
    expect(
      await enqueueDueReminders(database.db, new Date(reminderAt.getTime() + 60_000), {
        tenantId: tenant.tenantId,
      }),
    ).toBe(0);

    // The unsubscribe link in the message still records the opt-out, which later notices honour.
    const link = received[0]?.listUnsubscribe;
    const token = link ? new URL(link).searchParams.get("token") : null;
    if (!token) throw new Error("no unsubscribe token");
    expect(await optOutWithToken(database.db, config.linkSecret, token)).toBe(true);
    await api.bookings.cancel({ id: booking.id });
    expect(await deliver(to)).toMatchObject({ sent: 0 });
    const after = await rowsOf(tenant.tenantId);
    expect(after.map((r) => [r.template, r.status])).toEqual([
      ["booking-confirmation", "sent"],
      ["booking-reminder", "sent"],
      ["booking-cancellation", "suppressed"],
    ]);
    expect(smtp.received.filter(mailTo(to))).toHaveLength(2);
  });

  it("the retention pass erases suppressed messages and messages dead past the grace (with their props), and leaves pending, newly dead and development-mailbox ones", async () => {
    const { tenant, api, room } = await tenantWithRoom();
    const other = await tenantWithRoom();
    const addresses = {
      pending: attendeeAddress(),
      suppressed: attendeeAddress(),
      newlyDead: attendeeAddress(),
      longDead: attendeeAddress(),
      mailbox: attendeeAddress(),
    };
    for (const [i, to] of Object.values(addresses).entries()) {
      await api.bookings.create({
        slotId: slotAt(room.id, 4, 8 + i),
        attendee: { name: "A", email: to },
      });
    }
    const otherTo = attendeeAddress();
    await other.api.bookings.create({
      slotId: slotAt(other.room.id, 4, 8),
      attendee: { name: "A", email: otherTo },
    });
    await deliver(addresses.mailbox, { ...config, smtpUrl: undefined });
    const set = (to: string, change: ReturnType<typeof sql>) =>
      database.db.execute(
        sql`update email_messages set ${change} where tenant_id = ${tenant.tenantId}::uuid and to_address = ${to}`,
      );
    await set(addresses.suppressed, sql`status = 'suppressed', props = '{}'::jsonb`);
    await set(addresses.newlyDead, sql`status = 'dead'`);
    await set(addresses.longDead, sql`status = 'dead'`);
    // The updated_at trigger stamps every update with now(): to make a row look as it will in 8 days,
    // the triggers are off for this one statement (session_replication_role, owner only).
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`update email_messages set updated_at = now() - interval '8 days'
            where tenant_id = ${tenant.tenantId}::uuid and to_address = ${addresses.longDead}`,
      );
    });
    await database.db.execute(
      sql`update email_messages set status = 'suppressed' where tenant_id = ${other.tenant.tenantId}::uuid`,
    );

    expect(
      await eraseSettledRecipients(database.db, config.linkSecret, { tenantId: tenant.tenantId }),
    ).toBe(2);
    const rows = await queryRows<{ status: string; to_address: string; props: object }>(
      database.db,
      sql`select status, to_address, props from email_messages where tenant_id = ${tenant.tenantId}::uuid`,
    );
    const byAddress = new Map(rows.map((r) => [r.to_address, r]));
    expect(byAddress.get(addresses.pending)?.status).toBe("pending");
    expect(byAddress.get(addresses.newlyDead)?.status).toBe("dead");
    expect(byAddress.get(addresses.mailbox)?.status).toBe("sent");
    expect(byAddress.get(recipientDigest(config.linkSecret, addresses.suppressed))).toMatchObject({
      status: "suppressed",
    });
    // Dead past the grace: can never be sent again, so its props (one-time tokens) go too.
    expect(byAddress.get(recipientDigest(config.linkSecret, addresses.longDead))).toEqual({
      status: "dead",
      to_address: recipientDigest(config.linkSecret, addresses.longDead),
      props: {},
    });
    // Only the named tenant; a second pass finds nothing.
    expect(
      (
        await queryRows<{ to_address: string }>(
          database.db,
          sql`select to_address from email_messages where tenant_id = ${other.tenant.tenantId}::uuid`,
        )
      ).every((r) => r.to_address === otherTo),
    ).toBe(true);
    expect(
      await eraseSettledRecipients(database.db, config.linkSecret, { tenantId: tenant.tenantId }),
    ).toBe(0);
  });
});
