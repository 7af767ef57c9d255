// metrics.query, 30 days in hourly buckets over N raw points (default 10,000,000): answered from the
// hourly rollups vs from the raw rows, on the same data in the same run.
//
// The points are generated in PostgreSQL (`insert … select … from generate_series`), spread evenly
// over the 30 days before the current hour across 20 series. Raw timing: every hour is marked dirty
// (as writes through the service leave them), so the query reads raw rows. Then the rollup job runs
// (timed too) and the same query reads rollups. Both answers are compared.
//
// Both shapes are hourly buckets over all series (no filter, no group-by): with percentiles that is
// the fast path of query.ts, one precomputed row of `metric_rollups_hourly_all` per hour; without,
// the per-series rollups summed per bucket.
//
//   pnpm --filter @frontdesk/bench metrics:query [--points 10000000] [--runs 5]
import { createCaller, createContext, markRangeDirty, rollupMetricsHourly } from "@frontdesk/api";
import { createTenantWithKey } from "@frontdesk/testing/api";
import { seriesHash } from "@frontdesk/db";
import { arg, median, openBenchDatabase, progress } from "../_shared/db";

const POINTS = arg("--points", 10_000_000);
const RUNS = arg("--runs", 3);
const SERIES = 20;
const DAYS = 30;
const NAME = "bench.query.latency";

