// Conversation scores (Langfuse-style): score configs, recording and correcting scores, the
// conversation rubric, lists and time-bucketed summaries in the tenant's time zone.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import {
  conversationScores,
  queryRows,
  scoreConfigs,
  type Db,
  type ScoreKind,
  isUuid,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { writeAudit } from "../audit";
import { AppError } from "../errors";
import { assertSameRequest, requestHash, withStoredKey } from "../idempotency";
import { decodeCursor, toPage, type Page } from "../pagination";
import { gateOptional, gateText } from "../phi-gate";
import { recordUsage } from "../usage";
import { emitWebhookEvent } from "../webhooks/emit";
import { scoreConversationRubric } from "./rubric";
import type {
  ArchiveConfigInput,
  JsonObject,
  JsonValue,
  ListConfigsInput,
  ListScoresArgs,
  RecordScoreArgs,
  RubricBreakdown,
  Score,
  ScoreConfig,
  ScoreConversationArgs,
  ScoreIdInput,
  ScoreSummary,
  ScoreValue,
  SummaryArgs,
  SummaryPoint,
  UpdateScoreInput,
  UpsertConfigInput,
} from "./schemas";

type ConfigRow = typeof scoreConfigs.$inferSelect;
type ScoreRow = typeof conversationScores.$inferSelect;

export const CONVERSATION_QUALITY = "conversation_quality";

// ---- mapping ----

function toConfig(row: ConfigRow): ScoreConfig {
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

function valueOf(row: ScoreRow): number | string | boolean {
  if (row.kind === "boolean") return row.booleanValue ?? false;
  if (row.kind === "categorical") return row.stringValue ?? "";
  return row.numericValue ?? 0;
}

function toScore(row: ScoreRow): Score {
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

// ---- configs ----

/**
 * Creates or replaces the config `name` (omitted fields are cleared; an archived config is restored).
 * Its kind cannot change once scores use it: the row is locked first, so a concurrent `record` either
 * sees the new kind or holds its lock until it has committed a score the check then sees.
 */
export async function upsertConfig(
  db: Db,
  actor: Actor,
  given: UpsertConfigInput,
): Promise<ScoreConfig> {
  // The name and the categories are stored and shown: the tenant's text, so they pass the gate.
  const name = await gateText(db, actor, { table: "score_configs", field: "name" }, given.name);
  let categories: string[] | null = null;
  if (given.categories) {
    categories = [];
    for (const c of given.categories)
      categories.push(
        await gateText(db, actor, { table: "score_configs", field: "categories" }, c),
      );
  }
  const input = { ...given, name };
  const values = {
    kind: input.kind,
    minValue: input.min ?? null,
    maxValue: input.max ?? null,
    categories,
    archivedAt: null,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const [existing] = await db
      .select()
      .from(scoreConfigs)
      .where(and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, input.name)))
      .for("update");
    const id = existing?.id ?? randomUUID();
    const description = await gateOptional(
      db,
      actor,
      { table: "score_configs", field: "description", rowId: id },
      input.description,
    );
    if (existing) {
      if (existing.kind !== input.kind) {
        const [used] = await db
          .select({ id: conversationScores.id })
          .from(conversationScores)
          .where(
            and(eq(conversationScores.configId, existing.id), isNull(conversationScores.deletedAt)),
          )
          .limit(1);
        if (used) {
          throw new AppError(
            "CONFLICT",
            `Score config "${input.name}" already has ${existing.kind} scores, so its kind cannot change to ${input.kind}; use a new name`,
          );
        }
      }
      const [row] = await db
        .update(scoreConfigs)
        .set({ ...values, description })
        .where(eq(scoreConfigs.id, existing.id))
        .returning();
      if (!row) break;
      return toConfig(row);
    }
    const [row] = await db
      .insert(scoreConfigs)
      .values({ id, tenantId: actor.tenantId, name: input.name, ...values, description })
      .onConflictDoNothing({ target: [scoreConfigs.tenantId, scoreConfigs.name] })
      .returning();
    if (row) return toConfig(row);
    // Another request created it between our select and insert: lock it and update instead.
  }
  throw new AppError("CONFLICT", `Score config "${input.name}" changed concurrently; try again`);
}

