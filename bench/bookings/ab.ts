// Paired A/B of the request path's CPU in ONE process: another checkout's test server and SDK (BASE,
// e.g. a `git worktree` of main) beside this tree's, on the same database, in blocks of calls that
// alternate between them. On a shared machine whose load swings, the per-block ratio of the two is
// far steadier than separate runs. CPU is process.cpuUsage (client and server together).
// In one process the tree loaded first runs faster: an A/A (BASE a second checkout of the same
// commit) read 0.93 for the list. Run one beside any comparison and read the ratio against it.
//   BASE=/path/to/other/checkout pnpm --filter @frontdesk/bench bookings:ab [list] [conflict]
//   env: BLOCKS (default 30, each tree), CALLS (per block, default 50)
import { TRPCClientError } from "@trpc/client";
import type { FrontdeskClient } from "@frontdesk/client";
import type { TestServer } from "@frontdesk/testing/http-server";
import type { Database } from "@frontdesk/db";
import { encodeSlotId } from "@frontdesk/db";
import { median } from "../_shared/db";
import {
  bookSlots,
  createAllDayResource,
  futureInstant,
  log,
  startBench,
  unbatchedClient,
} from "./harness";

const base = process.env.BASE;
if (!base) throw new Error("set BASE to the checkout to compare with (its dependencies installed)");
const here = new URL("../..", import.meta.url).pathname;
const BLOCKS = Number(process.env.BLOCKS ?? 30);
const CALLS = Number(process.env.CALLS ?? 50);

const bench = await startBench();
try {
  const resourceId = await createAllDayResource(bench, "ab bench");
  await bookSlots(bench, resourceId, 60);
  const taken = encodeSlotId(resourceId, futureInstant(5, 0));
  await bench.client.bookings.create.mutate({
    slotId: taken,
    attendee: { name: "Taken", email: "t@example.com" },
  });
  let attempt = 0;

  type Side = Record<"list" | "conflict", () => Promise<void>> & { server: TestServer };
  const side = async (root: string): Promise<Side> => {
    const testing = (await import(`${root}/packages/testing/src/http-server.ts`)) as {
      startTestServer: (
        database: Database,
        options: { rateLimits: { perApiKey: number; perUser: number } },
      ) => Promise<TestServer>;
    };
    const sdkModule = (await import(`${root}/packages/client/src/index.ts`)) as {
      createFrontdeskClient: (options: { url: string; apiKey: string }) => FrontdeskClient;
    };
    const server = await testing.startTestServer(bench.database, {
      rateLimits: { perApiKey: 1e9, perUser: 1e9 },
    });
    const sdk = sdkModule.createFrontdeskClient({ url: server.url, apiKey: bench.apiKey });
    // The stampede's client: a plain tRPC client, one call per request.
    const plain = unbatchedClient(server.url, bench.apiKey);
    return {
      server,
      list: async () => {
        const page = await sdk.bookings.list.query({ resourceId, limit: 50 });
        if (page.items.length !== 50) throw new Error(`expected 50 rows, got ${page.items.length}`);
      },
      conflict: async () => {
        const n = attempt++;
        try {
          await plain.bookings.create.mutate({
            slotId: taken,
            attendee: { name: `P${n}`, email: `p${n}@example.com` },
          });
        } catch (error) {
          const code =
            error instanceof TRPCClientError
              ? (error.data as { code?: string } | undefined)?.code
              : undefined;
          if (code === "CONFLICT") return;
          throw error;
        }
        throw new Error("the slot was booked twice");
      },
    };
  };
  const a = await side(base);
  const b = await side(here);
  const asked = process.argv
    .slice(2)
    .filter((v): v is "list" | "conflict" => ["list", "conflict"].includes(v));
  for (const variant of asked.length ? asked : (["list", "conflict"] as const)) {
    log(`${variant}: warming up, then ${BLOCKS} blocks of ${CALLS} calls per tree`);
    for (let i = 0; i < 50; i++) {
      await a[variant]();
      await b[variant]();
    }
    const cpu = { base: [] as number[], here: [] as number[] };
    for (let k = 0; k < BLOCKS; k++) {
      const order = k % 2 ? (["base", "here"] as const) : (["here", "base"] as const);
      for (const which of order) {
        const run = (which === "base" ? a : b)[variant];
        const before = process.cpuUsage();
        for (let i = 0; i < CALLS; i++) await run();
        const used = process.cpuUsage(before);
        cpu[which].push((used.user + used.system) / CALLS);
      }
    }
    const ratios = cpu.here.map((x, i) => x / (cpu.base[i] ?? NaN));
    console.log(
      `${variant.padEnd(9)} CPU per call (client + server), median of ${BLOCKS} blocks: base ${median(cpu.base).toFixed(0)} µs, this tree ${median(cpu.here).toFixed(0)} µs; paired ratio this/base ${median(ratios).toFixed(3)}`,
    );
  }
  await a.server.close();
  await b.server.close();
} finally {
  await bench.close();
}
