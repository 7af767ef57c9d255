// Metered usage per tenant per calendar month (UTC) and the plan limits on it. `recordUsage` adds and
// checks in one atomic upsert inside the request's transaction: past the limit it throws, and the
// whole request (including the increment) rolls back.
import { sql } from "drizzle-orm";
import { queryRows, usagePeriodStart, type Db, type Plan, type UsageMetric } from "@frontdesk/db";
import { AppError } from "./errors";

export const PLAN_LIMITS: Record<Plan, Record<UsageMetric, number>> = {
  free: { bookings: 200, orders: 200, metric_points: 200_000, scores: 2_000, phi_scans: 2_000 },
  pro: {
    bookings: 10_000,
    orders: 10_000,
    metric_points: 20_000_000,
    scores: 200_000,
    phi_scans: 200_000,
  },
  enterprise: {
    bookings: 1_000_000,
    orders: 1_000_000,
    metric_points: 2_000_000_000,
    scores: 20_000_000,
    phi_scans: 20_000_000,
  },
};

const LABEL: Record<UsageMetric, string> = {
  bookings: "bookings",
  orders: "orders",
  metric_points: "metric points",
  scores: "scores",
  phi_scans: "PHI scans",
};

export const periodStart = usagePeriodStart;

/** Adds `amount` to this month's counter; TOO_MANY_REQUESTS when the tenant's plan limit is passed. */
export async function recordUsage(
  db: Db,
  tenantId: string,
  metric: UsageMetric,
  amount = 1,
  now = new Date(),
): Promise<number> {
  const period = periodStart(now);
  const [row] = await queryRows<{ used: number | string; plan: Plan }>(
    db,
    sql`with counter as (
          insert into usage_counters (tenant_id, metric, period_start, used)
          values (${tenantId}, ${metric}, ${period}, ${amount})
          on conflict (tenant_id, metric, period_start) do update set used = usage_counters.used + excluded.used
          returning used
        )
        select counter.used, tenants.plan from counter, tenants where tenants.id = ${tenantId}`,
  );
  const used = Number(row?.used ?? 0);
  const limit = PLAN_LIMITS[row?.plan ?? "free"][metric];
  if (used > limit) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `This month's limit of ${limit.toLocaleString("en-US")} ${LABEL[metric]} on the ${row?.plan ?? "free"} plan is reached; upgrade the plan or wait for next month`,
    );
  }
  return used;
}
