// Outbound webhooks, end to end on PostgreSQL with the real worker (pg-boss, the delivery job and its
// 1-second poller) sending to a receiver on loopback:
//   1. delay from the change's COMMIT to the receiver having the request (p50/p99), for events
//      written one by one at a steady rate while the worker runs;
//   2. deliveries per second for a backlog of --events queued events (default 10,000) spread over
//      --endpoints endpoints (one per tenant), from the worker's start until every one has succeeded.
// Baseline, in the same run: the same number of signed POSTs sent straight to the same receiver by
// the sender (`sendWebhook`, same checks, same concurrency as a delivery round) with no database —
// what the HTTP part alone costs on this machine.
//   pnpm --filter @frontdesk/bench webhooks [--events 10000] [--endpoints 10] [--latency-events 200] [--rate 20]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { emitWebhookEvent, sendWebhook } from "@frontdesk/api";
import { provisionTenant, queryRows, withTenant } from "@frontdesk/db";
import { jobs, startWorker } from "@frontdesk/worker";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { arg, openBenchDatabase, progress } from "../_shared/db";

const EVENTS = arg("--events", 10_000);
const ENDPOINTS = arg("--endpoints", 10);
const LATENCY_EVENTS = arg("--latency-events", 200);
const RATE = arg("--rate", 20);
/** Events written per transaction when filling the backlog. */
const FILL_BATCH = 200;
const policy = { allowLoopback: true, allowHttp: true };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
  );
}
const ms = (v: number) => `${v.toFixed(0)} ms`;

// The receiver: answers 204 at once and notes when each webhook-id first arrived.
const arrivals = new Map<string, number>();
let requests = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    requests++;
    const id = String(req.headers["webhook-id"]);
    if (!arrivals.has(id)) arrivals.set(id, performance.now());
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", 4096, resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

const bench = await openBenchDatabase({ pool: 10 });
const { database } = bench;
const deliver = jobs.find((j) => j.queue === "webhooks.deliver");
if (!deliver) throw new Error("no webhooks.deliver job");
const logger = pino({ level: "warn" });

try {
  progress(`database: ${bench.location}`);
  const tenants: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const suffix = `${Date.now().toString(36)}${i}`;
    const { tenantId } = await provisionTenant(database.db, {
      name: `Webhook bench ${suffix}`,
      slug: `whb-${suffix}`,
      timeZone: "UTC",
      plan: "enterprise",
      ownerEmail: `whb-${suffix}@example.com`,
    });
    await database.db.execute(
      sql`insert into webhook_endpoints (tenant_id, url, secret) values (${tenantId}, ${url}, ${`whsec_${Buffer.alloc(32, i).toString("base64")}`})`,
    );
    tenants.push(tenantId);
  }
  const tenantOf = (i: number) => tenants[i % tenants.length] as string;
  const data = (i: number) => ({ types: ["SSN"], source: `bench.${i}` });

  // ---- 1. commit → receiver, with the worker running ----
  const worker = await startWorker({
    database,
    logger,
    workerId: "bench-latency",
    jobs: [deliver],
    webhooks: { policy },
  });
  const committed = new Map<string, number>();
  try {
    progress(`latency: ${LATENCY_EVENTS} events, one per transaction, ${RATE}/s`);
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      const tenantId = tenantOf(i);
      const [row] = await withTenant(database.db, { tenantId }, async (tx) => {
        await emitWebhookEvent(tx, tenantId, "phi.blocked", data(i));
        return queryRows<{ id: string }>(
          tx,
          sql`select id from webhook_events where tenant_id = ${tenantId} order by created_at desc limit 1`,
        );
      });
      if (row) committed.set(row.id, performance.now());
      await new Promise((r) => setTimeout(r, 1000 / RATE));
    }
    const deadline = Date.now() + 120_000;
    while ([...committed.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  } finally {
    await worker.stop();
  }
  const delays = [...committed].flatMap(([id, at]) => {
    const arrived = arrivals.get(id);
    return arrived === undefined ? [] : [arrived - at];
  });

  // ---- 2. a backlog of EVENTS, written while no worker runs ----
  progress(`backlog: writing ${EVENTS} events over ${ENDPOINTS} endpoints`);
  for (let start = 0; start < EVENTS; start += FILL_BATCH * tenants.length) {
    await Promise.all(
      tenants.map((tenantId, t) =>
        withTenant(database.db, { tenantId }, async (tx) => {
          for (let k = 0; k < FILL_BATCH; k++) {
            const i = start + k * tenants.length + t;
            if (i < EVENTS) await emitWebhookEvent(tx, tenantId, "phi.blocked", data(i));
          }
        }),
      ),
    );
  }
  const [queued] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`,
  );
  progress(`backlog: ${queued?.n ?? 0} deliveries pending; starting the worker`);
  const requestsBefore = requests;
  const started = performance.now();
  const drainer = await startWorker({
    database,
    logger,
    workerId: "bench-backlog",
    jobs: [deliver],
    webhooks: { policy },
  });
  let drained = 0;
  try {
    for (;;) {
      const [left] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`,
      );
      if ((left?.n ?? 0) === 0) break;
      if (performance.now() - started > 600_000)
        throw new Error(`backlog not drained in 10 minutes (${left?.n} left)`);
      await new Promise((r) => setTimeout(r, 200));
    }
    drained = performance.now() - started;
  } finally {
    await drainer.stop();
  }
  const [outcome] = await queryRows<{ succeeded: number; failed: number }>(
    database.db,
    sql`select count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status = 'failed')::int as failed from webhook_deliveries`,
  );
  const delivered = queued?.n ?? 0;
  const sent = requests - requestsBefore;

  // ---- baseline: the same number of signed POSTs, no database, 50 at a time ----
  const body = JSON.stringify({
    id: "00000000-0000-4000-8000-000000000000",
    type: "phi.blocked",
    data: data(0),
  });
  const baseStarted = performance.now();
  for (let done = 0; done < delivered; done += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, delivered - done) }, (_, k) =>
        sendWebhook({ url, body, headers: { "webhook-id": `baseline-${done + k}` } }, policy),
      ),
    );
  }
  const baseline = performance.now() - baseStarted;

  console.log(
    `\nwebhooks — PostgreSQL (${bench.location}), receiver on loopback, ${ENDPOINTS} endpoints`,
  );
  console.log(
    `commit → receiver (${delays.length}/${LATENCY_EVENTS} events at ${RATE}/s):  p50 ${ms(percentile(delays, 50))}   p99 ${ms(percentile(delays, 99))}   max ${ms(Math.max(...delays))}`,
  );
  console.log(`  (the worker polls the outbox every 1 s; a delivery waits for the next poll)`);
  console.log(
    `backlog of ${EVENTS} events (${delivered} deliveries): drained in ${(drained / 1000).toFixed(1)} s = ${(delivered / (drained / 1000)).toFixed(0)} deliveries/s   (succeeded ${outcome?.succeeded ?? 0}, failed ${outcome?.failed ?? 0}, requests ${sent})`,
  );
  console.log(
    `baseline, the same ${delivered} POSTs straight from the sender, no database: ${(baseline / 1000).toFixed(1)} s = ${(delivered / (baseline / 1000)).toFixed(0)} requests/s`,
  );
} finally {
  await bench.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
}
