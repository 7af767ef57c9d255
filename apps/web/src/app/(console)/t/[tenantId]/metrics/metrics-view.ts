// The metrics explorer's view as kept in the URL (nuqs parsers shared by the server page and the
// client), and how a URL becomes a `metrics.query` input: the range in the tenant's time zone, and the
// defaults (last 7 days, a bucket that suits the range, aggregations that suit the metric's kind).
// Pure: the server page prefetches with exactly the input the client will ask for.
import {
  createLoader,
  parseAsArrayOf,
  parseAsNativeArrayOf,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from "nuqs/server";
import type { RouterInputs, RouterOutputs } from "@frontdesk/api";
import { formatInZone, fromDateInput, startOfZonedDay, toDateInput } from "@/components/format";

export type MetricsQueryInput = RouterInputs["metrics"]["query"];
export type MetricsQueryOutput = RouterOutputs["metrics"]["query"];
export type MetricName = RouterOutputs["metrics"]["names"]["items"][number];
export type MetricBucket = MetricsQueryInput["bucket"];
export type MetricAggregation = MetricsQueryInput["aggregations"][number];
export type MetricKind = MetricName["kind"];

export const METRIC_BUCKETS = [
  "minute",
  "hour",
  "day",
  "week",
  "month",
] as const satisfies readonly MetricBucket[];
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
] as const satisfies readonly MetricAggregation[];
// Fails to compile if the API gains a bucket or aggregation these lists lack.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const _allBuckets: Missing<MetricBucket, (typeof METRIC_BUCKETS)[number]> = true;
const _allAggregations: Missing<MetricAggregation, (typeof METRIC_AGGREGATIONS)[number]> = true;
void _allBuckets;
void _allAggregations;

/** The names list as both the server prefetch and the client ask for it (same input, same cache key). */
export const NAMES_INPUT = { limit: 200 } as const satisfies RouterInputs["metrics"]["names"];

export const BUCKET_LABELS: Record<MetricBucket, string> = {
  minute: "Minute",
  hour: "Hour",
  day: "Day",
  week: "Week",
  month: "Month",
};

export const AGGREGATION_LABELS: Record<MetricAggregation, string> = {
  sum: "Sum",
  avg: "Average",
  min: "Min",
  max: "Max",
  count: "Count",
  p50: "p50",
  p90: "p90",
  p95: "p95",
  p99: "p99",
};

export const RANGE_PRESETS = ["24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const PRESET_LABELS: Record<RangePreset, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};
export const DEFAULT_PRESET: RangePreset = "7d";

/** URL keys: ?metric=&range=7d | from=2026-11-01&to=2026-11-07 &bucket=&agg=avg,p95&tag=channel%3Dweb&groupBy= */
export const metricsSearchParams = {
  metric: parseAsString,
  range: parseAsStringLiteral(RANGE_PRESETS),
  /** Local dates (yyyy-MM-dd) in the tenant's zone; `to` is inclusive. */
  from: parseAsString,
  to: parseAsString,
  bucket: parseAsStringLiteral(METRIC_BUCKETS),
  agg: parseAsArrayOf(parseAsStringLiteral(METRIC_AGGREGATIONS)),
  /** Repeated `tag=key=value` params: values may hold any character, commas included. */
  tag: parseAsNativeArrayOf(parseAsString),
  groupBy: parseAsString,
};
export type MetricsSearch = inferParserType<typeof metricsSearchParams>;
export const loadMetricsSearch = createLoader(metricsSearchParams);

export interface ResolvedRange {
  from: Date;
  to: Date;
  /** null for a custom range. */
  preset: RangePreset | null;
  /** For the date inputs: the local dates of the first and the last instant of the range. */
  fromDate: string;
  toDate: string;
}

const HOUR = 3_600_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Presets end at the next full hour (24h) or at local midnight after today (7d, 30d), so the range —
 * and the query key — stays the same for a while and the server's prefetch matches the client.
 * A custom range runs from local midnight of `from` to local midnight after `to`.
 */
export function resolveRange(
  search: Pick<MetricsSearch, "range" | "from" | "to">,
  now: Date,
  timeZone: string,
): ResolvedRange {
  const fromText = search.from && DAY_PATTERN.test(search.from) ? search.from : null;
  const toText = search.to && DAY_PATTERN.test(search.to) ? search.to : null;
  if (search.range === null && (fromText !== null || toText !== null)) {
    const toDay =
      (toText === null ? null : fromDateInput(toText, timeZone)) ?? startOfZonedDay(now, timeZone);
    const fromDay =
      (fromText === null ? null : fromDateInput(fromText, timeZone)) ??
      startOfZonedDay(toDay, timeZone, -6);
    const to = startOfZonedDay(toDay, timeZone, 1);
    return {
      from: fromDay,
      to,
      preset: null,
      fromDate: toDateInput(fromDay, timeZone),
      toDate: toDateInput(toDay, timeZone),
    };
  }
  const preset = search.range ?? DEFAULT_PRESET;
  let from: Date;
  let to: Date;
  if (preset === "24h") {
    to = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
    from = new Date(to.getTime() - 24 * HOUR);
  } else {
    const days = preset === "7d" ? 7 : 30;
    from = startOfZonedDay(now, timeZone, -(days - 1));
    to = startOfZonedDay(now, timeZone, 1);
  }
  return {
    from,
    to,
    preset,
    fromDate: toDateInput(from, timeZone),
    toDate: toDateInput(new Date(to.getTime() - 1), timeZone),
  };
}

/** A bucket that gives a readable chart: hours up to about a week, days up to ~3 months, then weeks. */
export function defaultBucket(range: { from: Date; to: Date }): MetricBucket {
  const days = (range.to.getTime() - range.from.getTime()) / (24 * HOUR);
  if (days <= 8) return "hour";
  if (days <= 100) return "day";
  return "week";
}

/** Counters add up; gauges move; histograms are about their percentiles. */
export function defaultAggregations(kind: MetricKind | null | undefined): MetricAggregation[] {
  if (kind === "counter") return ["sum"];
  if (kind === "gauge") return ["avg", "min", "max"];
  if (kind === "histogram") return ["p50", "p90", "p99"];
  return ["avg"];
}

export interface TagPair {
  key: string;
  value: string;
}

const TAG_KEY = /^[\w.-]{1,64}$/;

/** `key=value` (split at the first `=`, since keys cannot hold one); invalid entries are dropped, the first of a key wins. */
export function parseTagPairs(entries: readonly string[]): TagPair[] {
  const pairs: TagPair[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at <= 0) continue;
    const key = entry.slice(0, at).trim();
    const value = entry.slice(at + 1);
    if (!TAG_KEY.test(key) || seen.has(key) || value.length > 256) continue;
    seen.add(key);
    pairs.push({ key, value });
  }
  return pairs;
}

