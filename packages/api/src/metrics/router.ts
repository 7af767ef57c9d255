import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import * as metricsQuery from "./query";
import {
  listMetricNamesInput,
  queryMetricInput,
  recordMetricBatchInput,
  recordMetricInput,
} from "./schemas";
import * as metrics from "./service";

export const metricsRouter = {
  record: tenantProcedure
    .input(recordMetricInput)
    .mutation(({ ctx, input }) => metrics.record(ctx.db, ctx.actor, input)),
  recordBatch: tenantProcedure
    .input(recordMetricBatchInput)
    .mutation(({ ctx, input }) => metrics.recordBatch(ctx.db, ctx.actor, input)),
  query: tenantProcedure
    .input(queryMetricInput)
    .query(({ ctx, input }) => metricsQuery.query(ctx.db, ctx.actor, input)),
  names: tenantProcedure
    .input(listMetricNamesInput)
    .query(({ ctx, input }) => metrics.listNames(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
