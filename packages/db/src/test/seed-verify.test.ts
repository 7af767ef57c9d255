import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createScratchDatabase } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { seedDemo, DEMO } from "../seed";
import { verifyDatabase } from "../verify";

const TABLES = [
  "resources",
  "availability_rules",
  "bookings",
  "orders",
  "score_configs",
  "conversation_scores",
  "analytics_metrics",
  "metric_series",
  "metric_definitions",
  "memberships",
  "phi_policies",
  "users",
  "tenants",
];

async function counts(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    );
    out[table] = row?.n ?? -1;
  }
  return out;
}

describe("seed", () => {
  it("creates the demo tenant once; a second run changes nothing", async () => {
    const database = await createScratchDatabase();
    try {
      const first = await seedDemo(database);
      expect(first.created).toBe(true);
      expect(first.ownerEmail).toBe(DEMO.ownerEmail);
      const after = await counts(database);
      expect(after.bookings).toBeGreaterThan(0);
      expect(after.analytics_metrics).toBeGreaterThanOrEqual(30 * 24);
      expect(after.orders).toBeGreaterThan(0);
      // Every seeded hour of metrics is either rolled up or marked for the rollup job: a query never
      // mistakes an hour nobody has rolled up yet for an empty one.
      const [unaccounted] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from (select distinct tenant_id, name, date_trunc('hour', recorded_at, 'UTC') as hour from analytics_metrics) p
            where not exists (select 1 from metric_rollup_dirty_hours d where d.tenant_id = p.tenant_id and d.name = p.name and d.bucket_start = p.hour)
              and not exists (select 1 from metric_rollups_hourly r where r.tenant_id = p.tenant_id and r.name = p.name and r.bucket_start = p.hour)`,
      );
      expect(unaccounted?.n).toBe(0);
      // Usage starts from what the demo holds, in this month's counters.
      const usage = await queryRows<{ metric: string; used: number; current: boolean }>(
        database.db,
        sql`select metric, used::int as used, period_start = date_trunc('month', now() at time zone 'UTC')::date as current
            from usage_counters where tenant_id = ${first.tenantId} order by metric`,
      );
      expect(usage).toEqual([
        { metric: "bookings", used: after.bookings, current: true },
        { metric: "metric_points", used: after.analytics_metrics, current: true },
        { metric: "orders", used: after.orders, current: true },
        { metric: "scores", used: after.conversation_scores, current: true },
      ]);
      const second = await seedDemo(database);
      expect(second.created).toBe(false);
      expect(second.tenantId).toBe(first.tenantId);
      expect(await counts(database)).toEqual(after);
      const [owner] = await queryRows<{ hash: string }>(
        database.db,
        sql`select password_hash as hash from users where email = ${DEMO.ownerEmail}`,
      );
      expect(owner?.hash).toMatch(/^\$argon2id\$/);
    } finally {
      await database.close();
    }
  });
});

describe("db:verify", () => {
  it("passes on a freshly migrated database and fails when a tenant table has RLS disabled or not forced", async () => {
    const database = await createScratchDatabase();
    try {
      const clean = await verifyDatabase(database);
      expect(clean.checks.filter((c) => !c.ok)).toEqual([]);
      expect(clean.ok).toBe(true);

      await database.db.execute(sql`alter table orders disable row level security`);
      const disabled = await verifyDatabase(database);
      expect(disabled.ok).toBe(false);
      expect(disabled.checks.find((c) => c.group === "rls" && !c.ok)?.detail).toContain(
        "orders (disabled)",
      );

      await database.db.execute(sql`alter table orders enable row level security`);
      await database.db.execute(sql`alter table bookings no force row level security`);
      const unforced = await verifyDatabase(database);
      expect(unforced.ok).toBe(false);
      expect(unforced.checks.find((c) => c.group === "rls" && !c.ok)?.detail).toContain(
        "bookings (not forced)",
      );
    } finally {
      await database.close();
    }
  });

  it("fails when a column, an index or the exclusion constraint is missing, or a migration was not applied", async () => {
    const database = await createScratchDatabase();
    try {
      await database.db.execute(sql`alter table orders drop column notes`);
      await database.db.execute(sql`drop index orders_tenant_id_created_at_index`);
      await database.db.execute(sql`alter table bookings drop constraint bookings_no_overlap`);
      await database.db.execute(
        sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
      );
      const report = await verifyDatabase(database);
      const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name} ${c.detail ?? ""}`);
      expect(report.ok).toBe(false);
      expect(failed.join("\n")).toMatch(/column notes missing/);
      expect(failed.join("\n")).toMatch(/orders_tenant_id_created_at_index missing/);
      expect(failed.join("\n")).toMatch(/bookings_no_overlap/);
      expect(failed.join("\n")).toMatch(/migrations applied/);
    } finally {
      await database.close();
    }
  });

  it("fails when the app role is given BYPASSRLS or a SECURITY DEFINER function leaves search_path open", async () => {
    const database = await createScratchDatabase();
    try {
      await database.db.execute(
        sql`create function public.leaky() returns int language sql security definer as 'select 1'`,
      );
      const report = await verifyDatabase(database);
      expect(report.checks.find((c) => c.group === "functions")?.ok).toBe(false);
      await database.db.execute(sql`drop function public.leaky()`);
      // The role is cluster-wide on PostgreSQL: flip it only inside a transaction that rolls back.
      await database.db
        .transaction(async (tx) => {
          await tx.execute(sql`alter role frontdesk_app bypassrls`);
          const bypass = await verifyDatabase({ ...database, db: tx });
          expect(bypass.checks.find((c) => c.name.includes("BYPASSRLS"))?.ok).toBe(false);
          throw new RollbackSignal();
        })
        .catch((e: unknown) => {
          if (!(e instanceof RollbackSignal)) throw e;
        });
      const restored = await verifyDatabase(database);
      expect(restored.ok).toBe(true);
    } finally {
      await database.close();
    }
  });
});

class RollbackSignal extends Error {}
