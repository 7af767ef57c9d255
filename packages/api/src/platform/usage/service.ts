// This month's usage per metered quantity, with the limit of the tenant's plan. The counters are
// written by `recordUsage` (usage.ts); a quantity never used this month reads 0.
import { and, eq } from "drizzle-orm";
import { tenants, usageCounters, USAGE_METRICS, type Db } from "@frontdesk/db";
import type { Actor } from "../../actor";
import { AppError } from "../../errors";
import { PLAN_LIMITS, periodStart } from "../../usage";
import type { CurrentUsage } from "./schemas";

export async function getCurrentUsage(
  db: Db,
  actor: Actor,
  now = new Date(),
): Promise<CurrentUsage> {
  const start = periodStart(now);
  const [tenant] = await db
    .select({ plan: tenants.plan })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  if (!tenant) throw new AppError("NOT_FOUND", "This tenant no longer exists");
  const rows = await db
    .select({ metric: usageCounters.metric, used: usageCounters.used })
    .from(usageCounters)
    .where(and(eq(usageCounters.tenantId, actor.tenantId), eq(usageCounters.periodStart, start)));
  const used = new Map(rows.map((r) => [r.metric, Number(r.used)]));
  const startAt = new Date(`${start}T00:00:00Z`);
  const endAt = new Date(Date.UTC(startAt.getUTCFullYear(), startAt.getUTCMonth() + 1, 1));
  return USAGE_METRICS.map((metric) => ({
    metric,
    used: used.get(metric) ?? 0,
    limit: PLAN_LIMITS[tenant.plan][metric],
    period: { start: startAt, end: endAt },
  }));
}
