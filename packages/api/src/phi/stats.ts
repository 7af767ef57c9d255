// phiEvents.stats: PHI detection events counted per bucket of the tenant's time zone, type and action.
import { sql } from "drizzle-orm";
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

/** Counts per bucket (in the tenant's time zone) × type × action. Audited like `listEvents`. */
export async function eventStats(
  db: Db,
  actor: Actor,
  input: z.output<typeof statsInput>,
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
    sql`select to_char(${bucketStartSql(input.bucket, sql`created_at`, sql`${tz}::text`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bucket,
          phi_type as type, action, count(*)::int as count
        from phi_detection_events
        where tenant_id = ${actor.tenantId} and created_at >= ${input.from.toISOString()}::timestamptz and created_at < ${input.to.toISOString()}::timestamptz
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
