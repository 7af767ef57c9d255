import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../../trpc";
import * as usage from "./service";

export const usageRouter = {
  current: tenantProcedure.query(({ ctx }) => usage.current(ctx.db, ctx.actor)),
} satisfies TRPCRouterRecord;
