// metrics.recordBatch over HTTP vs a raw multi-row insert of the same rows.
//
// API: the SDK (@frontdesk/client, what integrators use) → the real appRouter behind
// @trpc/server/adapters/standalone on a random port (startTestServer) → authentication, policy, rate limit, one RLS
// transaction (tenant, usage, definitions, series cap, partitions, ONE insert of the points, rollup
// markers, audit row). Raw: postgres.js `insert … values (…), (…)` of the same rows as the owner
// role, in one transaction (chunked under PostgreSQL's 65,535 bind parameters). A second baseline:
// COPY … FROM STDIN of the same rows (text format), PostgreSQL's fastest way in.
//
//   pnpm --filter @frontdesk/bench metrics:batch [--points 10000] [--rounds 7]
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import superjson from "superjson";
import { createFrontdeskClient } from "@frontdesk/client";
import { createTenantWithKey } from "@frontdesk/testing/api";
import { startTestServer } from "@frontdesk/testing/http-server";
import { seriesHash } from "@frontdesk/db";
import { arg, median, openBenchDatabase, progress } from "../_shared/db";

const POINTS = arg("--points", 10_000);
const ROUNDS = arg("--rounds", 7);
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

    // Warm up every path (connections, plans, the first batch creates definition and series).
    await api(0);
    await raw(0);
    await copy(0);
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    const copyMs: number[] = [];
    const runs = [
      (r: number) => api(r).then((ms) => apiMs.push(ms)),
      (r: number) => raw(r).then((ms) => rawMs.push(ms)),
      (r: number) => copy(r).then((ms) => copyMs.push(ms)),
    ];
    for (let r = 1; r <= ROUNDS; r++) {
      // Rotate which goes first so load from elsewhere hits all alike.
      for (let k = 0; k < runs.length; k++) await runs[(r + k) % runs.length]?.(r);
      progress(
        `round ${r}: api ${apiMs.at(-1)?.toFixed(0)} ms, raw ${rawMs.at(-1)?.toFixed(0)} ms, copy ${copyMs.at(-1)?.toFixed(0)} ms`,
      );
    }
    const apiRate = POINTS / (median(apiMs) / 1000);
    const rawRate = POINTS / (median(rawMs) / 1000);
    const copyRate = POINTS / (median(copyMs) / 1000);
    console.log(`\nmetrics.recordBatch, ${POINTS} points, median of ${ROUNDS} rounds`);
    console.log(
      `  SDK over HTTP (@frontdesk/client):        ${median(apiMs).toFixed(1)} ms  ${Math.round(apiRate).toLocaleString("en-US")} points/s`,
    );
    console.log(
      `  raw postgres.js multi-row insert:         ${median(rawMs).toFixed(1)} ms  ${Math.round(rawRate).toLocaleString("en-US")} points/s`,
    );
    console.log(
      `  COPY … FROM STDIN (second baseline):       ${median(copyMs).toFixed(1)} ms  ${Math.round(copyRate).toLocaleString("en-US")} points/s`,
    );
    const perRound = apiMs.map((a, i) => (rawMs[i] ?? Number.NaN) / a);
    console.log(
      `  ratio api/raw: ${(apiRate / rawRate).toFixed(2)}x median; per round ${perRound.map((x) => x.toFixed(2)).join(" ")} (lowest ${Math.min(...perRound).toFixed(2)}x; target >= 0.6x in every run)`,
    );
    console.log(`  ratio api/COPY: ${(apiRate / copyRate).toFixed(2)}x`);
  } finally {
    await server.close();
    await bench.close();
  }
}

await main();
