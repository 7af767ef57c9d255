import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { listEventsInput, scanInput, statsInput, updatePolicyInput } from "./schemas";
import * as phi from "./service";

export const phiRouter = {
  scan: tenantProcedure
    .input(scanInput)
    .mutation(({ ctx, input }) => phi.scan(ctx.db, ctx.actor, input)),
  policy: {
    get: tenantProcedure.query(({ ctx }) => phi.getPolicy(ctx.db, ctx.actor)),
    update: tenantProcedure
      .input(updatePolicyInput)
      .mutation(({ ctx, input }) => phi.updatePolicy(ctx.db, ctx.actor, input)),
  },
} satisfies TRPCRouterRecord;

export const phiEventsRouter = {
  list: tenantProcedure
    .input(listEventsInput)
    .query(({ ctx, input }) => phi.listEvents(ctx.db, ctx.actor, input, ctx.request)),
  stats: tenantProcedure
    .input(statsInput)
    .query(({ ctx, input }) => phi.eventStats(ctx.db, ctx.actor, input, ctx.request)),
} satisfies TRPCRouterRecord;