export async function listConfigs(
  db: Db,
  actor: Actor,
  input: ListConfigsInput,
): Promise<ScoreConfig[]> {
  const rows = await db
    .select()
    .from(scoreConfigs)
    .where(
      and(
        eq(scoreConfigs.tenantId, actor.tenantId),
        input.includeArchived ? undefined : isNull(scoreConfigs.archivedAt),
      ),
    )
    .orderBy(asc(scoreConfigs.name))
    .limit(1000);
  return rows.map(toConfig);
}

/** Archived configs stay attached to their scores but accept no new ones until upserted again. */
export async function archiveConfig(
  db: Db,
  actor: Actor,
  input: ArchiveConfigInput,
): Promise<ScoreConfig> {
  const where = and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, input.name));
  const [archived] = await db
    .update(scoreConfigs)
    .set({ archivedAt: sql`now()` })
    .where(and(where, isNull(scoreConfigs.archivedAt)))
    .returning();
  if (archived) return toConfig(archived);
  const [already] = await db.select().from(scoreConfigs).where(where);
  if (already) return toConfig(already);
  throw new AppError("NOT_FOUND", "No score config has that name");
}

// ---- values ----

interface ResolvedValue {
  kind: ScoreKind;
  numericValue: number | null;
  stringValue: string | null;
  booleanValue: boolean | null;
}

function inferKind(value: ScoreValue): ScoreKind {
  if (typeof value === "number") return "numeric";
  if (typeof value === "boolean") return "boolean";
  return "categorical";
}

const KIND_NEEDS: Record<ScoreKind, string> = {
  numeric: "a number",
  categorical: "a string (one of its categories)",
  boolean: "true or false",
};

/** The value as stored, validated against `config` when there is one; BAD_REQUEST names the rule broken. */
function resolveValue(name: string, config: ConfigRow | null, value: ScoreValue): ResolvedValue {
  const kind = config?.kind ?? inferKind(value);
  if (config) {
    if (inferKind(value) !== config.kind) {
      throw new AppError(
        "BAD_REQUEST",
        `Score "${name}" is ${config.kind} (per its config): the value must be ${KIND_NEEDS[config.kind]}`,
      );
    }
    if (typeof value === "number") {
      const { minValue: min, maxValue: max } = config;
      if ((min !== null && value < min) || (max !== null && value > max)) {
        const range =
          min !== null && max !== null
            ? `between ${min} and ${max}`
            : min !== null
              ? `at least ${min}`
              : `at most ${max ?? ""}`;
        throw new AppError("BAD_REQUEST", `Score "${name}" must be ${range} (per its config)`);
      }
    }
    if (typeof value === "string" && !(config.categories ?? []).includes(value)) {
      throw new AppError(
        "BAD_REQUEST",
        `Score "${name}" must be one of its config's categories: ${(config.categories ?? []).join(", ")}`,
      );
    }
  }
  if (typeof value === "number")
    return { kind, numericValue: value, stringValue: null, booleanValue: null };
  if (typeof value === "boolean")
    return { kind, numericValue: value ? 1 : 0, stringValue: null, booleanValue: value };
  return { kind, numericValue: null, stringValue: value, booleanValue: null };
}

/** The active config `name`, share-locked so its kind cannot change before this request commits. */
async function activeConfig(db: Db, actor: Actor, name: string): Promise<ConfigRow | null> {
  const [config] = await db
    .select()
    .from(scoreConfigs)
    .where(and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, name)))
    .for("share");
  if (config?.archivedAt) {
    throw new AppError(
      "BAD_REQUEST",
      `Score config "${name}" is archived; upsert it again before recording "${name}" scores`,
    );
  }
  return config ?? null;
}

