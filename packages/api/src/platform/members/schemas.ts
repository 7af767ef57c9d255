// Inputs and outputs of `members.*`: who belongs to the tenant, invitations, roles.
import { z } from "zod";
import { ROLES } from "@frontdesk/db";
import { listInput } from "../../pagination";

export const INVITABLE_ROLES = ["admin", "member", "viewer"] as const;

export const listMembersInput = listInput.prefault({});
export type ListMembersInput = z.input<typeof listMembersInput>;
export type ParsedListMembersInput = z.output<typeof listMembersInput>;

export const inviteMemberInput = z.object({
  email: z.email().max(320),
  /** Owners are made by promoting a member (`members.updateRole`), never by invitation. */
  role: z.enum(INVITABLE_ROLES),
});
export type InviteMemberInput = z.input<typeof inviteMemberInput>;

export const updateMemberRoleInput = z.object({
  userId: z.uuid(),
  role: z.enum(ROLES),
});
export type UpdateMemberRoleInput = z.input<typeof updateMemberRoleInput>;

export const removeMemberInput = z.object({ userId: z.uuid() });
export type RemoveMemberInput = z.input<typeof removeMemberInput>;

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

export const removedMemberOutput = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  removed: z.literal(true),
});
export type RemovedMember = z.infer<typeof removedMemberOutput>;
