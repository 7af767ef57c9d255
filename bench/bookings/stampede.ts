// Booking stampede: N concurrent bookings.create attempts on one slot, each its own HTTP request
// through the real appRouter. Expect exactly 1 success and N-1 CONFLICT, nothing else.
//   pnpm --filter @frontdesk/bench exec tsx bookings/stampede.ts [--attempts 1000] [--pool 10]
import { TRPCClientError } from "@trpc/client";
import { encodeSlotId } from "@frontdesk/db";
import { createAllDayResource, fmt, futureInstant, log, startBench, summary } from "./harness";

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ATTEMPTS = arg("--attempts", 1000);
const POOL = arg("--pool", 10);

const bench = await startBench({ pool: POOL });
try {
  const resourceId = await createAllDayResource(bench, "stampede bench");
  // Warm the server, the pool and the JIT on another slot first.
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      bench.unbatched.bookings.create
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
  const started = performance.now();
  await Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      const t0 = performance.now();
      let outcome: string;
      try {
        await bench.unbatched.bookings.create.mutate({
          slotId,
          attendee: { name: `P${i}`, email: `p${i}@example.com` },
        });
        outcome = "success";
      } catch (error) {
        outcome =
          error instanceof TRPCClientError
            ? String((error.data as { code?: string } | undefined)?.code ?? "TRPC_ERROR")
            : "TRANSPORT_ERROR";
      }
      latencies.push(performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }),
  );
  const wall = performance.now() - started;
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
    `  outcomes: ${success} success, ${conflict} CONFLICT, ${other} other ${other ? JSON.stringify(Object.fromEntries(outcomes)) : ""}`,
  );
  console.log(
    `  live bookings on the slot afterwards: ${String(live?.n)}  (expect 1 success, ${ATTEMPTS - 1} CONFLICT, 0 other)`,
  );
  if (success !== 1 || conflict !== ATTEMPTS - 1) process.exitCode = 1;
} finally {
  await bench.close();
}
