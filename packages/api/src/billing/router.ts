import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { changePlanInput } from "./schemas";
import * as billing from "./service";

export const billingRouter = {
  get: tenantProcedure.query(({ ctx }) =>
    billing.getBilling(ctx.db, ctx.actor, { payments: ctx.payments }),
  ),
  changePlan: tenantProcedure
    .input(changePlanInput)
    .mutation(({ ctx, input }) =>
      billing.changePlan(ctx.db, ctx.actor, input, { payments: ctx.payments }),
    ),
} satisfies TRPCRouterRecord;
