// metrics.recordBatch over HTTP vs a raw multi-row insert of the same rows.
//
// API: the SDK (@frontdesk/client, what integrators use) → the real appRouter behind
// @trpc/server/adapters/standalone on a random port (startTestServer) → authentication, policy, rate limit, one RLS
// transaction (tenant, usage, definitions, series cap, partitions, ONE insert of the points, rollup
// markers, audit row). Raw: postgres.js `insert … values (…), (…)` of the same rows as the owner
// role, in one transaction (chunked under PostgreSQL's 65,535 bind parameters). A second baseline:
// COPY … FROM STDIN of the same rows (text format), PostgreSQL's fastest way in.
//
// Rounds are interleaved (each runs all three back to back, rotating the order) after untimed
// warm-up rounds; it prints each path's min and median, and the API's ratio to each baseline as
// best-of-rounds, median round and worst round, plus the node CPU one API batch costs.
//
//   pnpm --filter @frontdesk/bench metrics:batch [--points 10000] [--rounds 9] [--warmup 3]
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import superjson from "superjson";
import { createFrontdeskClient } from "@frontdesk/client";
import { createTenantWithKey } from "@frontdesk/testing/api";
import { startTestServer } from "@frontdesk/testing/http-server";
import { seriesHash } from "@frontdesk/db";
import { arg, median, openBenchDatabase, progress } from "../_shared/db";

const POINTS = arg("--points", 10_000);
const ROUNDS = arg("--rounds", 9);
const WARMUP = arg("--warmup", 3);
const COLUMNS = [
  "tenant_id",
  "name",
  "kind",
  "unit",
  "value",
  "tags",
  "series_hash",
  "recorded_at",
] as const;

function makePoints(round: number) {
  const base = Date.now() - 30 * 60_000;
  return Array.from({ length: POINTS }, (_, i) => ({
    name: "bench.http.latency",
    value: Math.round(Math.random() * 100_000) / 100,
    unit: "ms",
    tags: {
      host: `h${i % 10}`,
      region: ["east", "west", "north"][i % 3] ?? "east",
      route: `/r${i % 7}`,
    },
    at: new Date(base + ((i + round * POINTS) % 1_800_000)),
  }));
}

