// The standalone worker's environment, read in one place (packages get values as arguments).
import { mailConfigFromEnv, type MailConfig } from "@frontdesk/api";

export interface WorkerEnv {
  /** PostgreSQL URL; without it the database is embedded PGlite, owned by the web process. */
  databaseUrl: string | undefined;
  logLevel: string;
  /** How long a stop waits for running jobs before failing them (they are retried) and exiting 1. */
  drainTimeoutSeconds: number;
  /** SMTP_URL, MAIL_FROM, and AUTH_URL / AUTH_SECRET for the links in messages. */
  mail: MailConfig;
}

const DEFAULT_DRAIN_TIMEOUT_SECONDS = 30;

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export function readEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const level = env.LOG_LEVEL?.trim().toLowerCase() || "info";
  if (!LEVELS.has(level)) throw new Error(`LOG_LEVEL must be one of ${[...LEVELS].join(", ")}`);
  const rawDrain = env.WORKER_DRAIN_TIMEOUT_SECONDS?.trim();
  const drainTimeoutSeconds = rawDrain ? Number(rawDrain) : DEFAULT_DRAIN_TIMEOUT_SECONDS;
  if (!Number.isFinite(drainTimeoutSeconds) || drainTimeoutSeconds < 1) {
    throw new Error("WORKER_DRAIN_TIMEOUT_SECONDS must be a number of seconds, at least 1");
  }
  return { databaseUrl, logLevel: level, drainTimeoutSeconds, mail: mailConfigFromEnv(env) };
}
