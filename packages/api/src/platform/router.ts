import type { TRPCRouterRecord } from "@trpc/server";

export const platformRouter = {} satisfies TRPCRouterRecord;
