import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../trpc";
import * as health from "./service";

export const healthRouter = {
  ping: publicProcedure.query(() => health.ping()),
} satisfies TRPCRouterRecord;
