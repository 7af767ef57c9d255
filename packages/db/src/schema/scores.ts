// Conversation quality scores (Langfuse-style) and the per-tenant score configs they are validated against.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantId, tenantIsolation, tenantRowId, timestamps } from "./_columns";
import { tenants } from "./platform";

export const SCORE_KINDS = ["numeric", "categorical", "boolean"] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];
export const SCORE_SOURCES = ["rubric", "annotation", "end_user", "api"] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];

export const scoreConfigs = pgTable(
  "score_configs",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: text().$type<ScoreKind>().notNull(),
    minValue: doublePrecision(),
    maxValue: doublePrecision(),
    categories: text().array(),
    description: text(),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "score_configs_pkey", columns: [t.id, t.tenantId] }),
    unique("score_configs_tenant_name_key").on(t.tenantId, t.name),
    unique("score_configs_tenant_id_key").on(t.tenantId, t.id),
    check("score_configs_kind_check", sql`${t.kind} in ('numeric', 'categorical', 'boolean')`),
    check(
      "score_configs_range_check",
      sql`${t.minValue} is null or ${t.maxValue} is null or ${t.minValue} <= ${t.maxValue}`,
    ),
    check(
      "score_configs_categories_check",
      sql`${t.kind} <> 'categorical' or cardinality(${t.categories}) > 0`,
    ),
    tenantIsolation("score_configs"),
  ],
);

export const conversationScores = pgTable(
  "conversation_scores",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    sessionId: text().notNull(),
    configId: uuid(),
    name: text().notNull(),
    kind: text().$type<ScoreKind>().notNull(),
    /** numeric value; for booleans 1/0 so means and percentiles work across kinds. */
    numericValue: doublePrecision(),
    stringValue: text(),
    booleanValue: boolean(),
    source: text().$type<ScoreSource>().notNull(),
    authorUserId: uuid(),
    authorApiKeyId: uuid(),
    /** Free text, stored only after the PHI gate. */
    comment: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The rubric's per-criterion breakdown for source = 'rubric'. */
    breakdown: jsonb().$type<Record<string, unknown>>(),
    /** SHA-256 (hex) of the client's idempotency key: the key itself may hold anything, so it is not stored. */
    idempotencyKey: text(),
    requestHash: text(),
    /** Soft delete, so a corrected or withdrawn score stays auditable. */
    deletedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "conversation_scores_pkey", columns: [t.id, t.tenantId] }),
    unique("conversation_scores_tenant_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "conversation_scores_config_fk",
      columns: [t.tenantId, t.configId],
      foreignColumns: [scoreConfigs.tenantId, scoreConfigs.id],
    }),
    uniqueIndex("conversation_scores_tenant_idempotency_key")
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index().on(t.tenantId, t.sessionId),
    // Covers conversation_scores_config_fk: deleting a score config checks its scores through it.
    index("conversation_scores_config_idx")
      .on(t.tenantId, t.configId)
      .where(sql`${t.configId} is not null`),
    index().on(t.tenantId, t.name, t.createdAt),
    index().on(t.tenantId, t.createdAt),
    check(
      "conversation_scores_kind_check",
      sql`${t.kind} in ('numeric', 'categorical', 'boolean')`,
    ),
    check(
      "conversation_scores_source_check",
      sql`${t.source} in ('rubric', 'annotation', 'end_user', 'api')`,
    ),
    check(
      "conversation_scores_value_check",
      sql`(${t.kind} = 'numeric' and ${t.numericValue} is not null) or (${t.kind} = 'categorical' and ${t.stringValue} is not null) or (${t.kind} = 'boolean' and ${t.booleanValue} is not null)`,
    ),
    tenantIsolation("conversation_scores"),
  ],
);

/**
 * How many live (not soft-deleted) scores of each name and kind hold each value, per local day of
 * the tenant's time zone, so `scores.summary` reads a few rows per day instead of every score in
 * its range. Kept exact by statement-level triggers on `conversation_scores` (custom migration,
 * `frontdesk_score_day_values_*`) in the transaction that changes the scores, and rebuilt when the
 * tenant's time zone changes. A value is the whole (numeric, string, boolean) triple, so counts,
 * means, exact percentiles and distributions all come out as they would from the scores.
 * `value_key` identifies the triple: the float's bits in hex, the boolean, and a SHA-256 of the
 * string (never the string itself in a unique index: it is the tenant's text).
 */
export const scoreDayValues = pgTable(
  "score_day_values",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: text().$type<ScoreKind>().notNull(),
    localDay: date().notNull(),
    valueKey: text().notNull(),
    numericValue: doublePrecision(),
    stringValue: text(),
    booleanValue: boolean(),
    scoreCount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      name: "score_day_values_pkey",
      columns: [t.tenantId, t.name, t.kind, t.localDay, t.valueKey],
    }),
    tenantIsolation("score_day_values"),
  ],
);