async function main() {
  const bench = await openBenchDatabase();
  const { database } = bench;
  const sql = database.sql;
  if (!sql) throw new Error("the batch benchmark needs PostgreSQL");
  // The real appRouter with the web app's limits; the rate limiter is set out of reach.
  const server = await startTestServer(database, { rateLimits: { perApiKey: 1e9, perUser: 1e9 } });
  try {
    const tenant = await createTenantWithKey(database, { plan: "enterprise" });
    const client = createFrontdeskClient({ url: server.url, apiKey: tenant.adminKey });
    const body = JSON.stringify({ 0: superjson.serialize({ points: makePoints(0) }) });
    progress(`PostgreSQL: ${bench.location}`);
    progress(
      `${POINTS} points per batch, request body ${(Buffer.byteLength(body) / 1_048_576).toFixed(2)} MiB`,
    );

    const api = async (round: number) => {
      const points = makePoints(round);
      const start = performance.now();
      const result = await client.metrics.recordBatch.mutate({ points });
      const ms = performance.now() - start;
      if (result.accepted !== POINTS) throw new Error(`accepted ${result.accepted}`);
      return ms;
    };
    const raw = async (round: number) => {
      const rows = makePoints(round).map((p) => ({
        tenant_id: tenant.tenantId,
        name: p.name,
        kind: "gauge",
        unit: p.unit,
        value: p.value,
        tags: JSON.stringify(p.tags),
        series_hash: seriesHash(p.tags),
        recorded_at: p.at.toISOString(),
      }));
      const perStatement = Math.floor(65_000 / COLUMNS.length);
      const start = performance.now();
      await sql.begin(async (tx) => {
        for (let i = 0; i < rows.length; i += perStatement) {
          await tx`insert into analytics_metrics ${tx(rows.slice(i, i + perStatement), ...COLUMNS)}`;
        }
      });
      return performance.now() - start;
    };

    // COPY's text format: tab-separated, \N for NULL; our values hold no tab, newline or backslash.
    const copy = async (round: number) => {
      const lines = makePoints(round).map(
        (p) =>
          `${tenant.tenantId}\t${p.name}\tgauge\t${p.unit}\t${p.value}\t${JSON.stringify(p.tags)}\t${seriesHash(p.tags)}\t${p.at.toISOString()}\n`,
      );
      const start = performance.now();
      await sql.begin(async (tx) => {
        const writable =
          await tx`copy analytics_metrics (${tx(COLUMNS as unknown as string[])}) from stdin`.writable();
        await pipeline(Readable.from([lines.join("")]), writable);
      });
      return performance.now() - start;
    };

    // Warm up every path (connections, plans, the first batch creates definition and series, and
    // enough rounds that the JIT has compiled the API's hot loops: a single warm-up left round 1
    // paying for it, the "worst round" of most runs).
    for (let r = 0; r < WARMUP; r++) {
      await api(0);
      await raw(0);
      await copy(0);
    }
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    const copyMs: number[] = [];
    const apiCpuMs: number[] = [];
    const runs = [
      async (r: number) => {
        const cpu = process.cpuUsage();
        apiMs.push(await api(r));
        const used = process.cpuUsage(cpu);
        apiCpuMs.push((used.user + used.system) / 1000);
      },
      (r: number) => raw(r).then((ms) => rawMs.push(ms)),
      (r: number) => copy(r).then((ms) => copyMs.push(ms)),
    ];
    for (let r = 1; r <= ROUNDS; r++) {
      // Interleaved: every round runs all three back to back, rotating which goes first, so load
      // from elsewhere and the GIN index's pending-list flushes fall on all of them alike.
      for (let k = 0; k < runs.length; k++) await runs[(r + k) % runs.length]?.(r);
      progress(
        `round ${r}: api ${apiMs.at(-1)?.toFixed(0)} ms (${apiCpuMs.at(-1)?.toFixed(0)} ms node CPU), raw ${rawMs.at(-1)?.toFixed(0)} ms, copy ${copyMs.at(-1)?.toFixed(0)} ms`,
      );
    }
    const rate = (ms: number) => Math.round(POINTS / (ms / 1000)).toLocaleString("en-US");
    const row = (label: string, ms: number[]) =>
      console.log(
        `  ${label.padEnd(40)} min ${Math.min(...ms)
          .toFixed(1)
          .padStart(
            6,
          )} ms  median ${median(ms).toFixed(1).padStart(6)} ms  ${rate(median(ms))} points/s`,
      );
    console.log(
      `\nmetrics.recordBatch, ${POINTS} points, ${ROUNDS} interleaved rounds after ${WARMUP} warm-up`,
    );
    row("SDK over HTTP (@frontdesk/client)", apiMs);
    row("raw postgres.js multi-row insert", rawMs);
    row("COPY … FROM STDIN (second baseline)", copyMs);
    console.log(
      `  node CPU per API batch (SDK + server, one process): median ${median(apiCpuMs).toFixed(0)} ms`,
    );
    // A ratio is baseline time / API time (1.0: as fast as the baseline). Per round, each pair ran
    // back to back; "worst round" is the lowest of those.
    const ratios = (base: number[]) => {
      const perRound = apiMs.map((a, i) => (base[i] ?? Number.NaN) / a);
      const worst = Math.min(...perRound);
      return {
        min: Math.min(...base) / Math.min(...apiMs),
        median: median(perRound),
        worst,
        worstRound: perRound.indexOf(worst) + 1,
        perRound,
      };
    };
    const vsRaw = ratios(rawMs);
    const vsCopy = ratios(copyMs);
    const fmt = (x: number) => `${x.toFixed(2)}x`;
    console.log(
      `  api/raw:  ${fmt(vsRaw.min)} best-of-rounds, ${fmt(vsRaw.median)} median round, ${fmt(vsRaw.worst)} worst round (round ${vsRaw.worstRound}); target >= 0.6x in every round`,
    );
    console.log(`    per round: ${vsRaw.perRound.map((x) => x.toFixed(2)).join(" ")}`);
    console.log(
      `  api/COPY: ${fmt(vsCopy.min)} best-of-rounds, ${fmt(vsCopy.median)} median round, ${fmt(vsCopy.worst)} worst round (round ${vsCopy.worstRound})`,
    );
  } finally {
    await server.close();
    await bench.close();
  }
}

await main();
