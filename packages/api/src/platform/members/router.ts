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
import * as members from "./service";

export const membersRouter = {
  list: tenantProcedure
    .input(listMembersInput)
    .query(({ ctx, input }) => members.list(ctx.db, ctx.actor, input)),
  invite: tenantProcedure
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => members.invite(ctx.db, ctx.actor, input)),
  listInvitations: tenantProcedure
    .input(listInvitationsInput)
    .query(({ ctx, input }) => members.listInvitations(ctx.db, ctx.actor, input)),
  revokeInvitation: tenantProcedure
    .input(revokeInvitationInput)
    .mutation(({ ctx, input }) => members.revokeInvitation(ctx.db, ctx.actor, input)),
  updateRole: tenantProcedure
    .input(updateMemberRoleInput)
    .mutation(({ ctx, input }) => members.updateRole(ctx.db, ctx.actor, input, ctx.request)),
  remove: tenantProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => members.remove(ctx.db, ctx.actor, input, ctx.request)),
} satisfies TRPCRouterRecord;
