// metrics: recording (normalisation, limits, one insert per batch, the series cap), queries checked
// against a brute-force computation over the same points, rollups giving identical answers, names,
// tenant isolation and the policy.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  queryRows,
  schema,
  wallTime,
  withTenant,
  zonedTimeToUtc,
  type Database,
  type Db,
} from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { errorOf } from "@frontdesk/testing/errors";
import type { Actor } from "../actor";
import { queryMetrics } from "./query";
import { markRangeDirty, rollupMetricsHourly } from "./rollup";
import type {
  MetricAggregation,
  MetricBucket,
  MetricPointInput,
  QueryMetricInput,
} from "./schemas";
import { recordMetricBatch } from "./service";

let database: Database;
let ny: TestTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  ny = await createTenantWithKey(database, { timeZone: "America/New_York" });
  // The data sets below sit in March 2026: keep them inside retention whenever the suite runs.
  await database.db.execute(
    sql`update tenants set metrics_retention_days = 3650 where id = ${ny.tenantId}::uuid`,
  );
});

afterAll(async () => {
  await database.close();
});

function actorFor(tenantId: string): Actor {
  return {
    tenantId,
    type: "api_key",
    id: randomUUID(),
    userId: null,
    role: null,
    scopes: ["admin"],
    requestId: "metrics-test",
  };
}

async function countPoints(tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from analytics_metrics where tenant_id = ${tenantId}::uuid`,
  );
  return row?.n ?? -1;
}

async function tenantState(tenantId: string) {
  const [row] = await queryRows<{
    points: number;
    series: number;
    definitions: number;
    markers: number;
  }>(
    database.db,
    sql`select (select count(*)::int from analytics_metrics where tenant_id = ${tenantId}::uuid) as points,
               (select count(*)::int from metric_series where tenant_id = ${tenantId}::uuid) as series,
               (select coalesce(sum(series_count), 0)::int from metric_definitions where tenant_id = ${tenantId}::uuid) as definitions,
               ((select count(*)::int from metric_rollups_hourly where tenant_id = ${tenantId}::uuid)
                + (select count(*)::int from metric_rollup_dirty_hours where tenant_id = ${tenantId}::uuid)) as markers`,
  );
  return row;
}

async function markers(tenantId: string, name: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from metric_rollup_dirty_hours where tenant_id = ${tenantId}::uuid and name = ${name}`,
  );
  return row?.n ?? -1;
}

