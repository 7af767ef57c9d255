// The web app's environment, read and checked in one place. Packages never read process.env for
// secrets; the app passes what they need (the db package's createDbFromEnv is the one exception
// the workspace agreed on: DATABASE_URL / FRONTDESK_DATA_DIR).
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function logLevel(): LogLevel {
  const raw = process.env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return "info";
  if (!isLogLevel(raw)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  return raw;
}

function databaseUrl(): string | undefined {
  const raw = process.env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error("DATABASE_URL must be a postgres:// URL");
  return raw;
}

export const env = {
  LOG_LEVEL: logLevel(),
  /** Set: PostgreSQL. Unset: embedded PGlite, which this process then owns (and runs the worker). */
  DATABASE_URL: databaseUrl(),
};

export const embedded = env.DATABASE_URL === undefined;
