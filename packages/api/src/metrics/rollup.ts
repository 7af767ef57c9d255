// Hourly rollups of `analytics_metrics` into `metric_rollups_hourly` (per series) and
// `metric_rollups_hourly_all` (all series of a metric, with the hour's exact percentiles), daily ones
// into `metric_rollups_daily_all` (all series, per local day of the tenant's zone), and how a query
// knows which hours and days it may read from them.
//
// Completeness (dirty-hour markers). Points may arrive late (`at` anywhere in the retention
// window), so "the hour is over" does not make its rollup complete. Every write marks the hours it
// touched, in the same transaction as its points: a row of `metric_rollup_dirty_hours` keyed
// (tenant_id, name, bucket_start = the UTC hour), whose `version` every write bumps. Its primary key
// is the order both the job and queries read markers in, so they find them by index.
//
// The job recomputes a marked closed hour from the raw rows and deletes the marker only if its
// version is still the one its snapshot saw (READ COMMITTED re-checks a concurrently updated row), so
// a write that committed after the job's snapshot leaves its marker in place. Jobs are serialised by
// an advisory lock, so an older snapshot never overwrites a newer rollup. Hence, in any snapshot:
// an hour without a marker has rollup rows that reflect every raw point of that hour the snapshot
// sees. Queries read rollups for such hours and raw rows for the rest (see query.ts). Both hourly
// tables are written by the same statement from the same snapshot, so one marker covers both. The
// days touching the recomputed hours are recomputed by the next statement of the same transaction
// (`refreshDays`), so a day row is current whenever no hour it touches has a marker.
//
// Points written around the service (bulk loads) must mark their hours too: `markHoursDirty`.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";
import { bucketStartSql } from "../time-buckets";

const HOUR_MS = 3_600_000;
/** The columns p50, p90, p95, p99 of `metric_rollups_hourly_all`, in this order. */
const ALL_SERIES_PERCENTILES = sql.raw("array[0.5, 0.9, 0.95, 0.99]::float8[]");

/** The marker key (`bucket_start`, ISO text) of the UTC hour containing `at`. */
export function hourKey(at: Date): string {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
}

/**
 * Marks (tenant, name, hour) dirty: one statement for any number of hours. Bumps the version of an
 * existing marker, so a rollup computed before this write commits cannot clear it.
 */
export async function markHoursDirty(
  db: Db,
  tenantId: string,
  hours: readonly { name: string; hour: string }[],
): Promise<void> {
  if (hours.length === 0) return;
  const sorted = [...hours].sort((a, b) =>
    a.name === b.name ? a.hour.localeCompare(b.hour) : a.name < b.name ? -1 : 1,
  );
  await db.execute(sql`
    insert into metric_rollup_dirty_hours as d (tenant_id, name, bucket_start)
    select ${tenantId}::uuid, x.name, x.hour::timestamptz
    from json_to_recordset(${JSON.stringify(sorted)}::json) as x(name text, hour text)
    on conflict (tenant_id, name, bucket_start)
      do update set version = d.version + 1, marked_at = now()`);
}

/**
 * Marks every hour holding raw points of a tenant (optionally one metric) in [from, to) dirty, for
 * points that were loaded without going through the service. One statement.
 */
