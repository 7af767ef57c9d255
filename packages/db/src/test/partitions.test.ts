// analytics_metrics is partitioned by month. Choice for a month without a partition: the write path
// creates partitions on demand (frontdesk_ensure_metric_partitions, SECURITY DEFINER, callable by the
// app role) and the worker keeps current + 3 months ahead; a raw insert into a month that has none
// fails with SQLSTATE 23514, which the API maps to a clear error.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { pgErrorCode, PG_CHECK_VIOLATION, PG_INSUFFICIENT_PRIVILEGE } from "../errors";
import { seriesHash } from "../metric-series";
import { analyticsMetrics } from "../schema";
import { withTenant } from "../tenant-scope";

let database: Database;
let tenantId: string;
// A month far away and different per run, so runs sharing one PostgreSQL database do not collide.
const year = 2200 + Math.floor(Math.random() * 700);
const month = `${year}-03-01`;
const partition = `analytics_metrics_y${year}m03`;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await createTestTenant(database);
});

afterAll(async () => {
  await database.db.execute(sql.raw(`drop table if exists ${partition}`));
  await database.close();
});

const point = (recordedAt: Date) => ({
  tenantId,
  name: "visits",
  kind: "counter" as const,
  value: 1,
  tags: { channel: "web" },
  seriesHash: seriesHash({ channel: "web" }),
  recordedAt,
});

describe("metric partitions", () => {
  it("has a primary key that contains the partition key", async () => {
    const columns = await queryRows<{ attname: string }>(
      database.db,
      sql`select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = 'public.analytics_metrics'::regclass and i.indisprimary`,
    );
    expect(columns.map((c) => c.attname).sort()).toEqual(["id", "recorded_at", "tenant_id"]);
    const [kind] = await queryRows<{ strategy: string }>(
      database.db,
      sql`select partstrat as strategy from pg_partitioned_table where partrelid = 'public.analytics_metrics'::regclass`,
    );
    expect(kind?.strategy).toBe("r");
  });

  it("rejects a point in a month without a partition with SQLSTATE 23514, storing nothing", async () => {
    const error = await withTenant(database.db, { tenantId }, (tx) =>
      tx.insert(analyticsMetrics).values(point(new Date(`${year}-03-15T12:00:00Z`))),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(pgErrorCode(error)).toBe(PG_CHECK_VIOLATION);
  });

  it("lets the app role create the missing partition on demand, then routes the point into it", async () => {
    const created = await withTenant(database.db, { tenantId }, async (tx) => {
      const [r] = await queryRows<{ n: number }>(
        tx,
        sql`select frontdesk_ensure_metric_partitions(${month}::date, 1) as n`,
      );
      await tx.insert(analyticsMetrics).values(point(new Date(`${year}-03-15T12:00:00Z`)));
      return r?.n;
    });
    expect(created).toBe(1);
    const [row] = await queryRows<{ part: string }>(
      database.db,
      sql`select tableoid::regclass::text as part from analytics_metrics where tenant_id = ${tenantId}`,
    );
    expect(row?.part).toBe(partition);
    // Idempotent: a second call creates nothing.
    const [again] = await queryRows<{ n: number }>(
      database.db,
      sql`select frontdesk_ensure_metric_partitions(${month}::date, 1) as n`,
    );
    expect(again?.n).toBe(0);
  });

  it("forces row-level security on each partition and keeps the app role out of it directly", async () => {
    const [flags] = await queryRows<{ enabled: boolean; forced: boolean }>(
      database.db,
      sql`select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where relname = ${partition}`,
    );
    expect(flags).toEqual({ enabled: true, forced: true });
    const error = await withTenant(database.db, { tenantId }, (tx) =>
      tx.execute(sql.raw(`select count(*) from ${partition}`)),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(pgErrorCode(error)).toBe(PG_INSUFFICIENT_PRIVILEGE);
  });

  it("splits months on UTC boundaries, across a year end", async () => {
    const from = `${year + 1}-12-01`;
    const [r] = await queryRows<{ n: number }>(
      database.db,
      sql`select frontdesk_ensure_metric_partitions(${from}::date, 2) as n`,
    );
    expect(r?.n).toBe(2);
    const bounds = await queryRows<{ name: string; bound: string }>(
      database.db,
      sql`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound from pg_class c
          where c.relname in (${`analytics_metrics_y${year + 1}m12`}, ${`analytics_metrics_y${year + 2}m01`}) order by 1`,
    );
    expect(bounds).toHaveLength(2);
    expect(bounds[0]?.bound).toContain(`${year + 1}-12-01 00:00:00+00`);
    expect(bounds[1]?.bound).toContain(`${year + 2}-02-01 00:00:00+00`);
    await database.db.execute(sql.raw(`drop table analytics_metrics_y${year + 1}m12`));
    await database.db.execute(sql.raw(`drop table analytics_metrics_y${year + 2}m01`));
  });

  it("refuses to create more than 120 months at once", async () => {
    const error = await database.db
      .execute(sql`select frontdesk_ensure_metric_partitions(${month}::date, 500)`)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(pgErrorCode(error)).toBe("22023");
  });
});
