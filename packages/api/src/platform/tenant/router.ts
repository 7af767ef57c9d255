import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import { updateTenantInput } from "./schemas";
import * as tenant from "./service";

export const tenantRouter = {
  get: tenantProcedure.query(({ ctx }) => tenant.get(ctx.db, ctx.actor)),
  update: tenantProcedure
    .input(updateTenantInput)
    .mutation(({ ctx, input }) => tenant.update(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
