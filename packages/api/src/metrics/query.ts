// metrics.query: aggregations per time bucket in the tenant's time zone, optionally filtered by tags
// and grouped by one tag, answered in ONE statement from hourly rollups where they are complete and
// from raw points everywhere else.
//
// A UTC hour H is read from rollups when all of these hold (the rest is read raw):
//   - H lies wholly inside [from, to);
//   - H has no dirty marker (rollup.ts: its rollup reflects every raw point this snapshot sees);
//   - H falls in ONE bucket: date_trunc(bucket, H) = date_trunc(bucket, H + 1h − 1µs) in the tenant's
//     zone. This excludes minute buckets, and in zones with half-hour offsets (Asia/Kolkata) the
//     hours that straddle a bucket boundary — those are read raw, the others still from rollups.
// Raw rows are read per island of consecutive non-rollup hours, so the index on
// (tenant_id, name, recorded_at) is probed only where needed.
//
// Percentiles need every value of a bucket, so a rolled hour is normally read by unnesting its
// per-series `sorted_values` — barely cheaper than the raw rows. The common dashboard query (hourly
// buckets, percentiles, no filter, no group-by) has a fast path: a bucket that consists of exactly
// one rolled hour (no raw row and no other hour falls in it) is answered by that hour's row of
// `metric_rollups_hourly_all`, whose count, sum, min, max and percentiles the rollup job computed over
// all of the hour's values — one index probe per bucket instead of thousands of values. Buckets that
// are not exactly one rolled hour are computed as above: the hours straddling a bucket boundary in
// half-hour zones, partial hours at `from`/`to`, dirty hours. (The repeated local hour of a DST
// fall-back is two buckets, one per UTC hour, so each is exactly one rolled hour.)
//
// Daily buckets with no filter and no group-by have one too, whatever the aggregations: a day wholly
// inside [from, to) with a row in `metric_rollups_daily_all` for the tenant's current zone and no
// dirty hour touching it is answered by that row (rollup.ts says why it is then current), so 30 days
// cost ~28 row reads plus the two partial days at `from` and `to` — for percentiles about one day's
// values, not the month's; for count, sum, avg, min and max at most 48 hourly rows per series, not
// 720. Its hours are neither unnested nor read raw; in half-hour zones the raw island beside it stops
// at its midnight. Other days (partial, dirty, no row yet, a former zone) are computed as above.
//
// Exactness: count, min, max and the percentiles (percentile_cont over the same multiset of values:
// rollups keep `sorted_values`, and the all-series rows were computed from them) are identical
// whichever source answers. sum and avg add the same values in a different order, so they are
// identical when the partial sums are exact (integers, binary fractions); otherwise they can differ
// in the last bit, as two raw scans in different orders (parallel aggregation) already can.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import {
  MAX_QUERY_BUCKETS,
  type MetricAggregation,
  type MetricBucket,
  type MetricQueryOutput,
  type MetricQueryPoint,
  type MetricQuerySeries,
  type QueryMetricInput,
} from "./schemas";
import { normalizeMetricName, tenantMetricSettings } from "./service";
import { bucketStartSql } from "../time-buckets";

/** Shortest length of each bucket (DST days are 23 h), for the bucket-count limit. */
const MIN_BUCKET_MS: Record<MetricBucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 23 * 3_600_000,
  week: 7 * 24 * 3_600_000 - 3_600_000,
  month: 28 * 24 * 3_600_000 - 3_600_000,
};

/** Also the percentile columns of `metric_rollups_hourly_all`, by the same names. */
const PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
type PercentileAggregation = keyof typeof PERCENTILES & MetricAggregation;
const isPercentile = (a: MetricAggregation): a is PercentileAggregation => a in PERCENTILES;

export interface QueryOptions {
  /** false: ignore rollups (tests and benchmarks compare the two). */
  useRollups?: boolean;
}

interface Row extends Record<string, unknown> {
  bucket_ms: number | string;
  grp: string | null;
  n: number | string;
  total: number | string | null;
  lo: number | string | null;
  hi: number | string | null;
  pcs: (number | string)[] | string | null;
}

