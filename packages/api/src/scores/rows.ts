// Score and config rows as the API shows them.
import type { conversationScores, scoreConfigs } from "@frontdesk/db";
import type { RubricBreakdown, Score, ScoreConfig } from "./schemas";

export type ConfigRow = typeof scoreConfigs.$inferSelect;
export type ScoreRow = typeof conversationScores.$inferSelect;

export function toConfig(row: ConfigRow): ScoreConfig {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    min: row.minValue,
    max: row.maxValue,
    categories: row.categories,
    description: row.description,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function isBreakdown(value: unknown): value is RubricBreakdown {
  return (
    typeof value === "object" &&
    value !== null &&
    "version" in value &&
    typeof value.version === "string" &&
    "criteria" in value &&
    Array.isArray(value.criteria)
  );
}

export function valueOf(row: ScoreRow): number | string | boolean {
  if (row.kind === "boolean") return row.booleanValue ?? false;
  if (row.kind === "categorical") return row.stringValue ?? "";
  return row.numericValue ?? 0;
}

export function toScore(row: ScoreRow): Score {
  return {
    id: row.id,
    sessionId: row.sessionId,
    name: row.name,
    kind: row.kind,
    value: valueOf(row),
    source: row.source,
    configId: row.configId,
    comment: row.comment,
    metadata: row.metadata,
    breakdown: isBreakdown(row.breakdown) ? row.breakdown : null,
    author: row.authorUserId
      ? { type: "user", id: row.authorUserId }
      : row.authorApiKeyId
        ? { type: "api_key", id: row.authorApiKeyId }
        : null,
    deletedAt: row.deletedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
