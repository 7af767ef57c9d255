import type { TRPCRouterRecord } from "@trpc/server";

export const metricsRouter = {} satisfies TRPCRouterRecord;
