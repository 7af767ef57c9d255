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

export const metricKind = z.enum(METRIC_KINDS);

/** Raw name as sent; the service trims and lower-cases it, then allows only `[a-z0-9_.:-]`. */
const metricNameShape = z.string().max(MAX_METRIC_NAME_LENGTH + 56, {
  error: `A metric name is at most ${MAX_METRIC_NAME_LENGTH} characters`,
});
/** A point's metric name: stored, so it passes the gate (after normalising). */
export const metricName = phiField("gated", metricNameShape);
const metricNameLookup = phiField("lookup", metricNameShape);

const tagKeyShape = z
  .string()
  .min(1, { error: "A tag key cannot be empty" })
  .max(MAX_TAG_KEY_LENGTH, { error: `A tag key is at most ${MAX_TAG_KEY_LENGTH} characters` })
  .regex(/^[\w.-]+$/, { error: "A tag key may only contain letters, digits, _ . -" });

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
