import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { resendEmailInput } from "./schemas";
import { resendDeadEmail } from "./service";

export const emailRouter = {
  resend: tenantProcedure
    .input(resendEmailInput)
    .mutation(({ ctx, input }) => resendDeadEmail(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
