import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { resendEmailInput } from "./schemas";
import * as email from "./service";

export const emailRouter = {
  resend: tenantProcedure
    .input(resendEmailInput)
    .mutation(({ ctx, input }) => email.resendDeadEmail(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
