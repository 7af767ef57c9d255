// Hourly rollups of `analytics_metrics` into `metric_rollups_hourly`, and how a query knows which
// hours it may read from them.
//
// Completeness ("dirty hour" markers). Points may arrive late (`at` anywhere in the retention
// window), so "the hour is over" does not make its rollup complete. Every write marks the hours it
// touched, in the same transaction as its points: a marker is a row of `metric_rollups_hourly` with
// `bucket_start = '-infinity'` and `series_hash` = the hour (ISO text), whose `count` is a version
// that every write bumps. (The schema has no table for this; the lead was asked for
// `metric_rollup_dirty_hours`. The markers sit under the primary key's (tenant_id, name,
// bucket_start) prefix, so both the job and queries find them by index, and they never mix with real
// rollup rows: real rows have an md5 `series_hash` and a real `bucket_start`.)
//
// The job recomputes a marked closed hour from the raw rows and deletes the marker only if its
// version is still the one its snapshot saw (READ COMMITTED re-checks a concurrently updated row), so
// a write that committed after the job's snapshot leaves its marker in place. Jobs are serialised by
// an advisory lock, so an older snapshot never overwrites a newer rollup. Hence, in any snapshot:
// an hour without a marker has rollup rows that reflect every raw point of that hour the snapshot
// sees. Queries read rollups for such hours and raw rows for the rest (see query.ts).
//
// Points written around the service (bulk loads) must mark their hours too: `markHoursDirty`.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";

/** `bucket_start` of a dirty-hour marker. */
export const DIRTY_MARKER_BUCKET = "-infinity";

const HOUR_MS = 3_600_000;

/** The marker key (`series_hash`) of the UTC hour containing `at`. */
export function hourKey(at: Date): string {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
}

/**
 * Marks (tenant, name, hour) dirty: one statement for any number of hours. Bumps the version of an
 * existing marker, so a rollup computed before this write commits cannot clear it.
 */
export async function markHoursDirty(db: Db, tenantId: string, hours: readonly { name: string; hour: string }[]): Promise<void> {
  if (hours.length === 0) return;
  const sorted = [...hours].sort((a, b) => (a.name === b.name ? a.hour.localeCompare(b.hour) : a.name < b.name ? -1 : 1));
  await db.execute(sql`
    insert into metric_rollups_hourly as r (tenant_id, name, series_hash, bucket_start, count, sum, min, max, sorted_values, computed_at)
    select ${tenantId}::uuid, x.name, x.hour, ${DIRTY_MARKER_BUCKET}::timestamptz, 1, 0, 0, 0, null, now()
    from json_to_recordset(${JSON.stringify(sorted)}::json) as x(name text, hour text)
    on conflict (tenant_id, name, bucket_start, series_hash)
      do update set count = r.count + 1, computed_at = now()`);
}

/**
 * Marks every hour holding raw points of a tenant (optionally one metric) in [from, to) dirty, for
 * points that were loaded without going through the service. One statement.
 */
export async function markRangeDirty(db: Db, tenantId: string, range: { from: Date; to: Date; name?: string }): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with hours as (
          select distinct name, date_trunc('hour', recorded_at, 'UTC') as hour
          from analytics_metrics
          where tenant_id = ${tenantId}::uuid
            and recorded_at >= ${range.from.toISOString()}::timestamptz and recorded_at < ${range.to.toISOString()}::timestamptz
            ${range.name === undefined ? sql`` : sql`and name = ${range.name}`}
        ), marked as (
          insert into metric_rollups_hourly as r (tenant_id, name, series_hash, bucket_start, count, sum, min, max, sorted_values, computed_at)
          select ${tenantId}::uuid, name, to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00:00.000Z"'), ${DIRTY_MARKER_BUCKET}::timestamptz, 1, 0, 0, 0, null, now()
          from hours order by 1, 2
          on conflict (tenant_id, name, bucket_start, series_hash) do update set count = r.count + 1, computed_at = now()
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
}

export interface RollupResult {
  /** (tenant, metric, hour) recomputed. */
  hours: number;
  /** Rollup rows (one per series and hour) written. */
  rows: number;
  /** False when another run held the lock, so this one did nothing. */
  ran: boolean;
}

/** Serialises rollup runs across worker processes (any stable 64-bit key). */
const ROLLUP_LOCK_KEY = 7_310_452_118_001;

/**
 * Recomputes the rollups of every marked, closed hour (UTC hours before the current one) from the
 * raw points and clears their markers. Idempotent; safe to run concurrently (a second run skips, or
 * waits with `wait: true`). Runs as the owner role (no RLS): the worker calls it across tenants.
 */
export async function rollupHourly(db: Db, options: RollupOptions = {}): Promise<RollupResult> {
  const limit = options.hoursPerTransaction ?? 200;
  const deadline = Date.now() + (options.budgetMs ?? 240_000);
  const total: RollupResult = { hours: 0, rows: 0, ran: true };
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
      await tx.execute(sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`);
      // One statement, one snapshot: read the markers, recompute their hours, upsert, clear.
      const [row] = await queryRows<{ hours: number; rows: number }>(
        tx,
        sql`with todo as (
              select r.tenant_id, r.name, r.series_hash as marker, r.series_hash::timestamptz as hour, r.count as version
              from metric_definitions d
              cross join lateral (
                select m.tenant_id, m.name, m.series_hash, m.count from metric_rollups_hourly m
                where m.tenant_id = d.tenant_id and m.name = d.name and m.bucket_start = ${DIRTY_MARKER_BUCKET}::timestamptz
              ) r
              where r.series_hash::timestamptz < date_trunc('hour', now(), 'UTC')
                ${options.tenantId === undefined ? sql`` : sql`and d.tenant_id = ${options.tenantId}::uuid`}
              order by r.tenant_id, r.name, hour
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
            ), cleared as (
              delete from metric_rollups_hourly r using todo t
              where r.tenant_id = t.tenant_id and r.name = t.name
                and r.bucket_start = ${DIRTY_MARKER_BUCKET}::timestamptz and r.series_hash = t.marker
                and r.count = t.version
              returning 1
            )
            select (select count(*) from todo)::int as hours, (select count(*) from upserted)::int as rows,
                   (select count(*) from cleared)::int as cleared`,
      );
      return { hours: row?.hours ?? 0, rows: row?.rows ?? 0 };
    });
    if (!step) return { ...total, ran: round > 0 };
    total.hours += step.hours;
    total.rows += step.rows;
    if (step.hours < limit || Date.now() > deadline) return total;
  }
}
