// Inputs and outputs of the scores domain (conversation_scores, Langfuse-style), shared with the SDK.
import { z } from "zod";
import { SCORE_KINDS, SCORE_SOURCES, type ScoreKind, type ScoreSource } from "@frontdesk/db";
import { idempotencyKey } from "../idempotency";
import { listInput } from "../pagination";
import { phiField } from "../phi-fields";

// ---- shared pieces ----

/** An ISO instant (with offset or `Z`) or a Date (superjson carries Dates). */
export const instant = z
  .union([z.date(), phiField("token", z.iso.datetime({ offset: true }))])
  .transform((v) => (v instanceof Date ? v : new Date(v)));

const scoreNameShape = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.-]+$/, "Use lower-case letters, digits, '_', '.' and '-' only");
/** A score's or a config's name as stored: its digits could still spell an identifier. */
export const scoreName = phiField("gated", scoreNameShape);
/** A name to find scores or a config by. */
export const scoreNameLookup = phiField("lookup", scoreNameShape);

export const scoreKind = z.enum(SCORE_KINDS);

/** Bounded so means and percentiles stay exact in double precision. */
const finiteNumber = z.number().min(-1e12).max(1e12);

/** A categorical value (or a category): short labels, not free text. */
const categoryLabel = phiField("gated", z.string().trim().min(1).max(100));

export const scoreValue = z.union([finiteNumber, categoryLabel, z.boolean()]);
export type ScoreValue = z.infer<typeof scoreValue>;

/** The integrator's conversation id: a UUID is stored as given, anything else passes the gate. */
export const sessionId = phiField("gated", z.string().min(1).max(200));
export const sessionIdLookup = phiField("lookup", z.string().min(1).max(200));

// ---- metadata: a small JSON object whose strings pass through the PHI gate ----

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const METADATA_LIMITS = {
  keys: 50,
  depth: 3,
  stringLength: 2000,
  keyLength: 100,
  arrayItems: 100,
} as const;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The first rule `value` breaks as metadata, or null when it is valid. */
export function metadataProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return "metadata must be a JSON object";
  const walk = (node: unknown, depth: number, path: string): string | null => {
    if (node === null || typeof node === "boolean") return null;
    if (typeof node === "number")
      return Number.isFinite(node) ? null : `metadata${path} must be a finite number`;
    if (typeof node === "string") {
      return node.length <= METADATA_LIMITS.stringLength
        ? null
        : `metadata${path} is longer than ${METADATA_LIMITS.stringLength} characters`;
    }
    if (depth >= METADATA_LIMITS.depth)
      return `metadata is nested deeper than ${METADATA_LIMITS.depth} levels`;
    if (Array.isArray(node)) {
      if (node.length > METADATA_LIMITS.arrayItems)
        return `metadata${path} has more than ${METADATA_LIMITS.arrayItems} items`;
      for (const [i, item] of node.entries()) {
        const problem = walk(item, depth + 1, `${path}[${i}]`);
        if (problem) return problem;
      }
      return null;
    }
    if (!isPlainObject(node))
      return `metadata${path} must be JSON (objects, arrays, strings, numbers, booleans, null)`;
    const keys = Object.keys(node);
    if (keys.length > METADATA_LIMITS.keys)
      return `metadata${path} has more than ${METADATA_LIMITS.keys} keys`;
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) return `metadata may not use the key "${key}"`;
      if (key.length === 0 || key.length > METADATA_LIMITS.keyLength) {
        return `metadata keys must be 1 to ${METADATA_LIMITS.keyLength} characters`;
      }
      const problem = walk(node[key], depth + 1, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
  // Own "__proto__" keys (JSON.parse makes them) are caught by Object.keys in walk.
  return walk(value, 0, "");
}

/** Gated as a whole: the service passes every string and every key in it through the gate. */
export const metadata = phiField(
  "gated",
  z
    .custom<JsonObject>((v) => isPlainObject(v), "metadata must be a JSON object")
    .superRefine((v, ctx) => {
      const problem = metadataProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
);

// ---- configs ----

export const upsertConfigInput = z
  .object({
    name: scoreName,
    kind: scoreKind,
    min: finiteNumber.optional(),
    max: finiteNumber.optional(),
    categories: z.array(categoryLabel).min(1).max(50).optional(),
    description: phiField("gated", z.string().max(1000)).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== "numeric" && (v.min !== undefined || v.max !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["min"],
        message: "min and max apply to numeric configs only",
      });
    }
    if (v.min !== undefined && v.max !== undefined && v.min > v.max) {
      ctx.addIssue({
        code: "custom",
        path: ["max"],
        message: "max must be greater than or equal to min",
      });
    }
    if (v.kind === "categorical" && !v.categories) {
      ctx.addIssue({
        code: "custom",
        path: ["categories"],
        message: "A categorical config needs 1 to 50 categories",
      });
    }
    if (v.kind !== "categorical" && v.categories) {
      ctx.addIssue({
        code: "custom",
        path: ["categories"],
        message: "categories apply to categorical configs only",
      });
    }
    if (v.categories && new Set(v.categories).size !== v.categories.length) {
      ctx.addIssue({ code: "custom", path: ["categories"], message: "categories must be unique" });
    }
  });
