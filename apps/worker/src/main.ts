// The standalone worker process (`pnpm --filter @frontdesk/worker start`). It runs only against
// PostgreSQL: embedded PGlite belongs to the web process, which runs the worker in-process.
import { createDbFromEnv, runMigrations } from "@frontdesk/db";
import { createPaymentProviderFromEnv, webhookPolicyFromEnv } from "@frontdesk/api";
import { readEnv } from "./env";
import { createLogger, safeError } from "./logger";
import { serveUntilSignal, waitForSignal } from "./serve";

const USAGE = `Usage: frontdesk-worker [--help]

Runs Frontdesk's background jobs (pg-boss) against PostgreSQL.

Environment:
  DATABASE_URL                   PostgreSQL connection URL (required; without it the worker runs inside the web process)
  LOG_LEVEL                      fatal | error | warn | info | debug | trace | silent (default info)
  WORKER_DRAIN_TIMEOUT_SECONDS   how long SIGTERM waits for running jobs (default 30)
  WEBHOOKS_ALLOW_LOOPBACK        true: webhook endpoints on this machine may be called (development and tests only)
  SMTP_URL                       smtp:// or smtps:// relay for email; unset: messages are kept in the development mailbox
  MAIL_FROM                      the From address, e.g. "Clinic <no-reply@clinic.example>" (required with SMTP_URL in production)
  AUTH_URL, AUTH_SECRET          the console's public URL and secret: links in emails point to it and are signed with it

Stops on SIGTERM or SIGINT after the running jobs finish: exit 0, or 1 when the drain limit was
reached (the jobs still running are failed and retried by another worker).`;

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
  const signalled = waitForSignal();
  const database = await createDbFromEnv();
  let code: number;
  try {
    await runMigrations(database);
    code = await serveUntilSignal(
      {
        database,
        logger,
        payments: createPaymentProviderFromEnv(process.env),
        drainTimeoutMs: env.drainTimeoutSeconds * 1000,
        webhooks: { policy: webhookPolicyFromEnv(process.env) },
        mail: env.mail,
      },
      signalled,
    );
  } finally {
    await database.close();
  }
  logger.info({ exitCode: code }, "stopped");
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    createLogger().fatal({ err: safeError(err) }, "worker failed");
    process.exit(1);
  },
);
