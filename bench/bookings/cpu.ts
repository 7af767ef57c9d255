// CPU per call (process.cpuUsage over blocks of calls, client and server in this process) of
// bookings.list through the SDK over HTTP, the bare node:http floor, and the in-process caller.
//   pnpm --filter @frontdesk/bench bookings:cpu [--blocks 20] [--calls 100] [--only http] [--profile out.cpuprofile]
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createCaller, createContext } from "@frontdesk/api";
import { arg, median } from "../_shared/db";
import {
  bookSlots,
  createAllDayResource,
  listStatement,
  log,
  startBench,
  startFloorServer,
} from "./harness";

const BLOCKS = arg("--blocks", 20);
const CALLS = arg("--calls", 100);
const ONLY = process.argv.includes("--only")
  ? process.argv[process.argv.indexOf("--only") + 1]
  : undefined;

const bench = await startBench();
try {
  const resourceId = await createAllDayResource(bench, "cpu bench");
  await bookSlots(bench, resourceId, 60);
  const { sql, tenantId } = bench;
  const rawRows = () => listStatement(sql, tenantId, resourceId);
  const bare = await startFloorServer(rawRows);
  const bareUrl = bare.url;
  const headers = new Headers({ authorization: `Bearer ${bench.apiKey}` });
  const runners: Record<string, () => Promise<void>> = {
    http: async () => {
      const page = await bench.sdk.bookings.list.query({ resourceId, limit: 50 });
      if (page.items.length !== 50) throw new Error("rows");
    },
    floor: async () => {
      const page = (await (await fetch(bareUrl)).json()) as { items: unknown[] };
      if (page.items.length !== 50) throw new Error("rows");
    },
    inProcess: async () => {
      const caller = createCaller(
        await createContext({
          database: bench.database,
          headers,
          rateLimits: { perApiKey: 1e9, perUser: 1e9 },
        }),
      );
      const page = await caller.bookings.list({ resourceId, limit: 50 });
      if (page.items.length !== 50) throw new Error("rows");
    },
  };
  const names = ONLY ? [ONLY] : Object.keys(runners);
  const runner = (n: string) => {
    const run = runners[n];
    if (!run) throw new Error(`no runner ${n}: one of ${Object.keys(runners).join(", ")}`);
    return run;
  };
  for (let i = 0; i < 100; i++) for (const n of names) await runner(n)();
  const profileTo = process.argv.includes("--profile")
    ? process.argv[process.argv.indexOf("--profile") + 1]
    : undefined;
  const session = profileTo ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
  }
  const cpu: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  const min = (r: Record<string, number[]>, n: string) => Math.min(...(r[n] ?? [NaN]));
  const med = (r: Record<string, number[]>, n: string) => median(r[n] ?? [NaN]);
  for (let b = 0; b < BLOCKS; b++) {
    for (const n of names) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const run = runner(n);
      for (let i = 0; i < CALLS; i++) await run();
      const c = process.cpuUsage(c0);
      (wall[n] ??= []).push(((performance.now() - t0) * 1000) / CALLS);
      (cpu[n] ??= []).push((c.user + c.system) / CALLS);
    }
  }
  if (session && profileTo) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(profileTo, JSON.stringify(profile));
  }

  for (const n of names) {
    console.log(
      `${n.padEnd(10)} CPU µs/call min ${min(cpu, n).toFixed(0)} med ${med(cpu, n).toFixed(0)}   wall µs/call min ${min(wall, n).toFixed(0)} med ${med(wall, n).toFixed(0)}`,
    );
  }
  if (!ONLY)
    console.log(
      `ratio http/floor CPU (min) ${(min(cpu, "http") / min(cpu, "floor")).toFixed(2)}  wall (min) ${(min(wall, "http") / min(wall, "floor")).toFixed(2)}`,
    );
  bare.close();
  log("done");
} finally {
  await bench.close();
}
