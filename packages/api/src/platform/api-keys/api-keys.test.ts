// apiKeys.*: secrets shown once and never listed, revocation, rotation with a grace period, and
// the rule that a key cannot hand out scopes it lacks.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditLog, hashApiKey, withTenant, type Database } from "@frontdesk/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
  keyIdOf,
} from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { codeOf } from "@frontdesk/testing/errors";
import type { Actor } from "../../actor";
import { createApiKey, rotateApiKey } from "./service";

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t));

/** Whether a key authenticates at all (tenant.get needs the admin scope, so use a probe it has). */
async function works(secret: string): Promise<boolean> {
  const code = await codeOf((await callerFor(database, { apiKey: secret })).tenant.get());
  return code === undefined || code === "FORBIDDEN";
}

describe("apiKeys.create and apiKeys.list", () => {
  it("returns the secret once; the key works with exactly its scopes; lists never show secrets or hashes", async () => {
    const admin = await createMember(database, a.tenantId, "admin");
    const c = await callerFor(database, { userId: admin, tenantId: a.tenantId });
    const created = await c.apiKeys.create({
      name: " booking widget ",
      scopes: ["bookings:read", "bookings:write"],
      expiresInDays: 30,
    });
    expect(created).toMatchObject({
      name: "booking widget",
      scopes: ["bookings:read", "bookings:write"],
      revokedAt: null,
      rotatedToId: null,
      lastUsedAt: null,
    });
    expect(created.secret.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect(created.expiresAt?.getTime()).toBeLessThan(Date.now() + 31 * 24 * 3600 * 1000);
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row).toMatchObject({
      tenantId: a.tenantId,
      secretHash: hashApiKey(created.secret),
      createdBy: admin,
    });

    const withKey = await callerFor(database, { apiKey: created.secret });
    expect(await codeOf(withKey.tenant.get())).toBe("FORBIDDEN");
    expect(await codeOf(withKey.apiKeys.list())).toBe("FORBIDDEN");

    const listed = await c.apiKeys.list();
    const item = listed.items.find((k) => k.id === created.id);
    const { secret: _secret, ...shown } = created;
    expect(item).toEqual(shown);
    expect(listed.items[0]?.id).toBe(created.id);
    const json = JSON.stringify(listed);
    expect(json).not.toContain(created.secret);
    expect(json).not.toContain(hashApiKey(created.secret));
    expect(json).not.toContain(hashApiKey(a.adminKey));
    for (const k of listed.items) expect(Object.keys(k).sort()).toEqual(Object.keys(shown).sort());

    // The audit row names the key, never the secret.
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, created.id));
    expect(audit.map((r) => r.action)).toEqual(["apiKeys.create"]);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it("pages through keys newest first and only shows the caller's tenant", async () => {
    const t = await createTenantWithKey(database);
    const c = await callerFor(database, { apiKey: t.adminKey });
    const made: { id: string }[] = [];
    for (let i = 0; i < 3; i++)
      made.push(await c.apiKeys.create({ name: `k${i}`, scopes: ["metrics:write"] }));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await c.apiKeys.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((k) => k.name));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["k2", "k1", "k0", "test admin"]);
    const other = await (await callerFor(database, { apiKey: b.adminKey })).apiKeys.list();
    expect(other.items.some((k) => made.some((m) => m.id === k.id))).toBe(false);
  });

  it("validates name, scopes and expiry", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    expect(await codeOf(c.apiKeys.create({ name: "", scopes: ["admin"] }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.apiKeys.create({ name: "x".repeat(101), scopes: ["admin"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.apiKeys.create({ name: "x", scopes: [] }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.apiKeys.create({ name: "x", scopes: ["admin", "admin"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.apiKeys.create({ name: "x", scopes: ["everything" as "admin"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.apiKeys.create({ name: "x", scopes: ["admin"], expiresInDays: 0 }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(c.apiKeys.create({ name: "x", scopes: ["admin"], expiresInDays: 3651 })),
    ).toBe("BAD_REQUEST");
  });

  it("is for admins and admin keys only", async () => {
    const member = await createMember(database, a.tenantId, "member");
    const viewer = await createMember(database, a.tenantId, "viewer");
    const writer = await createKey(database, a.tenantId, ["bookings:write", "orders:write"]);
    for (const auth of [
      { userId: member, tenantId: a.tenantId },
      { userId: viewer, tenantId: a.tenantId },
      { apiKey: writer },
    ]) {
      const c = await callerFor(database, auth);
      expect(await codeOf(c.apiKeys.list())).toBe("FORBIDDEN");
      expect(await codeOf(c.apiKeys.create({ name: "x", scopes: ["bookings:write"] }))).toBe(
        "FORBIDDEN",
      );
    }
  });

  it("a key cannot create or rotate a key with a scope it lacks", async () => {
    const limited: Actor = {
      tenantId: a.tenantId,
      type: "api_key",
      id: randomUUID(),
      userId: null,
      role: null,
      scopes: ["bookings:read", "bookings:write"],
      requestId: "test-request",
    };
    const victim = await (
      await callerFor(database, { apiKey: a.adminKey })
    ).apiKeys.create({ name: "admin", scopes: ["admin"] });
    await withTenant(database.db, { tenantId: a.tenantId }, async (tx) => {
      await expect(
        createApiKey(tx, limited, { name: "x", scopes: ["bookings:read", "admin"] }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        rotateApiKey(
          tx,
          limited,
          { id: victim.id, graceMinutes: 60, revokePrevious: false },
          { requestId: "test-request", ip: null, userAgent: null },
        ),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        createApiKey(tx, limited, { name: "subset", scopes: ["bookings:read"] }),
      ).resolves.toMatchObject({ scopes: ["bookings:read"] });
      await expect(
        createApiKey(tx, { ...limited, scopes: ["admin"] }, { name: "any", scopes: ["phi:read"] }),
      ).resolves.toMatchObject({ scopes: ["phi:read"] });
    });
  });
});

describe("apiKeys.revoke", () => {
  it("stops the key at once, is idempotent, and cannot reach another tenant's key", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const created = await c.apiKeys.create({ name: "to revoke", scopes: ["admin"] });
    expect(await works(created.secret)).toBe(true);
    const revoked = await c.apiKeys.revoke({ id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await works(created.secret)).toBe(false);
    expect(await c.apiKeys.revoke({ id: created.id })).toEqual(revoked);

    const theirs = await keyIdOf(database, b.adminKey);
    expect(await codeOf(c.apiKeys.revoke({ id: theirs }))).toBe("NOT_FOUND");
    expect(await codeOf(c.apiKeys.revoke({ id: randomUUID() }))).toBe("NOT_FOUND");
    expect(await works(b.adminKey)).toBe(true);
  });
});

describe("apiKeys.rotate", () => {
  it("issues a new key with the same name and scopes; the old one works during the grace period only", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const old = await c.apiKeys.create({
      name: "server",
      scopes: ["admin", "bookings:write"],
      expiresInDays: 10,
    });
    const rotated = await c.apiKeys.rotate({ id: old.id, graceMinutes: 30 });
    expect(rotated).toMatchObject({
      name: "server",
      scopes: ["admin", "bookings:write"],
      rotatedToId: null,
      graceExpiresAt: null,
    });
    expect(rotated.id).not.toBe(old.id);
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.previous).toMatchObject({ id: old.id, rotatedToId: rotated.id });
    const graceMs = (rotated.previous.graceExpiresAt?.getTime() ?? 0) - Date.now();
    expect(graceMs).toBeGreaterThan(29 * 60_000);
    expect(graceMs).toBeLessThanOrEqual(30 * 60_000);
    expect(rotated.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 9.9 * 24 * 3600 * 1000);

    // Both work during the grace period.
    expect(await works(old.secret)).toBe(true);
    expect(await works(rotated.secret)).toBe(true);
    const listed = (await c.apiKeys.list()).items.find((k) => k.id === old.id);
    expect(listed).toMatchObject({ rotatedToId: rotated.id, revokedAt: null });
    expect(JSON.stringify(await c.apiKeys.list())).not.toContain(rotated.secret);

    // Past the grace period (moved into the past as the owner), the old key is refused.
    await database.db
      .update(apiKeys)
      .set({ graceExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiKeys.id, old.id));
    expect(await works(old.secret)).toBe(false);
    expect(await works(rotated.secret)).toBe(true);

    // A rotated key is not rotated twice.
    expect(await codeOf(c.apiKeys.rotate({ id: old.id }))).toBe("CONFLICT");
  });

  it("defaults to 60 minutes of grace; 0 stops the old key at once; revoked keys and other tenants' keys are refused", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const first = await c.apiKeys.create({ name: "default grace", scopes: ["admin"] });
    const rotated = await c.apiKeys.rotate({ id: first.id });
    const graceMs = (rotated.previous.graceExpiresAt?.getTime() ?? 0) - Date.now();
    expect(graceMs).toBeGreaterThan(59 * 60_000);
    expect(graceMs).toBeLessThanOrEqual(60 * 60_000);
    expect(rotated.expiresAt).toBeNull();

    const second = await c.apiKeys.create({ name: "no grace", scopes: ["admin"] });
    const now = await c.apiKeys.rotate({ id: second.id, graceMinutes: 0 });
    expect(await works(second.secret)).toBe(false);
    expect(await works(now.secret)).toBe(true);

    await c.apiKeys.revoke({ id: now.id });
    expect(await codeOf(c.apiKeys.rotate({ id: now.id }))).toBe("CONFLICT");
    expect(await codeOf(c.apiKeys.rotate({ id: rotated.id, graceMinutes: 10_081 }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.apiKeys.rotate({ id: await keyIdOf(database, b.adminKey) }))).toBe(
      "NOT_FOUND",
    );
  });

  it("revoking the replacement ends its predecessors' grace periods too, and says so in the audit log", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const first = await c.apiKeys.create({ name: "leaked", scopes: ["admin"] });
    const second = await c.apiKeys.rotate({ id: first.id, graceMinutes: 600 });
    const third = await c.apiKeys.rotate({ id: second.id, graceMinutes: 600 });
    expect(await works(first.secret)).toBe(true);
    expect(await works(second.secret)).toBe(true);

    const revoked = await c.apiKeys.revoke({ id: third.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await works(third.secret)).toBe(false);
    expect(await works(second.secret)).toBe(false);
    expect(await works(first.secret)).toBe(false);
    const listed = (await c.apiKeys.list({ limit: 200 })).items.filter((k) =>
      [first.id, second.id].includes(k.id),
    );
    expect(listed.map((k) => k.revokedAt)).toEqual([expect.any(Date), expect.any(Date)]);

    const audited = await database.db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(eq(auditLog.tenantId, a.tenantId));
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: "apiKeys.revoke", targetId: third.id },
        { action: "apiKeys.revoke.predecessor", targetId: second.id },
        { action: "apiKeys.revoke.predecessor", targetId: first.id },
      ]),
    );
  });

  it("a predecessor whose grace period is over stays as it was when its replacement is revoked", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const old = await c.apiKeys.create({ name: "done", scopes: ["admin"] });
    const fresh = await c.apiKeys.rotate({ id: old.id, graceMinutes: 0 });
    await c.apiKeys.revoke({ id: fresh.id });
    const listed = (await c.apiKeys.list({ limit: 200 })).items.find((k) => k.id === old.id);
    expect(listed).toMatchObject({ revokedAt: null, rotatedToId: fresh.id });
  });

  it("rotate with revokePrevious revokes the old key (and a predecessor still in grace) at once", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const first = await c.apiKeys.create({ name: "compromised", scopes: ["admin"] });
    const second = await c.apiKeys.rotate({ id: first.id, graceMinutes: 600 });
    const third = await c.apiKeys.rotate({
      id: second.id,
      revokePrevious: true,
      graceMinutes: 600,
    });
    expect(third.previous).toMatchObject({ id: second.id, rotatedToId: third.id });
    expect(third.previous.revokedAt).toBeInstanceOf(Date);
    expect(await works(second.secret)).toBe(false);
    expect(await works(first.secret)).toBe(false);
    expect(await works(third.secret)).toBe(true);
    expect(
      await codeOf(c.apiKeys.rotate({ id: third.id, revokePrevious: "yes" as unknown as boolean })),
    ).toBe("BAD_REQUEST");
  });

  it("a key can rotate itself and keep working through the grace period", async () => {
    const self = await createKey(database, a.tenantId, ["admin"]);
    const rotated = await (
      await callerFor(database, { apiKey: self })
    ).apiKeys.rotate({ id: await keyIdOf(database, self) });
    expect(await works(self)).toBe(true);
    expect(await works(rotated.secret)).toBe(true);
  });
});
