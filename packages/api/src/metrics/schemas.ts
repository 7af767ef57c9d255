// Inputs and outputs of the metrics procedures (PostHog-style points in `analytics_metrics`). Shared
// with the SDK. Bounds that need no database are checked here; the service normalises names
// (trim, lower-case, `[a-z0-9_.:-]`) and checks what needs the tenant (time window, cardinality).
import { METRIC_KINDS } from "@frontdesk/db";
import { z } from "zod";
import { phiField } from "../phi-fields";

export const MAX_METRIC_NAME_LENGTH = 200;
export const MAX_UNIT_LENGTH = 32;
export const MAX_TAGS_PER_POINT = 32;
export const MAX_TAG_KEY_LENGTH = 64;
export const MAX_TAG_VALUE_LENGTH = 256;
export const MAX_POINTS_PER_BATCH = 10_000;
export const MAX_QUERY_RANGE_DAYS = 400;
export const MAX_QUERY_BUCKETS = 5_000;
export const MAX_FILTER_TAGS = 16;
const TAG_KEY_PATTERN = /^[\w.-]+$/;
/** A name as sent may carry surrounding whitespace the service trims. */
const MAX_RAW_METRIC_NAME_LENGTH = MAX_METRIC_NAME_LENGTH + 56;

export const metricKind = z.enum(METRIC_KINDS);

/** Raw name as sent; the service trims and lower-cases it, then allows only `[a-z0-9_.:-]`. */
const metricNameShape = z.string().max(MAX_RAW_METRIC_NAME_LENGTH, {
  error: `A metric name is at most ${MAX_METRIC_NAME_LENGTH} characters`,
});
/** A point's metric name: stored, so it passes the gate (after normalising). */
export const metricName = phiField("gated", metricNameShape);
const metricNameLookup = phiField("lookup", metricNameShape);

const tagKeyShape = z
  .string()
  .min(1, { error: "A tag key cannot be empty" })
  .max(MAX_TAG_KEY_LENGTH, { error: `A tag key is at most ${MAX_TAG_KEY_LENGTH} characters` })
  .regex(TAG_KEY_PATTERN, { error: "A tag key may only contain letters, digits, _ . -" });

/** A point's tag key: stored, so it passes the gate like the value. */
export const tagKey = phiField("gated", tagKeyShape);
const tagKeyLookup = phiField("lookup", tagKeyShape);

const tagValueShape = z.string().max(MAX_TAG_VALUE_LENGTH, {
  error: `A tag value is at most ${MAX_TAG_VALUE_LENGTH} characters`,
});
export const tagValue = phiField("gated", tagValueShape);

const tagMap = (max: number, what: string, key: z.ZodType<string>, value: z.ZodType<string>) =>
  z
    .record(key, value)
    .refine((tags) => Object.keys(tags).length <= max, { error: `At most ${max} ${what}` });

export const metricTags = tagMap(MAX_TAGS_PER_POINT, "tags per point", tagKey, tagValue);

export const metricPoint = z.object({
  name: metricName,
  /** Finite: zod 4 numbers reject NaN and ±Infinity. */
  value: z.number(),
  /** Default: the metric's existing kind, or `gauge` for a new metric. */
  kind: metricKind.optional(),
  unit: phiField(
    "gated",
    z
      .string()
      .min(1)
      .max(MAX_UNIT_LENGTH, { error: `A unit is at most ${MAX_UNIT_LENGTH} characters` }),
  ).optional(),
  tags: metricTags.optional(),
  /** When the value was observed (default: now); within the tenant's metrics retention and at most a day ahead. */
  at: z.date().optional(),
});
export type MetricPointInput = z.infer<typeof metricPoint>;

export const recordMetricInput = metricPoint;
export type RecordMetricInput = z.infer<typeof recordMetricInput>;

export const recordMetricBatchInput = z.object({
  points: z
    .array(metricPoint)
    .min(1, { error: "Send at least one point" })
    .max(MAX_POINTS_PER_BATCH, {
      error: `At most ${MAX_POINTS_PER_BATCH.toLocaleString("en-US")} points per batch`,
    }),
});
export type RecordMetricBatchInput = z.infer<typeof recordMetricBatchInput>;

const METRIC_KIND_SET: ReadonlySet<unknown> = new Set(METRIC_KINDS);
const POINT_KEYS = ["name", "value", "kind", "unit", "tags", "at"] as const;

/**
 * recordMetricBatchInput's output for a batch that plainly passes it, or null: the same object zod
 * builds (shape keys in shape order, unknown keys dropped, a key sent as undefined kept as
 * undefined, tags copied, Dates as given) from the same rules. Only inputs it is sure of: anything
 * unusual (a class instance, a symbol, non-enumerable or `__proto__` tag keys, a failing rule) gets
 * null and zod decides, so every error still comes from zod. The schema stays the source of
 * truth; a test checks the two agree on valid, invalid and odd inputs.
 *
 * Why: tRPC parses with parseAsync, in which zod 4 runs no compiled parsers, and its generic walk
 * allocates a result object per field: ~30 ms and most of the garbage of a 10,000-point batch,
 * against ~3 ms here.
 */
