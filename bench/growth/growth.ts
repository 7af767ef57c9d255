// Growth: does a tenant's cost stay flat as its history grows? One tenant is filled (with a second,
// twice as large tenant beside it, so RLS and indexes work with other tenants' rows present) to each
// size in turn — bookings, orders, scores, audit rows and PHI events, plus `--metrics-factor` metric
// points per row (the second tenant: as many points as the first), rolled up hourly — with generate_series in SQL, not through the API. At each size every
// list/summary/stats/query procedure and bookings.slots is called in-process through the real
// tenantProcedure path (API key, rate limit, RLS transaction; no HTTP, whose noise is not the
// question here), and p50/p99 are printed with the ratio to the first size. At the largest size each
// statement those procedures sent is EXPLAINed (ANALYZE) as the app role, and a sequential scan of a
// tenant table is flagged.
//   pnpm --filter @frontdesk/bench growth [--sizes 10000,100000] [--samples 30] [--metrics-factor 10]
// (1,000,000 rows per table is `--sizes 10000,100000,1000000`: minutes of filling on 2 cores.)
// Metric points alone, at sizes the other tables need not reach (the other tenant holds as many
// points as the first, not twice: at 100M the fill and the rollup job are what take the time):
//   pnpm --filter @frontdesk/bench growth --metrics-only --sizes 100000,1000000,10000000 --samples 10
import { createCaller, createContext, markRangeDirty, rollupMetricsHourly } from "@frontdesk/api";
import { createTenantWithKey } from "@frontdesk/testing/api";
import { createDb } from "@frontdesk/db";
import { arg, openBenchDatabase, progress } from "../_shared/db";
import { summary } from "../bookings/harness";
import { directPhiStats, directScoreSummary } from "./direct";

const sizesArg = process.argv.indexOf("--sizes");
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Per-tenant configuration tables that stay a handful of rows whatever the history: a scan is fine. */
const SMALL_TABLES = new Set([
  "tenants",
  "resources",
  "availability_rules",
  "metric_definitions",
  "metric_series",
  "score_configs",
  "phi_policies",
  "memberships",
  "api_keys",
]);

const SIZES = (sizesArg >= 0 ? (process.argv[sizesArg + 1] ?? "") : "10000,100000")
  .split(",")
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
if (SIZES.length === 0) throw new Error("--sizes takes a comma-separated list of row counts");
const SAMPLES = arg("--samples", 30);
const METRICS_FACTOR = arg("--metrics-factor", 10);
/** --sizes count metric points, and only metrics are filled and queried. */
const METRICS_ONLY = process.argv.includes("--metrics-only");
const DAY = 86_400_000;
/** Metric points per INSERT … SELECT generate_series statement. */
const METRIC_CHUNK = 2_000_000;

const bench = await openBenchDatabase({ pool: 4 });
/** The instant metric points are spread back from (30 days). */
const anchor = new Date().toISOString();
if (!bench.database.sql || !bench.database.url)
  throw new Error("the growth bench needs PostgreSQL");
const sql = bench.database.sql;
const url = bench.database.url;
// The API's own pool, with every statement it sends visible for EXPLAIN.
let capture: { query: string; parameters: readonly unknown[] }[] | null = null;
const apiDatabase = await createDb({
  url,
  max: 4,
  onQuery: (query, parameters) => capture?.push({ query, parameters }),
});

