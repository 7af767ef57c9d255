// Booking stampede: N concurrent bookings.create attempts on one slot, each its own HTTP request
// through the real appRouter. Expect exactly 1 success and N-1 CONFLICT, nothing else.
// Baseline, in the same run on another slot of the same resource: the same N attempts as bare SQL
// on a pool of the same size — each one transaction that takes the resource lock the service takes
// and inserts the booking, the exclusion constraint refusing all but one.
//   pnpm --filter @frontdesk/bench exec tsx bookings/stampede.ts [--attempts 1000] [--pool 10]
import { TRPCClientError } from "@trpc/client";
import postgres from "postgres";
import { encodeSlotId, pgErrorCode, PG_EXCLUSION_VIOLATION } from "@frontdesk/db";
import { startServerThread } from "../_shared/server-thread";
import {
  createAllDayResource,
  fmt,
  futureInstant,
  log,
  startBench,
  summary,
  unbatchedClient,
} from "./harness";

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ATTEMPTS = arg("--attempts", 1000);
const POOL = arg("--pool", 10);

const bench = await startBench({ pool: POOL });
if (!bench.database.url) throw new Error("the stampede needs PostgreSQL");
// The attempts go to a server in its own thread with a pool of POOL connections (see server-thread.ts).
const server = await startServerThread({ databaseUrl: bench.database.url, pool: POOL });
const client = unbatchedClient(server.url, bench.apiKey);
try {
  const resourceId = await createAllDayResource(bench, "stampede bench");
  // Warm the server, the pool and the JIT on another slot first.
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      client.bookings.create
        .mutate({
          slotId: encodeSlotId(resourceId, futureInstant(3, 0)),
          attendee: { name: `W${i}`, email: `w${i}@example.com` },
        })
        .catch(() => undefined),
    ),
  );
  const slotId = encodeSlotId(resourceId, futureInstant(2, 10 * 60));
  log(`${ATTEMPTS} concurrent create attempts on ${slotId} (server pool ${POOL})`);

  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      const t0 = performance.now();
      let outcome: string;
      try {
        await client.bookings.create.mutate({
          slotId,
          attendee: { name: `P${i}`, email: `p${i}@example.com` },
        });
        outcome = "success";
      } catch (error) {
        const code =
          error instanceof TRPCClientError
            ? (error.data as { code?: string } | undefined)?.code
            : undefined;
        // A failure without a tRPC code never reached the API (or its answer never came back): name its cause.
        outcome =
          code ??
          `TRANSPORT_ERROR: ${error instanceof Error ? String((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`;
      }
      latencies.push(performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }),
  );
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  // The bare-SQL baseline: its own pool of the same size on the same database.
  const baseSlot = futureInstant(2, 12 * 60);
  const baseEnd = new Date(baseSlot.getTime() + 30 * 60_000);
  const baseSql = postgres(bench.database.url, { max: POOL, onnotice: () => {} });
  await baseSql`select 1`;
  const baseOutcomes = new Map<string, number>();
  const baseStarted = performance.now();
  await Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      let outcome = "success";
      try {
        await baseSql.begin(async (tx) => {
          await tx`select id from resources where id = ${resourceId} for no key update`;
          await tx`insert into bookings (tenant_id, resource_id, slot_id, starts_at, ends_at, status, attendee_name, attendee_email, confirmed_at)
                   values (${bench.tenantId}, ${resourceId}, ${encodeSlotId(resourceId, baseSlot)}, ${baseSlot}, ${baseEnd}, 'confirmed', ${`B${i}`}, ${`b${i}@example.com`}, now())`;
        });
      } catch (error) {
        outcome = pgErrorCode(error) === PG_EXCLUSION_VIOLATION ? "CONFLICT" : "OTHER";
      }
      baseOutcomes.set(outcome, (baseOutcomes.get(outcome) ?? 0) + 1);
    }),
  );
  const baseWall = performance.now() - baseStarted;
  await baseSql.end();

  const [live] =
    await bench.sql`select count(*)::int as n from bookings where slot_id = ${slotId} and status in ('pending', 'confirmed')`;

  const s = summary(latencies);
  const success = outcomes.get("success") ?? 0;
  const conflict = outcomes.get("CONFLICT") ?? 0;
  const other = ATTEMPTS - success - conflict;
  console.log(
    `booking stampede: ${ATTEMPTS} concurrent bookings.create on one slot over HTTP (server pool ${POOL})`,
  );
  console.log(
    `  latency p50 ${fmt(s.p50)}  p99 ${fmt(s.p99)}  (all settled in ${fmt(wall)}, ${(ATTEMPTS / (wall / 1000)).toFixed(0)} req/s)`,
  );
  console.log(
    `  CPU of this process (client and server threads) per attempt: ${((cpu.user + cpu.system) / 1000 / ATTEMPTS).toFixed(2)} ms  (a figure the machine's other load does not inflate much)`,
  );
  console.log(
    `  outcomes: ${success} success, ${conflict} CONFLICT, ${other} other ${other ? JSON.stringify(Object.fromEntries(outcomes)) : ""}`,
  );
  console.log(
    `  live bookings on the slot afterwards: ${String(live?.n)}  (expect 1 success, ${ATTEMPTS - 1} CONFLICT, 0 other)`,
  );
  console.log(
    `  baseline, bare SQL (lock + insert per attempt, pool ${POOL}): all settled in ${fmt(baseWall)}; outcomes ${JSON.stringify(Object.fromEntries(baseOutcomes))}`,
  );
  console.log(
    `  ratio HTTP / bare SQL: ${(wall / baseWall).toFixed(2)}x  (target: all settled <= 2 s and <= 3x the baseline)`,
  );
  if (success !== 1 || conflict !== ATTEMPTS - 1) process.exitCode = 1;
} finally {
  await server.close();
  await bench.close();
}