async function gateMetadata(
  db: Db,
  actor: Actor,
  rowId: string,
  value: JsonValue,
): Promise<JsonValue> {
  if (typeof value === "string")
    return gateText(db, actor, { table: "conversation_scores", field: "metadata", rowId }, value);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) out.push(await gateMetadata(db, actor, rowId, item));
    return out;
  }
  if (value !== null && typeof value === "object")
    return gateMetadataObject(db, actor, rowId, value);
  return value;
}

/**
 * Keys are the client's text as much as values are: each passes the gate too. Two keys masked alike
 * (`[SSN]`) stay apart as `[SSN]`, `[SSN] (2)`, … so no value is lost.
 */
async function gateMetadataObject(
  db: Db,
  actor: Actor,
  rowId: string,
  value: JsonObject,
): Promise<JsonObject> {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const masked = await gateText(
      db,
      actor,
      { table: "conversation_scores", field: "metadata_keys", rowId },
      k,
    );
    let key = masked;
    for (let n = 2; Object.hasOwn(out, key); n++) key = `${masked} (${n})`;
    out[key] = await gateMetadata(db, actor, rowId, v);
  }
  return out;
}

/**
 * The integrator's conversation id is stored and shown: a UUID cannot be an identifier and is kept
 * as given (its digit runs must not be mistaken for one); anything else passes the gate.
 */
async function gateSessionId(
  db: Db,
  actor: Actor,
  rowId: string,
  sessionId: string,
): Promise<string> {
  if (isUuid(sessionId)) return sessionId;
  return gateText(
    db,
    actor,
    { table: "conversation_scores", field: "session_id", rowId },
    sessionId,
  );
}

// ---- recording ----

async function findByIdempotencyKey(
  db: Db,
  actor: Actor,
  key: string,
): Promise<ScoreRow | undefined> {
  const [row] = await db
    .select()
    .from(conversationScores)
    .where(
      and(
        eq(conversationScores.tenantId, actor.tenantId),
        eq(conversationScores.idempotencyKey, key),
      ),
    );
  return row;
}

type NewScore = Omit<
  typeof conversationScores.$inferInsert,
  "tenantId" | "authorUserId" | "authorApiKeyId" | "requestHash"
> & { id: string };

/**
 * Inserts a score; with an idempotency key, a concurrent twin that committed first wins and is
 * returned (or CONFLICT when its input differed). Usage is counted only for a row actually inserted.
 */
async function insertScore(db: Db, actor: Actor, score: NewScore, hash: string): Promise<Score> {
  const [row] = await db
    .insert(conversationScores)
    .values({
      ...score,
      tenantId: actor.tenantId,
      authorUserId: actor.userId,
      authorApiKeyId: actor.type === "api_key" ? actor.id : null,
      requestHash: score.idempotencyKey ? hash : null,
    })
    .onConflictDoNothing({
      target: [conversationScores.tenantId, conversationScores.idempotencyKey],
      where: sql`${conversationScores.idempotencyKey} is not null`,
    })
    .returning();
  if (row) {
    await recordUsage(db, actor.tenantId, "scores");
    const created = toScore(row);
    await emitWebhookEvent(db, actor.tenantId, "score.recorded", { score: created });
    return created;
  }
  const existing = score.idempotencyKey
    ? await findByIdempotencyKey(db, actor, score.idempotencyKey)
    : undefined;
  if (!existing)
    throw new AppError("CONFLICT", "The request collided with a concurrent change; try again");
  assertSameRequest(existing.requestHash, hash, "score");
  return toScore(existing);
}

/** An earlier score with this idempotency key (the same request retried), or undefined. */
async function replay(
  db: Db,
  actor: Actor,
  key: string | undefined,
  hash: string,
): Promise<Score | undefined> {
  if (!key) return undefined;
  const existing = await findByIdempotencyKey(db, actor, key);
  if (!existing) return undefined;
  assertSameRequest(existing.requestHash, hash, "score");
  return toScore(existing);
}