export function formatTagPair(pair: TagPair): string {
  return `${pair.key}=${pair.value}`;
}

export function isTagKey(text: string): boolean {
  return TAG_KEY.test(text);
}

export interface MetricsView {
  range: ResolvedRange;
  bucket: MetricBucket;
  aggregations: MetricAggregation[];
  tags: TagPair[];
  groupBy: string | null;
}

/** The whole view: URL values where given, defaults (for `kind`, the chosen metric's) elsewhere. */
export function resolveView(
  search: MetricsSearch,
  kind: MetricKind | null | undefined,
  now: Date,
  timeZone: string,
): MetricsView {
  const range = resolveRange(search, now, timeZone);
  const chosen = new Set(search.agg ?? []);
  // Canonical order: the same selection always gives the same query (and cache) key.
  const aggregations =
    search.agg && chosen.size > 0
      ? METRIC_AGGREGATIONS.filter((a) => chosen.has(a))
      : defaultAggregations(kind);
  const groupBy = search.groupBy?.trim() ?? "";
  return {
    range,
    bucket: search.bucket ?? defaultBucket(range),
    aggregations,
    tags: parseTagPairs(search.tag),
    groupBy: groupBy === "" ? null : groupBy,
  };
}

export function queryInput(name: string, view: MetricsView): MetricsQueryInput {
  const input: MetricsQueryInput = {
    name,
    from: view.range.from,
    to: view.range.to,
    bucket: view.bucket,
    aggregations: view.aggregations,
  };
  if (view.tags.length > 0)
    input.filter = Object.fromEntries(view.tags.map((t) => [t.key, t.value]));
  if (view.groupBy !== null) input.groupBy = view.groupBy;
  return input;
}

/** The metric to show: the one in the URL (even if not among the listed names), else the first the tenant has. */
export function chooseMetric(
  requested: string | null,
  names: readonly MetricName[],
): { name: string; info: MetricName | null } | null {
  const name = requested?.trim() || names[0]?.name;
  if (!name) return null;
  return { name, info: names.find((n) => n.name === name) ?? null };
}

const LONG_PATTERNS: Record<MetricBucket, string> = {
  minute: "MMM d, yyyy, HH:mm",
  hour: "MMM d, yyyy, HH:mm",
  day: "EEE, MMM d, yyyy",
  week: "'Week of' MMM d, yyyy",
  month: "MMMM yyyy",
};
const SHORT_PATTERNS: Record<MetricBucket, string> = {
  minute: "MMM d HH:mm",
  hour: "MMM d HH:mm",
  day: "MMM d",
  week: "MMM d",
  month: "MMM yyyy",
};

/** A bucket's start as people read it in the tenant's zone: long for tables, short for chart axes. */
export function formatBucket(
  bucket: Date,
  size: MetricBucket,
  timeZone: string,
  style: "long" | "short" = "long",
): string {
  return formatInZone(bucket, timeZone, (style === "long" ? LONG_PATTERNS : SHORT_PATTERNS)[size]);
}
