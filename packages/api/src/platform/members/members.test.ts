// members.* and acceptInvitation: listing, invitations, and the role rules (owner-only owner grants,
// no self-raise, never zero owners — also under concurrent demotions).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, memberships, users, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/db/testing";
import { callerFor, createMember, createTenantWithKey, type TestTenant } from "../../testing";
import { codeOf } from "../test-helpers";
import { acceptInvitation, hashInvitationToken } from "./service";

let database: Database;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await createTenantWithKey(database);
  b = await createTenantWithKey(database);
});
afterAll(async () => {
  await database.close();
});

const as = (tenant: TestTenant, userId: string) =>
  callerFor(database, { userId, tenantId: tenant.tenantId });

async function roleOf(tenantId: string, userId: string) {
  const [row] = await database.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

async function ownerCount(tenantId: string): Promise<number> {
  const rows = await database.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
  return rows.length;
}

async function newUser(
  email = `u-${randomUUID()}@example.com`,
): Promise<{ id: string; email: string }> {
  const [row] = await database.db.insert(users).values({ email }).returning({ id: users.id });
  if (!row) throw new Error("no user");
  return { id: row.id, email };
}

describe("members.list", () => {
  it("lets a viewer list the tenant's members with email and role, newest first, page by page", async () => {
    const t = await createTenantWithKey(database);
    const admin = await createMember(database, t.tenantId, "admin");
    const viewer = await createMember(database, t.tenantId, "viewer");
    await createMember(database, b.tenantId, "member");
    const c = await as(t, viewer);

    const all = await c.members.list();
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((m) => m.userId)).toEqual([viewer, admin, t.ownerUserId]);
    expect(all.items[2]).toMatchObject({ userId: t.ownerUserId, role: "owner", name: null });
    expect(all.items[2]?.email).toMatch(/^owner-.*@example\.com$/);
    expect(all.items[0]?.createdAt).toBeInstanceOf(Date);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await c.members.list({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((m) => m.userId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([viewer, admin, t.ownerUserId]);
    expect(await codeOf(c.members.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.members.list({ limit: 201 }))).toBe("BAD_REQUEST");
  });
});

describe("members.invite and acceptInvitation", () => {
  it("stores only the token's hash, returns the token once, and the invitee becomes a member on accepting", async () => {
    const admin = await createMember(database, a.tenantId, "admin");
    const invitee = await newUser();
    const invitation = await (
      await as(a, admin)
    ).members.invite({ email: invitee.email.toUpperCase(), role: "member" });
    expect(invitation).toMatchObject({ email: invitee.email, role: "member" });
    expect(invitation.acceptUrlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    const [row] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitation.id));
    expect(row).toMatchObject({
      tenantId: a.tenantId,
      tokenHash: hashInvitationToken(invitation.acceptUrlToken),
      invitedBy: admin,
    });
    expect(JSON.stringify(row)).not.toContain(invitation.acceptUrlToken);

    const accepted = await acceptInvitation(database.db, invitation.acceptUrlToken, invitee.id);
    expect(accepted).toMatchObject({
      tenantId: a.tenantId,
      userId: invitee.id,
      role: "member",
      alreadyMember: false,
    });
    expect(await roleOf(a.tenantId, invitee.id)).toBe("member");
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, a.tenantId),
          eq(auditLog.action, "members.acceptInvitation"),
          eq(auditLog.actorId, invitee.id),
        ),
      );
    expect(audit).toMatchObject({ actorType: "user", targetId: accepted.membershipId });

    // A token works once.
    await expect(
      acceptInvitation(database.db, invitation.acceptUrlToken, invitee.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The new member is listed, and inviting them again is a conflict.
    expect((await (await as(a, admin)).members.list()).items.map((m) => m.userId)).toContain(
      invitee.id,
    );
    expect(
      await codeOf((await as(a, admin)).members.invite({ email: invitee.email, role: "viewer" })),
    ).toBe("CONFLICT");
  });

  it("refuses an unknown, expired, replaced or someone else's invitation", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const invitee = await newUser();
    const stranger = await newUser();
    await expect(acceptInvitation(database.db, "x".repeat(43), invitee.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(acceptInvitation(database.db, "short", invitee.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const first = await c.members.invite({ email: invitee.email, role: "viewer" });
    const second = await c.members.invite({ email: invitee.email, role: "admin" });
    await expect(
      acceptInvitation(database.db, first.acceptUrlToken, invitee.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      acceptInvitation(database.db, second.acceptUrlToken, stranger.id),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    await expect(
      acceptInvitation(database.db, second.acceptUrlToken, invitee.id, later),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await roleOf(a.tenantId, stranger.id)).toBeNull();

    await expect(
      acceptInvitation(database.db, second.acceptUrlToken, invitee.id),
    ).resolves.toMatchObject({ role: "admin" });
    expect(await roleOf(a.tenantId, invitee.id)).toBe("admin");
  });

  it("keeps an existing member's role when they accept a stale invitation", async () => {
    const invitee = await newUser();
    const invitation = await (
      await callerFor(database, { apiKey: a.adminKey })
    ).members.invite({ email: invitee.email, role: "viewer" });
    await database.db
      .insert(memberships)
      .values({ tenantId: a.tenantId, userId: invitee.id, role: "admin" });
    await expect(
      acceptInvitation(database.db, invitation.acceptUrlToken, invitee.id),
    ).resolves.toMatchObject({ role: "admin", alreadyMember: true });
    expect(await roleOf(a.tenantId, invitee.id)).toBe("admin");
  });

  it("never invites an owner and is for admins only", async () => {
    const member = await createMember(database, a.tenantId, "member");
    const c = await callerFor(database, { apiKey: a.adminKey });
    expect(
      await codeOf(c.members.invite({ email: "x@example.com", role: "owner" as "admin" })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(c.members.invite({ email: "not-an-email", role: "viewer" }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(
        (await as(a, member)).members.invite({ email: "y@example.com", role: "viewer" }),
      ),
    ).toBe("FORBIDDEN");
  });
});

describe("members.updateRole and members.remove", () => {
  it("lets an admin change and remove members, and audits it", async () => {
    const t = await createTenantWithKey(database);
    const admin = await createMember(database, t.tenantId, "admin");
    const member = await createMember(database, t.tenantId, "member");
    const c = await as(t, admin);
    const updated = await c.members.updateRole({ userId: member, role: "admin" });
    expect(updated).toMatchObject({ userId: member, role: "admin" });
    expect(await c.members.updateRole({ userId: member, role: "admin" })).toEqual(updated);
    expect(await roleOf(t.tenantId, member)).toBe("admin");
    await c.members.updateRole({ userId: member, role: "viewer" });
    expect(await roleOf(t.tenantId, member)).toBe("viewer");

    expect(await c.members.remove({ userId: member })).toEqual({
      id: updated.id,
      userId: member,
      removed: true,
    });
    expect(await roleOf(t.tenantId, member)).toBeNull();
    expect(await codeOf(c.members.remove({ userId: member }))).toBe("NOT_FOUND");

    const actions = await database.db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, t.tenantId), eq(auditLog.actorId, admin)));
    expect(
      actions
        .filter((x) => x.targetId === updated.id)
        .map((x) => x.action)
        .sort(),
    ).toEqual(["members.remove", "members.updateRole", "members.updateRole", "members.updateRole"]);
  });

  it("only an owner grants or revokes owner (not an admin, not an admin key)", async () => {
    const t = await createTenantWithKey(database);
    const admin = await createMember(database, t.tenantId, "admin");
    const member = await createMember(database, t.tenantId, "member");
    const key = callerFor(database, { apiKey: t.adminKey });
    expect(
      await codeOf((await as(t, admin)).members.updateRole({ userId: member, role: "owner" })),
    ).toBe("FORBIDDEN");
    expect(await codeOf((await key).members.updateRole({ userId: member, role: "owner" }))).toBe(
      "FORBIDDEN",
    );

    const owner = await as(t, t.ownerUserId);
    await owner.members.updateRole({ userId: member, role: "owner" });
    expect(await roleOf(t.tenantId, member)).toBe("owner");
    expect(
      await codeOf((await as(t, admin)).members.updateRole({ userId: member, role: "viewer" })),
    ).toBe("FORBIDDEN");
    expect(await codeOf((await as(t, admin)).members.remove({ userId: member }))).toBe("FORBIDDEN");
    expect(await codeOf((await key).members.remove({ userId: member }))).toBe("FORBIDDEN");
    await owner.members.remove({ userId: member });
    expect(await roleOf(t.tenantId, member)).toBeNull();
  });

  it("nobody raises their own role", async () => {
    const t = await createTenantWithKey(database);
    const admin = await createMember(database, t.tenantId, "admin");
    const error = await (
      await as(t, admin)
    ).members
      .updateRole({ userId: admin, role: "owner" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/raise your own role/) as unknown,
    });
    expect(await roleOf(t.tenantId, admin)).toBe("admin");
    // Lowering one's own role is fine.
    await (await as(t, admin)).members.updateRole({ userId: admin, role: "member" });
    expect(await roleOf(t.tenantId, admin)).toBe("member");
  });

  it("never demotes or removes the last owner, but a second owner may step down", async () => {
    const t = await createTenantWithKey(database);
    const owner = await as(t, t.ownerUserId);
    expect(await codeOf(owner.members.updateRole({ userId: t.ownerUserId, role: "admin" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(owner.members.remove({ userId: t.ownerUserId }))).toBe("CONFLICT");

    const second = await createMember(database, t.tenantId, "owner");
    await (await as(t, second)).members.updateRole({ userId: second, role: "admin" });
    expect(await ownerCount(t.tenantId)).toBe(1);
    const third = await createMember(database, t.tenantId, "owner");
    await (await as(t, third)).members.remove({ userId: third });
    expect(await ownerCount(t.tenantId)).toBe(1);
  });

  it("two owners stepping down, demoting or removing each other at the same time leave exactly one owner", async () => {
    for (let round = 0; round < 6; round++) {
      const t = await createTenantWithKey(database);
      const other = await createMember(database, t.tenantId, "owner");
      const [x, y] = await Promise.all([as(t, t.ownerUserId), as(t, other)]);
      const scenario = round % 3;
      const results = await Promise.allSettled(
        scenario === 0
          ? // Both step down: without the lock on the owner rows both would see two owners.
            [
              x.members.updateRole({ userId: t.ownerUserId, role: "admin" }),
              y.members.updateRole({ userId: other, role: "member" }),
            ]
          : scenario === 1
            ? [
                x.members.updateRole({ userId: other, role: "admin" }),
                y.members.updateRole({ userId: t.ownerUserId, role: "viewer" }),
              ]
            : [x.members.remove({ userId: other }), y.members.remove({ userId: t.ownerUserId })],
      );
      expect(await ownerCount(t.tenantId)).toBe(1);
      const failed = results.filter((r) => r.status === "rejected");
      expect(failed.length).toBe(1);
      // Stepping down: the loser is the last owner (CONFLICT). Demoting the other: the loser is no
      // longer an owner by the time its locks are granted, so it may not revoke owner (FORBIDDEN).
      expect(failed[0]).toMatchObject({
        reason: { code: scenario === 0 ? "CONFLICT" : "FORBIDDEN" },
      });
    }
  });

  it("another tenant's user is NOT_FOUND", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const elsewhere = await createMember(database, b.tenantId, "member");
    expect(await codeOf(c.members.updateRole({ userId: elsewhere, role: "viewer" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(c.members.remove({ userId: elsewhere }))).toBe("NOT_FOUND");
    expect(await codeOf(c.members.remove({ userId: b.ownerUserId }))).toBe("NOT_FOUND");
    expect(await codeOf(c.members.updateRole({ userId: randomUUID(), role: "viewer" }))).toBe(
      "NOT_FOUND",
    );
    expect(await roleOf(b.tenantId, elsewhere)).toBe("member");
  });
});