export async function record(db: Db, actor: Actor, given: RecordScoreArgs): Promise<Score> {
  const input = withStoredKey(given);
  const hash = requestHash({ procedure: "scores.record", ...input });
  const earlier = await replay(db, actor, input.idempotencyKey, hash);
  if (earlier) return earlier;
  if (input.source === "annotation" && actor.type !== "user") {
    throw new AppError(
      "FORBIDDEN",
      'Annotation scores come from signed-in users; an API key can record source "api" or "end_user"',
    );
  }
  const id = randomUUID();
  const name = await gateText(
    db,
    actor,
    { table: "conversation_scores", field: "name", rowId: id },
    input.name,
  );
  const sessionId = await gateSessionId(db, actor, id, input.sessionId);
  const config = await activeConfig(db, actor, name);
  const resolved = resolveValue(name, config, input.value);
  // A categorical value without a config constraining it is free text: it goes through the gate too.
  const stringValue =
    resolved.stringValue !== null && !config
      ? await gateText(
          db,
          actor,
          { table: "conversation_scores", field: "string_value", rowId: id },
          resolved.stringValue,
        )
      : resolved.stringValue;
  const comment = await gateOptional(
    db,
    actor,
    { table: "conversation_scores", field: "comment", rowId: id },
    input.comment,
  );
  // Keys were checked by the schema (no __proto__/constructor), so plain assignment is safe.
  const metadata = await gateMetadataObject(db, actor, id, input.metadata ?? {});
  return insertScore(
    db,
    actor,
    {
      id,
      sessionId,
      configId: config?.id ?? null,
      name,
      ...resolved,
      stringValue,
      source: input.source,
      comment,
      metadata,
      breakdown: null,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    hash,
  );
}

/**
 * Scores a conversation with the rubric (rubric.ts) as `conversation_quality` (numeric 0..100,
 * source "rubric"). Only the numeric breakdown is stored, never the messages.
 */
export async function scoreConversation(
  db: Db,
  actor: Actor,
  given: ScoreConversationArgs,
): Promise<Score> {
  const input = withStoredKey(given);
  const hash = requestHash({ procedure: "scores.scoreConversation", ...input });
  const earlier = await replay(db, actor, input.idempotencyKey, hash);
  if (earlier) return earlier;
  const breakdown = scoreConversationRubric(input.messages, input.feedback);
  const config = await activeConfig(db, actor, CONVERSATION_QUALITY);
  const resolved = resolveValue(CONVERSATION_QUALITY, config, breakdown.score);
  const id = randomUUID();
  const sessionId = await gateSessionId(db, actor, id, input.sessionId);
  const comment = await gateOptional(
    db,
    actor,
    { table: "conversation_scores", field: "comment", rowId: id },
    input.feedback?.comment,
  );
  return insertScore(
    db,
    actor,
    {
      id,
      sessionId,
      configId: config?.id ?? null,
      name: CONVERSATION_QUALITY,
      ...resolved,
      source: "rubric",
      comment,
      metadata: {},
      breakdown,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    hash,
  );
}

// ---- reading ----

/** created_at with its microseconds, so the keyset cursor never skips or repeats rows in the same millisecond. */
const cursorText = sql<string>`to_char(${conversationScores.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function list(db: Db, actor: Actor, input: ListScoresArgs): Promise<Page<Score>> {
  const t = conversationScores;
  const filters: (SQL | undefined)[] = [
    eq(t.tenantId, actor.tenantId),
    isNull(t.deletedAt),
    input.sessionId === undefined ? undefined : eq(t.sessionId, input.sessionId),
    input.name === undefined ? undefined : eq(t.name, input.name),
    input.source === undefined ? undefined : eq(t.source, input.source),
    input.from === undefined ? undefined : gte(t.createdAt, input.from),
    input.to === undefined ? undefined : lt(t.createdAt, input.to),
    input.minValue === undefined ? undefined : gte(t.numericValue, input.minValue),
    input.maxValue === undefined ? undefined : lte(t.numericValue, input.maxValue),
  ];
  const newest = input.order === "newest";
  if (input.cursor) {
    const position = decodeCursor(input.cursor);
    if (!isUuid(position.id) || Number.isNaN(Date.parse(position.value))) {
      throw new AppError(
        "BAD_REQUEST",
        "The cursor is not valid; pass back the nextCursor of a previous page",
      );
    }
    filters.push(
      newest
        ? sql`(${t.createdAt}, ${t.id}) < (${position.value}::timestamptz, ${position.id}::uuid)`
        : sql`(${t.createdAt}, ${t.id}) > (${position.value}::timestamptz, ${position.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ row: t, cursor: cursorText })
    .from(t)
    .where(and(...filters))
    .orderBy(...(newest ? [desc(t.createdAt), desc(t.id)] : [asc(t.createdAt), asc(t.id)]))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.cursor, id: r.row.id }));
  return { items: page.items.map((r) => toScore(r.row)), nextCursor: page.nextCursor };
}

