// The standalone worker process (`pnpm --filter @frontdesk/worker start`). It runs only against
// PostgreSQL: embedded PGlite belongs to the web process, which runs the worker in-process.
import { createDbFromEnv, runMigrations } from "@frontdesk/db";
import { createPaymentProviderFromEnv } from "@frontdesk/api";
import { readEnv } from "./env";
import { createLogger, safeError } from "./logger";
import { startWorker } from "./worker";

const USAGE = `Usage: frontdesk-worker [--help]

Runs Frontdesk's background jobs (pg-boss) against PostgreSQL.

Environment:
  DATABASE_URL  PostgreSQL connection URL (required; without it the worker runs inside the web process)
  LOG_LEVEL     fatal | error | warn | info | debug | trace | silent (default info)

Stops on SIGTERM or SIGINT after the running jobs finish.`;

const EMBEDDED_MESSAGE =
  "embedded database: the worker runs inside the web process (pnpm dev); set DATABASE_URL to run it separately";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--");
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument: ${unknown.join(" ")}\n\n${USAGE}\n`);
    return 2;
  }

  const env = readEnv();
  // Checked before opening anything: PGlite does not lock its folder, so a second process opening
  // it next to the web app would silently lose writes.
  if (!env.databaseUrl) {
    process.stdout.write(`${EMBEDDED_MESSAGE}\n`);
    return 0;
  }

  const logger = createLogger({ level: env.logLevel });
  // Listening from the start, so a signal during start-up still ends in a clean drain.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  const database = await createDbFromEnv();
  try {
    await runMigrations(database);
    const worker = await startWorker({ database, logger, payments: createPaymentProviderFromEnv(process.env) });

    const signal = await signalled;
    logger.info({ signal }, "draining…");
    // A second signal while draining means "now".
    const force = (): void => {
      logger.warn("second signal: exiting without waiting for running jobs");
      process.exit(1);
    };
    process.once("SIGTERM", force);
    process.once("SIGINT", force);

    await worker.stop();
  } finally {
    await database.close();
  }
  logger.info("stopped");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    createLogger().fatal({ err: safeError(err) }, "worker failed");
    process.exit(1);
  },
);
