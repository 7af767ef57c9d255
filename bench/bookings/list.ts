// bookings.list (50 rows) over HTTP through the SDK and the real appRouter vs the same query with raw
// postgres.js, interleaved round by round so background load hits both alike. The headline ratio is
// SDK over HTTP / the raw statement. The "floor" row serves the raw statement's rows as JSON from a
// bare node:http server (no framework, auth, RLS or rate limit): what any JSON-over-HTTP endpoint
// costs on this machine. The other rows say where the rest of the difference goes.
//   pnpm --filter @frontdesk/bench exec tsx bookings/list.ts [--iterations 1000] [--warmup 100]
import { createCaller, createContext } from "@frontdesk/api";
import {
  bookSlots,
  createAllDayResource,
  fmt,
  log,
  startBench,
  listStatement,
  startFloorServer,
  summary,
} from "./harness";

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ITERATIONS = arg("--iterations", 1000);
const WARMUP = arg("--warmup", 100);
const ROWS = 60;

const bench = await startBench();
try {
  const resourceId = await createAllDayResource(bench, "list bench");
  log(`booking ${ROWS} slots through the API`);
  await bookSlots(bench, resourceId, ROWS);

  const { sql, tenantId } = bench;
  const http = async () => {
    const page = await bench.sdk.bookings.list.query({ resourceId, limit: 50 });
    if (page.items.length !== 50) throw new Error(`expected 50 rows, got ${page.items.length}`);
  };
  // The same call through a plain tRPC client: httpBatchLink waits a setTimeout(0) (>= 1 ms in Node)
  // before sending even a lone call, and superjson reads the response.
  const httpBatchLink = async () => {
    const page = await bench.client.bookings.list.query({ resourceId, limit: 50 });
    if (page.items.length !== 50) throw new Error(`expected 50 rows, got ${page.items.length}`);
  };
  // The query the service runs, as one plain statement (no RLS transaction, no HTTP, no auth).
  const rawRows = () => listStatement(sql, tenantId, resourceId);
  const raw = async () => {
    const rows = await rawRows();
    if (rows.length !== 51) throw new Error(`expected 51 rows, got ${rows.length}`);
  };
  // The floor of any JSON API over HTTP: the raw statement's rows as JSON from a bare node:http
  // server, read with fetch.
  const bare = await startFloorServer(rawRows);
  const bareUrl = bare.url;
  const floor = async () => {
    const page = (await (await fetch(bareUrl)).json()) as { items: unknown[] };
    if (page.items.length !== 50) throw new Error(`expected 50 rows, got ${page.items.length}`);
  };

  // The same statement inside the transaction RLS needs at minimum, as withTenant opens it (tenant,
  // user and role set locally in one statement): BEGIN, set_config, the SELECT, COMMIT.
  const rawRls = async () => {
    await sql.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', '', true), set_config('role', 'frontdesk_app', true)`;
      const rows = await tx`
        select id, resource_id, slot_id, starts_at, ends_at, status, attendee_name, attendee_email, notes,
               hold_expires_at, rescheduled_from_id, rescheduled_to_id, cancel_reason, created_at, updated_at,
               to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_key
        from bookings
        where resource_id = ${resourceId}
        order by starts_at desc, id desc
        limit 51`;
      if (rows.length !== 51) throw new Error(`expected 51 rows, got ${rows.length}`);
    });
  };

  // Where the HTTP time goes, measured in the same rounds.
  const headers = new Headers({ authorization: `Bearer ${bench.apiKey}` });
  const inProcess = async () => {
    const caller = createCaller(
      await createContext({
        database: bench.database,
        headers,
        rateLimits: { perApiKey: 1e9, perUser: 1e9 },
      }),
    );
    const page = await caller.bookings.list({ resourceId, limit: 50 });
    if (page.items.length !== 50) throw new Error(`expected 50 rows, got ${page.items.length}`);
  };
  const ping = async () => {
    await bench.sdk.ping.query();
  };
  // The statement consumeRateLimit runs before every tenant procedure (its own autocommit write).
  const rateLimit = async () => {
    await sql`insert into rate_limit_buckets (key, window_start, count, expires_at)
              values ('bench:probe', date_trunc('minute', now()), 1, now() + interval '2 minutes')
              on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
              returning count`;
  };

  const runners = { http, raw, rawRls, floor, httpBatchLink, inProcess, ping, rateLimit } as const;
  type Name = keyof typeof runners;
  const names = Object.keys(runners) as Name[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<
    Name,
    number[]
  >;
  log(`warming up (${WARMUP} rounds)`);
  for (let i = 0; i < WARMUP; i++) for (const run of Object.values(runners)) await run();
  log(`measuring (${ITERATIONS} rounds, each runs every variant once, order rotating)`);
  for (let i = 0; i < ITERATIONS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      if (!name) continue;
      const started = performance.now();
      await runners[name]();
      samples[name].push(performance.now() - started);
    }
    if ((i + 1) % 250 === 0) log(`  ${i + 1}/${ITERATIONS}`);
  }

  const s = Object.fromEntries(names.map((n) => [n, summary(samples[n])])) as Record<
    Name,
    ReturnType<typeof summary>
  >;
  const row = (label: string, n: Name) =>
    console.log(
      `  ${label.padEnd(58)} p50 ${fmt(s[n].p50).padStart(10)}  p99 ${fmt(s[n].p99).padStart(10)}`,
    );
  console.log(`bookings.list, 50 rows, ${ITERATIONS} sequential calls per variant (interleaved)`);
  row("SDK over HTTP (@frontdesk/client)", "http");
  row("raw postgres.js, the same SELECT as one statement", "raw");
  row("raw postgres.js, the same SELECT in the RLS transaction", "rawRls");
  console.log(
    `  ratio HTTP / raw statement   p50 ${(s.http.p50 / s.raw.p50).toFixed(2)}x  p99 ${(s.http.p99 / s.raw.p99).toFixed(2)}x  (target <= 2x at p50)`,
  );
  console.log(
    `  ratio HTTP / raw RLS tx      p50 ${(s.http.p50 / s.rawRls.p50).toFixed(2)}x  p99 ${(s.http.p99 / s.rawRls.p99).toFixed(2)}x`,
  );
  row("floor: the raw statement's rows as JSON over bare node:http + fetch", "floor");
  console.log(
    `  ratio floor / raw statement  p50 ${(s.floor.p50 / s.raw.p50).toFixed(2)}x  (what HTTP + JSON alone cost)`,
  );
  console.log(
    `  ratio HTTP / floor           p50 ${(s.http.p50 / s.floor.p50).toFixed(2)}x  (what the API adds over a bare JSON endpoint; target <= 2.5x)`,
  );
  console.log("  breakdown:");
  row("plain tRPC client over HTTP (httpBatchLink, superjson)", "httpBatchLink");
  row("in-process caller (auth, rate limit, RLS tx, no HTTP)", "inProcess");
  row("SDK over HTTP: `ping` (no database)", "ping");
  row("rate-limit upsert alone (one autocommit write)", "rateLimit");
  bare.close();
} finally {
  await bench.close();
}
