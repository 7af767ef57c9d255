// `ping` (public, for uptime checks) and `health` (tenant admins: the full report). Both sit at the
// top level of the app router.
import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure, tenantProcedure } from "../trpc";
import { answerPing, getAdminHealth } from "./service";

export const healthRouter = {
  ping: publicProcedure.query(() => answerPing()),
  health: tenantProcedure.query(({ ctx }) =>
    getAdminHealth(ctx.database, ctx.db, ctx.actor.tenantId),
  ),
} satisfies TRPCRouterRecord;
