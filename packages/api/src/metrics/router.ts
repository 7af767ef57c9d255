import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { queryMetrics } from "./query";
import {
  listMetricNamesInput,
  queryMetricInput,
  recordMetricBatchInput,
  recordMetricInput,
} from "./schemas";
import { listMetricNames, recordMetric, recordMetricBatch } from "./service";

export const metricsRouter = {
  record: tenantProcedure
    .input(recordMetricInput)
    .mutation(({ ctx, input }) => recordMetric(ctx.db, ctx.actor, input)),
  recordBatch: tenantProcedure
    .input(recordMetricBatchInput)
    .mutation(({ ctx, input }) => recordMetricBatch(ctx.db, ctx.actor, input)),
  query: tenantProcedure
    .input(queryMetricInput)
    .query(({ ctx, input }) => queryMetrics(ctx.db, ctx.actor, input)),
  names: tenantProcedure
    .input(listMetricNamesInput)
    .query(({ ctx, input }) => listMetricNames(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
