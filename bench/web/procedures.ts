// The dashboard's server prefetches one by one, in process, as its server render calls them (one
// session context, counted once against the rate limit), on the seeded demo with its metric rollups
// computed: p50 per procedure, and on PGlite the time of every SQL statement they sent (summed per
// round of all the calls), which says what a console page's database share is made of.
//
//   pnpm --filter @frontdesk/bench web:procedures [postgres-url]   (default: PGlite in a temp folder)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { createCaller, createContext, rollupMetricsHourly, seedPhiDemo } from "@frontdesk/api";
import { createDb, queryRows, runMigrations, seedDemo } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import {
  dashboardInputs,
  dashboardRanges,
  headlineScoreName,
} from "../../apps/web/src/app/(console)/t/[tenantId]/dashboard-inputs";

const ROUNDS = 30;
const url = process.argv[2];
const database = url
  ? await createDb({ url, max: 4 })
  : await createDb({ dataDir: mkdtempSync(`${tmpdir()}/fd-bench-procedures-`) });
await runMigrations(database);
await seedDemo(database);
await seedPhiDemo(database);
await rollupMetricsHourly(database.db);

// PGlite: every statement goes through execProtocolStream (Parse/Bind/Execute/Sync, or a simple
// Query); each call's time is charged to the statement text of the last Parse or Query message.
const statements = new Map<string, { n: number; ms: number }>();
let tracing = false;
if (database.pglite) {
  const proto = Object.getPrototypeOf(database.pglite) as Record<string, unknown>;
  const original = proto.execProtocolStream as (...a: unknown[]) => Promise<unknown>;
  let current = "?";
  proto.execProtocolStream = async function (this: unknown, ...args: unknown[]) {
    const message = args[0] as Uint8Array;
    const kind = message[0];
    if (kind === 0x50 || kind === 0x51) {
      const body = new TextDecoder().decode(message.subarray(5)).split("\0");
      current = (kind === 0x50 ? body[1] : body[0])?.replace(/\s+/g, " ").slice(0, 110) ?? "?";
    }
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      if (tracing) {
        const entry = statements.get(current) ?? { n: 0, ms: 0 };
        if (kind === 0x50 || kind === 0x51) entry.n += 1;
        entry.ms += performance.now() - started;
        statements.set(current, entry);
      }
    }
  };
}

const [owner] = await queryRows<{ id: string }>(
  database.db,
  sql`select id from users where email = 'owner@sunrise-clinic.example'`,
);
if (!owner) throw new Error("no demo owner");
const [tenant] = await queryRows<{ tenant_id: string; time_zone: string }>(
  database.db,
  sql`select u.tenant_id, t.time_zone from frontdesk_user_tenants(${owner.id}::uuid) u join tenants t on t.id = u.tenant_id`,
);
if (!tenant) throw new Error("no demo tenant");
const api = createCaller(
  await createContext({
    database,
    headers: new Headers({ "x-frontdesk-tenant": tenant.tenant_id }),
    session: { userId: owner.id },
    rateLimits: { perApiKey: 1e9, perUser: 1e9 },
    countCallsOnce: true,
  }),
);
const inputs = dashboardInputs(dashboardRanges(new Date(), tenant.time_zone, "30d"));
const headline = headlineScoreName(await api.scores.configs.list());
const names = await api.metrics.names(inputs.metricNames);
const calls: (readonly [string, () => Promise<unknown>])[] = [
  ["scores.configs.list", () => api.scores.configs.list()],
  ...(headline
    ? [["scores.summary", () => api.scores.summary(inputs.scoreTrend(headline))] as const]
    : []),
  ["metrics.names", () => api.metrics.names(inputs.metricNames)],
  ...names.items.map(
    (m) =>
      [`metrics.query ${m.kind}`, () => api.metrics.query(inputs.metric(m.name, m.kind))] as const,
  ),
  ["bookings.list today", () => api.bookings.list(inputs.today)],
  ["bookings.list upcoming", () => api.bookings.list(inputs.upcoming)],
  ["bookings.resources.list", () => api.bookings.resources.list(inputs.resources)],
  ["orders.list revenue", () => api.orders.list(inputs.revenue)],
  ["phiEvents.stats", () => api.phiEvents.stats(inputs.phiStats)],
];

console.log(`${database.backend}, ${ROUNDS} calls each after 5 warm-up`);
let sum = 0;
for (const [name, call] of calls) {
  for (let i = 0; i < 5; i++) await call();
  const times: number[] = [];
  tracing = true;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  tracing = false;
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(ROUNDS / 2)] ?? Number.NaN;
  sum += p50;
  console.log(`${name.padEnd(28)} p50 ${p50.toFixed(2).padStart(6)} ms`);
}
console.log(`${"all of them".padEnd(28)}     ${sum.toFixed(2).padStart(6)} ms`);
if (statements.size > 0) {
  console.log("\nms per round of all calls, statements per round, statement");
  for (const [text, s] of [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
    console.log(
      `${(s.ms / ROUNDS).toFixed(2).padStart(6)} ${String(s.n / ROUNDS).padStart(4)}x  ${text}`,
    );
}
await database.close();
