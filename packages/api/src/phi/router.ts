import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { listEventsInput, scanInput, statsInput, updatePolicyInput } from "./schemas";
import { getPhiPolicy, listPhiEvents, scanForPhi, updatePhiPolicy } from "./service";
import { getPhiEventStats } from "./stats";

export const phiRouter = {
  scan: tenantProcedure
    .input(scanInput)
    .mutation(({ ctx, input }) => scanForPhi(ctx.db, ctx.actor, input)),
  policy: {
    get: tenantProcedure.query(({ ctx }) => getPhiPolicy(ctx.db, ctx.actor)),
    update: tenantProcedure
      .input(updatePolicyInput)
      .mutation(({ ctx, input }) => updatePhiPolicy(ctx.db, ctx.actor, input)),
  },
} satisfies TRPCRouterRecord;

export const phiEventsRouter = {
  list: tenantProcedure
    .input(listEventsInput)
    .query(({ ctx, input }) => listPhiEvents(ctx.db, ctx.actor, input, ctx.request)),
  stats: tenantProcedure
    .input(statsInput)
    .query(({ ctx, input }) => getPhiEventStats(ctx.db, ctx.actor, input, ctx.request)),
} satisfies TRPCRouterRecord;