export async function markRangeDirty(
  db: Db,
  tenantId: string,
  range: { from: Date; to: Date; name?: string },
): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with hours as (
          select distinct name, date_trunc('hour', recorded_at, 'UTC') as hour
          from analytics_metrics
          where tenant_id = ${tenantId}::uuid
            and recorded_at >= ${range.from.toISOString()}::timestamptz and recorded_at < ${range.to.toISOString()}::timestamptz
            ${range.name === undefined ? sql`` : sql`and name = ${range.name}`}
        ), marked as (
          insert into metric_rollup_dirty_hours as d (tenant_id, name, bucket_start)
          select ${tenantId}::uuid, name, hour
          from hours order by 1, 2
          on conflict (tenant_id, name, bucket_start) do update set version = d.version + 1, marked_at = now()
          returning 1
        )
        select count(*)::int as n from marked`,
  );
  return rows[0]?.n ?? 0;
}

export interface RollupOptions {
  /** Only this tenant (tests); default: every tenant. */
  tenantId?: string;
  /** Marked hours recomputed per transaction. */
  hoursPerTransaction?: number;
  /** Stop starting new transactions after this long (the next run continues). */
  budgetMs?: number;
  /** Wait for a concurrent run instead of skipping (tests, backfills). */
  wait?: boolean;
  /**
   * The clock deciding which hour is still open (tests: a fixed instant, so a run never straddles an
   * hour boundary); default the database's `now()`.
   */
  now?: Date;
}

export interface RollupResult {
  /** (tenant, metric, hour) recomputed. */
  hours: number;
  /** Rollup rows (one per series and hour) written. */
  rows: number;
  /** False when another run held the lock, so this one did nothing. */
  ran: boolean;
}

/** Serialises rollup runs across worker processes (any stable 64-bit key; migration 0028's backfill takes it too). */
const ROLLUP_LOCK_KEY = 7_310_452_118_001;

/**
 * Recomputes the rollups of every marked, closed hour (UTC hours before the current one) from the
 * raw points and clears their markers. Idempotent; safe to run concurrently (a second run skips, or
 * waits with `wait: true`). Runs as the owner role (no RLS): the worker calls it across tenants.
 */
export async function rollupMetricsHourly(
  db: Db,
  options: RollupOptions = {},
): Promise<RollupResult> {
  const limit = options.hoursPerTransaction ?? 200;
  const deadline = Date.now() + (options.budgetMs ?? 240_000);
  const total: RollupResult = { hours: 0, rows: 0, ran: true };
  const clock = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  for (let round = 0; ; round++) {
    const step = await db.transaction(async (tx) => {
      const [lock] = await queryRows<{ locked: boolean }>(
        tx,
        options.wait
          ? sql`select true as locked from (select pg_advisory_xact_lock(${ROLLUP_LOCK_KEY}::bigint)) as l`
          : sql`select pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}::bigint) as locked`,
      );
      if (!lock?.locked) return null;
      // Per marked hour the raw rows are an index range; the planner cannot estimate ranges bounded
      // by another row's values and would seq-scan whole partitions once per hour (see query.ts).
      await tx.execute(
        sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`,
      );
      // One statement, one snapshot: read the markers, recompute their hours, upsert, clear.
      const [row] = await queryRows<{ hours: number; rows: number; todo: string | null }>(
        tx,
        sql`with todo as (
              select d.tenant_id, d.name, d.bucket_start as hour, d.version
              from metric_rollup_dirty_hours d
              where d.bucket_start < date_trunc('hour', ${clock}, 'UTC')
                ${options.tenantId === undefined ? sql`` : sql`and d.tenant_id = ${options.tenantId}::uuid`}
              order by d.tenant_id, d.name, d.bucket_start
              limit ${limit}
            ), computed as (
              select p.tenant_id, p.name, p.series_hash, t.hour,
                     count(*) as n, sum(p.value) as total, min(p.value) as lo, max(p.value) as hi,
                     array_agg(p.value order by p.value) as sorted
              from todo t
              cross join lateral (
                select m.tenant_id, m.name, m.series_hash, m.value from analytics_metrics m
                where m.tenant_id = t.tenant_id and m.name = t.name
                  and m.recorded_at >= t.hour and m.recorded_at < t.hour + interval '1 hour'
                offset 0 -- a fence: one index range scan per marked hour, never a join over the whole table
              ) p
              group by p.tenant_id, p.name, p.series_hash, t.hour
            ), upserted as (
              insert into metric_rollups_hourly as r (tenant_id, name, series_hash, bucket_start, count, sum, min, max, sorted_values, computed_at)
              select tenant_id, name, series_hash, hour, n, total, lo, hi, sorted, now() from computed
              order by tenant_id, name, hour, series_hash
              on conflict (tenant_id, name, bucket_start, series_hash) do update
                set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
                    sorted_values = excluded.sorted_values, computed_at = excluded.computed_at
              returning 1
            ), computed_all as (
              -- The hour over all series: the per-series arrays hold exactly the hour's values, so
              -- percentile_cont over them equals percentile_cont over the raw rows of the hour.
              select c.tenant_id, c.name, c.hour,
                     count(*) as n, sum(u.v) as total, min(u.v) as lo, max(u.v) as hi,
                     percentile_cont(${ALL_SERIES_PERCENTILES}) within group (order by u.v) as pcs
              from computed c
              cross join lateral unnest(c.sorted) as u(v)
              group by c.tenant_id, c.name, c.hour
            ), upserted_all as (
              insert into metric_rollups_hourly_all as a (tenant_id, name, bucket_start, count, sum, min, max, p50, p90, p95, p99, computed_at)
              select tenant_id, name, hour, n, total, lo, hi, pcs[1], pcs[2], pcs[3], pcs[4], now() from computed_all
              order by tenant_id, name, hour
              on conflict (tenant_id, name, bucket_start) do update
                set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
                    p50 = excluded.p50, p90 = excluded.p90, p95 = excluded.p95, p99 = excluded.p99,
                    computed_at = excluded.computed_at
              returning 1
            ), cleared as (
              delete from metric_rollup_dirty_hours d using todo t
              where d.tenant_id = t.tenant_id and d.name = t.name and d.bucket_start = t.hour
                and d.version = t.version
              returning 1
            )
            select (select count(*) from todo)::int as hours, (select count(*) from upserted)::int as rows,
                   (select count(*) from cleared)::int as cleared,
                   (select json_agg(json_build_object('tenant_id', tenant_id, 'name', name, 'hour', hour)) from todo)::text as todo`,
      );
      // The second statement sees the first one's rollups; same transaction, so the markers it cleared
      // and the days it recomputes commit together.
      if (row?.todo) await refreshDays(tx, row.todo);
      return { hours: row?.hours ?? 0, rows: row?.rows ?? 0 };
    });
    if (!step) return { ...total, ran: round > 0 };
    total.hours += step.hours;
    total.rows += step.rows;
    if (step.hours < limit || Date.now() > deadline) return total;
  }
}