async function main() {
  const bench = await openBenchDatabase();
  const { database } = bench;
  const db = database.db;
  const pg = database.sql;
  if (!pg) throw new Error("the query benchmark needs PostgreSQL");
  try {
    progress(`PostgreSQL: ${bench.location}`);
    const tenant = await createTenantWithKey(database, { plan: "enterprise" });
    const [clock] = await pg<
      { hour: string }[]
    >`select to_char(date_trunc('hour', now(), 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00:00Z"') as hour`;
    const to = new Date(clock?.hour ?? Date.now());
    const from = new Date(to.getTime() - DAYS * 86_400_000);

    const series = Array.from({ length: SERIES }, (_, i) => {
      const tags = { host: `h${i}`, region: ["east", "west", "north", "south"][i % 4] ?? "east" };
      return { i, tags, hash: seriesHash(tags) };
    });
    const started = performance.now();
    const t = tenant.tenantId;
    const seriesJson = JSON.stringify(series);
    await pg`select frontdesk_ensure_metric_partitions(m::date, 1)
             from generate_series(date_trunc('month', ${from.toISOString()}::timestamptz, 'UTC'), ${to.toISOString()}::timestamptz, interval '1 month') m`;
    await pg`insert into metric_definitions (tenant_id, name, kind, unit, series_count) values (${t}::uuid, ${NAME}, 'histogram', 'ms', ${SERIES})`;
    await pg`insert into metric_series (tenant_id, name, series_hash, tags)
             select ${t}::uuid, ${NAME}, s.hash, s.tags from json_to_recordset(${seriesJson}::json) as s(i int, tags jsonb, hash text)`;
    // Evenly spaced in time (append order, as live data arrives); series round-robin.
    await pg`insert into analytics_metrics (tenant_id, name, kind, unit, value, tags, series_hash, recorded_at)
             select ${t}::uuid, ${NAME}, 'histogram', 'ms', round((random() * 1000)::numeric, 2)::float8, s.tags, s.hash,
                    ${from.toISOString()}::timestamptz + (g::float8 / ${POINTS}::float8) * make_interval(days => ${DAYS}::int)
             from generate_series(0, ${POINTS - 1}::int) g
             join json_to_recordset(${seriesJson}::json) as s(i int, tags jsonb, hash text) on s.i = g % ${SERIES}::int`;
    await pg`analyze analytics_metrics`;
    const generatedMs = performance.now() - started;
    progress(
      `generated ${POINTS.toLocaleString("en-US")} points in ${(generatedMs / 1000).toFixed(1)} s`,
    );
    const marked = await markRangeDirty(db, tenant.tenantId, { from, to, name: NAME });

    const caller = createCaller(
      await createContext({
        database,
        headers: new Headers({ authorization: `Bearer ${tenant.adminKey}` }),
        rateLimits: { perApiKey: 1e9, perUser: 1e9 },
      }),
    );
    const shapes = [
      {
        label: "count/sum/avg/min/max",
        aggregations: ["count", "sum", "avg", "min", "max"] as const,
      },
      { label: "count/avg/p50/p99", aggregations: ["count", "avg", "p50", "p99"] as const },
    ];
    const run = async (
      aggregations: readonly ("count" | "sum" | "avg" | "min" | "max" | "p50" | "p99")[],
    ) => {
      const times: number[] = [];
      let answer: Awaited<ReturnType<typeof caller.metrics.query>> | undefined;
      for (let r = 0; r < RUNS; r++) {
        const start = performance.now();
        answer = await caller.metrics.query({
          name: NAME,
          from,
          to,
          bucket: "hour",
          aggregations: [...aggregations],
        });
        times.push(performance.now() - start);
      }
      return { ms: median(times), answer };
    };

    const raw = [];
    for (const shape of shapes) {
      raw.push(await run(shape.aggregations));
      progress(`raw ${shape.label}: ${raw.at(-1)?.ms.toFixed(0)} ms`);
    }
    const rollStarted = performance.now();
    const rolled = await rollupMetricsHourly(db, {
      tenantId: tenant.tenantId,
      wait: true,
      budgetMs: 3_600_000,
    });
    const rollupMs = performance.now() - rollStarted;
    progress(
      `rollup job: ${rolled.hours} hours (${marked} marked), ${rolled.rows} rows in ${(rollupMs / 1000).toFixed(1)} s`,
    );

    console.log(
      `\nmetrics.query, ${DAYS} days by hour, ${POINTS.toLocaleString("en-US")} points in ${SERIES} series, median of ${RUNS} runs`,
    );
    console.log(
      `  data generation: ${(generatedMs / 1000).toFixed(1)} s; rollup of all hours: ${(rollupMs / 1000).toFixed(1)} s`,
    );
    for (const [i, shape] of shapes.entries()) {
      const fromRollups = await run(shape.aggregations);
      const before = raw[i];
      if (!before) continue;
      const same = compare(before.answer, fromRollups.answer);
      console.log(
        `  ${shape.label.padEnd(22)} raw ${before.ms.toFixed(1).padStart(8)} ms   rollups ${fromRollups.ms.toFixed(1).padStart(7)} ms   ${(before.ms / fromRollups.ms).toFixed(1)}x faster (target >= 20x)   answers: ${same}`,
      );
    }
  } finally {
    await bench.close();
  }
}

type Answer = Awaited<ReturnType<ReturnType<typeof createCaller>["metrics"]["query"]>> | undefined;

/** Counts, min, max and percentiles must be equal; sums may differ in the last bits (summation order). */
function compare(a: Answer, b: Answer): string {
  const pa = a?.series[0]?.points ?? [];
  const pb = b?.series[0]?.points ?? [];
  if (pa.length !== pb.length || pa.length === 0)
    return `DIFFERENT (${pa.length} vs ${pb.length} buckets)`;
  let maxRel = 0;
  for (const [i, x] of pa.entries()) {
    const y = pb[i];
    if (!y || x.bucket.getTime() !== y.bucket.getTime()) return "DIFFERENT buckets";
    for (const key of ["count", "min", "max", "p50", "p99"] as const)
      if (x[key] !== y[key]) return `DIFFERENT ${key}`;
    for (const key of ["sum", "avg"] as const) {
      const u = x[key];
      const v = y[key];
      if (u !== undefined && v !== undefined)
        maxRel = Math.max(maxRel, Math.abs(u - v) / Math.max(1, Math.abs(u)));
    }
  }
  return `identical (sum/avg within ${maxRel.toExponential(1)} relative)`;
}

await main();