async function rollupRows(tenantId: string, name: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from metric_rollups_hourly where tenant_id = ${tenantId}::uuid and name = ${name}`,
  );
  return row?.n ?? -1;
}

// ---- deterministic data ----
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface TestPoint {
  value: number;
  tags: Record<string, string>;
  at: Date;
}

/** `count` points between `from` and `to`; values are multiples of 1/8, so every sum is exact. */
function makePoints(seed: number, count: number, from: Date, to: Date): TestPoint[] {
  const random = prng(seed);
  const regions = ["east", "north", "west"];
  const span = to.getTime() - from.getTime();
  return Array.from({ length: count }, () => {
    const tags: Record<string, string> = { region: regions[Math.floor(random() * 3)] ?? "east" };
    if (random() < 0.7) tags.host = random() < 0.5 ? "a" : "b";
    return {
      value: Math.round((random() * 1100 - 100) * 8) / 8,
      tags,
      at: new Date(from.getTime() + Math.floor(random() * span)),
    };
  });
}

// ---- brute force: what metrics.query must answer ----
function bucketStart(at: Date, bucket: MetricBucket, timeZone: string): number {
  const w = wallTime(at, timeZone);
  // Minute and hour buckets start where the wall-clock minute or hour started, so the repeated hour
  // of a DST fall-back is two buckets (every zone's offset is whole minutes).
  const intoMinute = ((at.getTime() % 60_000) + 60_000) % 60_000;
  if (bucket === "minute") return at.getTime() - intoMinute;
  if (bucket === "hour") return at.getTime() - intoMinute - w.minute * 60_000;
  if (bucket === "month")
    return zonedTimeToUtc(
      { year: w.year, month: w.month, day: 1, hour: 0, minute: 0 },
      timeZone,
    ).getTime();
  let day = { year: w.year, month: w.month, day: w.day };
  if (bucket === "week") {
    const d = new Date(Date.UTC(w.year, w.month - 1, w.day - ((w.weekday + 6) % 7)));
    day = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  return zonedTimeToUtc({ ...day, hour: 0, minute: 0 }, timeZone).getTime();
}

/** percentile_cont as PostgreSQL computes it (linear interpolation between the closest ranks). */
function percentileCont(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return lo === hi ? a : a + (pos - lo) * (b - a);
}

const P: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

function bruteForce(points: TestPoint[], q: Omit<QueryMetricInput, "name">, timeZone: string) {
  const groups = new Map<string | null, Map<number, number[]>>();
  if (q.groupBy === undefined) groups.set(null, new Map());
  for (const p of points) {
    if (p.at < q.from || p.at >= q.to) continue;
    if (q.filter && !Object.entries(q.filter).every(([k, v]) => p.tags[k] === v)) continue;
    const group = q.groupBy === undefined ? null : (p.tags[q.groupBy] ?? null);
    let buckets = groups.get(group);
    if (!buckets) groups.set(group, (buckets = new Map<number, number[]>()));
    const b = bucketStart(p.at, q.bucket, timeZone);
    const values = buckets.get(b) ?? [];
    values.push(p.value);
    buckets.set(b, values);
  }
  const order = [...groups.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return {
    series: order.map((group) => ({
      group,
      points: [...(groups.get(group) ?? new Map<number, number[]>()).entries()]
        .sort(([a], [b]) => a - b)
        .map(([bucket, values]) => {
          const sorted = [...values].sort((x, y) => x - y);
          const sum = values.reduce((s, v) => s + v, 0);
          const point: Record<string, number | Date> = { bucket: new Date(bucket) };
          for (const a of q.aggregations) {
            if (a === "count") point.count = values.length;
            else if (a === "sum") point.sum = sum;
            else if (a === "avg") point.avg = sum / values.length;
            else if (a === "min") point.min = sorted[0] ?? Number.NaN;
            else if (a === "max") point.max = sorted.at(-1) ?? Number.NaN;
            else point[a] = percentileCont(sorted, P[a] ?? Number.NaN);
          }
          return point;
        }),
    })),
  };
}

const ALL: MetricAggregation[] = ["sum", "avg", "min", "max", "count", "p50", "p90", "p95", "p99"];

describe("metrics.record / recordBatch", () => {
  it("normalises names (trim, lower-case) and answers { accepted }", async () => {
    const t = await createTenantWithKey(database);
    const caller = await callerFor(database, { apiKey: t.adminKey });
    await expect(
      caller.metrics.record({ name: "  Checkout.Latency:P-1_x ", value: 12.5, unit: "ms" }),
    ).resolves.toEqual({ accepted: 1 });
    await expect(
      caller.metrics.recordBatch({
        points: [
          { name: "CHECKOUT.LATENCY:p-1_X", value: 3 },
          { name: "checkout.latency:p-1_x", value: 4, unit: "ms" },
        ],
      }),
    ).resolves.toEqual({ accepted: 2 });
    const names = await caller.metrics.names({ prefix: "checkout." });
    expect(names.items).toEqual([
      {
        name: "checkout.latency:p-1_x",
        kind: "gauge",
        unit: "ms",
        seriesCount: 1,
        lastSeenAt: expect.any(Date) as Date,
      },
    ]);
  });

  it("rejects every limit with a clear BAD_REQUEST and stores nothing of the batch", async () => {
    const t = await createTenantWithKey(database);
    const caller = await callerFor(database, { apiKey: t.adminKey });
    const ok = { name: "ok.metric", value: 1 };
    const now = Date.now();
    const cases: { points: MetricPointInput[]; message: RegExp }[] = [
      { points: [ok, ok, { name: "bad name!", value: 1 }], message: /points\[2\]\.name.*a-z, 0-9/ },
      { points: [ok, { name: "   ", value: 1 }], message: /points\[1\]\.name.*empty/ },
      { points: [{ name: "x".repeat(201), value: 1 }], message: /at most 200 characters/ },
      { points: [ok, { name: "n", value: Number.POSITIVE_INFINITY }], message: /value/ },
      { points: [{ name: "n", value: Number.NaN }], message: /value/ },
      { points: [{ name: "n", value: 1, unit: "u".repeat(33) }], message: /unit is at most 32/ },
      {
        points: [
          {
            name: "n",
            value: 1,
            tags: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, "v"])),
          },
        ],
        message: /At most 32 tags/,
      },
      {
        points: [{ name: "n", value: 1, tags: { "bad key": "v" } }],
        message: /tag key may only contain/,
      },
      {
        points: [{ name: "n", value: 1, tags: { ["k".repeat(65)]: "v" } }],
        message: /tag key is at most 64/,
      },
      {
        points: [{ name: "n", value: 1, tags: { k: "v".repeat(257) } }],
        message: /tag value is at most 256/,
      },
      {
        points: [ok, { name: "n", value: 1, at: new Date(now - 396 * 86_400_000) }],
        message: /points\[1\]\.at is older than this tenant's metrics retention of 395 days/,
      },
      {
        points: [ok, { name: "n", value: 1, at: new Date(now + 2 * 86_400_000) }],
        message: /points\[1\]\.at is more than one day in the future/,
      },
      { points: [], message: /at least one point/ },
      { points: Array.from({ length: 10_001 }, () => ok), message: /At most 10,000 points/ },
      {
        points: [
          { name: "k", value: 1, kind: "counter" },
          { name: "k", value: 1, kind: "gauge" },
        ],
        message: /points\[1\]\.kind: metric k is sent as both counter and gauge/,
      },
    ];
    for (const c of cases) {
      const error = await errorOf(caller.metrics.recordBatch({ points: c.points }));
      expect(error.code, c.message.source).toBe("BAD_REQUEST");
      expect(error.message).toMatch(c.message);
    }
    const single = await errorOf(caller.metrics.record({ name: "Bad/Name", value: 1 }));
    expect(single.code).toBe("BAD_REQUEST");
    expect(single.message).toMatch(/the point\.name/);
    expect(await tenantState(t.tenantId)).toEqual({
      points: 0,
      series: 0,
      definitions: 0,
      markers: 0,
    });
  });

  it("keeps a metric's kind and unit: a conflicting point is BAD_REQUEST, an omitted kind inherits it", async () => {
    const t = await createTenantWithKey(database);
    const caller = await callerFor(database, { apiKey: t.adminKey });
    await caller.metrics.record({ name: "requests", value: 1, kind: "counter", unit: "req" });
    expect(
      (await errorOf(caller.metrics.record({ name: "requests", value: 1, kind: "gauge" }))).message,
    ).toMatch(/requests is a counter/);
    expect(
      (await errorOf(caller.metrics.record({ name: "requests", value: 1, unit: "ops" }))).message,
    ).toMatch(/measured in req/);
    await caller.metrics.record({ name: "requests", value: 2 });
    const kinds = await queryRows<{ kind: string; unit: string | null }>(
      database.db,
      sql`select distinct kind, unit from analytics_metrics where tenant_id = ${t.tenantId}::uuid`,
    );
    expect(kinds).toEqual([{ kind: "counter", unit: "req" }]);
    expect(await countPoints(t.tenantId)).toBe(2);
  });

  it("stores a batch of 10,000 points with ONE insert statement (statements counted by a drizzle logger)", async () => {
    const t = await createTenantWithKey(database);
    const statements: string[] = [];
    const logger = { logQuery: (query: string) => void statements.push(query) };
    const logged =
      database.backend === "postgres" && database.sql
        ? (drizzlePostgres({
            client: database.sql,
            schema,
            casing: "snake_case",
            logger,
          }) as unknown as Db)
        : (drizzlePglite({
            client: database.pglite,
            schema,
            casing: "snake_case",
            logger,
          }) as unknown as Db);
    const points = makePoints(1, 10_000, new Date(Date.now() - 40 * 86_400_000), new Date()).map(
      (p) => ({ name: "load.batch", ...p }),
    );
    const result = await withTenant(logged, { tenantId: t.tenantId }, (tx) =>
      recordMetricBatch(tx, actorFor(t.tenantId), { points }),
    );
    expect(result).toEqual({ accepted: 10_000 });
    expect(await countPoints(t.tenantId)).toBe(10_000);
    const inserts = statements.filter((s) => /insert into analytics_metrics/i.test(s));
    expect(inserts).toHaveLength(1);
    // A fixed number of statements whatever the batch size (tenant, usage, definitions, series,
    // partitions, points, markers + withTenant's two), never one per point.
    expect(statements.length).toBeLessThanOrEqual(10);
  });

  it("tells a batch's tag sets apart by their pairs: a set extending another, swapped keys and values, no tags", async () => {
    const t = await createTenantWithKey(database);
    const at = new Date(Date.now() - 3_600_000);
    const sets: (Record<string, string> | undefined)[] = [
      undefined,
      {},
      { a: "1" },
      { a: "1", b: "2" },
      { b: "2", a: "1" }, // the same pairs in another order: one series with the set above
      { a: "2" },
      { 1: "a" },
      { a: "1", b: "2", c: "" },
      { ab: "12" },
    ];
    const points = Array.from({ length: 90 }, (_, i) => ({
      name: "tagsets",
      value: i,
      at,
      ...(sets[i % sets.length] ? { tags: { ...sets[i % sets.length] } } : {}),
    }));
    await withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
      recordMetricBatch(tx, actorFor(t.tenantId), { points }),
    );
    const rows = await queryRows<{ tags: Record<string, string>; n: number; total: number }>(
      database.db,
      sql`select tags, count(*)::int as n, sum(value)::int as total from analytics_metrics
          where tenant_id = ${t.tenantId}::uuid group by tags order by total`,
    );
    const expected = new Map<string, { n: number; total: number }>();
    points.forEach((p, i) => {
      const key = JSON.stringify(Object.fromEntries(Object.entries(p.tags ?? {}).sort()));
      const e = expected.get(key) ?? { n: 0, total: 0 };
      expected.set(key, { n: e.n + 1, total: e.total + i });
    });
    expect(
      rows.map((r) => [
        JSON.stringify(Object.fromEntries(Object.entries(r.tags).sort())),
        r.n,
        r.total,
      ]),
    ).toEqual(
      [...expected]
        .map(([k, e]) => [k, e.n, e.total])
        .sort((x, y) => (x[2] as number) - (y[2] as number)),
    );
    expect(rows).toHaveLength(7);
    const [series] = await queryRows<{ n: number; count: number }>(
      database.db,
      sql`select (select count(*)::int from metric_series where tenant_id = ${t.tenantId}::uuid) as n,
                 (select series_count from metric_definitions where tenant_id = ${t.tenantId}::uuid and name = 'tagsets') as count`,
    );
    expect(series).toEqual({ n: 7, count: 7 });
  });

  it("blocks a 10,000-point batch when one point's tag value, tag key or name holds an SSN, and masks it under mask", async () => {
    const SSN = "521-73-4190";
    const t = await createTenantWithKey(database);
    const caller = await callerFor(database, { apiKey: t.adminKey });
    await caller.phi.policy.update({ defaults: "mask", perType: { SSN: "block" } });
    const at = new Date(Date.now() - 3_600_000);
    const batch = (change: (p: MetricPointInput) => MetricPointInput) =>
      Array.from({ length: 10_000 }, (_, i) => {
        const p: MetricPointInput = {
          name: "visits",
          value: i,
          unit: "ms",
          tags: { host: `h${i % 10}`, note: "ok" },
          at,
        };
        return i === 7_777 ? change(p) : p;
      });
    for (const change of [
      (p: MetricPointInput) => ({ ...p, tags: { ...p.tags, note: `ssn ${SSN}` } }),
      (p: MetricPointInput) => ({ ...p, tags: { ...p.tags, [SSN]: "x" } }),
      (p: MetricPointInput) => ({ ...p, name: SSN }),
    ]) {
      const error = await errorOf(caller.metrics.recordBatch({ points: batch(change) }));
      expect(error.code).toBe("PRECONDITION_FAILED");
    }
    expect(await countPoints(t.tenantId)).toBe(0);
    await caller.phi.policy.update({ defaults: "mask", perType: { SSN: "mask" } });
    await caller.metrics.recordBatch({
      points: batch((p) => ({ ...p, tags: { ...p.tags, note: `ssn ${SSN}` } })),
    });
    const stored = await queryRows<{ tags: string }>(
      database.db,
      sql`select tags::text as tags from analytics_metrics where tenant_id = ${t.tenantId}::uuid and value = 7777`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tags).not.toContain(SSN);
    expect(await countPoints(t.tenantId)).toBe(10_000);
  });

  it("caps the distinct series of a metric: new series past the cap are refused and nothing of the batch is stored", async () => {
    const t = await createTenantWithKey(database);
    const actor = actorFor(t.tenantId);
    const write = (points: MetricPointInput[]) =>
      withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
        recordMetricBatch(tx, actor, { points }, { maxSeriesPerMetric: 5 }),
      );
    await write(
      Array.from({ length: 5 }, (_, i) => ({ name: "capped", value: i, tags: { user: `u${i}` } })),
    );
    const before = await tenantState(t.tenantId);
    const error = await write([
      { name: "capped", value: 1, tags: { user: "u0" } },
      { name: "other", value: 1 },
      { name: "capped", value: 1, tags: { user: "u5" } },
    ]).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      "metric capped has reached its limit of 5 series; drop high-cardinality tags",
    );
    expect(await tenantState(t.tenantId)).toEqual(before);
    // Existing series still take points.
    await expect(write([{ name: "capped", value: 9, tags: { user: "u4" } }])).resolves.toEqual({
      accepted: 1,
    });
  });

  it("applies the default cap of 2,000 series through the API", async () => {
    const t = await createTenantWithKey(database);
    const caller = await callerFor(database, { apiKey: t.adminKey });
    await caller.metrics.recordBatch({
      points: Array.from({ length: 2_000 }, (_, i) => ({
        name: "users",
        value: 1,
        tags: { id: String(i) },
      })),
    });
    const error = await errorOf(
      caller.metrics.record({ name: "users", value: 1, tags: { id: "2000" } }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe(
      "metric users has reached its limit of 2000 series; drop high-cardinality tags",
    );
    expect(await countPoints(t.tenantId)).toBe(2_000);
    expect((await caller.metrics.names({})).items[0]?.seriesCount).toBe(2_000);
  });
});

describe("metrics.query", () => {
  const from = new Date("2026-03-03T00:00:00Z");
  const to = new Date("2026-03-13T00:00:00Z");
  const points = makePoints(42, 2_000, from, to);
  const NAME = "api.latency";
  const queries: Omit<QueryMetricInput, "name">[] = [
    { from, to, bucket: "hour", aggregations: ALL },
    { from, to, bucket: "day", aggregations: ALL },
    { from, to, bucket: "week", aggregations: ALL },
    { from, to, bucket: "month", aggregations: ["count", "sum", "p50"] },
    { from, to, bucket: "day", aggregations: ["count", "sum", "avg", "min", "max"] },
    { from, to, bucket: "day", aggregations: ALL, groupBy: "region" },
    { from, to, bucket: "hour", aggregations: ["count", "max", "p99"], groupBy: "host" },
    { from, to, bucket: "day", aggregations: ["count", "avg", "p90"], filter: { region: "east" } },
    {
      from,
      to,
      bucket: "day",
      aggregations: ["count", "min", "p95"],
      filter: { region: "west" },
      groupBy: "host",
    },
    {
      from,
      to,
      bucket: "day",
      aggregations: ["sum"],
      filter: { region: "nowhere" },
      groupBy: "host",
    },
    // Not hour-aligned, across the DST change (2026-03-08 02:00 EST → 03:00 EDT).
    {
      from: new Date("2026-03-07T10:17:00Z"),
      to: new Date("2026-03-09T05:43:30Z"),
      bucket: "day",
      aggregations: ALL,
    },
    {
      from: new Date("2026-03-08T04:00:00Z"),
      to: new Date("2026-03-08T09:00:00Z"),
      bucket: "hour",
      aggregations: ALL,
    },
    {
      from: new Date("2026-03-08T06:30:00Z"),
      to: new Date("2026-03-08T08:30:00Z"),
      bucket: "minute",
      aggregations: ["count", "sum"],
    },
  ];
  let caller: Awaited<ReturnType<typeof callerFor>>;

  beforeAll(async () => {
    caller = await callerFor(database, { apiKey: ny.adminKey });
    await caller.metrics.recordBatch({
      points: points.map((p) => ({ name: NAME, kind: "histogram", unit: "ms", ...p })),
    });
  });

  it("equals a brute-force computation over the raw points (tenant zone America/New_York, DST day, group-by, filters)", async () => {
    for (const q of queries) {
      expect(await caller.metrics.query({ name: NAME, ...q }), JSON.stringify(q)).toEqual(
        bruteForce(points, q, "America/New_York"),
      );
    }
  });

  it("gives identical answers from the rollups, and keeps answering correctly when late points arrive", async () => {
    // A worker of another test file may run the job at the same time: wait for it, check the state.
    await rollupMetricsHourly(database.db, { tenantId: ny.tenantId, wait: true });
    expect(await markers(ny.tenantId, NAME)).toBe(0);
    expect(await rollupRows(ny.tenantId, NAME)).toBeGreaterThan(600);
    for (const q of queries) {
      const fromRollups = await caller.metrics.query({ name: NAME, ...q });
      expect(fromRollups, JSON.stringify(q)).toEqual(bruteForce(points, q, "America/New_York"));
      const raw = await withTenant(database.db, { tenantId: ny.tenantId }, (tx) =>
        queryMetrics(tx, actorFor(ny.tenantId), { name: NAME, ...q }, { useRollups: false }),
      );
      expect(fromRollups).toEqual(raw);
    }

    // The rollups really answer: shift every raw value behind the service's back (no markers), and
    // hour-aligned queries still see the old values.
    await database.db.execute(
      sql`update analytics_metrics set value = value + 1000000 where tenant_id = ${ny.tenantId}::uuid and name = ${NAME}`,
    );
    try {
      const q = queries[1] ?? { from, to, bucket: "day" as const, aggregations: ALL };
      expect(await caller.metrics.query({ name: NAME, ...q })).toEqual(
        bruteForce(points, q, "America/New_York"),
      );
    } finally {
      await database.db.execute(
        sql`update analytics_metrics set value = value - 1000000 where tenant_id = ${ny.tenantId}::uuid and name = ${NAME}`,
      );
    }

    // A late point lands in an hour that is already rolled up: it is counted at once (raw), and again
    // after the next rollup.
    const late = {
      value: 5000.125,
      tags: { region: "north", host: "a" },
      at: new Date("2026-03-08T07:15:00Z"),
    };
    await caller.metrics.record({ name: NAME, ...late });
    const withLate = [...points, late];
    for (const q of queries)
      expect(await caller.metrics.query({ name: NAME, ...q })).toEqual(
        bruteForce(withLate, q, "America/New_York"),
      );
    expect(await markers(ny.tenantId, NAME)).toBe(1);
    await rollupMetricsHourly(database.db, { tenantId: ny.tenantId, wait: true });
    expect(await markers(ny.tenantId, NAME)).toBe(0);
    for (const q of queries)
      expect(await caller.metrics.query({ name: NAME, ...q })).toEqual(
        bruteForce(withLate, q, "America/New_York"),
      );
  });

  it("reads raw rows for hours that straddle a bucket boundary in a half-hour zone (Asia/Kolkata)", async () => {
    const t = await createTenantWithKey(database, { timeZone: "Asia/Kolkata" });
    await database.db.execute(
      sql`update tenants set metrics_retention_days = 3650 where id = ${t.tenantId}::uuid`,
    );
    const kolkata = await callerFor(database, { apiKey: t.adminKey });
    const some = makePoints(7, 600, from, new Date("2026-03-06T00:00:00Z"));
    await kolkata.metrics.recordBatch({ points: some.map((p) => ({ name: "q", ...p })) });
    const qs: Omit<QueryMetricInput, "name">[] = [
      { from, to, bucket: "day", aggregations: ALL },
      { from, to, bucket: "hour", aggregations: ALL, groupBy: "region" },
      // The all-series shape: every UTC hour straddles two local hours, so no bucket is one rolled hour.
      { from, to, bucket: "hour", aggregations: ALL },
    ];
    for (const q of qs)
      expect(await kolkata.metrics.query({ name: "q", ...q })).toEqual(
        bruteForce(some, q, "Asia/Kolkata"),
      );
    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
    for (const q of qs) {
      const fromRollups = await kolkata.metrics.query({ name: "q", ...q });
      expect(fromRollups, JSON.stringify(q)).toEqual(bruteForce(some, q, "Asia/Kolkata"));
      const raw = await withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
        queryMetrics(tx, actorFor(t.tenantId), { name: "q", ...q }, { useRollups: false }),
      );
      expect(fromRollups).toEqual(raw);
    }
  });

  it("refuses too many buckets, too long a range and repeated aggregations; an unknown metric has no points", async () => {
    const tooMany = await errorOf(
      caller.metrics.query({ name: NAME, from, to, bucket: "minute", aggregations: ["count"] }),
    );
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(tooMany.message).toMatch(/use a larger bucket/);
    const tooLong = await errorOf(
      caller.metrics.query({
        name: NAME,
        from: new Date("2025-01-01T00:00:00Z"),
        to: new Date("2026-03-01T00:00:00Z"),
        bucket: "day",
        aggregations: ["count"],
      }),
    );
    expect(tooLong.code).toBe("BAD_REQUEST");
    expect(
      (
        await errorOf(
          caller.metrics.query({
            name: NAME,
            from,
            to,
            bucket: "day",
            aggregations: ["count", "count"],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      await caller.metrics.query({
        name: "no.such.metric",
        from,
        to,
        bucket: "day",
        aggregations: ["count"],
      }),
    ).toEqual({
      series: [{ group: null, points: [] }],
    });
  });

  it("never shows another tenant's points, names or rollups", async () => {
    const other = await createTenantWithKey(database, { timeZone: "America/New_York" });
    await database.db.execute(
      sql`update tenants set metrics_retention_days = 3650 where id = ${other.tenantId}::uuid`,
    );
    const otherCaller = await callerFor(database, { apiKey: other.adminKey });
    const q = { name: NAME, from, to, bucket: "day" as const, aggregations: ["count" as const] };
    expect(await otherCaller.metrics.query(q)).toEqual({ series: [{ group: null, points: [] }] });
    expect((await otherCaller.metrics.names({})).items).toEqual([]);
    await otherCaller.metrics.record({
      name: NAME,
      value: 1,
      at: new Date("2026-03-05T12:00:00Z"),
    });
    await rollupMetricsHourly(database.db, { tenantId: other.tenantId, wait: true });
    const mine = await caller.metrics.query(q);
    const total = (mine.series[0]?.points ?? []).reduce((s, p) => s + (p.count ?? 0), 0);
    expect(total).toBe(await countPoints(ny.tenantId));
    expect((await otherCaller.metrics.query(q)).series[0]?.points.map((p) => p.count)).toEqual([1]);
  });
});

describe("metrics.query: hourly percentiles from the all-series rollups", () => {
  // Late October to early November 2025. New York falls back on 2025-11-02: local 01:00–02:00 happens
  // twice (05:00Z and 06:00Z), and each is its own hourly bucket.
  const from = new Date("2025-10-29T00:00:00Z");
  const to = new Date("2025-11-04T00:00:00Z");
  const points = makePoints(99, 1_500, from, to);
  const NAME = "page.load";
  const ZONE = "America/New_York";
  const plain: Omit<QueryMetricInput, "name">[] = [
    { from, to: new Date("2025-11-01T00:00:00Z"), bucket: "hour", aggregations: ALL },
    {
      from,
      to: new Date("2025-11-01T00:00:00Z"),
      bucket: "hour",
      aggregations: ["p99", "count", "p50"],
    },
    // Partial hours at both ends are read raw, the whole hours between from the all-series rows.
    {
      from: new Date("2025-10-30T10:20:00Z"),
      to: new Date("2025-10-30T18:40:30Z"),
      bucket: "hour",
      aggregations: ALL,
    },
  ];
  const fallBack: Omit<QueryMetricInput, "name"> = {
    from: new Date("2025-11-02T00:00:00Z"),
    to: new Date("2025-11-03T00:00:00Z"),
    bucket: "hour",
    aggregations: ALL,
  };
  let t: TestTenant;
  let caller: Awaited<ReturnType<typeof callerFor>>;

  const raw = (q: Omit<QueryMetricInput, "name">) =>
    withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
      queryMetrics(tx, actorFor(t.tenantId), { name: NAME, ...q }, { useRollups: false }),
    );
  const allSeriesRows = () =>
    queryRows<Record<string, unknown>>(
      database.db,
      sql`select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00:00Z"') as hour, count::int as count, sum, min, max, p50, p90, p95, p99
          from metric_rollups_hourly_all where tenant_id = ${t.tenantId}::uuid and name = ${NAME} order by bucket_start`,
    );
  const seriesRows = () =>
    queryRows<Record<string, unknown>>(
      database.db,
      sql`select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00:00Z"') as hour, series_hash, count::int as count, sum, min, max, sorted_values::text as sorted
          from metric_rollups_hourly where tenant_id = ${t.tenantId}::uuid and name = ${NAME} order by bucket_start, series_hash`,
    );
  /** Adds `delta` to the p50 of the all-series rows of these UTC hours, behind the job's back. */
  const shiftAllSeriesP50 = (hours: string[], delta: number) =>
    database.db.execute(
      sql`update metric_rollups_hourly_all set p50 = p50 + ${delta}
          where tenant_id = ${t.tenantId}::uuid and name = ${NAME} and bucket_start = any(${`{${hours.join(",")}}`}::timestamptz[])`,
    );

  beforeAll(async () => {
    t = await createTenantWithKey(database, { timeZone: ZONE });
    await database.db.execute(
      sql`update tenants set metrics_retention_days = 3650 where id = ${t.tenantId}::uuid`,
    );
    caller = await callerFor(database, { apiKey: t.adminKey });
    await caller.metrics.recordBatch({
      points: points.map((p) => ({ name: NAME, kind: "histogram", ...p })),
    });
    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
  });

  it("writes one all-series row per UTC hour with points, and answers from them exactly as from the raw rows", async () => {
    expect(await markers(t.tenantId, NAME)).toBe(0);
    const hoursWithPoints = new Set(points.map((p) => Math.floor(p.at.getTime() / 3_600_000)));
    expect(await allSeriesRows()).toHaveLength(hoursWithPoints.size);
    for (const q of plain) {
      const fromRollups = await caller.metrics.query({ name: NAME, ...q });
      expect(fromRollups, JSON.stringify(q)).toEqual(bruteForce(points, q, ZONE));
      expect(fromRollups).toEqual(await raw(q));
    }

    // The all-series rows really answer: a change to one of them shows in its bucket.
    const [query] = plain;
    if (!query) throw new Error("no query");
    const hour = "2025-10-30T14:00:00Z";
    const before = (await caller.metrics.query({ name: NAME, ...query })).series[0]?.points.find(
      (p) => p.bucket.toISOString() === new Date(hour).toISOString(),
    );
    await shiftAllSeriesP50([hour], 1_000_000);
    try {
      const after = (await caller.metrics.query({ name: NAME, ...query })).series[0]?.points.find(
        (p) => p.bucket.toISOString() === new Date(hour).toISOString(),
      );
      expect(after?.p50).toBe((before?.p50 ?? Number.NaN) + 1_000_000);
      expect(after?.p99).toBe(before?.p99);
    } finally {
      await shiftAllSeriesP50([hour], -1_000_000);
    }
  });

  it("gives the 25-hour day of a DST fall-back 25 hourly buckets, the repeated local hour twice, each from its all-series row", async () => {
    const expected = await raw(fallBack);
    const answer = await caller.metrics.query({ name: NAME, ...fallBack });
    expect(answer).toEqual(expected);
    expect(answer).toEqual(bruteForce(points, fallBack, ZONE));
    // Local 01:00 EDT (05:00Z) and local 01:00 EST (06:00Z) are two buckets with their true starts.
    const day = points.filter((p) => p.at >= fallBack.from && p.at < fallBack.to);
    const buckets = answer.series[0]?.points ?? [];
    const hoursWithPoints = new Set(day.map((p) => Math.floor(p.at.getTime() / 3_600_000)));
    expect(buckets).toHaveLength(hoursWithPoints.size);
    expect(buckets.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(day.length);
    const countIn = (lo: string, hi: string) =>
      day.filter((p) => p.at >= new Date(lo) && p.at < new Date(hi)).length;
    for (const [start, end] of [
      ["2025-11-02T05:00:00Z", "2025-11-02T06:00:00Z"],
      ["2025-11-02T06:00:00Z", "2025-11-02T07:00:00Z"],
    ] as const) {
      expect(countIn(start, end)).toBeGreaterThan(0);
      expect(
        buckets.find((p) => p.bucket.toISOString() === new Date(start).toISOString())?.count,
      ).toBe(countIn(start, end));
    }
    // Each of the two is answered by its hour's all-series row: shifting that row shows, in that bucket only.
    const hour = "2025-11-02T06:00:00Z";
    const p50At = (a: typeof answer, at: string) =>
      a.series[0]?.points.find((p) => p.bucket.toISOString() === new Date(at).toISOString())?.p50;
    await shiftAllSeriesP50([hour], 1_000_000);
    try {
      const shifted = await caller.metrics.query({ name: NAME, ...fallBack });
      expect(p50At(shifted, hour)).toBe((p50At(answer, hour) ?? Number.NaN) + 1_000_000);
      expect(p50At(shifted, "2025-11-02T05:00:00Z")).toBe(p50At(answer, "2025-11-02T05:00:00Z"));
    } finally {
      await shiftAllSeriesP50([hour], -1_000_000);
    }
  });

  it("reads a dirty hour raw after a late write, and from the all-series row again after the next rollup", async () => {
    const late = { value: 9000.5, tags: { region: "west" }, at: new Date("2025-10-30T14:05:00Z") };
    const lateCount = (rows: Record<string, unknown>[]) =>
      rows.find((r) => r.hour === "2025-10-30T14:00:00Z")?.count;
    const countBefore = lateCount(await allSeriesRows());
    await caller.metrics.record({ name: NAME, ...late });
    expect(await markers(t.tenantId, NAME)).toBe(1);
    const withLate = [...points, late];
    for (const q of plain)
      expect(await caller.metrics.query({ name: NAME, ...q }), JSON.stringify(q)).toEqual(
        bruteForce(withLate, q, ZONE),
      );

    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
    expect(await markers(t.tenantId, NAME)).toBe(0);
    expect(lateCount(await allSeriesRows())).toBe(Number(countBefore) + 1);
    for (const q of plain) {
      const fromRollups = await caller.metrics.query({ name: NAME, ...q });
      expect(fromRollups, JSON.stringify(q)).toEqual(bruteForce(withLate, q, ZONE));
      expect(fromRollups).toEqual(await raw(q));
    }
  });

  it("is idempotent: a re-run without markers changes nothing, and recomputing every hour writes the same rows", async () => {
    const allBefore = await allSeriesRows();
    const seriesBefore = await seriesRows();
    expect(allBefore.length).toBeGreaterThan(100);
    expect(
      await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true }),
    ).toMatchObject({
      hours: 0,
      rows: 0,
    });
    expect(await allSeriesRows()).toEqual(allBefore);

    const marked = await markRangeDirty(database.db, t.tenantId, { from, to, name: NAME });
    expect(marked).toBe(allBefore.length);
    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
    expect(await markers(t.tenantId, NAME)).toBe(0);
    expect(await allSeriesRows()).toEqual(allBefore);
    expect(await seriesRows()).toEqual(seriesBefore);
    for (const q of [...plain, fallBack])
      expect(await caller.metrics.query({ name: NAME, ...q })).toEqual(await raw(q));
  });
});

describe("metrics.query: daily percentiles from the daily all-series rollups", () => {
  // 2026-03-05 to 03-12 in New York: spring forward on 03-08 (a 23-hour day).
  const from = new Date("2026-03-05T00:00:00Z");
  const to = new Date("2026-03-12T00:00:00Z");
  const points = makePoints(314, 1_500, from, to);
  const NAME = "checkout.time";
  const queries: Omit<QueryMetricInput, "name">[] = [
    // Local midnights: every day whole.
    {
      from: new Date("2026-03-05T05:00:00Z"),
      to: new Date("2026-03-11T04:00:00Z"),
      bucket: "day",
      aggregations: ALL,
    },
    // Partial days at both ends, cut inside an hour.
    {
      from: new Date("2026-03-05T13:20:00Z"),
      to: new Date("2026-03-10T21:40:30Z"),
      bucket: "day",
      aggregations: ["p95", "avg", "count", "p50"],
    },
    { from, to, bucket: "day", aggregations: ["p99"] },
  ];
  const rawOf = (tenantId: string, name: string, q: Omit<QueryMetricInput, "name">) =>
    withTenant(database.db, { tenantId }, (tx) =>
      queryMetrics(tx, actorFor(tenantId), { name, ...q }, { useRollups: false }),
    );
  const dayRows = (tenantId: string, name: string) =>
    queryRows<{ start: string; hours: number; time_zone: string; count: number }>(
      database.db,
      sql`select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI":00Z"') as start,
                 (extract(epoch from bucket_end - bucket_start) / 3600)::float8 as hours, time_zone, count::int as count
          from metric_rollups_daily_all where tenant_id = ${tenantId}::uuid and name = ${name} order by bucket_start`,
    );
  /** Adds `delta` to the p50 of one day row, behind the job's back. */
  const shiftDayP50 = (tenantId: string, name: string, start: string, delta: number) =>
    database.db.execute(
      sql`update metric_rollups_daily_all set p50 = p50 + ${delta}
          where tenant_id = ${tenantId}::uuid and name = ${name} and bucket_start = ${start}::timestamptz`,
    );
  const p50At = (answer: Awaited<ReturnType<typeof rawOf>>, start: string) =>
    answer.series[0]?.points.find((p) => p.bucket.toISOString() === new Date(start).toISOString())
      ?.p50;
  let t: TestTenant;
  let caller: Awaited<ReturnType<typeof callerFor>>;

  beforeAll(async () => {
    t = await createTenantWithKey(database, { timeZone: "America/New_York" });
    await database.db.execute(
      sql`update tenants set metrics_retention_days = 3650 where id = ${t.tenantId}::uuid`,
    );
    caller = await callerFor(database, { apiKey: t.adminKey });
    await caller.metrics.recordBatch({
      points: points.map((p) => ({ name: NAME, kind: "histogram", ...p })),
    });
    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
  });

  it("writes one row per local day with points (the spring-forward day 23 hours), and answers from them exactly as from the raw rows", async () => {
    const rows = await dayRows(t.tenantId, NAME);
    const localDays = new Set(points.map((p) => bucketStart(p.at, "day", "America/New_York")));
    expect(rows.map((r) => new Date(r.start).getTime())).toEqual([...localDays].sort());
    expect(rows.every((r) => r.time_zone === "America/New_York")).toBe(true);
    expect(rows.find((r) => r.start === "2026-03-08T05:00:00Z")?.hours).toBe(23);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(points.length);
    for (const q of queries) {
      const answer = await caller.metrics.query({ name: NAME, ...q });
      expect(answer, JSON.stringify(q)).toEqual(bruteForce(points, q, "America/New_York"));
      expect(answer).toEqual(await rawOf(t.tenantId, NAME, q));
    }

    // The day rows really answer whole days, and only them: a shifted row shows in its bucket; the
    // partial first day of queries[1] is computed from the hours.
    const [whole, partial] = queries;
    if (!whole || !partial) throw new Error("no query");
    await shiftDayP50(t.tenantId, NAME, "2026-03-08T05:00:00Z", 1_000_000);
    await shiftDayP50(t.tenantId, NAME, "2026-03-05T05:00:00Z", 1_000_000);
    try {
      const before = await rawOf(t.tenantId, NAME, whole);
      const after = await caller.metrics.query({ name: NAME, ...whole });
      expect(p50At(after, "2026-03-08T05:00:00Z")).toBe(
        (p50At(before, "2026-03-08T05:00:00Z") ?? Number.NaN) + 1_000_000,
      );
      expect(p50At(after, "2026-03-09T04:00:00Z")).toBe(p50At(before, "2026-03-09T04:00:00Z"));
      const cut = await caller.metrics.query({ name: NAME, ...partial });
      expect(p50At(cut, "2026-03-05T05:00:00Z")).toBe(
        p50At(await rawOf(t.tenantId, NAME, partial), "2026-03-05T05:00:00Z"),
      );
    } finally {
      await shiftDayP50(t.tenantId, NAME, "2026-03-08T05:00:00Z", -1_000_000);
      await shiftDayP50(t.tenantId, NAME, "2026-03-05T05:00:00Z", -1_000_000);
    }
  });

  it("answers count, sum, avg, min and max of whole days from the day rows too, as from the raw rows", async () => {
    const plain: Omit<QueryMetricInput, "name">[] = queries.map((q) => ({
      ...q,
      aggregations: ["sum", "count", "avg", "min", "max"],
    }));
    for (const q of plain) {
      const answer = await caller.metrics.query({ name: NAME, ...q });
      expect(answer, JSON.stringify(q)).toEqual(bruteForce(points, q, "America/New_York"));
      expect(answer).toEqual(await rawOf(t.tenantId, NAME, q));
    }
    // A whole day's sum comes from its row (shifted behind the job's back); a partial day's does not.
    const [whole, partial] = plain;
    if (!whole || !partial) throw new Error("no query");
    const sumAt = (answer: Awaited<ReturnType<typeof rawOf>>, start: string) =>
      answer.series[0]?.points.find((p) => p.bucket.toISOString() === new Date(start).toISOString())
        ?.sum;
    const shiftSum = (start: string, delta: number) =>
      database.db.execute(
        sql`update metric_rollups_daily_all set sum = sum + ${delta}
            where tenant_id = ${t.tenantId}::uuid and name = ${NAME} and bucket_start = ${start}::timestamptz`,
      );
    await shiftSum("2026-03-08T05:00:00Z", 1_000_000);
    await shiftSum("2026-03-05T05:00:00Z", 1_000_000);
    try {
      const before = await rawOf(t.tenantId, NAME, whole);
      const after = await caller.metrics.query({ name: NAME, ...whole });
      expect(sumAt(after, "2026-03-08T05:00:00Z")).toBe(
        (sumAt(before, "2026-03-08T05:00:00Z") ?? Number.NaN) + 1_000_000,
      );
      expect(sumAt(after, "2026-03-09T04:00:00Z")).toBe(sumAt(before, "2026-03-09T04:00:00Z"));
      const cut = await caller.metrics.query({ name: NAME, ...partial });
      expect(sumAt(cut, "2026-03-05T05:00:00Z")).toBe(
        sumAt(await rawOf(t.tenantId, NAME, partial), "2026-03-05T05:00:00Z"),
      );
    } finally {
      await shiftSum("2026-03-08T05:00:00Z", -1_000_000);
      await shiftSum("2026-03-05T05:00:00Z", -1_000_000);
    }
  });

  it("reads a day with a dirty hour from its hours after a late write, and from its row again after the next rollup", async () => {
    const late = { value: 7777.5, tags: { region: "east" }, at: new Date("2026-03-08T15:05:00Z") };
    await caller.metrics.record({ name: NAME, ...late });
    const withLate = [...points, late];
    await shiftDayP50(t.tenantId, NAME, "2026-03-08T05:00:00Z", 1_000_000);
    try {
      // The stale (and shifted) row is not read while the hour is dirty.
      for (const q of queries)
        expect(await caller.metrics.query({ name: NAME, ...q }), JSON.stringify(q)).toEqual(
          bruteForce(withLate, q, "America/New_York"),
        );
    } finally {
      await shiftDayP50(t.tenantId, NAME, "2026-03-08T05:00:00Z", -1_000_000);
    }
    const countOf = async () =>
      (await dayRows(t.tenantId, NAME)).find((r) => r.start === "2026-03-08T05:00:00Z")?.count;
    const countBefore = await countOf();
    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
    expect(await markers(t.tenantId, NAME)).toBe(0);
    expect(await countOf()).toBe(Number(countBefore) + 1);
    for (const q of queries) {
      const answer = await caller.metrics.query({ name: NAME, ...q });
      expect(answer, JSON.stringify(q)).toEqual(bruteForce(withLate, q, "America/New_York"));
      expect(answer).toEqual(await rawOf(t.tenantId, NAME, q));
    }
  });

  it("splits the hours a day cuts in a half-hour zone (Asia/Kolkata): the day row holds their raw points on its side", async () => {
    const k = await createTenantWithKey(database, { timeZone: "Asia/Kolkata" });
    await database.db.execute(
      sql`update tenants set metrics_retention_days = 3650 where id = ${k.tenantId}::uuid`,
    );
    const kolkata = await callerFor(database, { apiKey: k.adminKey });
    // Some points exactly on, and next to, local midnight (18:30Z), where an hour is cut in two.
    const edges = ["2026-03-06T18:29:59.999Z", "2026-03-06T18:30:00Z", "2026-03-07T18:15:00Z"];
    const some = [
      ...makePoints(11, 800, from, to),
      ...edges.map((at, i) => ({ value: 900 + i, tags: { region: "west" }, at: new Date(at) })),
    ];
    await kolkata.metrics.recordBatch({ points: some.map((p) => ({ name: "k", ...p })) });
    await rollupMetricsHourly(database.db, { tenantId: k.tenantId, wait: true });
    const rows = await dayRows(k.tenantId, "k");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.start.endsWith("T18:30:00Z") && r.hours === 24)).toBe(true);
    const qs: Omit<QueryMetricInput, "name">[] = [
      { from, to, bucket: "day", aggregations: ALL },
      {
        from: new Date("2026-03-05T18:30:00Z"),
        to: new Date("2026-03-09T18:30:00Z"),
        bucket: "day",
        aggregations: ALL,
      },
      {
        from: new Date("2026-03-06T18:00:00Z"),
        to: new Date("2026-03-08T19:00:00Z"),
        bucket: "day",
        aggregations: ["count", "p90"],
      },
    ];
    for (const q of qs) {
      const answer = await kolkata.metrics.query({ name: "k", ...q });
      expect(answer, JSON.stringify(q)).toEqual(bruteForce(some, q, "Asia/Kolkata"));
      expect(answer).toEqual(await rawOf(k.tenantId, "k", q));
    }
    const day = "2026-03-06T18:30:00Z";
    const [q0] = qs;
    if (!q0) throw new Error("no query");
    const before = await kolkata.metrics.query({ name: "k", ...q0 });
    await shiftDayP50(k.tenantId, "k", day, 1_000_000);
    try {
      const after = await kolkata.metrics.query({ name: "k", ...q0 });
      expect(p50At(after, day)).toBe((p50At(before, day) ?? Number.NaN) + 1_000_000);
    } finally {
      await shiftDayP50(k.tenantId, "k", day, -1_000_000);
    }
  });

  it("is backfilled by its migration with exactly the rows the rollup job writes (DST days, cut hours)", async () => {
    const migration = await readFile(
      new URL("../../../../drizzle/0028_metric_rollups_daily_all_security.sql", import.meta.url),
      "utf8",
    );
    const backfill = migration.split("--> statement-breakpoint").at(-1) ?? "";
    expect(backfill).toMatch(/INSERT INTO "metric_rollups_daily_all"/);
    // Every tenant of this file without dirty hours (New York's DST days, Kolkata's cut hours, …).
    const rows = () =>
      queryRows<Record<string, unknown>>(
        database.db,
        sql`select tenant_id, name, bucket_start, bucket_end, time_zone, count::int as count, sum, min, max, p50, p90, p95, p99
            from metric_rollups_daily_all a
            where not exists (select 1 from metric_rollup_dirty_hours d where d.tenant_id = a.tenant_id)
            order by tenant_id, name, bucket_start`,
      );
    const fromJob = await rows();
    expect(fromJob.filter((r) => r.tenant_id === t.tenantId).length).toBeGreaterThan(5);
    expect(fromJob.some((r) => r.time_zone === "Asia/Kolkata")).toBe(true);
    await database.db.execute(sql`delete from metric_rollups_daily_all`);
    await database.db.execute(sql.raw(backfill));
    expect(await rows()).toEqual(fromJob);
  });

  it("ignores the day rows of a former time zone, and answers in the new one as from the raw rows", async () => {
    await database.db.execute(
      sql`update tenants set time_zone = 'Europe/Berlin' where id = ${t.tenantId}::uuid`,
    );
    try {
      const withLate = await rawOf(t.tenantId, NAME, {
        from,
        to,
        bucket: "day",
        aggregations: ALL,
      });
      expect(
        await caller.metrics.query({ name: NAME, from, to, bucket: "day", aggregations: ALL }),
      ).toEqual(withLate);
      expect(withLate.series[0]?.points[1]?.bucket.toISOString()).toBe("2026-03-05T23:00:00.000Z");
    } finally {
      await database.db.execute(
        sql`update tenants set time_zone = 'America/New_York' where id = ${t.tenantId}::uuid`,
      );
    }
  });
});

describe("metrics.names", () => {
  it("lists names by prefix, in name order, page by page", async () => {
    const t = await createTenantWithKey(database);
    const caller = await callerFor(database, { apiKey: t.adminKey });
    await caller.metrics.recordBatch({
      points: [
        { name: "app.c", value: 1, kind: "counter" },
        { name: "app.a", value: 1, unit: "ms", tags: { x: "1" } },
        { name: "app.a", value: 1, unit: "ms", tags: { x: "2" } },
        { name: "app.b", value: 1 },
        { name: "db.x", value: 1 },
        { name: "a_b", value: 1 },
        { name: "axb", value: 1 },
      ],
    });
    const first = await caller.metrics.names({ prefix: " APP.", limit: 2 });
    expect(first.items.map((i) => i.name)).toEqual(["app.a", "app.b"]);
    expect(first.items[0]).toMatchObject({ kind: "gauge", unit: "ms", seriesCount: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.metrics.names({
      prefix: "app.",
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((i) => [i.name, i.kind])).toEqual([["app.c", "counter"]]);
    expect(second.nextCursor).toBeNull();
    // `_` in a prefix is a character, not a wildcard.
    expect((await caller.metrics.names({ prefix: "a_" })).items.map((i) => i.name)).toEqual([
      "a_b",
    ]);
    expect((await caller.metrics.names({})).items).toHaveLength(6);
  });
});

describe("metrics policy", () => {
  it("lets viewers and read keys query but not write; members and write keys write", async () => {
    const t = await createTenantWithKey(database);
    const viewer = await callerFor(database, {
      userId: await createMember(database, t.tenantId, "viewer"),
      tenantId: t.tenantId,
    });
    const member = await callerFor(database, {
      userId: await createMember(database, t.tenantId, "member"),
      tenantId: t.tenantId,
    });
    const readKey = await callerFor(database, {
      apiKey: await createKey(database, t.tenantId, ["metrics:read"]),
    });
    const writeKey = await callerFor(database, {
      apiKey: await createKey(database, t.tenantId, ["metrics:write"]),
    });
    expect((await errorOf(viewer.metrics.record({ name: "m", value: 1 }))).code).toBe("FORBIDDEN");
    expect(
      (await errorOf(readKey.metrics.recordBatch({ points: [{ name: "m", value: 1 }] }))).code,
    ).toBe("FORBIDDEN");
    await member.metrics.record({ name: "m", value: 1 });
    await writeKey.metrics.record({ name: "m", value: 2 });
    const q = {
      name: "m",
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 60_000),
      bucket: "hour" as const,
      aggregations: ["count" as const],
    };
    expect((await errorOf(writeKey.metrics.query(q))).code).toBe("FORBIDDEN");
    expect(
      (await viewer.metrics.query(q)).series[0]?.points.reduce((s, p) => s + (p.count ?? 0), 0),
    ).toBe(2);
    expect((await readKey.metrics.names({})).items.map((i) => i.name)).toEqual(["m"]);
  });
});
