// A worker process for tests (`tsx src/test-fixtures/worker-process.ts`): the standalone worker's own
// start and drain path (`serveUntilSignal`) running one job, chosen by FIXTURE_JOB:
// - `effect` (the default): the effect job (see effect-job.ts) on the queue and table named by
//   FIXTURE_QUEUE / FIXTURE_TABLE; FIXTURE_HANG=1 makes each run hang.
// - `webhooks`: the real webhook delivery job, with the target policy read from the environment like
//   main.ts does; FIXTURE_LEASE_SECONDS shortens the claim's lease (60 s in production) so a test
//   sees a killed worker's delivery retried in seconds.
import { webhookPolicyFromEnv } from "@frontdesk/api";
import { createDb } from "@frontdesk/db";
import { readEnv } from "../env";
import * as deliverWebhooks from "../jobs/webhooks/deliver";
import { createLogger } from "../logger";
import { serveUntilSignal, waitForSignal } from "../serve";
import type { StartWorkerOptions } from "../worker";
import { effectJob } from "./effect-job";

/** The job and the options it needs, from FIXTURE_*. */
function fixture(): Pick<StartWorkerOptions, "jobs" | "webhooks"> {
  if (process.env.FIXTURE_JOB === "webhooks") {
    const leaseSeconds = Number(process.env.FIXTURE_LEASE_SECONDS ?? "60");
    return {
      jobs: [deliverWebhooks],
      webhooks: { policy: webhookPolicyFromEnv(process.env), leaseSeconds },
    };
  }
  const queue = process.env.FIXTURE_QUEUE;
  const table = process.env.FIXTURE_TABLE;
  if (!queue || !table) throw new Error("FIXTURE_QUEUE and FIXTURE_TABLE are required");
  return { jobs: [effectJob(queue, table, { hang: process.env.FIXTURE_HANG === "1" })] };
}

async function main(): Promise<number> {
  const env = readEnv();
  if (!env.databaseUrl) throw new Error("DATABASE_URL is required");
  const job = fixture();
  const signalled = waitForSignal();
  const logger = createLogger({ level: env.logLevel });
  const database = await createDb({ url: env.databaseUrl, max: 2 });
  try {
    return await serveUntilSignal(
      {
        database,
        logger,
        workerId: `fixture-${process.pid}`,
        drainTimeoutMs: env.drainTimeoutSeconds * 1000,
        ...job,
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
