import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import {
  archiveConfigInput,
  listConfigsInput,
  listScoresInput,
  recordScoreInput,
  scoreConversationInput,
  scoreIdInput,
  summaryInput,
  updateScoreInput,
  upsertConfigInput,
} from "./schemas";
import * as scores from "./service";

export const scoresRouter = {
  configs: {
    upsert: tenantProcedure
      .input(upsertConfigInput)
      .mutation(({ ctx, input }) => scores.upsertConfig(ctx.db, ctx.actor, input)),
    list: tenantProcedure
      .input(listConfigsInput)
      .query(({ ctx, input }) => scores.listConfigs(ctx.db, ctx.actor, input)),
    archive: tenantProcedure
      .input(archiveConfigInput)
      .mutation(({ ctx, input }) => scores.archiveConfig(ctx.db, ctx.actor, input)),
  },
  record: tenantProcedure
    .input(recordScoreInput)
    .mutation(({ ctx, input }) => scores.record(ctx.db, ctx.actor, input)),
  scoreConversation: tenantProcedure
    .input(scoreConversationInput)
    .mutation(({ ctx, input }) => scores.scoreConversation(ctx.db, ctx.actor, input)),
  list: tenantProcedure
    .input(listScoresInput)
    .query(({ ctx, input }) => scores.list(ctx.db, ctx.actor, input)),
  get: tenantProcedure
    .input(scoreIdInput)
    .query(({ ctx, input }) => scores.get(ctx.db, ctx.actor, input)),
  summary: tenantProcedure
    .input(summaryInput)
    .query(({ ctx, input }) => scores.summary(ctx.db, ctx.actor, input)),
  update: tenantProcedure
    .input(updateScoreInput)
    .mutation(({ ctx, input }) => scores.update(ctx.db, ctx.actor, input)),
  delete: tenantProcedure
    .input(scoreIdInput)
    .mutation(({ ctx, input }) => scores.remove(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
