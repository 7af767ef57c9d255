// A worker process for the webhook crash test (`tsx src/test-fixtures/webhook-worker-process.ts`): the
// standalone worker's start and drain path (`serveUntilSignal`) running the real webhook delivery job,
// with the target policy read from the environment like main.ts does. FIXTURE_LEASE_SECONDS shortens
// the claim's lease (60 s in production) so a test sees a killed worker's delivery retried in seconds.
import { webhookPolicyFromEnv } from "@frontdesk/api";
import { createDb } from "@frontdesk/db";
import { readEnv } from "../env";
import * as deliverWebhooks from "../jobs/webhooks/deliver";
import { createLogger } from "../logger";
import { serveUntilSignal, waitForSignal } from "../serve";

async function main(): Promise<number> {
  const env = readEnv();
  if (!env.databaseUrl) throw new Error("DATABASE_URL is required");
  const leaseSeconds = Number(process.env.FIXTURE_LEASE_SECONDS ?? "60");
  const signalled = waitForSignal();
  const logger = createLogger({ level: env.logLevel });
  const database = await createDb({ url: env.databaseUrl, max: 2 });
  try {
    return await serveUntilSignal(
      {
        database,
        logger,
        workerId: `webhook-fixture-${process.pid}`,
        jobs: [deliverWebhooks],
        drainTimeoutMs: env.drainTimeoutSeconds * 1000,
        webhooks: { policy: webhookPolicyFromEnv(process.env), leaseSeconds },
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
