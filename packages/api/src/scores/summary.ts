// scores.summary: one score name per bucket of the tenant's time zone — count, mean, exact p50/p90
// and the distribution — read from the daily rollup `score_day_values` for the local days wholly
// inside the range, and from the scores themselves only for the (at most two) days the range cuts.
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
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
  const scores = scoreMultiset(actor.tenantId, input, tz, kind);
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
      )
      select to_char((b.local_start at time zone ${tz}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
        to_char(b.local_start, 'YYYY-MM-DD') as local_start,
        coalesce(k.n, 0)::int as count,
        (pc.vsum / pc.total)::float8 as mean,
        ${percentileSql("0.5", sql`pc.lo50`, sql`pc.hi50`)} as p50,
        ${percentileSql("0.9", sql`pc.lo90`, sql`pc.hi90`)} as p90
      from b left join k on k.local_start = b.local_start left join pc on pc.local_start = b.local_start
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
        sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start, (${bin})::int as bin, sum(n)::int as n from s group by 1, 2`,
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
      sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start, coalesce(string_value, boolean_value::text) as k, sum(n)::int as n from s group by 1, 2`,
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
