// phiEvents.stats: PHI detection events counted per bucket of the tenant's time zone, type and
// action — read from the hourly rollup `phi_event_hour_counts` for the local hours wholly inside the
// range, and from the events themselves only for the parts of an hour the range cuts.
import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { queryRows, type Db, type PhiActionTaken } from "@frontdesk/db";
import type { Actor } from "../actor";
import { writeAudit, type RequestInfo } from "../audit";
import { AppError } from "../errors";
import { bucketStartSql } from "../time-buckets";
import { MAX_STATS_BUCKETS, type PhiEvent, type PhiEventStats, type statsInput } from "./schemas";

const APPROX_BUCKET_MS = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 28 * 86_400_000,
} as const;

type StatsInput = z.output<typeof statsInput>;

/**
 * The events in [from, to) as (bucket, type, action, n) rows. The rollup's key is the local hour
 * an event fell in (its start K, as `bucketStartSql` defines it, and that hour's local day), so it
 * gives any bucket exactly. It answers for the hours with from <= K < K(to): their events lie in the
 * range (K never moves backwards as time passes). The events of the rest — the hour `from` cuts
 * and the hour `to` falls in — are read from the table: they lie within an hour after `from` or at or
 * after K(to). Two branches, each bounding its own index range, so that a generic plan of the
 * prepared statement cannot turn them into one scan from `from` to `to`.
 */
function eventCounts(tenantId: string, input: StatsInput, tz: string): SQL {
  const zone = sql`${tz}::text`;
  const from = sql`${input.from.toISOString()}::timestamptz`;
  const to = sql`${input.to.toISOString()}::timestamptz`;
  const hourOfTo = bucketStartSql("hour", to, zone);
  const hourOfEvent = bucketStartSql("hour", sql`created_at`, zone);
  const rolledBucket =
    input.bucket === "hour"
      ? sql`h.hour_start`
      : sql`(date_trunc(${input.bucket}, h.local_day::timestamp) at time zone ${zone})`;
  return sql`select ${rolledBucket} as bucket, h.phi_type, h.action, h.event_count as n
      from phi_event_hour_counts h
      where h.tenant_id = ${tenantId} and h.hour_start >= ${from} and h.hour_start < ${hourOfTo}
      union all
      select ${bucketStartSql(input.bucket, sql`created_at`, zone)}, phi_type, action, 1
      from phi_detection_events
      where tenant_id = ${tenantId} and created_at >= ${from}
        and created_at < least(${to}, ${from} + interval '1 hour') and ${hourOfEvent} < ${from}
      union all
      select ${bucketStartSql(input.bucket, sql`created_at`, zone)}, phi_type, action, 1
      from phi_detection_events
      where tenant_id = ${tenantId} and created_at >= greatest(${from}, ${hourOfTo}) and created_at < ${to}
        and ${hourOfEvent} >= greatest(${from}, ${hourOfTo})`;
}

/**
 * Counts per bucket (in the tenant's time zone) × type × action. Audited like `listPhiEvents`. Counts
 * the events that exist: those retention has deleted are no longer in them.
 */
export async function getPhiEventStats(
  db: Db,
  actor: Actor,
  input: StatsInput,
  request: RequestInfo,
): Promise<PhiEventStats> {
  if (
    (input.to.getTime() - input.from.getTime()) / APPROX_BUCKET_MS[input.bucket] >
    MAX_STATS_BUCKETS
  ) {
    throw new AppError(
      "BAD_REQUEST",
      `That range has more than ${MAX_STATS_BUCKETS} ${input.bucket} buckets; narrow it or use a larger bucket`,
    );
  }
  const [tenant] = await queryRows<{ time_zone: string }>(
    db,
    sql`select time_zone from tenants where id = ${actor.tenantId}`,
  );
  const tz = tenant?.time_zone ?? "UTC";
  const rows = await queryRows<{
    bucket: string;
    type: string;
    action: PhiActionTaken;
    count: number;
  }>(
    db,
    sql`with e as (${eventCounts(actor.tenantId, input, tz)})
        select to_char(bucket at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
          phi_type as type, action, sum(n)::int as count
        from e
        group by 1, 2, 3
        order by 1, 2, 3`,
  );
  const items = rows.map((r) => ({
    bucket: new Date(r.bucket),
    type: r.type as PhiEvent["type"],
    action: r.action,
    count: Number(r.count),
  }));
  const totals: PhiEventStats["totals"] = { count: 0, byType: {}, byAction: {} };
  for (const i of items) {
    totals.count += i.count;
    totals.byType[i.type] = (totals.byType[i.type] ?? 0) + i.count;
    totals.byAction[i.action] = (totals.byAction[i.action] ?? 0) + i.count;
  }
  await writeAudit(db, actor, request, {
    action: "phiEvents.stats",
    targetType: "phi_detection_events",
    metadata: {
      bucket: input.bucket,
      from: input.from.toISOString(),
      to: input.to.toISOString(),
      count: totals.count,
    },
  });
  return { timeZone: tz, bucket: input.bucket, items, totals };
}