async function liveRow(db: Db, actor: Actor, id: string, lock: boolean): Promise<ScoreRow> {
  const query = db
    .select()
    .from(conversationScores)
    .where(
      and(
        eq(conversationScores.tenantId, actor.tenantId),
        eq(conversationScores.id, id),
        isNull(conversationScores.deletedAt),
      ),
    );
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Score not found");
  return row;
}

export async function get(db: Db, actor: Actor, input: ScoreIdInput): Promise<Score> {
  return toScore(await liveRow(db, actor, input.id, false));
}

// ---- correcting ----

/**
 * Corrects a score's value and/or comment. The value is re-validated against the score's config (or
 * must keep its kind when it has none); the previous value goes to the audit log (the comment only
 * as "changed": it is free text). Rubric scores are computed: their value cannot be edited.
 */
export async function update(db: Db, actor: Actor, input: UpdateScoreInput): Promise<Score> {
  const row = await liveRow(db, actor, input.id, true);
  const changes: Partial<typeof conversationScores.$inferInsert> = {};
  if (input.value !== undefined) {
    if (row.source === "rubric") {
      throw new AppError(
        "BAD_REQUEST",
        "A rubric score's value is computed and cannot be edited; record an annotation score instead",
      );
    }
    let config: ConfigRow | null = null;
    if (row.configId) {
      [config = null] = await db
        .select()
        .from(scoreConfigs)
        .where(eq(scoreConfigs.id, row.configId))
        .for("share");
    }
    const resolved = resolveValue(row.name, config, input.value);
    if (resolved.kind !== row.kind) {
      throw new AppError(
        "BAD_REQUEST",
        `Score "${row.name}" is ${row.kind}: the value must be ${KIND_NEEDS[row.kind]}`,
      );
    }
    Object.assign(changes, resolved);
    if (resolved.stringValue !== null && !config) {
      changes.stringValue = await gateText(
        db,
        actor,
        { table: "conversation_scores", field: "string_value", rowId: row.id },
        resolved.stringValue,
      );
    }
  }
  if (input.comment !== undefined) {
    changes.comment = await gateOptional(
      db,
      actor,
      { table: "conversation_scores", field: "comment", rowId: row.id },
      input.comment,
    );
  }
  const [updated] = await db
    .update(conversationScores)
    .set(changes)
    .where(eq(conversationScores.id, row.id))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", "Score not found");
  await writeAudit(
    db,
    actor,
    { requestId: actor.requestId, ip: null, userAgent: null },
    {
      action: "scores.update.history",
      targetType: "conversation_score",
      targetId: row.id,
      metadata: {
        kind: row.kind,
        previousValue: valueOf(row),
        newValue: valueOf(updated),
        commentChanged: input.comment !== undefined && input.comment !== row.comment,
      },
    },
  );
  return toScore(updated);
}

