// The dashboard's query inputs, computed once from (now, period, tenant time zone). The server page
// prefetches with exactly these inputs and the client components query with the same ones, so the
// prefetched cache entries are the ones the client reads (query keys hash the inputs).
import type { RouterInputs } from "@frontdesk/api";
import { startOfZonedDay } from "@/components/format";

export const PERIODS = ["7d", "30d", "90d"] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = "30d";
export const PERIOD_LABELS: Record<Period, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};
const PERIOD_DAYS: Record<Period, number> = { "7d": 7, "30d": 30, "90d": 90 };
const UPCOMING_DAYS = 7;
/** Metrics charted on the dashboard (the first ones by name; the explorer shows all). */
export const KEY_METRICS = 3;

export function parsePeriod(value: unknown): Period {
  return typeof value === "string" && (PERIODS as readonly string[]).includes(value)
    ? (value as Period)
    : DEFAULT_PERIOD;
}

export interface DashboardRanges {
  period: Period;
  periodDays: number;
  upcomingDays: number;
  /** ISO instants; `now` is rounded down to the minute so inputs stay stable within a minute. */
  now: string;
  todayStart: string;
  todayEnd: string;
  upcomingEnd: string;
  /** Local midnight `periodDays - 1` days before today: the period includes today. */
  periodStart: string;
}

export function dashboardRanges(now: Date, timeZone: string, period: Period): DashboardRanges {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const days = PERIOD_DAYS[period];
  return {
    period,
    periodDays: days,
    upcomingDays: UPCOMING_DAYS,
    now: minute.toISOString(),
    todayStart: startOfZonedDay(minute, timeZone, 0).toISOString(),
    todayEnd: startOfZonedDay(minute, timeZone, 1).toISOString(),
    upcomingEnd: startOfZonedDay(minute, timeZone, 1 + UPCOMING_DAYS).toISOString(),
    periodStart: startOfZonedDay(minute, timeZone, 1 - days).toISOString(),
  };
}

type MetricKind = "counter" | "gauge" | "histogram";
type Aggregation = RouterInputs["metrics"]["query"]["aggregations"][number];

/** What a metric's chart shows: counters add up, gauges average, histograms show typical and tail. */
export function aggregationsFor(kind: MetricKind): Aggregation[] {
  if (kind === "counter") return ["sum"];
  if (kind === "gauge") return ["avg"];
  return ["p50", "p95"];
}

/** The dashboard's headline score: the first live numeric config (the Scores page shows every one). */
export function headlineScoreName(
  configs: readonly { name: string; kind: string; archivedAt: Date | null }[] | undefined,
): string | undefined {
  return configs?.find((c) => c.kind === "numeric" && c.archivedAt === null)?.name;
}

export function dashboardInputs(r: DashboardRanges) {
  const chartBucket = r.periodDays <= 31 ? ("day" as const) : ("week" as const);
  return {
    today: {
      from: r.todayStart,
      to: r.todayEnd,
      order: "asc",
      limit: 50,
    } satisfies RouterInputs["bookings"]["list"],
    upcoming: {
      from: r.todayEnd,
      to: r.upcomingEnd,
      order: "asc",
      limit: 50,
    } satisfies RouterInputs["bookings"]["list"],
    resources: { limit: 200 } satisfies RouterInputs["bookings"]["resources"]["list"],
    // Revenue counts orders that were paid (refunds are reported beside it); `limit: 1` because only
    // the per-currency totals of the whole filter are needed.
    revenue: {
      from: new Date(r.periodStart),
      to: new Date(r.now),
      status: ["paid", "partially_refunded", "refunded"],
      includeTotals: true,
      limit: 1,
    } satisfies RouterInputs["orders"]["list"],
    scoreTrend: (name: string) =>
      ({
        name,
        from: r.periodStart,
        to: r.now,
        bucket: chartBucket,
      }) satisfies RouterInputs["scores"]["summary"],
    phiStats: {
      from: r.periodStart,
      to: r.now,
      bucket: chartBucket,
    } satisfies RouterInputs["phiEvents"]["stats"],
    metricNames: { limit: KEY_METRICS } satisfies RouterInputs["metrics"]["names"],
    metric: (name: string, kind: MetricKind) =>
      ({
        name,
        from: new Date(r.periodStart),
        to: new Date(r.now),
        bucket: r.periodDays <= 7 ? "hour" : "day",
        aggregations: aggregationsFor(kind),
      }) satisfies RouterInputs["metrics"]["query"],
  };
}
