// `email.resend`: a tenant admin sends a dead message again from the Health page — through the real
// router (policy, RLS, audit), then the real outbox sender and an SMTP server on loopback.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, encodeSlotId, queryRows, withTenant, type Database } from "@frontdesk/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  everyDay,
} from "@frontdesk/testing/api";
import { codeOf, errorOf } from "@frontdesk/testing/errors";
import { useMailTestbed } from "@frontdesk/testing/mail-testbed";
import { type SmtpReceiver } from "@frontdesk/testing/smtp";
import { getAdminHealth } from "../health/service";
import { createMailTransport, deliverDueEmails, type MailConfig } from "./index";

const DAY = 86_400_000;

let database: Database;
let smtp: SmtpReceiver;
let config: MailConfig;

useMailTestbed(
  (testbed) => ({ database, smtp, config } = testbed),
  "test-link-secret-resend-0123456789abcdef01",
);

/** A tenant whose one booking confirmation failed every attempt (the relay was down). */
async function tenantWithDeadEmail() {
  const tenant = await createTenantWithKey(database, { timeZone: "UTC" });
  const api = await callerFor(database, { apiKey: tenant.adminKey });
  const room = await api.bookings.resources.create({
    name: "Room 2",
    timeZone: "UTC",
    slotMinutes: 60,
    availability: everyDay("08:00", "18:00"),
  });
  const to = `patient-${randomUUID().slice(0, 8)}@example.com`;
  const now = new Date();
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 3 * DAY;
  await api.bookings.create({
    slotId: encodeSlotId(room.id, new Date(start + 10 * 3600_000)),
    attendee: { name: "A", email: to },
  });
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`update email_messages set status = 'dead', attempts = 8, last_error = 'Error (ECONNREFUSED)'
        where tenant_id = ${tenant.tenantId}::uuid returning id`,
  );
  if (!row) throw new Error("no email queued");
  return { tenant, api, to, id: row.id };
}

async function health(tenantId: string) {
  return withTenant(database.db, { tenantId, readOnly: true }, (tx) =>
    getAdminHealth(database, tx, tenantId),
  );
}

async function rowOf(id: string) {
  const [row] = await queryRows<{ status: string; attempts: number; last_error: string | null }>(
    database.db,
    sql`select status, attempts, last_error from email_messages where id = ${id}::uuid`,
  );
  return row;
}

describe("email.resend", () => {
  it("queues a dead message again with fresh attempts, audited; it is then sent once and leaves the Health page", async () => {
    const { tenant, to, id } = await tenantWithDeadEmail();
    const admin = await createMember(database, tenant.tenantId, "admin");
    const asAdmin = await callerFor(database, { userId: admin, tenantId: tenant.tenantId });
    const before = await health(tenant.tenantId);
    expect(before.email.dead).toBe(1);
    expect(before.email.recentDead.map((d) => d.id)).toEqual([id]);

    expect(await asAdmin.email.resend({ id })).toEqual({ id, status: "pending" });
    expect(await rowOf(id)).toEqual({ status: "pending", attempts: 0, last_error: null });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.tenantId), eq(auditLog.action, "email.resend")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "user", actorId: admin, targetId: id });
    expect((await health(tenant.tenantId)).email).toMatchObject({ dead: 0, recentDead: [] });

    const transport = createMailTransport(config);
    try {
      expect(
        await deliverDueEmails(database.db, config, transport, { tenantId: tenant.tenantId }),
      ).toMatchObject({ sent: 1 });
    } finally {
      transport.close();
    }
    expect(await smtp.waitFor((m) => m.to.includes(to))).toHaveLength(1);
    // Sent: nothing to send again, and the refusal changes nothing.
    const error = await errorOf(asAdmin.email.resend({ id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/This message is sent; only a dead message/);
    expect((await rowOf(id))?.status).toBe("sent");
  });

  it("refuses a message dead past the grace (its address is erased) and leaves it as it was", async () => {
    const { tenant, id } = await tenantWithDeadEmail();
    await database.db.transaction(async (tx) => {
      // Triggers off for this statement so updated_at can be set to what it will be in 8 days.
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`update email_messages set updated_at = now() - interval '8 days' where id = ${id}::uuid`,
      );
    });
    expect((await health(tenant.tenantId)).email).toMatchObject({ dead: 0, recentDead: [] });
    const api = await callerFor(database, { apiKey: tenant.adminKey });
    const error = await errorOf(api.email.resend({ id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/address has been erased; it can no longer be sent/);
    expect(await rowOf(id)).toMatchObject({ status: "dead", attempts: 8 });
  });

  it("is for admins (users) and admin-scoped keys; another tenant's message is NOT_FOUND, like a missing one", async () => {
    const a = await tenantWithDeadEmail();
    const b = await createTenantWithKey(database);
    const member = await createMember(database, a.tenant.tenantId, "member");
    const asMember = await callerFor(database, { userId: member, tenantId: a.tenant.tenantId });
    expect(await codeOf(asMember.email.resend({ id: a.id }))).toBe("FORBIDDEN");
    const narrowKey = await createKey(database, a.tenant.tenantId, ["bookings:write"]);
    expect(
      await codeOf((await callerFor(database, { apiKey: narrowKey })).email.resend({ id: a.id })),
    ).toBe("FORBIDDEN");
    const asB = await callerFor(database, { apiKey: b.adminKey });
    const foreign = await errorOf(asB.email.resend({ id: a.id }));
    const missing = await errorOf(asB.email.resend({ id: randomUUID() }));
    expect([foreign.code, foreign.message]).toEqual([missing.code, missing.message]);
    expect(foreign.code).toBe("NOT_FOUND");
    expect(await codeOf(asB.email.resend({ id: "not-a-uuid" }))).toBe("BAD_REQUEST");
    expect(await rowOf(a.id)).toMatchObject({ status: "dead", attempts: 8 });
  });
});
