import type { TRPCRouterRecord } from "@trpc/server";

export const phiRouter = {} satisfies TRPCRouterRecord;
export const phiEventsRouter = {} satisfies TRPCRouterRecord;
