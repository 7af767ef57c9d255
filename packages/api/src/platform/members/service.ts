// Members of the tenant, invitations, and the role rules:
//   - admins manage members (the policy map); only an owner grants or revokes `owner`;
//   - nobody raises their own role;
//   - the tenant always keeps at least one owner. Every change that could remove an owner first locks
//     ALL of the tenant's owner memberships (`for update`, in id order), so two concurrent demotions of
//     two owners serialise and the second one sees that only one owner is left;
//   - whoever leaves the tenant takes their access with them: removing a member revokes the pending
//     invitations and the API keys they are accountable for (the remover may keep named keys), and
//     taking a member below admin does the same for their invitations and admin-scoped keys. Every
//     revocation and every kept key is audited.
import { createHash, randomBytes } from "node:crypto";
import { and, arrayContains, eq, gt, isNull, sql } from "drizzle-orm";
import {
  apiKeys,
  auditLog,
  invitations,
  memberships,
  tenants,
  users,
  type Db,
  type Role,
} from "@frontdesk/db";
import { ROLE_RANK, type Actor } from "../../actor";
import { writeAudit, type RequestInfo } from "../../audit";
import { emitWebhookEvent } from "../../webhooks/emit";
import { enqueueEmail } from "../../email/enqueue";
import { AppError } from "../../errors";
import { keyset, toPage, type Page } from "../../pagination";
import { accountableUserId, auditRevokedKeys, revokeWithPredecessors } from "../api-keys/service";
import type {
  Cleanup,
  Invitation,
  InviteMemberInput,
  ParsedListInvitationsInput,
  ParsedListMembersInput,
  ParsedRemoveMemberInput,
  ParsedUpdateMemberRoleInput,
  PendingInvitation,
  RemovedMember,
  RevokeInvitationInput,
  UpdatedMember,
  Member,
} from "./schemas";

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const TOKEN_PATTERN = /^[\w-]{43}$/;

const memberColumns = {
  id: memberships.id,
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  role: memberships.role,
  createdAt: memberships.createdAt,
};

export async function listMembers(
  db: Db,
  _actor: Actor,
  input: ParsedListMembersInput,
): Promise<Page<Member>> {
  const limit = input.limit;
  const keys = keyset(memberships.createdAt, memberships.id, input);
  const rows = await db
    .select({ ...memberColumns, position: keys.position })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(keys.after)
    .orderBy(...keys.orderBy)
    .limit(limit + 1);
  const page = toPage(rows, limit, (r) => ({ value: r.position, id: r.id }));
  return {
    items: page.items.map(({ position: _position, ...member }) => member),
    nextCursor: page.nextCursor,
  };
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Always an invitation, even for someone who already has an account: the app role may not look up
 * users outside the tenant, and the invitee accepts with `acceptInvitation` when they sign in.
 * A newer invitation for the same address replaces any pending one. The link is emailed to the
 * address (through the outbox, with this transaction) and also returned, to copy by hand.
 */
export async function inviteMember(
  db: Db,
  actor: Actor,
  input: InviteMemberInput,
): Promise<Invitation> {
  const email = input.email.trim().toLowerCase();
  // Users are visible to the app role only when they are members of this tenant: exactly the check we need.
  const [existing] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(sql`lower(${users.email}) = ${email}`);
  if (existing)
    throw new AppError("CONFLICT", "This person is already a member; change their role instead");

  await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );

  const token = randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(invitations)
    .values({
      tenantId: actor.tenantId,
      email,
      role: input.role,
      tokenHash: hashInvitationToken(token),
      invitedBy: await accountableUserId(db, actor),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    })
    .returning({
      id: invitations.id,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    });
  if (!row) throw new Error("invitation insert returned nothing");
  const [tenant] = await db
    .select({ name: tenants.name })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  if (!tenant) throw new AppError("NOT_FOUND", "This tenant no longer exists");
  await enqueueEmail(db, {
    to: email,
    tenantId: actor.tenantId,
    template: "invitation",
    props: {
      token,
      tenantName: tenant.name,
      role: input.role,
      expiresAt: row.expiresAt.toISOString(),
    },
  });
  return {
    id: row.id,
    email,
    role: input.role,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    acceptUrlToken: token,
  };
}

const invitationColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  invitedBy: invitations.invitedBy,
  invitedByEmail: users.email,
  expiresAt: invitations.expiresAt,
  createdAt: invitations.createdAt,
  revokedAt: invitations.revokedAt,
};

function toPendingInvitation(row: {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  invitedByEmail: string | null;
  expiresAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
}): PendingInvitation {
  // The check constraint keeps `owner` out of invitations; this narrows the type to match.
  if (row.role === "owner") throw new Error("an invitation cannot carry the owner role");
  return { ...row, role: row.role };
}