try {
  progress(`PostgreSQL: ${bench.location}`);
  const a = await createTenantWithKey(bench.database, { plan: "enterprise" });
  const b = await createTenantWithKey(bench.database, { plan: "enterprise" });
  // The partitions the last 60 days of metric points fall in.
  await sql`select frontdesk_ensure_metric_partitions((current_date - 62)::date, 4)`;

  async function resourceOf(tenantId: string): Promise<string> {
    const [r] = await sql<{ id: string }[]>`
      insert into resources (tenant_id, name, time_zone, slot_minutes) values (${tenantId}, 'Growth', 'UTC', 30) returning id`;
    if (!r) throw new Error("no resource");
    await sql`insert into availability_rules (tenant_id, resource_id, weekday, start_time, end_time)
              select ${tenantId}, ${r.id}, d, '08:00', '18:00' from generate_series(0, 6) d`;
    return r.id;
  }
  const resources = new Map([
    [a.tenantId, await resourceOf(a.tenantId)],
    [b.tenantId, await resourceOf(b.tenantId)],
  ]);
  const filled = new Map<string, number>([
    [a.tenantId, 0],
    [b.tenantId, 0],
  ]);

  /**
   * Metric points from+1..to of one tenant's series, spread evenly over the last 30 days (so the
   * density grows with the size), generated in PostgreSQL in statements of METRIC_CHUNK points; then
   * their hours are marked and rolled up as the worker's hourly job would (the current hour stays
   * raw), so metrics.query answers as in production: rollups for closed hours, raw points for the rest.
   */
  async function fillMetrics(tenantId: string, from: number, to: number): Promise<void> {
    if (to <= from) return;
    const t0 = performance.now();
    await sql`insert into metric_definitions (tenant_id, name, kind, unit, last_seen_at) values (${tenantId}, 'growth.latency', 'gauge', 'ms', now())
              on conflict (tenant_id, name) do nothing`;
    await sql`insert into metric_series (tenant_id, name, series_hash, tags, last_seen_at)
              values (${tenantId}, 'growth.latency', md5('[["host","h1"]]'), '{"host":"h1"}', now()) on conflict do nothing`;
    // Point i of `to` lies i/to × 30 days before the anchor: a later fill's points cover the older
    // part of the window, and every point lies in the 30 days the queries read.
    for (let start = from; start < to; start += METRIC_CHUNK) {
      const end = Math.min(to, start + METRIC_CHUNK);
      await sql`insert into analytics_metrics (tenant_id, name, kind, unit, value, tags, series_hash, recorded_at)
                select ${tenantId}, 'growth.latency', 'gauge', 'ms', (i % 1000)::float8 / 10, '{"host":"h1"}', md5('[["host","h1"]]'),
                       ${anchor}::timestamptz - (i::float8 * 2592000 / ${to}::float8) * interval '1 second'
                from generate_series(${start + 1}::bigint, ${end}::bigint) i`;
      if (to - from > METRIC_CHUNK)
        progress(
          `    metric points: ${end.toLocaleString("en-US")} of ${to.toLocaleString("en-US")}`,
        );
    }
    const t1 = performance.now();
    await markRangeDirty(bench.database.db, tenantId, {
      from: new Date(Date.parse(anchor) - 31 * DAY),
      to: new Date(Date.parse(anchor) + DAY),
    });
    const rolled = await rollupMetricsHourly(bench.database.db, {
      tenantId,
      wait: true,
      budgetMs: 24 * 3_600_000,
    });
    progress(
      `    ${(to - from).toLocaleString("en-US")} metric points in ${((t1 - t0) / 1000).toFixed(1)} s; ${rolled.hours} hours rolled up in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
  }

  /** Rows from+1..to of every table for one tenant; row i is i × 30 s (bookings: i × 30 min) old. */
  async function fill(tenantId: string, to: number, metricPoints: number): Promise<void> {
    const from = filled.get(tenantId) ?? 0;
    if (to <= from) return;
    if (METRICS_ONLY) {
      await fillMetrics(tenantId, from, to);
      filled.set(tenantId, to);
      return;
    }
    const resourceId = resources.get(tenantId) ?? "";
    const t0 = performance.now();
    await sql.begin(async (tx) => {
      await tx`insert into bookings (tenant_id, resource_id, slot_id, starts_at, ends_at, status, attendee_name, attendee_email, confirmed_at, created_at)
               select ${tenantId}, ${resourceId}, ${resourceId} || '@' || i, s, s + interval '30 minutes',
                      case when i % 10 = 0 then 'cancelled' else 'confirmed' end, 'Attendee ' || i, 'a' || i || '@example.com', s, s
               from generate_series(${from + 1}::int, ${to}::int) i, lateral (select date_trunc('hour', ${anchor}::timestamptz) - i * interval '30 minutes' as s) x`;
      await tx`insert into orders (tenant_id, status, currency, items, total_amount, idempotency_key, paid_at, created_at)
               select ${tenantId}, case when i % 7 = 0 then 'refunded' else 'paid' end, case when i % 5 = 0 then 'EUR' else 'USD' end,
                      '[{"sku":"x","quantity":1,"unitAmount":1000}]', 1000, 'growth-' || i, now() - i * interval '30 seconds', now() - i * interval '30 seconds'
               from generate_series(${from + 1}::int, ${to}::int) i`;
      await tx`insert into conversation_scores (tenant_id, session_id, name, kind, numeric_value, source, created_at, updated_at)
               select ${tenantId}, 'session-' || (i / 4), case when i % 3 = 0 then 'helpfulness' else 'quality' end, 'numeric', (i % 100) / 100.0, 'api',
                      now() - i * interval '30 seconds', now() - i * interval '30 seconds'
               from generate_series(${from + 1}::int, ${to}::int) i`;
      await tx`insert into audit_log (tenant_id, actor_type, action, target_type, created_at)
               select ${tenantId}, 'system', 'growth.fill', 'bookings', now() - i * interval '30 seconds'
               from generate_series(${from + 1}::int, ${to}::int) i`;
      await tx`insert into phi_detection_events (tenant_id, phi_type, masked_value, source_kind, source_api, action, created_at)
               select ${tenantId}, case when i % 2 = 0 then 'email' else 'phone' end, '***', 'api', 'growth',
                      (array['masked', 'blocked', 'alerted'])[1 + i % 3], now() - i * interval '30 seconds'
               from generate_series(${from + 1}::int, ${to}::int) i`;
    });
    filled.set(tenantId, to);
    await fillMetrics(tenantId, (metricPoints * from) / to, metricPoints);
    progress(
      `  tenant ${tenantId.slice(0, 8)}: ${to.toLocaleString("en-US")} rows per table in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }

  const headers = new Headers({ authorization: `Bearer ${a.adminKey}` });
  const caller = async () =>
    createCaller(
      await createContext({
        database: apiDatabase,
        headers,
        rateLimits: { perApiKey: 1e12, perUser: 1e12 },
      }),
    );
  const now = new Date();
  const month = { from: new Date(now.getTime() - 30 * DAY), to: now };
  const resourceA = resources.get(a.tenantId) ?? "";
  const tomorrow = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  );
  const procedures: Record<string, () => Promise<unknown>> = {
    "bookings.list": async () => (await caller()).bookings.list({ limit: 50 }),
    "bookings.list (resource)": async () =>
      (await caller()).bookings.list({ resourceId: resourceA, limit: 50 }),
    "bookings.slots (7 days)": async () =>
      (await caller()).bookings.slots({
        resourceId: resourceA,
        from: tomorrow,
        to: new Date(tomorrow.getTime() + 7 * DAY),
      }),
    "orders.list": async () => (await caller()).orders.list({ limit: 50 }),
    "scores.list": async () => (await caller()).scores.list({ limit: 50 }),
    "audit.list": async () => (await caller()).audit.list({ limit: 50 }),
    "phiEvents.list": async () => (await caller()).phiEvents.list({ limit: 50 }),
    "scores.summary (30 days)": async () =>
      (await caller()).scores.summary({ name: "quality", ...month, bucket: "day" }),
    "phiEvents.stats (30 days)": async () =>
      (await caller()).phiEvents.stats({ ...month, bucket: "day" }),
    // Baselines: the pre-rollup statements alone (direct.ts), in a tenant transaction.
    "  before: summary direct": () =>
      directScoreSummary(apiDatabase.db, a.tenantId, { name: "quality", ...month, bucket: "day" }),
    "  before: stats direct": () =>
      directPhiStats(apiDatabase.db, a.tenantId, { ...month, bucket: "day" }),
    "metrics.query (30d, hourly)": async () =>
      (await caller()).metrics.query({
        name: "growth.latency",
        ...month,
        bucket: "hour",
        aggregations: ["avg", "p95"],
      }),
    "metrics.query (30 days)": async () =>
      (await caller()).metrics.query({
        name: "growth.latency",
        ...month,
        bucket: "day",
        aggregations: ["avg", "p95"],
      }),
  };
  const names = Object.keys(procedures).filter((n) => !METRICS_ONLY || n.startsWith("metrics."));
  const results = new Map<number, Map<string, { p50: number; p99: number }>>();

  for (const size of SIZES) {
    progress(
      METRICS_ONLY
        ? `filling to ${size.toLocaleString("en-US")} metric points (the other tenant too)`
        : `filling to ${size.toLocaleString("en-US")} rows (the other tenant to ${(2 * size).toLocaleString("en-US")})`,
    );
    await fill(a.tenantId, size, size * METRICS_FACTOR);
    await fill(b.tenantId, METRICS_ONLY ? size : 2 * size, size * METRICS_FACTOR);
    await sql`analyze`;
    const samples = new Map(names.map((n) => [n, [] as number[]]));
    // A procedure that fails (e.g. past the server's statement timeout) is reported, not fatal.
    const failed = new Map<string, string>();
    const attempt = async (name: string): Promise<void> => {
      try {
        await procedures[name]?.();
      } catch (error) {
        failed.set(name, error instanceof Error ? error.message.slice(0, 60) : "failed");
      }
    };
    for (const name of names) await attempt(name); // warm-up
    for (let i = 0; i < SAMPLES; i++) {
      for (const name of names.filter((n) => !failed.has(n))) {
        const started = performance.now();
        await attempt(name);
        samples.get(name)?.push(performance.now() - started);
      }
    }
    for (const [name, message] of failed) progress(`  ${name} failed at this size: ${message}`);
    results.set(
      size,
      new Map(names.filter((n) => !failed.has(n)).map((n) => [n, summary(samples.get(n) ?? [])])),
    );
  }

  const first = SIZES[0] ?? 0;
  const cols = SIZES.map((s) =>
    `${s.toLocaleString("en-US")} ${METRICS_ONLY ? "points" : "rows"}`.padStart(26),
  );
  console.log(
    METRICS_ONLY
      ? `\ngrowth: one tenant at ${SIZES.map((s) => s.toLocaleString("en-US")).join(" / ")} metric points over 30 days (a second tenant as large), hourly rollups computed; in-process caller, ${SAMPLES} calls each`
      : `\ngrowth: one tenant at ${SIZES.map((s) => s.toLocaleString("en-US")).join(" / ")} rows per table (a second tenant at twice that), ${METRICS_FACTOR} metric points per row (the second tenant as many); in-process caller, ${SAMPLES} calls each`,
  );
  console.log(
    `${"procedure".padEnd(28)}${cols.join("")}   (p50 / p99 ms, ×p50 vs ${first.toLocaleString("en-US")})`,
  );
  for (const name of names) {
    const cells = SIZES.map((size) => {
      const r = results.get(size)?.get(name);
      const base = results.get(first)?.get(name);
      if (!r || !base) return "".padStart(26);
      return `${r.p50.toFixed(2)} / ${r.p99.toFixed(2)}  ×${(r.p50 / base.p50).toFixed(2)}`.padStart(
        26,
      );
    });
    console.log(`${name.padEnd(28)}${cells.join("")}`);
  }

  // EXPLAIN ANALYZE every statement the procedures send, at the largest size, as the app role.
  const largest = SIZES.at(-1) ?? 0;
  console.log(
    `\nEXPLAIN ANALYZE at ${largest.toLocaleString("en-US")} rows: sequential scans of tenant tables, and each statement's time`,
  );
  for (const name of names) {
    capture = [];
    await procedures[name]?.().catch(() => undefined);
    const statements = capture.filter(
      (s) =>
        /^\s*(?:select|with)\b/i.test(s.query) &&
        !/set_config|frontdesk_resolve_api_key|rate_limit_buckets/i.test(s.query),
    );
    capture = null;
    for (const statement of statements) {
      const plan = await sql.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${a.tenantId}, true), set_config('role', 'frontdesk_app', true)`;
        const [row] = await tx.unsafe<
          [{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }]
        >(`explain (analyze, format json) ${statement.query}`, statement.parameters as never[]);
        return row["QUERY PLAN"][0];
      });
      const seqScans = nodes(plan.Plan)
        .filter(
          (n) =>
            n["Node Type"] === "Seq Scan" &&
            n["Relation Name"] &&
            !SMALL_TABLES.has(n["Relation Name"]),
        )
        .map((n) => `${n["Relation Name"]} (${n["Actual Rows"] ?? "?"} rows)`);
      const head = statement.query.replace(/\s+/g, " ").slice(0, 70);
      console.log(
        `  ${name.padEnd(26)} ${plan["Execution Time"].toFixed(2).padStart(8)} ms  ${seqScans.length ? `SEQ SCAN ${seqScans.join(", ")}` : "no seq scan"}  — ${head}`,
      );
    }
  }
} finally {
  await apiDatabase.close();
  await bench.close();
}
