// Booking stampede: N concurrent bookings.create attempts on one slot, each its own HTTP request
// through the real appRouter. Expect exactly 1 success and N-1 CONFLICT, nothing else.
// Baseline, in the same run on another slot of the same resource: the same N attempts as bare SQL
// on a pool of the same size — each one transaction that takes the resource lock the service takes
// and inserts the booking, the exclusion constraint refusing all but one.
// It runs --rounds stampedes in a row, each on a slot of its own with its own baseline, and prints
// every round: the first meets the server's code cold (V8 still compiling it, about twice the CPU
// per attempt of the third), the last is what a server that has been running sees.
//   pnpm --filter @frontdesk/bench bookings:stampede [--attempts 1000] [--pool 10] [--rounds 3]
import { TRPCClientError } from "@trpc/client";
import postgres from "postgres";
import { encodeSlotId, pgErrorCode, PG_EXCLUSION_VIOLATION } from "@frontdesk/db";
import { startServerThread } from "../_shared/server-thread";
import {
  createAllDayResource,
  fmt,
  futureInstant,
  startBench,
  summary,
  unbatchedClient,
  warmUpCreates,
} from "./harness";

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ATTEMPTS = arg("--attempts", 1000);
const POOL = arg("--pool", 10);
/** Stampedes in a row, each on its own slot: the first meets the server's code cold. */
const ROUNDS = arg("--rounds", 3);

const bench = await startBench({ pool: POOL });
if (!bench.database.url) throw new Error("the stampede needs PostgreSQL");
// The attempts go to a server in its own thread with a pool of POOL connections (see server-thread.ts).
const server = await startServerThread({ databaseUrl: bench.database.url, pool: POOL });
const client = unbatchedClient(server.url, bench.apiKey);
try {
  const resourceId = await createAllDayResource(bench, "stampede bench");
  // Warm the server, the pool and the JIT on another slot first.
  await warmUpCreates(client, resourceId);
  /** One stampede over HTTP on its own slot. */
  const httpRound = async (round: number) => {
    const slotId = encodeSlotId(resourceId, futureInstant(2, 8 * 60 + round * 30));
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
    const [live] =
      await bench.sql`select count(*)::int as n from bookings where slot_id = ${slotId} and status in ('pending', 'confirmed')`;
    return { slotId, wall, cpu, latencies, outcomes, live: Number(live?.n) };
  };

  // The bare-SQL baseline: its own pool of the same size on the same database, one slot per round.
  const baseSql = postgres(bench.database.url, { max: POOL, onnotice: () => {} });
  await baseSql`select 1`;
  const sqlRound = async (round: number) => {
    const baseSlot = futureInstant(4, 8 * 60 + round * 30);
    const baseEnd = new Date(baseSlot.getTime() + 30 * 60_000);
    const outcomes = new Map<string, number>();
    const started = performance.now();
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
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
    );
    return { wall: performance.now() - started, outcomes };
  };

  console.log(
    `booking stampede: ${ATTEMPTS} concurrent bookings.create on one slot over HTTP (server pool ${POOL}), ${ROUNDS} rounds, each on a slot of its own`,
  );
  let failed = false;
  let last: { http: number; sql: number } | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const http = await httpRound(round);
    const base = await sqlRound(round);
    const s = summary(http.latencies);
    const success = http.outcomes.get("success") ?? 0;
    const conflict = http.outcomes.get("CONFLICT") ?? 0;
    const other = ATTEMPTS - success - conflict;
    if (success !== 1 || conflict !== ATTEMPTS - 1 || http.live !== 1) failed = true;
    console.log(
      `round ${round + 1}${round === 0 ? " (the server's code still cold)" : ""}: ${http.slotId}`,
    );
    console.log(
      `  latency p50 ${fmt(s.p50)}  p99 ${fmt(s.p99)}  (all settled in ${fmt(http.wall)}, ${(ATTEMPTS / (http.wall / 1000)).toFixed(0)} req/s)`,
    );
    console.log(
      `  CPU of this process (client and server threads) per attempt: ${((http.cpu.user + http.cpu.system) / 1000 / ATTEMPTS).toFixed(2)} ms  (a figure the machine's other load does not inflate much)`,
    );
    console.log(
      `  outcomes: ${success} success, ${conflict} CONFLICT, ${other} other${other ? ` ${JSON.stringify(Object.fromEntries(http.outcomes))}` : ""}; live bookings on the slot afterwards: ${http.live}`,
    );
    console.log(
      `  baseline, bare SQL (lock + insert per attempt, pool ${POOL}): all settled in ${fmt(base.wall)}; outcomes ${JSON.stringify(Object.fromEntries(base.outcomes))}`,
    );
    console.log(`  ratio HTTP / bare SQL: ${(http.wall / base.wall).toFixed(2)}x`);
    last = { http: http.wall, sql: base.wall };
  }
  await baseSql.end();
  if (last)
    console.log(
      `last round (a server that has been running): all settled in ${fmt(last.http)}, ${(last.http / last.sql).toFixed(2)}x bare SQL  (target: <= 2 s and <= 3x; expect 1 success, ${ATTEMPTS - 1} CONFLICT, 0 other in every round)`,
    );
  if (failed) process.exitCode = 1;
} finally {
  await server.close();
  await bench.close();
}
