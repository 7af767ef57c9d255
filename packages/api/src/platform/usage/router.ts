import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import { getCurrentUsage } from "./service";

export const usageRouter = {
  current: tenantProcedure.query(({ ctx }) => getCurrentUsage(ctx.db, ctx.actor)),
} satisfies TRPCRouterRecord;
