// scores.summary: one score name per bucket of the tenant's time zone — count, mean, exact p50/p90
// and the distribution — read from the daily rollup `score_day_values` for the local days wholly
// inside the range, and from the scores themselves only for the (at most two) days the range cuts.
// Two statements: one looks up the zone and the config, one pass over the scores answers the rest.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db, type ScoreKind } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import type { ConfigRow } from "./rows";
import type { ScoreSummary, SummaryArgs, SummaryPoint } from "./schemas";

const MAX_BUCKETS = 1000;
const APPROX_BUCKET_MS = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const;
export const HISTOGRAM_BINS = 10;
const MAX_INTEGER_BINS = 21;

function label(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export interface Histogram {
  mode: "integer" | "range";
  lo: number;
  hi: number;
  labels: string[];
}

export function histogramFor(
  config: ConfigRow | null,
  data: { min: number; max: number; integers: boolean } | null,
): Histogram | null {
  const lo = Math.min(...[config?.minValue, data?.min].filter((v): v is number => v != null));
  const hi = Math.max(...[config?.maxValue, data?.max].filter((v): v is number => v != null));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const integer =
    (data?.integers ?? true) &&
    Number.isInteger(lo) &&
    Number.isInteger(hi) &&
    hi - lo < MAX_INTEGER_BINS;
  return histogramOf(integer ? "integer" : "range", lo, hi);
}

/** The bins' labels: one per integer from lo to hi, else HISTOGRAM_BINS ranges (one when lo = hi). */
function histogramOf(mode: Histogram["mode"], lo: number, hi: number): Histogram {
  if (mode === "integer") {
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
 * The live scores of `name` and `kind` created in [from, to), as a multiset: rows of (local_start:
 * the local start of the score's bucket, v: its numeric value, string_value, boolean_value, n: how
 * many scores hold that value). A local day after the one `from` falls on and before the one `to`
 * falls on lies wholly inside the range (a local date never goes backwards as time passes), so its
 * values come from the rollup; the scores of the two edge days are read from the table, through its
 * (tenant_id, name, created_at) index, one branch per day so that even a generic plan of the prepared
 * statement bounds each index range by its day (one range with an OR was scanned from `from` to
 * `to` under a generic plan). The edge days' index ranges reach 3 hours past where
 * PostgreSQL puts their local midnight (a midnight that a clock change skips or repeats is placed
 * on one side of the change; no zone's change exceeds 3 hours), and the local date decides.
 */
function scoreMultiset(
  tenantId: string,
  input: SummaryArgs,
  tz: string,
  kind: ScoreKind | null,
): SQL {
  const from = sql`${input.from.toISOString()}::timestamptz`;
  const to = sql`${input.to.toISOString()}::timestamptz`;
  const firstDay = sql`(${from} at time zone ${tz})::date`;
  const lastDay = sql`(${to} at time zone ${tz})::date`;
  return sql`select date_trunc(${input.bucket}, d.local_day::timestamp) as local_start, d.numeric_value as v,
        d.string_value, d.boolean_value, d.score_count as n
      from score_day_values d
      where d.tenant_id = ${tenantId} and d.name = ${input.name} and d.kind = ${kind ?? ""}
        and d.local_day > ${firstDay} and d.local_day < ${lastDay}
      union all
      select date_trunc(${input.bucket}, c.created_at at time zone ${tz}), c.numeric_value, c.string_value, c.boolean_value, 1
      from conversation_scores c
      where c.tenant_id = ${tenantId} and c.deleted_at is null and c.name = ${input.name} and c.kind = ${kind ?? ""}
        and c.created_at >= ${from}
        and c.created_at < least(${to}, ((${firstDay} + 1)::timestamp at time zone ${tz}) + interval '3 hours')
        and (c.created_at at time zone ${tz})::date = ${firstDay}
      union all
      select date_trunc(${input.bucket}, c.created_at at time zone ${tz}), c.numeric_value, c.string_value, c.boolean_value, 1
      from conversation_scores c
      where c.tenant_id = ${tenantId} and c.deleted_at is null and c.name = ${input.name} and c.kind = ${kind ?? ""}
        and c.created_at >= greatest(${from}, (${lastDay}::timestamp at time zone ${tz}) - interval '3 hours')
        and c.created_at < ${to}
        and (c.created_at at time zone ${tz})::date = ${lastDay} and ${lastDay} > ${firstDay}`;
}

/**
 * percentile_cont(p) of a bucket from its values' running counts (pc: total, lo/hi = the values at
 * 0-based positions floor/ceil of p × (total − 1)), in PostgreSQL's own float8 arithmetic, so it
 * equals percentile_cont over the scores themselves bit for bit.
 */
function percentileSql(p: "0.5" | "0.9", lo: SQL, hi: SQL): SQL {
  const at = sql`(${sql.raw(p)}::float8 * (pc.total - 1)::float8)`;
  return sql`case when pc.total is null then null
    when ceil(${at}) > floor(${at}) then ${lo} + ((${at} - floor(${at})) * (${hi} - ${lo}))
    else ${lo} end`;
}

/**
 * Per bucket of the tenant's time zone (local midnight, Monday, or the 1st), gap-filled between
 * `from` and `to`: count, mean, p50/p90 (percentile_cont over the numeric value; booleans count as
 * 1/0, categorical has none) and the distribution. Scores of another kind under the same name (only
 * possible without a config) are left out. The mean is the values' sum over their count, summed in
 * another order than a scan of the scores would: it may differ from `avg()` over them in the last
 * bits of a float8.
 */
export async function summarizeScores(
  db: Db,
  actor: Actor,
  input: SummaryArgs,
): Promise<ScoreSummary> {
  if ((input.to.getTime() - input.from.getTime()) / APPROX_BUCKET_MS[input.bucket] > MAX_BUCKETS) {
    throw new AppError(
      "BAD_REQUEST",
      `That range has more than ${MAX_BUCKETS} ${input.bucket} buckets; narrow it or use a larger bucket`,
    );
  }
  // The tenant's zone, the name's config and, only when there is none, the kind of its latest
  // score, in one round trip (a CASE evaluates its subquery only on the branch taken).
  const [lookup] = await queryRows<{
    time_zone: string | null;
    kind: ScoreKind | null;
    min_value: number | null;
    max_value: number | null;
    categories: string[] | null;
  }>(
    db,
    sql`select t.time_zone, coalesce(c.kind, case when c.id is null then (
          select s.kind from conversation_scores s
          where s.tenant_id = ${actor.tenantId} and s.name = ${input.name} and s.deleted_at is null
          order by s.created_at desc limit 1) end) as kind,
        c.min_value, c.max_value, c.categories
      from (select ${actor.tenantId}::uuid as id) q
      left join tenants t on t.id = q.id
      left join score_configs c on c.tenant_id = q.id and c.name = ${input.name}`,
  );
  const tz = lookup?.time_zone ?? "UTC";
  const kind: ScoreKind | null = lookup?.kind ?? null;
  const configMin = lookup?.min_value ?? null;
  const configMax = lookup?.max_value ?? null;

  const from = input.from.toISOString();
  const to = input.to.toISOString();
  const scores = scoreMultiset(actor.tenantId, input, tz, kind);
  // The histogram's range (numeric scores): the config's bounds widened to the data's, and integer
  // bins when every value and both ends are integers and there are few enough of them — as
  // histogramFor decides it, computed beside the statistics instead of in a pass of its own.
  const range =
    kind === "numeric"
      ? sql`r0 as (select least(${configMin}::float8, min(v)::float8) as lo, greatest(${configMax}::float8, max(v)::float8) as hi,
            coalesce(bool_and(v = trunc(v)), true) as integers from s),
          r as (select lo, hi, (integers and lo = trunc(lo) and hi = trunc(hi) and hi - lo < ${MAX_INTEGER_BINS}) as integer_mode from r0),`
      : sql`r as (select null::float8 as lo, null::float8 as hi, null::boolean as integer_mode),`;
  // A score's key in the distribution: its bin's index for numeric scores, its value otherwise.
  const key =
    kind === "numeric"
      ? sql`(case when r.integer_mode then (s.v - r.lo)::int::text
            when r.lo = r.hi then '0'
            else (least(greatest(width_bucket(s.v, r.lo, r.hi, ${HISTOGRAM_BINS}), 1), ${HISTOGRAM_BINS}) - 1)::text end)`
      : sql`coalesce(s.string_value, s.boolean_value::text)`;
  // One pass over the scores: the buckets' statistics, the histogram's range and every bucket's
  // distribution (as [key, count] pairs) in one statement.
  const stats = await queryRows<{
    bucket: string;
    count: number;
    mean: number | null;
    p50: number | null;
    p90: number | null;
    distribution: [string | null, number][] | null;
    lo: number | null;
    hi: number | null;
    integer_mode: boolean | null;
  }>(
    db,
    sql`with s as (${scores}),
      ${range}
      b as (
        select g as local_start
        from generate_series(date_trunc(${input.bucket}, ${from}::timestamptz at time zone ${tz}), ${to}::timestamptz at time zone ${tz}, ('1 ' || ${input.bucket})::interval) g
        where g < ${to}::timestamptz at time zone ${tz}
      ),
      k as (select local_start, sum(n)::bigint as n from s group by 1),
      w as (select local_start, v, sum(n)::bigint as n from s where v is not null group by 1, 2),
      c as (
        select local_start, v, n,
          (sum(n) over (partition by local_start order by v))::bigint as upto,
          (sum(n) over (partition by local_start))::bigint as total
        from w
      ),
      pc as (
        select local_start, max(total) as total, sum(v * n) as vsum,
          min(v) filter (where upto > floor(0.5::float8 * (total - 1)::float8)) as lo50,
          min(v) filter (where upto > ceil(0.5::float8 * (total - 1)::float8)) as hi50,
          min(v) filter (where upto > floor(0.9::float8 * (total - 1)::float8)) as lo90,
          min(v) filter (where upto > ceil(0.9::float8 * (total - 1)::float8)) as hi90
        from c group by 1
      ),
      d as (
        select local_start, json_agg(json_build_array(key, n)) as distribution
        from (select s.local_start, ${key} as key, sum(s.n)::int as n from s, r group by 1, 2) x
        group by 1
      )
      select to_char((b.local_start at time zone ${tz}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
        coalesce(k.n, 0)::int as count,
        (pc.vsum / pc.total)::float8 as mean,
        ${percentileSql("0.5", sql`pc.lo50`, sql`pc.hi50`)} as p50,
        ${percentileSql("0.9", sql`pc.lo90`, sql`pc.hi90`)} as p90,
        d.distribution, r.lo, r.hi, r.integer_mode
      from b cross join r left join k on k.local_start = b.local_start left join pc on pc.local_start = b.local_start
        left join d on d.local_start = b.local_start
      order by b.local_start`,
  );

  const first = stats[0];
  let histogram: Histogram | null = null;
  let keys: string[] = [];
  if (kind === "numeric") {
    const lo = first?.lo ?? null;
    const hi = first?.hi ?? null;
    if (lo !== null && hi !== null) {
      histogram = histogramOf(first?.integer_mode ? "integer" : "range", Number(lo), Number(hi));
      keys = histogram.labels;
    }
  } else if (kind) {
    keys = kind === "boolean" ? ["true", "false"] : (lookup?.categories ?? []);
  }
  // A numeric score's key is its bin's index (null only for a score without a value, as before).
  const keyOf = (k: string | null): string =>
    kind === "numeric" && histogram && k !== null ? (keys[Number(k)] ?? k) : String(k);

  const buckets: SummaryPoint[] = stats.map((row) => {
    // A Map, then fromEntries (own properties only): category values are caller data.
    const distribution = new Map<string, number>(keys.map((k) => [k, 0]));
    for (const [k, n] of row.distribution ?? []) {
      const name = keyOf(k);
      distribution.set(name, (distribution.get(name) ?? 0) + Number(n));
    }
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
