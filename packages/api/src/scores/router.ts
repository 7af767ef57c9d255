import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import { archiveScoreConfig, listScoreConfigs, upsertScoreConfig } from "./configs";
import { deleteScore, updateScore } from "./correct";
import { getScore, listScores } from "./list";
import { recordScore, scoreConversation } from "./record";
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
import { summarizeScores } from "./summary";

export const scoresRouter = {
  configs: {
    upsert: tenantProcedure
      .input(upsertConfigInput)
      .mutation(({ ctx, input }) => upsertScoreConfig(ctx.db, ctx.actor, input)),
    list: tenantProcedure
      .input(listConfigsInput)
      .query(({ ctx, input }) => listScoreConfigs(ctx.db, ctx.actor, input)),
    archive: tenantProcedure
      .input(archiveConfigInput)
      .mutation(({ ctx, input }) => archiveScoreConfig(ctx.db, ctx.actor, input)),
  },
  record: tenantProcedure
    .input(recordScoreInput)
    .mutation(({ ctx, input }) => recordScore(ctx.db, ctx.actor, input)),
  scoreConversation: tenantProcedure
    .input(scoreConversationInput)
    .mutation(({ ctx, input }) => scoreConversation(ctx.db, ctx.actor, input)),
  list: tenantProcedure
    .input(listScoresInput)
    .query(({ ctx, input }) => listScores(ctx.db, ctx.actor, input)),
  get: tenantProcedure
    .input(scoreIdInput)
    .query(({ ctx, input }) => getScore(ctx.db, ctx.actor, input)),
  summary: tenantProcedure
    .input(summaryInput)
    .query(({ ctx, input }) => summarizeScores(ctx.db, ctx.actor, input)),
  update: tenantProcedure
    .input(updateScoreInput)
    .mutation(({ ctx, input }) => updateScore(ctx.db, ctx.actor, input)),
  delete: tenantProcedure
    .input(scoreIdInput)
    .mutation(({ ctx, input }) => deleteScore(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
