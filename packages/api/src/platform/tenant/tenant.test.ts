// tenant.get / tenant.update through the real context: policy, validation, RLS, audit.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, tenants, type Database } from "@frontdesk/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { codeOf } from "@frontdesk/testing/errors";

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t), { a: { timeZone: "Europe/Paris" } });

describe("tenant.get", () => {
  it("returns the caller's own tenant settings to a viewer and to an admin key", async () => {
    const viewer = await createMember(database, a.tenantId, "viewer");
    const asViewer = await (
      await callerFor(database, { userId: viewer, tenantId: a.tenantId })
    ).tenant.get();
    expect(asViewer).toMatchObject({
      id: a.tenantId,
      timeZone: "Europe/Paris",
      plan: "pro",
      retention: {
        metricsDays: 395,
        auditDays: 2190,
        phiEventsDays: 2190,
        deliveryLogDays: 90,
        emailDays: 90,
      },
      bookingNotices: { enabled: true, reminderMinutes: 1440 },
      orderPaymentTimeoutMinutes: 1440,
      bookingHoldMinutes: 15,
    });
    expect(asViewer.slug).toMatch(/^t-/);
    expect(asViewer.createdAt).toBeInstanceOf(Date);
    expect(await (await callerFor(database, { apiKey: a.adminKey })).tenant.get()).toEqual(
      asViewer,
    );
    expect((await (await callerFor(database, { apiKey: b.adminKey })).tenant.get()).id).toBe(
      b.tenantId,
    );
  });

  it("is refused to a key without the admin scope", async () => {
    const key = await createKey(database, a.tenantId, ["bookings:read", "bookings:write"]);
    expect(await codeOf((await callerFor(database, { apiKey: key })).tenant.get())).toBe(
      "FORBIDDEN",
    );
  });
});

describe("tenant.update", () => {
  it("changes only the given fields, validates them, and audits the change", async () => {
    const t = await createTenantWithKey(database);
    const admin = await createMember(database, t.tenantId, "admin");
    const c = await callerFor(database, { userId: admin, tenantId: t.tenantId });
    const before = await c.tenant.get();
    const updated = await c.tenant.update({
      name: "  Clinic North ",
      timeZone: "America/New_York",
      retention: { metricsDays: 30 },
      orderPaymentTimeoutMinutes: 60,
      bookingHoldMinutes: 5,
    });
    expect(updated).toEqual({
      ...before,
      name: "Clinic North",
      timeZone: "America/New_York",
      retention: { ...before.retention, metricsDays: 30 },
      orderPaymentTimeoutMinutes: 60,
      bookingHoldMinutes: 5,
    });
    expect(await c.tenant.get()).toEqual(updated);
    expect(await c.tenant.update({})).toEqual(updated);

    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, t.tenantId), eq(auditLog.action, "tenant.update")));
    expect(audit.length).toBe(2);
    expect(audit[0]).toMatchObject({ actorType: "user", actorId: admin, targetId: t.tenantId });
  });

  it("rejects an unknown time zone and out-of-range numbers with BAD_REQUEST", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    expect(await codeOf(c.tenant.update({ timeZone: "Mars/Olympus" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.tenant.update({ name: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.tenant.update({ retention: { auditDays: 0 } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.tenant.update({ retention: { phiEventsDays: 3651 } }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.tenant.update({ orderPaymentTimeoutMinutes: 4 }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.tenant.update({ orderPaymentTimeoutMinutes: 43_201 }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.tenant.update({ bookingHoldMinutes: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.tenant.update({ bookingHoldMinutes: 1.5 }))).toBe("BAD_REQUEST");
    expect((await c.tenant.get()).timeZone).toBe("Europe/Paris");
  });

  it("sets booking notices and the delivery-log and email retentions within their bounds", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { apiKey: t.adminKey });
    const before = await c.tenant.get();
    const updated = await c.tenant.update({
      bookingNotices: { enabled: false, reminderMinutes: 90 },
      retention: { deliveryLogDays: 7, emailDays: 30 },
    });
    expect(updated).toEqual({
      ...before,
      bookingNotices: { enabled: false, reminderMinutes: 90 },
      retention: { ...before.retention, deliveryLogDays: 7, emailDays: 30 },
    });
    // Each half on its own leaves the other as it was; 0 means "no reminder".
    expect(
      (await c.tenant.update({ bookingNotices: { reminderMinutes: 0 } })).bookingNotices,
    ).toEqual({ enabled: false, reminderMinutes: 0 });
    expect((await c.tenant.update({ bookingNotices: { enabled: true } })).bookingNotices).toEqual({
      enabled: true,
      reminderMinutes: 0,
    });
    for (const bad of [
      { bookingNotices: { reminderMinutes: 14 } },
      { bookingNotices: { reminderMinutes: 10_081 } },
      { bookingNotices: { reminderMinutes: 30.5 } },
      { bookingNotices: { reminderMinutes: -1 } },
      { retention: { deliveryLogDays: 0 } },
      { retention: { deliveryLogDays: 3651 } },
      // An email row is a reminder's exactly-once marker for up to a week.
      { retention: { emailDays: 6 } },
      { retention: { emailDays: 3651 } },
    ]) {
      expect(await codeOf(c.tenant.update(bad))).toBe("BAD_REQUEST");
    }
    expect(await c.tenant.get()).toMatchObject({
      bookingNotices: { enabled: true, reminderMinutes: 0 },
      retention: { deliveryLogDays: 7, emailDays: 30 },
    });
    // The database holds the same bounds, whoever writes.
    for (const statement of [
      sql`update tenants set booking_reminder_minutes = 5 where id = ${t.tenantId}::uuid`,
      sql`update tenants set email_retention_days = 6 where id = ${t.tenantId}::uuid`,
      sql`update tenants set delivery_log_retention_days = 0 where id = ${t.tenantId}::uuid`,
    ]) {
      await expect(database.db.execute(statement)).rejects.toThrow();
    }
  });

  it("is for admins: members, viewers and non-admin keys are refused", async () => {
    const member = await createMember(database, a.tenantId, "member");
    const viewer = await createMember(database, a.tenantId, "viewer");
    const key = await createKey(database, a.tenantId, ["orders:write"]);
    expect(
      await codeOf(
        (await callerFor(database, { userId: member, tenantId: a.tenantId })).tenant.update({
          name: "x",
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(
        (await callerFor(database, { userId: viewer, tenantId: a.tenantId })).tenant.update({
          name: "x",
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf((await callerFor(database, { apiKey: key })).tenant.update({ name: "x" })),
    ).toBe("FORBIDDEN");
  });

  it("never touches another tenant", async () => {
    const [before] = await database.db.select().from(tenants).where(eq(tenants.id, b.tenantId));
    await (
      await callerFor(database, { apiKey: a.adminKey })
    ).tenant.update({ bookingHoldMinutes: 42 });
    const [after] = await database.db.select().from(tenants).where(eq(tenants.id, b.tenantId));
    expect(after).toEqual(before);
  });
});