/** Invitations that can still be accepted (not accepted, revoked or expired), newest first. */
export async function listInvitations(
  db: Db,
  _actor: Actor,
  input: ParsedListInvitationsInput,
): Promise<Page<PendingInvitation>> {
  const keys = keyset(invitations.createdAt, invitations.id, input);
  const rows = await db
    .select({ ...invitationColumns, position: keys.position })
    .from(invitations)
    // Users are visible to the app role only while they are members: a departed inviter reads null.
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
        keys.after,
      ),
    )
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
  return {
    items: page.items.map(({ position: _position, ...row }) => toPendingInvitation(row)),
    nextCursor: page.nextCursor,
  };
}

/** Idempotent: revoking a revoked invitation returns it unchanged; an accepted one is a conflict. */
export async function revokeInvitation(
  db: Db,
  _actor: Actor,
  input: RevokeInvitationInput,
): Promise<PendingInvitation> {
  const [row] = await db
    .select({ id: invitations.id, acceptedAt: invitations.acceptedAt })
    .from(invitations)
    .where(eq(invitations.id, input.id))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "No invitation with this id");
  if (row.acceptedAt)
    throw new AppError(
      "CONFLICT",
      "This invitation was already accepted; remove the member instead",
    );
  await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.id, row.id), isNull(invitations.revokedAt)));
  const [updated] = await db
    .select(invitationColumns)
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.id, row.id));
  if (!updated) throw new AppError("NOT_FOUND", "No invitation with this id");
  return toPendingInvitation(updated);
}

export interface AcceptedInvitation {
  tenantId: string;
  userId: string;
  membershipId: string;
  /** The member's role after accepting (an existing membership keeps its role). */
  role: Role;
  alreadyMember: boolean;
}

/**
 * The console's sign-in flow calls this as the database OWNER (outside RLS: the invitee is not a
 * member yet, so no tenant transaction could see the invitation). The signed-in user's address
 * must be VERIFIED and be the invited address (so holding the link is not enough: the invitee must
 * also control the mailbox); a token works once.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  userId: string,
  now = new Date(),
): Promise<AcceptedInvitation> {
  const invalid = new AppError("NOT_FOUND", "This invitation is invalid or has already been used");
  if (!TOKEN_PATTERN.test(token)) throw invalid;
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashInvitationToken(token)))
      .for("update");
    if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw invalid;
    if (invitation.expiresAt <= now)
      throw new AppError("BAD_REQUEST", "This invitation has expired; ask for a new one");
    // Removing or demoting the inviter revokes their invitations; this also covers an invitation
    // written concurrently with that change: it is only as good as its inviter's standing now.
    if (invitation.invitedBy) {
      const [inviter] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(
          and(
            eq(memberships.tenantId, invitation.tenantId),
            eq(memberships.userId, invitation.invitedBy),
          ),
        );
      if (!inviter || ROLE_RANK[inviter.role] < ROLE_RANK.admin) throw invalid;
    }

    const [user] = await tx
      .select({ email: users.email, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) throw new AppError("NOT_FOUND", "No such user");
    if (!user.emailVerified) {
      throw new AppError(
        "FORBIDDEN",
        "Verify your email address before accepting: open the link we emailed you, or ask for a new one on the verify-email page",
      );
    }
    if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        "This invitation was sent to a different email address; sign in with that address",
      );
    }

    const inserted = await tx
      .insert(memberships)
      .values({
        tenantId: invitation.tenantId,
        userId,
        role: invitation.role,
        invitedBy: invitation.invitedBy,
      })
      .onConflictDoNothing({ target: [memberships.tenantId, memberships.userId] })
      .returning({ id: memberships.id, role: memberships.role });
    const membership =
      inserted[0] ??
      (
        await tx
          .select({ id: memberships.id, role: memberships.role })
          .from(memberships)
          .where(and(eq(memberships.tenantId, invitation.tenantId), eq(memberships.userId, userId)))
      )[0];
    if (!membership) throw new Error("membership neither inserted nor found");

    await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
    if (inserted.length > 0) {
      await emitWebhookEvent(tx, invitation.tenantId, "member.added", {
        member: { userId, role: membership.role },
      });
    }
    await tx.insert(auditLog).values({
      tenantId: invitation.tenantId,
      actorType: "user",
      actorId: userId,
      action: "members.acceptInvitation",
      targetType: "membership",
      targetId: membership.id,
      metadata: { invitationId: invitation.id, role: membership.role },
    });
    return {
      tenantId: invitation.tenantId,
      userId,
      membershipId: membership.id,
      role: membership.role,
      alreadyMember: inserted.length === 0,
    };
  });
}

interface Locked {
  /** User ids of the tenant's owners, locked until the transaction ends. */
  owners: string[];
  target: { id: string; userId: string; role: Role };
  /** The calling user's role as of now (null for API keys). */
  actorRole: Role | null;
}

async function lockForChange(db: Db, actor: Actor, userId: string): Promise<Locked> {
  const owners = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.role, "owner"))
    .orderBy(memberships.id)
    .for("update");
  const [target] = await db
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .for("update");
  // RLS hides other tenants' memberships: "not a member here" and "someone else's" look the same.
  if (!target) throw new AppError("NOT_FOUND", "No member with this user id in this tenant");

  let actorRole: Role | null = null;
  if (actor.type === "user" && actor.userId) {
    // Re-read under the locks: the role the request started with may have changed since.
    const [me] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, actor.userId));
    if (!me) throw new AppError("FORBIDDEN", "You are no longer a member of this tenant");
    actorRole = me.role;
  }
  return { owners: owners.map((o) => o.userId), target, actorRole };
}

