import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import { updateTenantInput } from "./schemas";
import { getTenant, updateTenant } from "./service";

export const tenantRouter = {
  get: tenantProcedure.query(({ ctx }) => getTenant(ctx.db, ctx.actor)),
  update: tenantProcedure
    .input(updateTenantInput)
    .mutation(({ ctx, input }) => updateTenant(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
