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

function optional(name: string): string | undefined {
  return process.env[name]?.trim() || undefined;
}

export const env = {
  LOG_LEVEL: logLevel(),
  /** Set: PostgreSQL. Unset: embedded PGlite, which this process then owns (and runs the worker). */
  DATABASE_URL: databaseUrl(),
  /** Without it orders are created with no payment attached. */
  STRIPE_SECRET_KEY: optional("STRIPE_SECRET_KEY"),
  /** Verifies /api/stripe/webhook deliveries; without it every delivery is refused (400). */
  STRIPE_WEBHOOK_SECRET: optional("STRIPE_WEBHOOK_SECRET"),
  /** Only to point the Stripe SDK at a local Stripe-speaking server (tests, development). */
  STRIPE_API_HOST: optional("STRIPE_API_HOST"),
  STRIPE_API_PORT: optional("STRIPE_API_PORT"),
  STRIPE_API_PROTOCOL: optional("STRIPE_API_PROTOCOL"),
};

export const embedded = env.DATABASE_URL === undefined;
