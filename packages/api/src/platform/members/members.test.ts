// members.* and acceptInvitation: listing, invitations, and the role rules (owner-only owner grants,
// no self-raise, never zero owners — also under concurrent demotions).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, invitations, memberships, users, type Database } from "@frontdesk/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { codeOf } from "@frontdesk/testing/errors";
import { acceptInvitation, hashInvitationToken } from "./service";

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t));

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
  const [row] = await database.db
    .insert(users)
    .values({ email, emailVerified: new Date() })
    .returning({ id: users.id });
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
    expect(invitation.acceptUrlToken).toMatch(/^[\w-]{43}$/);
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
      revokedApiKeyIds: [],
      keptApiKeyIds: [],
      revokedInvitationIds: [],
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

describe("members.listInvitations and members.revokeInvitation", () => {
  it("lists only pending invitations, without tokens, and a revoked one can no longer be accepted", async () => {
    const t = await createTenantWithKey(database);
    const admin = await createMember(database, t.tenantId, "admin");
    const c = await as(t, admin);
    const invitee = await newUser();
    const pending = await c.members.invite({ email: invitee.email, role: "member" });
    const other = await c.members.invite({
      email: `other-${randomUUID()}@example.com`,
      role: "viewer",
    });
    const expired = await c.members.invite({
      email: `late-${randomUUID()}@example.com`,
      role: "viewer",
    });
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, expired.id));
    const acceptingUser = await newUser();
    const toAccept = await c.members.invite({ email: acceptingUser.email, role: "viewer" });
    await acceptInvitation(database.db, toAccept.acceptUrlToken, acceptingUser.id);

    const listed = await c.members.listInvitations();
    expect(listed.items.map((i) => i.id).sort()).toEqual([pending.id, other.id].sort());
    expect(listed.items.find((i) => i.id === pending.id)).toMatchObject({
      email: invitee.email,
      role: "member",
      invitedBy: admin,
      invitedByEmail: expect.stringMatching(/^admin-/) as unknown,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(pending.acceptUrlToken);
    const firstPage = await c.members.listInvitations({ limit: 1 });
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.nextCursor).not.toBeNull();

    const revoked = await c.members.revokeInvitation({ id: pending.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await c.members.revokeInvitation({ id: pending.id })).toEqual(revoked);
    await expect(
      acceptInvitation(database.db, pending.acceptUrlToken, invitee.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await roleOf(t.tenantId, invitee.id)).toBeNull();
    expect((await c.members.listInvitations()).items.map((i) => i.id)).toEqual([other.id]);
    expect(await codeOf(c.members.revokeInvitation({ id: toAccept.id }))).toBe("CONFLICT");

    const [audit] = await database.db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "members.revokeInvitation"), eq(auditLog.targetId, pending.id)),
      );
    expect(audit).toEqual({ actorId: admin });
  });

  it("is for admins and stays inside the tenant", async () => {
    const t = await createTenantWithKey(database);
    const other = await createTenantWithKey(database);
    const theirs = await (
      await callerFor(database, { apiKey: other.adminKey })
    ).members.invite({ email: `x-${randomUUID()}@example.com`, role: "admin" });
    const c = await callerFor(database, { apiKey: t.adminKey });
    expect((await c.members.listInvitations()).items).toEqual([]);
    expect(await codeOf(c.members.revokeInvitation({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(c.members.revokeInvitation({ id: randomUUID() }))).toBe("NOT_FOUND");
    const member = await as(t, await createMember(database, t.tenantId, "member"));
    expect(await codeOf(member.members.listInvitations())).toBe("FORBIDDEN");
    expect(await codeOf(member.members.revokeInvitation({ id: theirs.id }))).toBe("FORBIDDEN");
    const viewerKey = await createKey(database, t.tenantId, ["bookings:read"]);
    expect(
      await codeOf((await callerFor(database, { apiKey: viewerKey })).members.listInvitations()),
    ).toBe("FORBIDDEN");
    // Keeping another tenant's key through members.remove is refused like keeping an unknown one.
    const leaver = await createMember(database, t.tenantId, "admin");
    const otherKey = (await (await callerFor(database, { apiKey: other.adminKey })).apiKeys.list())
      .items[0];
    expect(
      await codeOf(c.members.remove({ userId: leaver, keepApiKeyIds: [otherKey?.id ?? ""] })),
    ).toBe("BAD_REQUEST");
    expect(await roleOf(t.tenantId, leaver)).toBe("admin");
    // Theirs is untouched.
    const still = await (
      await callerFor(database, { apiKey: other.adminKey })
    ).members.listInvitations();
    expect(still.items.map((i) => i.id)).toEqual([theirs.id]);
  });
});

describe("a removed or demoted admin loses what they created", () => {
  async function keyWorks(secret: string): Promise<string | undefined> {
    return codeOf((await callerFor(database, { apiKey: secret })).tenant.get());
  }

  it("removal revokes their API keys (also keys made through their keys) and pending invitations, except kept keys; all audited", async () => {
    const t = await createTenantWithKey(database);
    const leaver = await createMember(database, t.tenantId, "admin");
    const mine = await as(t, leaver);
    const adminKey = await mine.apiKeys.create({ name: "backdoor", scopes: ["admin"] });
    const widgetKey = await mine.apiKeys.create({ name: "widget", scopes: ["bookings:read"] });
    const keep = await mine.apiKeys.create({ name: "production", scopes: ["bookings:write"] });
    const viaKey = await (
      await callerFor(database, { apiKey: adminKey.secret })
    ).apiKeys.create({ name: "made by a key", scopes: ["admin"] });
    expect(viaKey.createdBy).toBe(leaver);
    const alt = await newUser();
    const invitation = await mine.members.invite({ email: alt.email, role: "admin" });
    const viaKeyInvitee = await newUser();
    const viaKeyInvitation = await (
      await callerFor(database, { apiKey: adminKey.secret })
    ).members.invite({ email: viaKeyInvitee.email, role: "admin" });
    // Someone else's key and invitation stay.
    const otherAdmin = await createMember(database, t.tenantId, "admin");
    const theirKey = await (
      await as(t, otherAdmin)
    ).apiKeys.create({ name: "theirs", scopes: ["admin"] });
    const bystander = await newUser();
    const theirInvitation = await (
      await as(t, otherAdmin)
    ).members.invite({ email: bystander.email, role: "viewer" });

    const owner = await as(t, t.ownerUserId);
    expect(
      await codeOf(owner.members.remove({ userId: leaver, keepApiKeyIds: [theirKey.id] })),
    ).toBe("BAD_REQUEST");
    expect(await roleOf(t.tenantId, leaver)).toBe("admin");

    const removed = await owner.members.remove({ userId: leaver, keepApiKeyIds: [keep.id] });
    expect(removed.revokedApiKeyIds.sort()).toEqual([adminKey.id, widgetKey.id, viaKey.id].sort());
    expect(removed.keptApiKeyIds).toEqual([keep.id]);
    expect(removed.revokedInvitationIds.sort()).toEqual(
      [invitation.id, viaKeyInvitation.id].sort(),
    );

    expect(await keyWorks(adminKey.secret)).toBe("UNAUTHORIZED");
    expect(await keyWorks(viaKey.secret)).toBe("UNAUTHORIZED");
    expect(await keyWorks(widgetKey.secret)).toBe("UNAUTHORIZED");
    expect(await keyWorks(keep.secret)).toBe("FORBIDDEN"); // authenticated; lacks the admin scope
    expect(await keyWorks(theirKey.secret)).toBeUndefined();
    await expect(
      acceptInvitation(database.db, invitation.acceptUrlToken, alt.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      acceptInvitation(database.db, viaKeyInvitation.acceptUrlToken, viaKeyInvitee.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await roleOf(t.tenantId, alt.id)).toBeNull();
    await expect(
      acceptInvitation(database.db, theirInvitation.acceptUrlToken, bystander.id),
    ).resolves.toMatchObject({ role: "viewer" });

    const audit = await database.db
      .select({ action: auditLog.action, targetId: auditLog.targetId, metadata: auditLog.metadata })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, t.tenantId), eq(auditLog.actorId, t.ownerUserId)));
    const reason = { reason: "members.remove", membershipId: removed.id, userId: leaver };
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "members.remove", targetId: removed.id, metadata: {} },
        { action: "apiKeys.revoke", targetId: adminKey.id, metadata: reason },
        { action: "apiKeys.revoke", targetId: viaKey.id, metadata: reason },
        { action: "apiKeys.revoke", targetId: widgetKey.id, metadata: reason },
        { action: "apiKeys.keep", targetId: keep.id, metadata: reason },
        { action: "members.revokeInvitation", targetId: invitation.id, metadata: reason },
        { action: "members.revokeInvitation", targetId: viaKeyInvitation.id, metadata: reason },
      ]),
    );
  });

  it("demotion below admin revokes their admin-scoped keys and their invitations, not their other keys", async () => {
    const t = await createTenantWithKey(database);
    const demoted = await createMember(database, t.tenantId, "admin");
    const mine = await as(t, demoted);
    const adminKey = await mine.apiKeys.create({ name: "admin", scopes: ["admin"] });
    const keptAdmin = await mine.apiKeys.create({ name: "ci", scopes: ["admin"] });
    const readKey = await mine.apiKeys.create({ name: "read", scopes: ["orders:read"] });
    const alt = await newUser();
    const invitation = await mine.members.invite({ email: alt.email, role: "admin" });

    const owner = await as(t, t.ownerUserId);
    // Owner → admin keeps everything.
    const stillAdmin = await owner.members.updateRole({ userId: demoted, role: "owner" });
    expect(stillAdmin.revokedApiKeyIds).toEqual([]);
    const backToAdmin = await owner.members.updateRole({ userId: demoted, role: "admin" });
    expect(backToAdmin.revokedApiKeyIds).toEqual([]);
    expect(
      await codeOf(
        owner.members.updateRole({ userId: demoted, role: "member", keepApiKeyIds: [readKey.id] }),
      ),
    ).toBe("BAD_REQUEST");

    const updated = await owner.members.updateRole({
      userId: demoted,
      role: "member",
      keepApiKeyIds: [keptAdmin.id],
    });
    expect(updated).toMatchObject({
      role: "member",
      revokedApiKeyIds: [adminKey.id],
      keptApiKeyIds: [keptAdmin.id],
      revokedInvitationIds: [invitation.id],
    });
    expect(await keyWorks(adminKey.secret)).toBe("UNAUTHORIZED");
    expect(await keyWorks(keptAdmin.secret)).toBeUndefined();
    expect(await keyWorks(readKey.secret)).toBe("FORBIDDEN");
    await expect(
      acceptInvitation(database.db, invitation.acceptUrlToken, alt.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await database.db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, t.tenantId), eq(auditLog.actorId, t.ownerUserId)));
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "apiKeys.revoke", targetId: adminKey.id },
        { action: "apiKeys.keep", targetId: keptAdmin.id },
        { action: "members.revokeInvitation", targetId: invitation.id },
      ]),
    );
  });

  it("an invitation is refused once its inviter is no longer an admin, however it escaped revocation", async () => {
    const t = await createTenantWithKey(database);
    const inviter = await createMember(database, t.tenantId, "admin");
    const invitee = await newUser();
    const invitation = await (
      await as(t, inviter)
    ).members.invite({ email: invitee.email, role: "admin" });
    // As if the invitation had been written concurrently with the demotion.
    await database.db
      .update(memberships)
      .set({ role: "viewer" })
      .where(and(eq(memberships.tenantId, t.tenantId), eq(memberships.userId, inviter)));
    await expect(
      acceptInvitation(database.db, invitation.acceptUrlToken, invitee.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await roleOf(t.tenantId, invitee.id)).toBeNull();
  });
});
