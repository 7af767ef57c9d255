// A worker process for tests (`tsx src/test-fixtures/worker-process.ts`): the standalone worker's own
// start and drain path (`serveUntilSignal`) running one effect job (see effect-job.ts) on the queue
// and table named by FIXTURE_QUEUE / FIXTURE_TABLE; FIXTURE_HANG=1 makes each run hang.
import { createDb } from "@frontdesk/db";
import { readEnv } from "../env";
import { createLogger } from "../logger";
import { serveUntilSignal, waitForSignal } from "../serve";
import { effectJob } from "./effect-job";

async function main(): Promise<number> {
  const env = readEnv();
  const queue = process.env.FIXTURE_QUEUE;
  const table = process.env.FIXTURE_TABLE;
  if (!env.databaseUrl || !queue || !table)
    throw new Error("DATABASE_URL, FIXTURE_QUEUE and FIXTURE_TABLE are required");
  const signalled = waitForSignal();
  const logger = createLogger({ level: env.logLevel });
  const database = await createDb({ url: env.databaseUrl, max: 2 });
  try {
    return await serveUntilSignal(
      {
        database,
        logger,
        workerId: `fixture-${process.pid}`,
        jobs: [effectJob(queue, table, { hang: process.env.FIXTURE_HANG === "1" })],
        drainTimeoutMs: env.drainTimeoutSeconds * 1000,
      },
      signalled,
    );
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