/** The local day holding `instant` in `zone` starts (the same expression metrics.query buckets by). */
const dayStart = (instant: SQL, zone: SQL) => bucketStartSql("day", instant, zone);

/**
 * Recomputes `metric_rollups_daily_all` for every local day (in its tenant's current zone) that
 * touches one of these just-recomputed hours: `hours` is JSON `[{ tenant_id, name, hour }]`.
 *
 * A day's values are exactly those a daily query reads when the day has no dirty hour: the per-series
 * `sorted_values` of the UTC hours wholly inside it, and the raw points of the parts of UTC hours it
 * cuts (zones with half-hour offsets). Why a day row stays exact: every run that clears the marker of
 * an hour recomputes, in the same transaction, every day touching that hour, from a later snapshot
 * (jobs are serialised); an hour written to since then has a marker, and queries use a day row only
 * when no hour touching it has one. A day left without values loses its row.
 */
async function refreshDays(tx: Db, hours: string): Promise<void> {
  const zone = sql`t.time_zone`;
  await tx.execute(sql`
    with todo as (
      select x.tenant_id, x.name, x.hour
      from json_to_recordset(${hours}::json) as x(tenant_id uuid, name text, hour timestamptz)
    ), days as (
      select distinct d.tenant_id, d.name, d.time_zone, d.day_start
      from (
        select t.tenant_id, t.name, tn.time_zone, ${dayStart(sql`t.hour`, sql`tn.time_zone`)} as day_start
        from todo t join tenants tn on tn.id = t.tenant_id
        union all
        select t.tenant_id, t.name, tn.time_zone,
               ${dayStart(sql`t.hour + interval '1 hour' - interval '1 microsecond'`, sql`tn.time_zone`)}
        from todo t join tenants tn on tn.id = t.tenant_id
      ) d
    ), bounds as (
      -- The next local midnight: every local day lasts between 2 and 26 hours.
      select t.*, ${dayStart(sql`t.day_start + interval '26 hours'`, zone)} as day_end from days t
    ), vals as (
      select b.tenant_id, b.name, b.day_start, u.v
      from bounds b
      cross join lateral (
        select r.sorted_values from metric_rollups_hourly r
        where r.tenant_id = b.tenant_id and r.name = b.name
          and r.bucket_start >= b.day_start and r.bucket_start + interval '1 hour' <= b.day_end
        offset 0 -- a fence: one index range scan per day
      ) r
      cross join lateral unnest(r.sorted_values) as u(v)
      union all
      select b.tenant_id, b.name, b.day_start, m.value
      from bounds b
      cross join lateral (
        select b.day_start as lo, least(date_trunc('hour', b.day_start, 'UTC') + interval '1 hour', b.day_end) as hi
        where b.day_start <> date_trunc('hour', b.day_start, 'UTC')
        union all
        select greatest(date_trunc('hour', b.day_end, 'UTC'), b.day_start), b.day_end
        where b.day_end <> date_trunc('hour', b.day_end, 'UTC')
      ) cut
      cross join lateral (
        select m.value from analytics_metrics m
        where m.tenant_id = b.tenant_id and m.name = b.name
          and m.recorded_at >= cut.lo and m.recorded_at < cut.hi
        offset 0
      ) m
    ), computed as (
      select tenant_id, name, day_start,
             count(*) as n, sum(v) as total, min(v) as lo, max(v) as hi,
             percentile_cont(${ALL_SERIES_PERCENTILES}) within group (order by v) as pcs
      from vals group by tenant_id, name, day_start
    ), upserted as (
      insert into metric_rollups_daily_all as a (tenant_id, name, bucket_start, bucket_end, time_zone, count, sum, min, max, p50, p90, p95, p99, computed_at)
      select b.tenant_id, b.name, b.day_start, b.day_end, b.time_zone, c.n, c.total, c.lo, c.hi, c.pcs[1], c.pcs[2], c.pcs[3], c.pcs[4], now()
      from bounds b
      join computed c on c.tenant_id = b.tenant_id and c.name = b.name and c.day_start = b.day_start
      order by b.tenant_id, b.name, b.day_start
      on conflict (tenant_id, name, bucket_start) do update
        set bucket_end = excluded.bucket_end, time_zone = excluded.time_zone, count = excluded.count,
            sum = excluded.sum, min = excluded.min, max = excluded.max, p50 = excluded.p50,
            p90 = excluded.p90, p95 = excluded.p95, p99 = excluded.p99, computed_at = excluded.computed_at
      returning 1
    )
    delete from metric_rollups_daily_all a using bounds b
    where a.tenant_id = b.tenant_id and a.name = b.name and a.bucket_start = b.day_start
      and not exists (
        select 1 from computed c
        where c.tenant_id = b.tenant_id and c.name = b.name and c.day_start = b.day_start
      )`);
}