/** Soft delete: the row stays (auditable) but leaves lists, gets and summaries. */
export async function remove(db: Db, actor: Actor, input: ScoreIdInput): Promise<Score> {
  const [row] = await db
    .update(conversationScores)
    .set({ deletedAt: sql`now()` })
    .where(
      and(
        eq(conversationScores.tenantId, actor.tenantId),
        eq(conversationScores.id, input.id),
        isNull(conversationScores.deletedAt),
      ),
    )
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Score not found");
  return toScore(row);
}

// ---- summary ----

const MAX_BUCKETS = 1000;
const APPROX_BUCKET_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const;
const HISTOGRAM_BINS = 10;
const MAX_INTEGER_BINS = 21;

function label(x: number): string {
  return String(Number(x.toPrecision(6)));
}

interface Histogram {
  mode: "integer" | "range";
  lo: number;
  hi: number;
  labels: string[];
}

function histogramFor(
  config: ConfigRow | null,
  data: { min: number; max: number; integers: boolean } | null,
): Histogram | null {
  const lo = Math.min(...[config?.minValue, data?.min].filter((v): v is number => v != null));
  const hi = Math.max(...[config?.maxValue, data?.max].filter((v): v is number => v != null));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (
    (data?.integers ?? true) &&
    Number.isInteger(lo) &&
    Number.isInteger(hi) &&
    hi - lo < MAX_INTEGER_BINS
  ) {
    return {
      mode: "integer",
      lo,
      hi,
      labels: Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i)),
    };
  }
  if (lo === hi) return { mode: "range", lo, hi, labels: [`[${label(lo)},${label(hi)}]`] };
  const width = (hi - lo) / HISTOGRAM_BINS;
  const labels = Array.from({ length: HISTOGRAM_BINS }, (_, i) => {
    const end = i === HISTOGRAM_BINS - 1 ? hi : lo + (i + 1) * width;
    return `[${label(lo + i * width)},${label(end)}${i === HISTOGRAM_BINS - 1 ? "]" : ")"}`;
  });
  return { mode: "range", lo, hi, labels };
}

/**
 * Per bucket of the tenant's time zone (local midnight, Monday, or the 1st), gap-filled between
 * `from` and `to`: count, mean, p50/p90 (percentile_cont over the numeric value; booleans count as
 * 1/0, categorical has none) and the distribution. Scores of another kind under the same name (only
 * possible without a config) are left out.
 */
