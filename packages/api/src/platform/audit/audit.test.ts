// audit.list: the tenant's audit log, newest first, with filters; reading it is not itself audited.
import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
  keyIdOf,
} from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";

let database: Database;
let t: TestTenant;
let other: TestTenant;
let adminUser: string;
let keyId: string;
let createdKeyId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await createTenantWithKey(database);
  other = await createTenantWithKey(database);
  adminUser = await createMember(database, t.tenantId, "admin");
  keyId = await keyIdOf(database, t.adminKey);
  const asKey = await callerFor(database, { apiKey: t.adminKey });
  const asAdmin = await callerFor(database, { userId: adminUser, tenantId: t.tenantId });
  await asKey.tenant.update({ name: "Renamed" });
  createdKeyId = (await asAdmin.apiKeys.create({ name: "k", scopes: ["scores:read"] })).id;
  await asAdmin.apiKeys.revoke({ id: createdKeyId });
  await asKey.members.invite({ email: `x-${randomUUID()}@example.com`, role: "viewer" });
  await (await callerFor(database, { apiKey: other.adminKey })).tenant.update({ name: "Other" });
});
afterAll(async () => {
  await database.close();
});

describe("audit rows' client address", () => {
  it("is a parsed IP address or null, never text a header carried", async () => {
    const own = await createTenantWithKey(database);
    const cases: [string | null, string | null][] = [
      ["<script>alert(1)</script>", null],
      ["203.0.113.7, 127.0.0.1", null],
      ["unknown", null],
      ["::ffff:203.0.113.7", "203.0.113.7"],
      ["2001:db8:0:0::1", "2001:db8::1"],
      [null, null],
    ];
    for (const [index, [ip, stored]] of cases.entries()) {
      const c = await callerFor(database, { apiKey: own.adminKey }, { ip });
      await c.tenant.update({ name: `Renamed ${index}` });
      const [row] = await database.db
        .select({ ip: auditLog.ip })
        .from(auditLog)
        .where(eq(auditLog.tenantId, own.tenantId))
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(1);
      expect(row, String(ip)).toEqual({ ip: stored });
    }
  });
});

describe("audit.list", () => {
  it("lists the tenant's own entries newest first, and reading writes no entry", async () => {
    const c = await callerFor(database, { apiKey: t.adminKey });
    const page = await c.audit.list();
    expect(page.items.map((e) => e.action)).toEqual([
      "members.invite",
      "apiKeys.revoke",
      "apiKeys.create",
      "tenant.update",
    ]);
    expect(page.items[3]).toMatchObject({
      actorType: "api_key",
      actorId: keyId,
      targetId: t.tenantId,
    });
    expect(page.items[0]?.createdAt).toBeInstanceOf(Date);
    expect(page.items[0]?.requestId).toEqual(expect.any(String));
    expect(page.nextCursor).toBeNull();
    await c.audit.list();
    const rows = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.tenantId, t.tenantId));
    expect(rows).toHaveLength(4);
  });

  it("filters by action, actor, target and time, and pages with a cursor", async () => {
    const c = await callerFor(database, { apiKey: t.adminKey });
    expect((await c.audit.list({ action: "apiKeys.create" })).items.map((e) => e.targetId)).toEqual(
      [createdKeyId],
    );
    expect((await c.audit.list({ actorId: adminUser })).items.map((e) => e.action)).toEqual([
      "apiKeys.revoke",
      "apiKeys.create",
    ]);
    expect((await c.audit.list({ actorId: keyId })).items.map((e) => e.action)).toEqual([
      "members.invite",
      "tenant.update",
    ]);
    expect((await c.audit.list({ targetId: createdKeyId })).items.map((e) => e.action)).toEqual([
      "apiKeys.revoke",
      "apiKeys.create",
    ]);
    expect((await c.audit.list({ action: "apiKeys.create", actorId: keyId })).items).toEqual([]);

    const all = (await c.audit.list()).items;
    const oldest = all.at(-1);
    const newest = all[0];
    if (!oldest || !newest) throw new Error("no entries");
    expect((await c.audit.list({ to: oldest.createdAt })).items).toEqual([]);
    expect((await c.audit.list({ from: oldest.createdAt })).items).toEqual(all);
    expect((await c.audit.list({ from: new Date(newest.createdAt.getTime() + 1) })).items).toEqual(
      [],
    );
    expect(await codeOf(c.audit.list({ from: newest.createdAt, to: oldest.createdAt }))).toBe(
      "BAD_REQUEST",
    );

    const paged: typeof all = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await c.audit.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(all);
  });

  it("never shows another tenant's entries", async () => {
    const mine = await (
      await callerFor(database, { apiKey: t.adminKey })
    ).audit.list({ action: "tenant.update" });
    expect(mine.items.every((e) => e.targetId === t.tenantId)).toBe(true);
    const theirs = await (await callerFor(database, { apiKey: other.adminKey })).audit.list();
    expect(theirs.items.map((e) => e.targetId)).toEqual([other.tenantId]);
  });

  it("is for admins and admin keys only", async () => {
    const member = await createMember(database, t.tenantId, "member");
    const key = await createKey(database, t.tenantId, ["bookings:read"]);
    expect(
      await codeOf(
        (await callerFor(database, { userId: member, tenantId: t.tenantId })).audit.list(),
      ),
    ).toBe("FORBIDDEN");
    expect(await codeOf((await callerFor(database, { apiKey: key })).audit.list())).toBe(
      "FORBIDDEN",
    );
    expect(
      await codeOf(
        (await callerFor(database, { userId: adminUser, tenantId: t.tenantId })).audit.list(),
      ),
    ).toBeUndefined();
  });
});
