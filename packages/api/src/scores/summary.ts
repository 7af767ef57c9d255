// scores.summary: one score name per bucket of the tenant's time zone — count, mean, p50/p90 and
// the distribution.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import {
  conversationScores,
  queryRows,
  scoreConfigs,
  type Db,
  type ScoreKind,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import type { ConfigRow } from "./rows";
import type { ScoreSummary, SummaryArgs, SummaryPoint } from "./schemas";

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
