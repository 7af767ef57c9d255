import type { TRPCRouterRecord } from "@trpc/server";

export const scoresRouter = {} satisfies TRPCRouterRecord;