export function parsePlainMetricBatch(input: unknown): RecordMetricBatchInput | null {
  if (!isPlain(input)) return null;
  const points: unknown = input.points;
  if (!Array.isArray(points) || points.length < 1 || points.length > MAX_POINTS_PER_BATCH)
    return null;
  const out: MetricPointInput[] = new Array<MetricPointInput>(points.length);
  for (let i = 0; i < points.length; i++) {
    const point = parsePlainPoint(points[i]);
    if (!point) return null;
    out[i] = point;
  }
  return { points: out };
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function parsePlainPoint(p: unknown): MetricPointInput | null {
  if (!isPlain(p)) return null;
  const { name, value } = p;
  if (typeof name !== "string" || name.length > MAX_RAW_METRIC_NAME_LENGTH) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const out: MetricPointInput = { name, value };
  // The optional keys, as zod's object parser treats them: absent stays absent, present-but-
  // undefined is kept as undefined.
  for (let k = 2; k < POINT_KEYS.length; k++) {
    const key = POINT_KEYS[k] as (typeof POINT_KEYS)[number];
    if (!(key in p)) continue;
    const given = p[key];
    if (given === undefined) {
      (out as Record<string, unknown>)[key] = undefined;
      continue;
    }
    switch (key) {
      case "kind":
        if (!METRIC_KIND_SET.has(given)) return null;
        out.kind = given as MetricPointInput["kind"];
        break;
      case "unit":
        if (typeof given !== "string" || given.length < 1 || given.length > MAX_UNIT_LENGTH)
          return null;
        out.unit = given;
        break;
      case "tags": {
        const tags = parsePlainTags(given);
        if (!tags) return null;
        out.tags = tags;
        break;
      }
      case "at":
        if (!(given instanceof Date) || Number.isNaN(given.getTime())) return null;
        out.at = given;
        break;
      default:
        return null;
    }
  }
  return out;
}

function parsePlainTags(tags: unknown): Record<string, string> | null {
  if (!isPlain(tags)) return null;
  // Reflect.ownKeys is what zod's record parser walks (symbols and non-enumerable keys included).
  const keys = Reflect.ownKeys(tags);
  if (keys.length > MAX_TAGS_PER_POINT) return null;
  const out: Record<string, string> = {};
  for (const key of keys) {
    if (
      typeof key !== "string" ||
      key === "__proto__" ||
      key.length < 1 ||
      key.length > MAX_TAG_KEY_LENGTH ||
      !Object.prototype.propertyIsEnumerable.call(tags, key) ||
      !TAG_KEY_PATTERN.test(key)
    )
      return null;
    const v = tags[key];
    if (typeof v !== "string" || v.length > MAX_TAG_VALUE_LENGTH) return null;
    out[key] = v;
  }
  return out;
}

// tRPC validates with parseAsync: a plain batch takes the path above, anything else zod's
// synchronous parse (the one with compiled object parsers), and an async schema part — there is
// none today — zod's own parseAsync.
const zodParseAsync = recordMetricBatchInput.parseAsync.bind(recordMetricBatchInput);
recordMetricBatchInput.parseAsync = async (data, params) => {
  const plain = parsePlainMetricBatch(data);
  if (plain) return plain;
  try {
    return recordMetricBatchInput.parse(data, params);
  } catch (error) {
    if (error instanceof z.core.$ZodAsyncError) return zodParseAsync(data, params);
    throw error;
  }
};

export const recordMetricOutput = z.object({ accepted: z.number().int() });
export type RecordMetricOutput = z.infer<typeof recordMetricOutput>;

export const METRIC_BUCKETS = ["minute", "hour", "day", "week", "month"] as const;
export type MetricBucket = (typeof METRIC_BUCKETS)[number];

export const METRIC_AGGREGATIONS = [
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "p50",
  "p90",
  "p95",
  "p99",
] as const;
export type MetricAggregation = (typeof METRIC_AGGREGATIONS)[number];

export const queryMetricInput = z
  .object({
    name: metricNameLookup,
    from: z.date(),
    to: z.date(),
    bucket: z.enum(METRIC_BUCKETS),
    aggregations: z
      .array(z.enum(METRIC_AGGREGATIONS))
      .min(1, { error: "Ask for at least one aggregation" })
      .max(METRIC_AGGREGATIONS.length)
      .refine((a) => new Set(a).size === a.length, { error: "Aggregations must be unique" }),
    /** Tag equality filters (all must match). */
    filter: tagMap(
      MAX_FILTER_TAGS,
      "filter tags",
      tagKeyLookup,
      phiField("lookup", tagValueShape),
    ).optional(),
    /** A tag key: one series per distinct value of that tag (`group: null` for points without it). */
    groupBy: tagKeyLookup.optional(),
  })
  .refine((q) => q.from < q.to, { error: "`from` must be before `to`", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_QUERY_RANGE_DAYS * 86_400_000, {
    error: `The time range is at most ${MAX_QUERY_RANGE_DAYS} days`,
    path: ["to"],
  });
export type QueryMetricInput = z.infer<typeof queryMetricInput>;

/** One bucket: its start (in the tenant's time zone) and the requested aggregations. */
export type MetricQueryPoint = { bucket: Date } & Partial<Record<MetricAggregation, number>>;

export interface MetricQuerySeries {
  group: string | null;
  points: MetricQueryPoint[];
}

export interface MetricQueryOutput {
  series: MetricQuerySeries[];
}

export const listMetricNamesInput = z.object({
  prefix: phiField("lookup", z.string().max(MAX_METRIC_NAME_LENGTH)).optional(),
  cursor: phiField("lookup", z.string().min(1).max(512)).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListMetricNamesInput = z.infer<typeof listMetricNamesInput>;

export interface MetricNameItem {
  name: string;
  kind: (typeof METRIC_KINDS)[number];
  unit: string | null;
  seriesCount: number;
  lastSeenAt: Date;
}