const OWNER_ONLY = "Only an owner can grant or revoke the owner role";
const LAST_OWNER = "A tenant needs at least one owner: make another member owner first";

async function memberById(db: Db, id: string): Promise<Member> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.id, id));
  if (!row) throw new AppError("NOT_FOUND", "No member with this user id in this tenant");
  return row;
}

/**
 * Revokes what `userId` is accountable for in this tenant: their pending invitations and their API
 * keys (`keys: "admin"`: only keys with the admin scope), except the keys in `keep`, which must be
 * live keys of theirs that this call would otherwise revoke.
 */
async function revokeWhatTheyCreated(
  db: Db,
  actor: Actor,
  request: RequestInfo,
  member: { id: string; userId: string },
  options: { keys: "all" | "admin"; keep: readonly string[]; reason: string },
): Promise<Cleanup> {
  const candidates = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.createdBy, member.userId),
        isNull(apiKeys.revokedAt),
        options.keys === "admin" ? arrayContains(apiKeys.scopes, ["admin"]) : undefined,
      ),
    )
    .orderBy(apiKeys.id)
    .for("update");
  const candidateIds = new Set(candidates.map((k) => k.id));
  const unknown = options.keep.filter((id) => !candidateIds.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `keepApiKeyIds names keys that this change would not revoke: ${unknown.join(", ")}`,
    );
  }
  const metadata = { reason: options.reason, membershipId: member.id, userId: member.userId };
  const revoked = await revokeWithPredecessors(
    db,
    candidates.map((k) => k.id).filter((id) => !options.keep.includes(id)),
  );
  await auditRevokedKeys(db, actor, request, revoked, metadata);
  for (const id of options.keep) {
    await writeAudit(db, actor, request, {
      action: "apiKeys.keep",
      targetType: "api_key",
      targetId: id,
      metadata,
    });
  }

  const revokedInvitations = await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(invitations.invitedBy, member.userId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  for (const invitation of revokedInvitations) {
    await writeAudit(db, actor, request, {
      action: "members.revokeInvitation",
      targetType: "invitation",
      targetId: invitation.id,
      metadata,
    });
  }
  return {
    revokedApiKeyIds: revoked.map((k) => k.id),
    keptApiKeyIds: [...options.keep],
    revokedInvitationIds: revokedInvitations.map((i) => i.id),
  };
}

const NOTHING_REVOKED: Cleanup = {
  revokedApiKeyIds: [],
  keptApiKeyIds: [],
  revokedInvitationIds: [],
};

export async function updateMemberRole(
  db: Db,
  actor: Actor,
  input: ParsedUpdateMemberRoleInput,
  request: RequestInfo,
): Promise<UpdatedMember> {
  const { owners, target, actorRole } = await lockForChange(db, actor, input.userId);
  const next = input.role;
  if (target.role === next) return { ...(await memberById(db, target.id)), ...NOTHING_REVOKED };
  if (actor.userId === target.userId && ROLE_RANK[next] > ROLE_RANK[target.role]) {
    throw new AppError("FORBIDDEN", "You cannot raise your own role; ask an owner");
  }
  if ((target.role === "owner" || next === "owner") && actorRole !== "owner")
    throw new AppError("FORBIDDEN", OWNER_ONLY);
  if (target.role === "owner" && owners.length <= 1) throw new AppError("CONFLICT", LAST_OWNER);
  await db.update(memberships).set({ role: next }).where(eq(memberships.id, target.id));
  const losesAdmin = ROLE_RANK[target.role] >= ROLE_RANK.admin && ROLE_RANK[next] < ROLE_RANK.admin;
  const cleanup = losesAdmin
    ? await revokeWhatTheyCreated(db, actor, request, target, {
        keys: "admin",
        keep: input.keepApiKeyIds,
        reason: "members.updateRole",
      })
    : NOTHING_REVOKED;
  return { ...(await memberById(db, target.id)), ...cleanup };
}

export async function removeMember(
  db: Db,
  actor: Actor,
  input: ParsedRemoveMemberInput,
  request: RequestInfo,
): Promise<RemovedMember> {
  const { owners, target, actorRole } = await lockForChange(db, actor, input.userId);
  if (target.role === "owner" && actorRole !== "owner")
    throw new AppError("FORBIDDEN", "Only an owner can remove an owner");
  if (target.role === "owner" && owners.length <= 1) throw new AppError("CONFLICT", LAST_OWNER);
  await db.delete(memberships).where(eq(memberships.id, target.id));
  await emitWebhookEvent(db, actor.tenantId, "member.removed", {
    member: { userId: target.userId, role: target.role },
  });
  const cleanup = await revokeWhatTheyCreated(db, actor, request, target, {
    keys: "all",
    keep: input.keepApiKeyIds,
    reason: "members.remove",
  });
  return { id: target.id, userId: target.userId, removed: true, ...cleanup };
}
