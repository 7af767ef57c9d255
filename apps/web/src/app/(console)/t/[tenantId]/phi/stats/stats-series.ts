// PHI stats: the URL's range/bucket choices → a `phiEvents.stats` input, and its non-zero cells →
// rows for a stacked bar chart (one row per bucket, zeros filled in, one series per type or action).
// Buckets start where the API's do: the tenant's local hour, midnight, Monday or 1st of the month.
import { TZDate } from "@date-fns/tz";
import { createLoader, parseAsStringLiteral } from "nuqs/server";
import type { RouterInputs, RouterOutputs } from "@frontdesk/api";
import type { ChartSeries } from "@/components/chart";
import { formatInZone, startOfZonedDay } from "@/components/format";
import {
  ACTION_TAKEN_INFO,
  PHI_ACTIONS_TAKEN,
  PHI_TYPES,
  type PhiActionTaken,
  type PhiType,
} from "../phi-labels";

export type Stats = RouterOutputs["phiEvents"]["stats"];
export type StatsInput = RouterInputs["phiEvents"]["stats"];
export type Bucket = Stats["bucket"];

export const BUCKETS = ["hour", "day", "week", "month"] as const satisfies readonly Bucket[];
export const RANGES = ["24h", "7d", "30d", "90d", "365d"] as const;
export type RangePreset = (typeof RANGES)[number];
export const GROUPINGS = ["type", "action"] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "365d": "Last 365 days",
};
export const BUCKET_LABELS: Record<Bucket, string> = {
  hour: "Hourly",
  day: "Daily",
  week: "Weekly",
  month: "Monthly",
};

/** The bucket that suits a range best; picked whenever the range changes. */
export const DEFAULT_BUCKET: Record<RangePreset, Bucket> = {
  "24h": "hour",
  "7d": "day",
  "30d": "day",
  "90d": "week",
  "365d": "month",
};

/** `?range=30d&bucket=day&by=type`, shared by the server page (prefetch) and the client view. */
export const statsParsers = {
  range: parseAsStringLiteral(RANGES).withDefault("30d"),
  bucket: parseAsStringLiteral(BUCKETS).withDefault("day"),
  by: parseAsStringLiteral(GROUPINGS).withDefault("type"),
};
export const loadStatsSearchParams = createLoader(statsParsers);

/** The API refuses more buckets than this (MAX_STATS_BUCKETS). */
export const MAX_BUCKETS = 1000;
const HOUR_MS = 3_600_000;

/**
 * The instants a preset covers, ending at the next bucket boundary so the key stays the same for a
 * while (the server's prefetch and the browser agree, and re-renders do not refetch).
 */
export function rangeFor(
  preset: RangePreset,
  now: Date,
  timeZone: string,
): { from: Date; to: Date } {
  if (preset === "24h") {
    const to = new Date(truncate(now, "hour", timeZone).getTime() + HOUR_MS);
    return { from: new Date(to.getTime() - 24 * HOUR_MS), to };
  }
  const days = Number(preset.slice(0, -1));
  return { from: startOfZonedDay(now, timeZone, 1 - days), to: startOfZonedDay(now, timeZone, 1) };
}

/** The start of the bucket holding `value`, in the zone. */
export function truncate(value: Date, bucket: Bucket, timeZone: string): Date {
  const l = new TZDate(value.getTime(), timeZone);
  switch (bucket) {
    case "hour":
      return new Date(
        new TZDate(
          l.getFullYear(),
          l.getMonth(),
          l.getDate(),
          l.getHours(),
          0,
          0,
          0,
          timeZone,
        ).getTime(),
      );
    case "day":
      return new Date(
        new TZDate(l.getFullYear(), l.getMonth(), l.getDate(), 0, 0, 0, 0, timeZone).getTime(),
      );
    case "week": {
      const sinceMonday = (l.getDay() + 6) % 7;
      return new Date(
        new TZDate(
          l.getFullYear(),
          l.getMonth(),
          l.getDate() - sinceMonday,
          0,
          0,
          0,
          0,
          timeZone,
        ).getTime(),
      );
    }
    case "month":
      return new Date(new TZDate(l.getFullYear(), l.getMonth(), 1, 0, 0, 0, 0, timeZone).getTime());
  }
}

function nextBucket(start: Date, bucket: Bucket, timeZone: string): Date {
  if (bucket === "hour") return new Date(start.getTime() + HOUR_MS);
  const l = new TZDate(start.getTime(), timeZone);
  const [y, m, d] = [l.getFullYear(), l.getMonth(), l.getDate()];
  const next =
    bucket === "day"
      ? new TZDate(y, m, d + 1, 0, 0, 0, 0, timeZone)
      : bucket === "week"
        ? new TZDate(y, m, d + 7, 0, 0, 0, 0, timeZone)
        : new TZDate(y, m + 1, 1, 0, 0, 0, 0, timeZone);
  return new Date(next.getTime());
}