export async function summary(db: Db, actor: Actor, input: SummaryArgs): Promise<ScoreSummary> {
  if ((input.to.getTime() - input.from.getTime()) / APPROX_BUCKET_MS[input.bucket] > MAX_BUCKETS) {
    throw new AppError(
      "BAD_REQUEST",
      `That range has more than ${MAX_BUCKETS} ${input.bucket} buckets; narrow it or use a larger bucket`,
    );
  }
  const [tenant] = await queryRows<{ time_zone: string }>(
    db,
    sql`select time_zone from tenants where id = ${actor.tenantId}`,
  );
  const tz = tenant?.time_zone ?? "UTC";
  const [config = null] = await db
    .select()
    .from(scoreConfigs)
    .where(and(eq(scoreConfigs.tenantId, actor.tenantId), eq(scoreConfigs.name, input.name)));
  let kind: ScoreKind | null = config?.kind ?? null;
  if (!kind) {
    const [latest] = await db
      .select({ kind: conversationScores.kind })
      .from(conversationScores)
      .where(
        and(
          eq(conversationScores.tenantId, actor.tenantId),
          eq(conversationScores.name, input.name),
          isNull(conversationScores.deletedAt),
        ),
      )
      .orderBy(desc(conversationScores.createdAt))
      .limit(1);
    kind = latest?.kind ?? null;
  }

  const from = input.from.toISOString();
  const to = input.to.toISOString();
  const scores = sql`select date_trunc(${input.bucket}, created_at at time zone ${tz}) as local_start, numeric_value as v, string_value, boolean_value
      from conversation_scores
      where tenant_id = ${actor.tenantId} and deleted_at is null and name = ${input.name} and kind = ${kind ?? ""}
        and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz`;
  const stats = await queryRows<{
    bucket: string;
    local_start: string;
    count: number;
    mean: number | null;
    p50: number | null;
    p90: number | null;
  }>(
    db,
    sql`with s as (${scores}),
      b as (
        select g as local_start
        from generate_series(date_trunc(${input.bucket}, ${from}::timestamptz at time zone ${tz}), ${to}::timestamptz at time zone ${tz}, ('1 ' || ${input.bucket})::interval) g
        where g < ${to}::timestamptz at time zone ${tz}
      )
      select to_char((b.local_start at time zone ${tz}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
        to_char(b.local_start, 'YYYY-MM-DD') as local_start,
        count(s.local_start)::int as count,
        avg(s.v)::float8 as mean,
        percentile_cont(0.5) within group (order by s.v) as p50,
        percentile_cont(0.9) within group (order by s.v) as p90
      from b left join s on s.local_start = b.local_start
      group by b.local_start
      order by b.local_start`,
  );

  let histogram: Histogram | null = null;
  let keys: string[] = [];
  let counts: { local_start: string; k: string; n: number }[] = [];
  if (kind === "numeric") {
    const [range] = await queryRows<{
      min: number | null;
      max: number | null;
      integers: boolean | null;
    }>(
      db,
      sql`with s as (${scores}) select min(v)::float8 as min, max(v)::float8 as max, bool_and(v = trunc(v)) as integers from s`,
    );
    histogram = histogramFor(
      config,
      range && range.min !== null && range.max !== null
        ? { min: Number(range.min), max: Number(range.max), integers: range.integers ?? true }
        : null,
    );
    if (histogram) {
      keys = histogram.labels;
      const { lo, hi } = histogram;
      const bin =
        histogram.mode === "integer"
          ? sql`(v - ${lo}::float8)::int`
          : lo === hi
            ? sql`0`
            : sql`least(greatest(width_bucket(v, ${lo}::float8, ${hi}::float8, ${HISTOGRAM_BINS}), 1), ${HISTOGRAM_BINS}) - 1`;
      const binned = await queryRows<{ local_start: string; bin: number; n: number }>(
        db,
        sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start, (${bin})::int as bin, count(*)::int as n from s group by 1, 2`,
      );
      counts = binned.map((r) => ({
        local_start: r.local_start,
        k: keys[r.bin] ?? String(r.bin),
        n: r.n,
      }));
    }
  } else if (kind) {
    keys = kind === "boolean" ? ["true", "false"] : (config?.categories ?? []);
    counts = await queryRows<{ local_start: string; k: string; n: number }>(
      db,
      sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start, coalesce(string_value, boolean_value::text) as k, count(*)::int as n from s group by 1, 2`,
    );
  }

  const buckets: SummaryPoint[] = stats.map((row) => {
    // A Map, then fromEntries (own properties only): category values are caller data.
    const distribution = new Map<string, number>(keys.map((k) => [k, 0]));
    for (const c of counts)
      if (c.local_start === row.local_start)
        distribution.set(c.k, (distribution.get(c.k) ?? 0) + Number(c.n));
    const num = (v: number | string | null) => (v === null ? null : Number(v));
    return {
      bucket: row.bucket,
      count: Number(row.count),
      mean: num(row.mean),
      p50: num(row.p50),
      p90: num(row.p90),
      distribution: Object.fromEntries(distribution),
    };
  });
  return {
    name: input.name,
    kind,
    timeZone: tz,
    bucket: input.bucket,
    histogram: histogram?.mode ?? null,
    buckets,
  };
}
