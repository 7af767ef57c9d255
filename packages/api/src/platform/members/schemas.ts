// Inputs and outputs of `members.*`: who belongs to the tenant, invitations, roles.
import { z } from "zod";
import { ROLES } from "@frontdesk/db";
import { listInput } from "../../pagination";
import { phiField } from "../../phi-fields";

export const INVITABLE_ROLES = ["admin", "member", "viewer"] as const;

export const listMembersInput = listInput.prefault({});
export type ListMembersInput = z.input<typeof listMembersInput>;
export type ParsedListMembersInput = z.output<typeof listMembersInput>;

export const inviteMemberInput = z.object({
  /** The invitee's own address (staff, not a patient). */
  email: phiField("identity", z.email().max(320)),
  /** Owners are made by promoting a member (`members.updateRole`), never by invitation. */
  role: z.enum(INVITABLE_ROLES),
});
export type InviteMemberInput = z.input<typeof inviteMemberInput>;

const uuid = phiField("token", z.uuid());
const userId = uuid;

/**
 * API keys the member created that should keep working after they leave (or lose admin): by
 * default every one of them is revoked. Each kept key is audited.
 */
const keepApiKeyIds = z
  .array(uuid)
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, { message: "key ids must not repeat" })
  .default([]);

export const updateMemberRoleInput = z.object({
  userId,
  role: z.enum(ROLES),
  /** Only used when the change takes the member below admin: their admin-scoped keys to keep. */
  keepApiKeyIds,
});
export type UpdateMemberRoleInput = z.input<typeof updateMemberRoleInput>;
export type ParsedUpdateMemberRoleInput = z.output<typeof updateMemberRoleInput>;

export const removeMemberInput = z.object({ userId, keepApiKeyIds });
export type RemoveMemberInput = z.input<typeof removeMemberInput>;
export type ParsedRemoveMemberInput = z.output<typeof removeMemberInput>;

export const listInvitationsInput = listInput.prefault({});
export type ListInvitationsInput = z.input<typeof listInvitationsInput>;
export type ParsedListInvitationsInput = z.output<typeof listInvitationsInput>;

export const revokeInvitationInput = z.object({ id: uuid });
export type RevokeInvitationInput = z.input<typeof revokeInvitationInput>;

export const memberOutput = z.object({
  /** The membership's id. */
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  createdAt: z.date(),
});
export type Member = z.infer<typeof memberOutput>;

export const invitationOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(INVITABLE_ROLES),
  expiresAt: z.date(),
  createdAt: z.date(),
  /** The secret the invitee's accept link carries. Returned once; only its SHA-256 is stored. */
  acceptUrlToken: z.string(),
});
export type Invitation = z.infer<typeof invitationOutput>;

/** A pending invitation as lists show it: never its token (only its hash is stored anyway). */
export const pendingInvitationOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(INVITABLE_ROLES),
  /** The user accountable for it (null: made by a key no user is accountable for). */
  invitedBy: z.uuid().nullable(),
  /** Null when the inviter is no longer a member (their address is not visible then). */
  invitedByEmail: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
});
export type PendingInvitation = z.infer<typeof pendingInvitationOutput>;

/** What leaving (or losing admin) took with it: see `keepApiKeyIds`. */
const cleanupOutput = {
  revokedApiKeyIds: z.array(z.uuid()),
  keptApiKeyIds: z.array(z.uuid()),
  revokedInvitationIds: z.array(z.uuid()),
};
export type Cleanup = { [K in keyof typeof cleanupOutput]: string[] };

export const updatedMemberOutput = memberOutput.extend(cleanupOutput);
export type UpdatedMember = z.infer<typeof updatedMemberOutput>;

export const removedMemberOutput = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  removed: z.literal(true),
  ...cleanupOutput,
});
export type RemovedMember = z.infer<typeof removedMemberOutput>;