/** Every bucket start from the one holding `from` up to `to` (exclusive); at most `limit + 1`. */
export function bucketStarts(
  from: Date,
  to: Date,
  bucket: Bucket,
  timeZone: string,
  limit = MAX_BUCKETS,
): Date[] {
  const out: Date[] = [];
  for (
    let b = truncate(from, bucket, timeZone);
    b < to && out.length <= limit;
    b = nextBucket(b, bucket, timeZone)
  )
    out.push(b);
  return out;
}

/** The stats input for a choice, or why it cannot be asked (too many buckets for the API). */
export function statsRequest(
  preset: RangePreset,
  bucket: Bucket,
  now: Date,
  timeZone: string,
): { ok: true; input: StatsInput & { from: string; to: string } } | { ok: false; message: string } {
  const { from, to } = rangeFor(preset, now, timeZone);
  if (bucketStarts(from, to, bucket, timeZone).length > MAX_BUCKETS) {
    return {
      ok: false,
      message: `${RANGE_LABELS[preset]} has more than ${MAX_BUCKETS} ${bucket} buckets; choose a larger bucket.`,
    };
  }
  return { ok: true, input: { from: from.toISOString(), to: to.toISOString(), bucket } };
}

const BUCKET_PATTERNS: Record<Bucket, string> = {
  hour: "MMM d, HH:mm",
  day: "MMM d",
  week: "'Week of' MMM d",
  month: "MMM yyyy",
};

export function bucketLabel(start: Date, bucket: Bucket, timeZone: string): string {
  return formatInZone(start, timeZone, BUCKET_PATTERNS[bucket]);
}

/** 18 distinguishable colours, one per PHI type (chart.tsx's palette has five). */
const TYPE_COLORS = [
  "#1d4ed8",
  "#0f766e",
  "#b45309",
  "#7c3aed",
  "#be123c",
  "#15803d",
  "#0369a1",
  "#a21caf",
  "#c2410c",
  "#4d7c0f",
  "#1e40af",
  "#9f1239",
  "#0e7490",
  "#6d28d9",
  "#854d0e",
  "#047857",
  "#9d174d",
  "#374151",
];
const ACTION_COLORS: Record<PhiActionTaken, string> = {
  masked: "#1d4ed8",
  blocked: "#b42318",
  alerted: "#b45309",
};

/** The x key of chart rows; chart.tsx also uses it as the column header of the screen-reader table. */
export const X_KEY = "Period";

export interface ChartData {
  rows: Record<string, string | number | null>[];
  series: ChartSeries[];
}

/**
 * One row per bucket of the range (empty ones included, with 0s), X_KEY as the x value, and one
 * numeric key per type (or action) that has any events, most frequent first.
 */
export function chartData(
  stats: Stats,
  range: { from: Date; to: Date },
  grouping: Grouping,
): ChartData {
  const { timeZone, bucket } = stats;
  const starts = new Map<number, Date>();
  for (const b of bucketStarts(range.from, range.to, bucket, timeZone)) starts.set(b.getTime(), b);
  // A bucket the API reports that the enumeration missed (e.g. a DST edge) still gets a bar.
  for (const item of stats.items)
    if (!starts.has(item.bucket.getTime())) starts.set(item.bucket.getTime(), item.bucket);

  const keys: string[] =
    grouping === "type"
      ? PHI_TYPES.filter((t) => (stats.totals.byType[t] ?? 0) > 0).sort(
          (a, b) => (stats.totals.byType[b] ?? 0) - (stats.totals.byType[a] ?? 0),
        )
      : PHI_ACTIONS_TAKEN.filter((a) => (stats.totals.byAction[a] ?? 0) > 0);

  const rows = new Map<number, Record<string, string | number | null>>();
  for (const [time, start] of [...starts].sort((a, b) => a[0] - b[0])) {
    const row: Record<string, string | number | null> = {
      [X_KEY]: bucketLabel(start, bucket, timeZone),
    };
    for (const k of keys) row[k] = 0;
    rows.set(time, row);
  }
  for (const item of stats.items) {
    const row = rows.get(item.bucket.getTime());
    const key = grouping === "type" ? item.type : item.action;
    if (row) row[key] = Number(row[key] ?? 0) + item.count;
  }

  const series: ChartSeries[] = keys.map((k) =>
    grouping === "type"
      ? {
          key: k,
          label: k,
          color: TYPE_COLORS[PHI_TYPES.indexOf(k as PhiType) % TYPE_COLORS.length],
        }
      : {
          key: k,
          label: ACTION_TAKEN_INFO[k as PhiActionTaken].label,
          color: ACTION_COLORS[k as PhiActionTaken],
        },
  );
  return { rows: [...rows.values()], series };
}

/** Totals by type, most frequent first, with each one's share of all events (0..1). */
export function typeTotals(stats: Stats): { type: PhiType; count: number; share: number }[] {
  const total = stats.totals.count;
  return PHI_TYPES.map((type) => ({ type, count: stats.totals.byType[type] ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((r) => ({ ...r, share: total > 0 ? r.count / total : 0 }));
}
