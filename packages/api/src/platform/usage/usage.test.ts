// usage.current: this month's counters from recordUsage against the plan's limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usageCounters, USAGE_METRICS, type Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor, createKey, createMember, createTenantWithKey } from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";
import { PLAN_LIMITS, periodStart, recordUsage } from "../../usage";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("usage.current", () => {
  it("reports every metered quantity with this month's use, the plan's limit and the period", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const other = await createTenantWithKey(database, { plan: "free" });
    await recordUsage(database.db, t.tenantId, "bookings", 3);
    await recordUsage(database.db, t.tenantId, "bookings", 2);
    await recordUsage(database.db, t.tenantId, "metric_points", 1234);
    await recordUsage(database.db, other.tenantId, "orders", 7);
    // Last month's count is not this month's.
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    await database.db.insert(usageCounters).values({
      tenantId: t.tenantId,
      metric: "orders",
      periodStart: periodStart(lastMonth),
      used: 99,
    });

    const viewer = await createMember(database, t.tenantId, "viewer");
    const usage = await (
      await callerFor(database, { userId: viewer, tenantId: t.tenantId })
    ).usage.current();
    expect(usage.map((u) => u.metric)).toEqual([...USAGE_METRICS]);
    const used = Object.fromEntries(usage.map((u) => [u.metric, u.used]));
    expect(used).toEqual({ bookings: 5, orders: 0, metric_points: 1234, scores: 0, phi_scans: 0 });
    for (const u of usage) expect(u.limit).toBe(PLAN_LIMITS.free[u.metric]);

    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    for (const u of usage) expect(u.period).toEqual({ start, end });

    expect(await (await callerFor(database, { apiKey: t.adminKey })).usage.current()).toEqual(
      usage,
    );
  });

  it("uses the limits of the tenant's plan", async () => {
    const t = await createTenantWithKey(database, { plan: "enterprise" });
    const usage = await (await callerFor(database, { apiKey: t.adminKey })).usage.current();
    expect(usage.find((u) => u.metric === "scores")?.limit).toBe(PLAN_LIMITS.enterprise.scores);
  });

  it("is refused to keys without the admin scope", async () => {
    const t = await createTenantWithKey(database);
    const key = await createKey(database, t.tenantId, ["metrics:read"]);
    expect(await codeOf((await callerFor(database, { apiKey: key })).usage.current())).toBe(
      "FORBIDDEN",
    );
  });
});
