// Where a booking stampede's CPU goes, thread by thread: rounds of N concurrent bookings.create on one
// slot (each round a slot of its own) against a server thread like bookings:stampede's, with the CPU
// of the server thread, this (client) thread and the rest of the process (V8's compiler and GC
// helpers) read from /proc per round (Linux only). The server thread's CPU over the client thread's
// is the steadiest figure on a shared machine: the client's code is the same whatever tree serves.
//   pnpm --filter @frontdesk/bench exec tsx bookings/stampede-threads.ts [--rounds 3] [--attempts 1000] [--profile server.cpuprofile]
// --profile writes a CPU profile of the server thread during the last round.
import { once } from "node:events";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { TRPCClientError } from "@trpc/client";
import { arg } from "../_shared/db";

/** utime + stime of one thread in ms (/proc counts in ticks of 10 ms). */
function cpuOf(statPath: string): number {
  const stat = readFileSync(statPath, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function processThreads(): Map<string, number> {
  const threads = new Map<string, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      threads.set(tid, cpuOf(`/proc/self/task/${tid}/stat`));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

interface Start {
  databaseUrl: string;
  pool: number;
}

if (isMainThread) {
  const { encodeSlotId } = await import("@frontdesk/db");
  const { createAllDayResource, futureInstant, log, startBench, unbatchedClient, warmUpCreates } =
    await import("./harness");
  const ROUNDS = arg("--rounds", 3);
  const ATTEMPTS = arg("--attempts", 1000);
  const at = process.argv.indexOf("--profile");
  const profileTo = at >= 0 ? process.argv[at + 1] : undefined;

  const bench = await startBench({ pool: 10 });
  if (!bench.database.url) throw new Error("the stampede needs PostgreSQL");
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`,
    { eval: true, workerData: { databaseUrl: bench.database.url, pool: 10 } satisfies Start },
  );
  const ask = async (message: string): Promise<{ url?: string; cpu?: number }> => {
    if (message) worker.postMessage(message);
    const [answer] = (await once(worker, "message")) as [{ url?: string; cpu?: number }];
    return answer;
  };
  const { url } = await ask("");
  if (!url) throw new Error("the server thread did not start");
  const client = unbatchedClient(url, bench.apiKey);
  try {
    const resourceId = await createAllDayResource(bench, "stampede threads");
    // The same warm-up as bookings:stampede.
    await warmUpCreates(client, resourceId);
    for (let round = 0; round < ROUNDS; round++) {
      const slotId = encodeSlotId(resourceId, futureInstant(4 + round, 10 * 60));
      const profiled = profileTo !== undefined && round === ROUNDS - 1;
      const before = processThreads();
      const serverBefore = (await ask(profiled ? "profile" : "cpu")).cpu ?? 0;
      const clientBefore = cpuOf("/proc/thread-self/stat");
      const started = performance.now();
      const outcomes = new Map<string, number>();
      await Promise.all(
        Array.from({ length: ATTEMPTS }, async (_, i) => {
          let outcome = "success";
          try {
            await client.bookings.create.mutate({
              slotId,
              attendee: { name: `P${i}`, email: `p${i}@example.com` },
            });
          } catch (error) {
            outcome =
              (error instanceof TRPCClientError
                ? (error.data as { code?: string } | undefined)?.code
                : undefined) ?? "TRANSPORT_ERROR";
          }
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
      );
      const wall = performance.now() - started;
      const clientCpu = cpuOf("/proc/thread-self/stat") - clientBefore;
      const serverCpu =
        ((await ask(profiled ? `stop:${profileTo}` : "cpu")).cpu ?? 0) - serverBefore;
      let all = 0;
      for (const [tid, cpu] of processThreads()) all += cpu - (before.get(tid) ?? 0);
      const per = (ms: number) => (ms / ATTEMPTS).toFixed(2);
      console.log(
        `round ${round}: settled in ${wall.toFixed(0)} ms; CPU per attempt: process ${per(all)} ms, server thread ${per(serverCpu)}, client thread ${per(clientCpu)}, other threads ${per(all - serverCpu - clientCpu)}; server/client ${(serverCpu / clientCpu).toFixed(2)}; ${JSON.stringify(Object.fromEntries(outcomes))}`,
      );
    }
    if (profileTo) log(`server thread profile (last round): ${profileTo}`);
  } finally {
    worker.postMessage("close");
    await once(worker, "exit");
    await bench.close();
  }
} else if (parentPort) {
  const port = parentPort;
  const { databaseUrl, pool } = workerData as Start;
  const { createDb } = await import("@frontdesk/db");
  const { startTestServer } = await import("@frontdesk/testing/http-server");
  const database = await createDb({ url: databaseUrl, max: pool });
  const server = await startTestServer(database, {
    rateLimits: { perApiKey: 1e9, perUser: 1e9 },
    backlog: 4096,
  });
  let session: Session | undefined;
  const answer = async (message: string): Promise<void> => {
    if (message === "close") {
      await server.close();
      await database.close();
      port.close();
      return;
    }
    if (message === "profile") {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    } else if (message.startsWith("stop:") && session) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(message.slice("stop:".length), JSON.stringify(profile));
      session.disconnect();
    }
    port.postMessage({ cpu: cpuOf("/proc/thread-self/stat") });
  };
  port.on("message", (message: string) => void answer(message));
  port.postMessage({ url: server.url });
}
