import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import {
  inviteMemberInput,
  listInvitationsInput,
  listMembersInput,
  removeMemberInput,
  revokeInvitationInput,
  updateMemberRoleInput,
} from "./schemas";
import {
  inviteMember,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  updateMemberRole,
} from "./service";

export const membersRouter = {
  list: tenantProcedure
    .input(listMembersInput)
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.actor, input)),
  invite: tenantProcedure
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.actor, input)),
  listInvitations: tenantProcedure
    .input(listInvitationsInput)
    .query(({ ctx, input }) => listInvitations(ctx.db, ctx.actor, input)),
  revokeInvitation: tenantProcedure
    .input(revokeInvitationInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.actor, input)),
  updateRole: tenantProcedure
    .input(updateMemberRoleInput)
    .mutation(({ ctx, input }) => updateMemberRole(ctx.db, ctx.actor, input, ctx.request)),
  remove: tenantProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input, ctx.request)),
} satisfies TRPCRouterRecord;