export async function queryMetrics(
  db: Db,
  actor: Actor,
  input: QueryMetricInput,
  options: QueryOptions = {},
): Promise<MetricQueryOutput> {
  const name = normalizeMetricName(input.name, "name");
  if (input.from >= input.to) throw new AppError("BAD_REQUEST", "`from` must be before `to`");
  const buckets =
    Math.ceil((input.to.getTime() - input.from.getTime()) / MIN_BUCKET_MS[input.bucket]) + 1;
  if (buckets > MAX_QUERY_BUCKETS) {
    throw new AppError(
      "BAD_REQUEST",
      `This range has up to ${buckets} ${input.bucket} buckets (at most ${MAX_QUERY_BUCKETS}); use a larger bucket or a shorter range`,
    );
  }
  const { timeZone } = await tenantMetricSettings(db, actor.tenantId);
  const percentileAggregations = input.aggregations.filter(isPercentile);
  const percentiles = percentileAggregations.map((a) => PERCENTILES[a]);
  const filter =
    input.filter && Object.keys(input.filter).length > 0 ? JSON.stringify(input.filter) : null;
  const groupBy = input.groupBy ?? null;
  const useRollups = options.useRollups ?? true;
  // The shapes the all-series rollups answer (see the header): every series at once. Hourly ones
  // serve percentiles (the per-series rows are as cheap for the rest); daily ones serve any
  // aggregation — a counter's 30 daily sums are 30 day rows instead of 720 hours × its series.
  const allSeries = useRollups && filter === null && groupBy === null;
  // The raw rows are read per island of hours whose bounds come from the statement itself, so the
  // planner cannot estimate them (it assumes ~11% of a partition per hour) and would seq-scan whole
  // partitions and JIT-compile the statement (~1.5 s). Index range scans are always right here; both
  // settings are transaction-local and end with the request.
  await db.execute(
    sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`,
  );
  const rows = await queryRows<Row>(
    db,
    buildQuery({
      tenantId: actor.tenantId,
      name,
      from: input.from.toISOString(),
      to: input.to.toISOString(),
      bucket: input.bucket,
      timeZone,
      filter,
      groupBy,
      percentiles,
      useRollups,
      allSeriesColumns:
        allSeries && percentileAggregations.length > 0 && input.bucket === "hour"
          ? percentileAggregations
          : null,
      dayColumns: allSeries && input.bucket === "day" ? percentileAggregations : null,
    }),
  );

  const series = new Map<string | null, MetricQuerySeries>();
  if (input.groupBy === undefined) series.set(null, { group: null, points: [] });
  for (const row of rows) {
    let s = series.get(row.grp);
    if (!s) {
      s = { group: row.grp, points: [] };
      series.set(row.grp, s);
    }
    const count = Number(row.n);
    const sum = Number(row.total);
    const pcs = parseFloatArray(row.pcs);
    const point: MetricQueryPoint = { bucket: new Date(Number(row.bucket_ms)) };
    for (const a of input.aggregations) {
      if (a === "count") point.count = count;
      else if (a === "sum") point.sum = sum;
      else if (a === "avg") point.avg = sum / count;
      else if (a === "min") point.min = Number(row.lo);
      else if (a === "max") point.max = Number(row.hi);
      else if (isPercentile(a)) point[a] = pcs[percentileAggregations.indexOf(a)] ?? Number.NaN;
    }
    s.points.push(point);
  }
  return { series: [...series.values()] };
}

/** float8[] as either driver returns it: an array, or PostgreSQL's text form `{1,2.5}`. */
function parseFloatArray(value: Row["pcs"]): number[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map(Number);
  return value.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
}

interface Plan {
  tenantId: string;
  name: string;
  from: string;
  to: string;
  bucket: MetricBucket;
  timeZone: string;
  filter: string | null;
  groupBy: string | null;
  percentiles: number[];
  useRollups: boolean;
  /** The requested percentiles, in order, when the all-series fast path applies (see the header). */
  allSeriesColumns: PercentileAggregation[] | null;
  /**
   * When whole days are read from the daily rollups: the requested percentiles, in order (none when
   * only count, sum, avg, min or max are asked for).
   */
  dayColumns: PercentileAggregation[] | null;
}

function buildQuery(p: Plan): SQL {
  const from = sql`${p.from}::timestamptz`;
  const to = sql`${p.to}::timestamptz`;
  const tz = sql`${p.timeZone}::text`;
  // Minute and hour buckets keep the two hours of a DST fall-back apart (see time-buckets.ts).
  const bucketOf = (instant: SQL) => bucketStartSql(p.bucket, instant, tz);
  const rawGroup = p.groupBy === null ? sql`null::text` : sql`m.tags ->> ${p.groupBy}::text`;
  const rollGroup = p.groupBy === null ? sql`null::text` : sql`s.tags ->> ${p.groupBy}::text`;
  const rawFilter = p.filter === null ? sql`` : sql`and m.tags @> ${p.filter}::jsonb`;
  const rollFilter = p.filter === null ? sql`` : sql`and s.tags @> ${p.filter}::jsonb`;
  const needSeries = p.filter !== null || p.groupBy !== null;
  const seriesJoin = needSeries
    ? sql`join metric_series s on s.tenant_id = r.tenant_id and s.name = r.name and s.series_hash = r.series_hash ${rollFilter}`
    : sql``;

  const days = p.dayColumns !== null;
  const planned = sql`
    dirty as (
      select bucket_start as hour from metric_rollup_dirty_hours
      where tenant_id = ${p.tenantId}::uuid and name = ${p.name}
    ),
    ${
      days
        ? sql`whole_days as (
            -- Days wholly inside [from, to), rolled up in the tenant's current zone, no hour touching
            -- them dirty: each is its bucket, answered by its row alone.
            select d.bucket_start as b, d.bucket_end as e, d.count, d.sum, d.min, d.max, d.p50, d.p90, d.p95, d.p99
            from metric_rollups_daily_all d
            where d.tenant_id = ${p.tenantId}::uuid and d.name = ${p.name} and d.time_zone = ${tz}
              and d.bucket_start >= ${from} and d.bucket_end <= ${to}
              and not exists (
                select 1 from dirty x where x.hour < d.bucket_end and x.hour + interval '1 hour' > d.bucket_start
              )
          ),`
        : sql``
    }
    hours as (
      select h, (
        ${sql.raw(p.useRollups ? "true" : "false")}
        and h >= ${from} and h + interval '1 hour' <= ${to}
        and ${bucketOf(sql`h`)} = ${bucketOf(sql`h + interval '1 hour' - interval '1 microsecond'`)}
        and not exists (select 1 from dirty d where d.hour = h)
      ) as rolled, ${
        days
          ? sql`exists (select 1 from whole_days w where w.b <= h and h + interval '1 hour' <= w.e)`
          : sql`false`
      } as covered
      from generate_series(date_trunc('hour', ${from}, 'UTC'), ${to} - interval '1 microsecond', interval '1 hour') as h
    ),
    islands as (
      select greatest(min(h), ${from}) as lo, least(max(h) + interval '1 hour', ${to}) as hi
      from (
        select h, h - (row_number() over (order by h)) * interval '1 hour' as island
        from hours where not rolled and not covered
      ) x
      group by island
    ),
    raw_ranges as ${days ? sql`materialized` : sql``} (
      ${
        days
          ? // An hour cut by a whole day's start or end (half-hour zones) is read raw only outside it.
            // Materialized: bounds computed by sub-selects would not be index conditions of the scan.
            sql`select coalesce((select w.e from whole_days w where w.b <= i.lo and i.lo < w.e), i.lo) as lo,
                     coalesce((select w.b from whole_days w where w.b < i.hi and i.hi <= w.e), i.hi) as hi
              from islands i`
          : sql`select lo, hi from islands`
      }
    ),
    ${
      p.allSeriesColumns === null
        ? sql`rolled_hours as (select h from hours where rolled and not covered)`
        : sql`hour_buckets as (
            -- Every bucket an hour touches (its first and last instant inside [from, to)), and how many
            -- hours touch that bucket: a rolled hour alone in its bucket is the whole bucket. A window,
            -- not a join: the planner cannot estimate these rows, and a misjudged join costs more than
            -- the whole answer.
            select hs.h, hs.rolled, x.bucket, count(*) over (partition by x.bucket) as hours_in_bucket
            from hours hs
            cross join lateral (
              select ${bucketOf(sql`greatest(hs.h, ${from})`)}
              union
              select ${bucketOf(sql`least(hs.h + interval '1 hour', ${to}) - interval '1 microsecond'`)}
            ) as x(bucket)
          ),
          whole_hours as (select bucket, h from hour_buckets where rolled and hours_in_bucket = 1),
          -- A rolled hour touches one bucket, so it has one row here.
          rolled_hours as (select h from hour_buckets where rolled and hours_in_bucket > 1)`
    }`;

  // LATERAL (kept a subquery by `offset 0`, so the planner cannot flatten it) keeps the islands on
  // the outer side: one index range scan per island, none when the rollups answer everything.
  const rawFrom = sql`
    from raw_ranges rr
    cross join lateral (
      select m.recorded_at, m.value, m.tags from analytics_metrics m
      where m.tenant_id = ${p.tenantId}::uuid and m.name = ${p.name}
        and m.recorded_at >= rr.lo and m.recorded_at < rr.hi ${rawFilter}
      offset 0
    ) m`;
  // On the fast path the per-series rows are read only for rolled hours that share a bucket (none
  // with hourly buckets as bucketOf draws them; kept exact should a zone's wall hour ever outlast a
  // real one), so one index probe per such hour, fenced like the raw islands.
  const rollFrom =
    p.allSeriesColumns === null
      ? sql`
    from rolled_hours rh
    join metric_rollups_hourly r on r.tenant_id = ${p.tenantId}::uuid and r.name = ${p.name} and r.bucket_start = rh.h
    ${seriesJoin}`
      : sql`
    from rolled_hours rh
    cross join lateral (
      select r.bucket_start, r.sorted_values from metric_rollups_hourly r
      where r.tenant_id = ${p.tenantId}::uuid and r.name = ${p.name} and r.bucket_start = rh.h
      offset 0
    ) r`;

  if (p.percentiles.length > 0) {
    // Percentiles need the values themselves: raw values and the rollups' sorted_values, unioned —
    // except in buckets that are exactly one rolled hour on the fast path, which read the hour's
    // precomputed answer.
    const pcs = sql.raw(`array[${p.percentiles.map((x) => x.toString()).join(",")}]::float8[]`);
    const fromValues = sql`
      select bucket, grp, count(*)::float8 as n, sum(v) as total, min(v) as lo, max(v) as hi,
             percentile_cont(${pcs}) within group (order by v) as pcs
      from vals group by bucket, grp`;
    if (p.dayColumns !== null) {
      // The days left (partial at from/to, dirty, without a row) are few, with many values each:
      // one aggregate per bucket over its values, each hour's bucket computed once rather than per
      // value, and no sort of every value by bucket before the aggregates' own sorts.
      return sql`
        with ${planned},
        raw_vals as materialized (
          select ${bucketOf(sql`m.recorded_at`)} as bucket, m.value as v ${rawFrom}
        ),
        roll_rows as materialized (
          select ${bucketOf(sql`r.bucket_start`)} as bucket, r.sorted_values ${rollFrom}
        ),
        keys as (select bucket from raw_vals union select bucket from roll_rows)
        select (extract(epoch from k.bucket) * 1000)::float8 as bucket_ms, null::text as grp, a.*
        from keys k
        cross join lateral (
          select count(*)::float8 as n, sum(x.v) as total, min(x.v) as lo, max(x.v) as hi,
                 percentile_cont(${pcs}) within group (order by x.v) as pcs
          from (
            select rv.v from raw_vals rv where rv.bucket = k.bucket
            union all
            select u.v from roll_rows rr cross join lateral unnest(rr.sorted_values) as u(v)
            where rr.bucket = k.bucket
          ) x
        ) a
        union all
        select (extract(epoch from w.b) * 1000)::float8, null::text, w.count::float8, w.sum, w.min, w.max,
               ${sql.raw(`array[${p.dayColumns.map((c) => `w.${c}`).join(", ")}]::float8[]`)}
        from whole_days w
        order by bucket_ms`;
    }
    const answers =
      p.allSeriesColumns === null
        ? fromValues
        : sql`${fromValues}
          union all
          select w.bucket, null::text, a.count::float8, a.sum, a.min, a.max,
                 ${sql.raw(`array[${p.allSeriesColumns.map((c) => `a.${c}`).join(", ")}]::float8[]`)}
          from whole_hours w
          cross join lateral (
            select a.count, a.sum, a.min, a.max, a.p50, a.p90, a.p95, a.p99 from metric_rollups_hourly_all a
            where a.tenant_id = ${p.tenantId}::uuid and a.name = ${p.name} and a.bucket_start = w.h
            offset 0
          ) a`;
    return sql`
      with ${planned},
      vals as (
        select ${bucketOf(sql`m.recorded_at`)} as bucket, ${rawGroup} as grp, m.value as v ${rawFrom}
        union all
        select ${bucketOf(sql`r.bucket_start`)}, ${rollGroup}, u.v ${rollFrom}
        cross join lateral unnest(r.sorted_values) as u(v)
      )
      select (extract(epoch from bucket) * 1000)::float8 as bucket_ms, grp, n, total, lo, hi, pcs
      from (${answers}) as answers order by grp nulls last, bucket`;
  }
  return sql`
    with ${planned},
    partials as (
      select ${bucketOf(sql`m.recorded_at`)} as bucket, ${rawGroup} as grp,
             count(*)::float8 as n, sum(m.value) as total, min(m.value) as lo, max(m.value) as hi
      ${rawFrom}
      group by 1, 2
      union all
      select ${bucketOf(sql`r.bucket_start`)}, ${rollGroup},
             sum(r.count)::float8, sum(r.sum), min(r.min), max(r.max)
      ${rollFrom}
      group by 1, 2
      ${
        days
          ? // A whole day is its own bucket; none of its hours is read raw or rolled above.
            sql`union all
              select w.b, null::text, w.count::float8, w.sum, w.min, w.max from whole_days w`
          : sql``
      }
    )
    select (extract(epoch from bucket) * 1000)::float8 as bucket_ms, grp,
           sum(n) as n, sum(total) as total, min(lo) as lo, max(hi) as hi, null::float8[] as pcs
    from partials group by bucket, grp order by grp nulls last, bucket`;
}