export type UpsertConfigInput = z.infer<typeof upsertConfigInput>;

export const listConfigsInput = z
  .object({ includeArchived: z.boolean().default(false) })
  .default({ includeArchived: false });
export type ListConfigsInput = z.infer<typeof listConfigsInput>;

export const archiveConfigInput = z.object({ name: scoreNameLookup });
export type ArchiveConfigInput = z.infer<typeof archiveConfigInput>;

export interface ScoreConfig {
  id: string;
  name: string;
  kind: ScoreKind;
  min: number | null;
  max: number | null;
  categories: string[] | null;
  description: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// ---- scores ----

export const RECORD_SOURCES = [
  "api",
  "annotation",
  "end_user",
] as const satisfies readonly ScoreSource[];

export const recordScoreInput = z.object({
  sessionId,
  name: scoreName,
  value: scoreValue,
  source: z.enum(RECORD_SOURCES).default("api"),
  comment: phiField("gated", z.string().max(5000)).optional(),
  metadata: metadata.optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type RecordScoreInput = z.input<typeof recordScoreInput>;
export type RecordScoreArgs = z.output<typeof recordScoreInput>;

export const conversationMessage = z.object({
  role: z.enum(["user", "assistant", "system"]),
  /** Scored by the rubric, never stored. */
  content: phiField("transient", z.string().max(20_000)),
  at: instant.optional(),
});

export const conversationFeedback = z.object({
  rating: z.number().int().min(1).max(5).optional(),
  thumbsUp: z.boolean().optional(),
  comment: phiField("gated", z.string().max(5000)).optional(),
});

export const scoreConversationInput = z.object({
  sessionId,
  messages: z.array(conversationMessage).min(1).max(500),
  feedback: conversationFeedback.optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type ScoreConversationInput = z.input<typeof scoreConversationInput>;
export type ScoreConversationArgs = z.output<typeof scoreConversationInput>;

export const SCORE_ORDERS = ["newest", "oldest"] as const;

export const listScoresInput = listInput.extend({
  sessionId: sessionIdLookup.optional(),
  name: scoreNameLookup.optional(),
  source: z.enum(SCORE_SOURCES).optional(),
  from: instant.optional(),
  to: instant.optional(),
  minValue: finiteNumber.optional(),
  maxValue: finiteNumber.optional(),
  order: z.enum(SCORE_ORDERS).default("newest"),
});
export type ListScoresInput = z.input<typeof listScoresInput>;
export type ListScoresArgs = z.output<typeof listScoresInput>;

const uuid = phiField("token", z.uuid());

export const scoreIdInput = z.object({ id: uuid });
export type ScoreIdInput = z.infer<typeof scoreIdInput>;

export const updateScoreInput = z
  .object({
    id: uuid,
    value: scoreValue.optional(),
    /** null clears the comment. */
    comment: phiField("gated", z.string().max(5000)).nullable().optional(),
  })
  .refine((v) => v.value !== undefined || v.comment !== undefined, {
    message: "Give a new value, a comment, or both",
  });
export type UpdateScoreInput = z.infer<typeof updateScoreInput>;

export const SUMMARY_BUCKETS = ["day", "week", "month"] as const;
export type SummaryBucket = (typeof SUMMARY_BUCKETS)[number];

export const summaryInput = z
  .object({
    name: scoreNameLookup,
    from: instant,
    to: instant,
    bucket: z.enum(SUMMARY_BUCKETS),
  })
  .refine((v) => v.from < v.to, { path: ["to"], message: "to must be after from" });
export type SummaryInput = z.input<typeof summaryInput>;
export type SummaryArgs = z.output<typeof summaryInput>;

/** A criterion of the conversation rubric (rubric.ts); `value` is null when it did not apply. */
export type RubricCriterion = {
  criterion: string;
  value: number | null;
  weight: number;
  reason: string;
};

/** Stored in conversation_scores.breakdown (jsonb): numbers and fixed phrases only, never message text. */
export type RubricBreakdown = {
  version: string;
  score: number;
  criteria: RubricCriterion[];
  counts: { messages: number; userTurns: number; assistantTurns: number };
};

export interface Score {
  id: string;
  sessionId: string;
  name: string;
  kind: ScoreKind;
  value: number | string | boolean;
  source: ScoreSource;
  configId: string | null;
  comment: string | null;
  metadata: Record<string, unknown>;
  breakdown: RubricBreakdown | null;
  author: { type: "user" | "api_key"; id: string } | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SummaryPoint {
  /** The bucket's start (local midnight / Monday / 1st of the month in the tenant's zone) as an instant. */
  bucket: string;
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  /** value → count (categorical, boolean) or histogram bin → count (numeric). */
  distribution: Record<string, number>;
}

export interface ScoreSummary {
  name: string;
  kind: ScoreKind | null;
  timeZone: string;
  bucket: SummaryBucket;
  /** Numeric only: "integer" (a bin per integer value) or "range" (10 equal bins, labelled [lo,hi)). */
  histogram: "integer" | "range" | null;
  buckets: SummaryPoint[];
}
