// The statements scores.summary and phiEvents.stats sent before their rollups existed: aggregates
// over every row of the range. The growth bench times them beside the procedures, in the same run
// and tenant transaction as the app role (without the API's own work around them), so the table shows
// how the old way grows next to the new one.
import { sql } from "drizzle-orm";
import { queryRows, withTenant, type Db } from "@frontdesk/db";

type Bucket = "day" | "week" | "month";

/** scores.summary's statements for a numeric score before score_day_values (its histogram: 10 bins). */
export async function directScoreSummary(
  db: Db,
  tenantId: string,
  input: { name: string; from: Date; to: Date; bucket: Bucket },
): Promise<number> {
  return withTenant(db, { tenantId, readOnly: true }, async (tx) => {
    const [tenant] = await queryRows<{ time_zone: string }>(
      tx,
      sql`select time_zone from tenants where id = ${tenantId}`,
    );
    const tz = tenant?.time_zone ?? "UTC";
    const from = input.from.toISOString();
    const to = input.to.toISOString();
    const scores = sql`select date_trunc(${input.bucket}, created_at at time zone ${tz}) as local_start, numeric_value as v, string_value, boolean_value
        from conversation_scores
        where tenant_id = ${tenantId} and deleted_at is null and name = ${input.name} and kind = 'numeric'
          and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz`;
    const stats = await queryRows<{ count: number }>(
      tx,
      sql`with s as (${scores}),
        b as (
          select g as local_start
          from generate_series(date_trunc(${input.bucket}, ${from}::timestamptz at time zone ${tz}), ${to}::timestamptz at time zone ${tz}, ('1 ' || ${input.bucket})::interval) g
          where g < ${to}::timestamptz at time zone ${tz}
        )
        select count(s.local_start)::int as count, avg(s.v)::float8 as mean,
          percentile_cont(0.5) within group (order by s.v) as p50,
          percentile_cont(0.9) within group (order by s.v) as p90
        from b left join s on s.local_start = b.local_start
        group by b.local_start
        order by b.local_start`,
    );
    const [range] = await queryRows<{ min: number | null; max: number | null }>(
      tx,
      sql`with s as (${scores}) select min(v)::float8 as min, max(v)::float8 as max, bool_and(v = trunc(v)) as integers from s`,
    );
    const lo = Number(range?.min ?? 0);
    const hi = Number(range?.max ?? 1);
    await queryRows(
      tx,
      sql`with s as (${scores}) select to_char(local_start, 'YYYY-MM-DD') as local_start,
            least(greatest(width_bucket(v, ${lo}::float8, ${hi === lo ? lo + 1 : hi}::float8, 10), 1), 10) - 1 as bin, count(*)::int as n
          from s group by 1, 2`,
    );
    return stats.reduce((n, r) => n + Number(r.count), 0);
  });
}

/** phiEvents.stats's statement before phi_event_hour_counts. */
export async function directPhiStats(
  db: Db,
  tenantId: string,
  input: { from: Date; to: Date; bucket: Bucket },
): Promise<number> {
  return withTenant(db, { tenantId, readOnly: true }, async (tx) => {
    const [tenant] = await queryRows<{ time_zone: string }>(
      tx,
      sql`select time_zone from tenants where id = ${tenantId}`,
    );
    const tz = tenant?.time_zone ?? "UTC";
    const rows = await queryRows<{ count: number }>(
      tx,
      sql`select to_char((date_trunc(${input.bucket}, created_at at time zone ${tz}) at time zone ${tz}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
            phi_type as type, action, count(*)::int as count
          from phi_detection_events
          where tenant_id = ${tenantId} and created_at >= ${input.from.toISOString()}::timestamptz and created_at < ${input.to.toISOString()}::timestamptz
          group by 1, 2, 3
          order by 1, 2, 3`,
    );
    return rows.reduce((n, r) => n + Number(r.count), 0);
  });
}
