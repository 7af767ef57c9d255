import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { changePlanInput, checkoutSessionInput, portalSessionInput } from "./schemas";
import { changePlan, createCheckoutSession, createPortalSession, getBilling } from "./service";

export const billingRouter = {
  get: tenantProcedure.query(({ ctx }) =>
    getBilling(ctx.db, ctx.actor, { payments: ctx.payments }),
  ),
  changePlan: tenantProcedure
    .input(changePlanInput)
    .mutation(({ ctx, input }) => changePlan(ctx.db, ctx.actor, input, { payments: ctx.payments })),
  checkoutSession: tenantProcedure.input(checkoutSessionInput).mutation(({ ctx, input }) =>
    createCheckoutSession(ctx.db, ctx.actor, input, {
      payments: ctx.payments,
      appOrigin: ctx.appOrigin,
    }),
  ),
  portalSession: tenantProcedure.input(portalSessionInput).mutation(({ ctx, input }) =>
    createPortalSession(ctx.db, ctx.actor, input, {
      payments: ctx.payments,
      appOrigin: ctx.appOrigin,
    }),
  ),
} satisfies TRPCRouterRecord;
