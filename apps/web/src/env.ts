// The web app's environment, read and checked in one place. Packages never read process.env for
// secrets; the app passes what they need (the db package's createDbFromEnv is the one exception
// the workspace agreed on: DATABASE_URL / FRONTDESK_DATA_DIR).
import {
  DEV_AUTH_SECRET,
  mailConfigFromEnv,
  parseTrustedProxies,
  webhookPolicyFromEnv,
} from "@frontdesk/api";

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
  if (!/^postgres(?:ql)?:\/\//.test(raw)) throw new Error("DATABASE_URL must be a postgres:// URL");
  return raw;
}

/** A streaming replica of DATABASE_URL's database: replica-tolerant queries read from it (README "Read replicas"). */
function databaseReadUrl(primary: string | undefined): string | undefined {
  const raw = process.env.DATABASE_READ_URL?.trim();
  if (!raw) return undefined;
  if (!/^postgres(?:ql)?:\/\//.test(raw))
    throw new Error("DATABASE_READ_URL must be a postgres:// URL");
  if (!primary)
    throw new Error("DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replicas");
  return raw;
}

function optional(name: string): string | undefined {
  return process.env[name]?.trim() || undefined;
}

// Signs and encrypts session cookies. Production must set its own; development gets a fixed
// fallback so a first `pnpm dev` works (sessions then survive restarts but are forgeable by anyone
// who has read this file, which is why production refuses it). `next build` runs with
// NODE_ENV=production but issues no cookies, so it needs no secret. The worker falls back to the
// same one (DEV_AUTH_SECRET), so the links it signs in emails verify here.
const MIN_AUTH_SECRET_LENGTH = 32;

function authSecret(): string {
  const raw = optional("AUTH_SECRET");
  if (raw) {
    if (process.env.NODE_ENV === "production" && raw.length < MIN_AUTH_SECRET_LENGTH) {
      throw new Error(
        `AUTH_SECRET must be at least ${MIN_AUTH_SECRET_LENGTH} characters (openssl rand -base64 32)`,
      );
    }
    return raw;
  }
  if (
    process.env.NODE_ENV === "production" &&
    process.env.NEXT_PHASE !== "phase-production-build"
  ) {
    throw new Error("AUTH_SECRET is required in production (openssl rand -base64 32)");
  }
  return DEV_AUTH_SECRET;
}

const MIN_HEALTH_TOKEN_LENGTH = 32;

/** The operator token of /api/health's detailed report; a short one is refused rather than guessable. */
function healthToken(): string | undefined {
  const raw = optional("HEALTH_TOKEN");
  if (raw !== undefined && raw.length < MIN_HEALTH_TOKEN_LENGTH) {
    throw new Error(
      `HEALTH_TOKEN must be at least ${MIN_HEALTH_TOKEN_LENGTH} characters (openssl rand -hex 32)`,
    );
  }
  return raw;
}

/** Both halves of an OAuth client, or nothing: a provider is switched on only when both are set. */
function oauthClient(prefix: string): { clientId: string; clientSecret: string } | undefined {
  const clientId = optional(`${prefix}_ID`);
  const clientSecret = optional(`${prefix}_SECRET`);
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

export const env = {
  LOG_LEVEL: logLevel(),
  /** Set: PostgreSQL. Unset: embedded PGlite, which this process then owns (and runs the worker). */
  DATABASE_URL: databaseUrl(),
  /** Set: replica-tolerant queries (dashboards, metrics) read from this streaming replica. */
  DATABASE_READ_URL: databaseReadUrl(databaseUrl()),
  /** Without it orders are created with no payment attached. */
  STRIPE_SECRET_KEY: optional("STRIPE_SECRET_KEY"),
  /** Verifies /api/stripe/webhook deliveries; without it every delivery is refused (400). */
  STRIPE_WEBHOOK_SECRET: optional("STRIPE_WEBHOOK_SECRET"),
  /** Only to point the Stripe SDK at a local Stripe-speaking server (tests, development). */
  STRIPE_API_HOST: optional("STRIPE_API_HOST"),
  STRIPE_API_PORT: optional("STRIPE_API_PORT"),
  STRIPE_API_PROTOCOL: optional("STRIPE_API_PROTOCOL"),
  /** Stripe price ids of the paid plans (billing.changePlan); a plan without one is not for sale. */
  STRIPE_PRICE_PRO: optional("STRIPE_PRICE_PRO"),
  STRIPE_PRICE_ENTERPRISE: optional("STRIPE_PRICE_ENTERPRISE"),
  AUTH_SECRET: authSecret(),
  /** Unset: /api/health answers its status only, to everyone. */
  HEALTH_TOKEN: healthToken(),
  /** The console's public URL; its origin is where redirects may go. Unset: the request's Host. */
  AUTH_URL: optional("AUTH_URL"),
};

/**
 * TRUSTED_PROXIES: the proxies in front of the console (CIDRs), whose X-Forwarded-For hops are
 * believed; none by default, so the socket peer is the client. A malformed entry stops the start.
 */
export const trustedProxies = parseTrustedProxies(process.env.TRUSTED_PROXIES);

/** OAuth sign-in, each switched on when both its *_ID and *_SECRET are set. */
export const oauthEnv = {
  github: oauthClient("AUTH_GITHUB"),
  google: oauthClient("AUTH_GOOGLE"),
};

export const embedded = env.DATABASE_URL === undefined;

/** `next start` and production builds: development-only conveniences are off. */
export const isProduction = process.env.NODE_ENV === "production";

/** Webhook delivery (WEBHOOKS_ALLOW_LOOPBACK etc.) for the in-process worker of embedded mode. */
export const webhookPolicy = webhookPolicyFromEnv(process.env);

function positiveInteger(name: string): number | undefined {
  const raw = optional(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/**
 * BODY_READ_BUDGET_MIB: the MiB that the request bodies this process reads at once may pin together
 * (unset: the API's default, 64 maximum-size bodies). The older MAX_CONCURRENT_BODY_READS=N still
 * counts, as the bytes of N maximum-size bodies.
 */
export const bodyReadBudget = {
  mib: positiveInteger("BODY_READ_BUDGET_MIB"),
  // Ignored when not a positive integer, as it always was: a deployment that set it keeps booting.
  maximumSizeBodies: (() => {
    const raw = Number(process.env.MAX_CONCURRENT_BODY_READS);
    return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  })(),
};

/**
 * Email: SMTP_URL (unset: the development mailbox), MAIL_FROM, and the links' origin (AUTH_URL) and
 * signing key (AUTH_SECRET, with its development fallback). The web process enqueues messages and, in
 * embedded mode, runs the worker that sends them.
 */
export const mailEnv = mailConfigFromEnv({ ...process.env, AUTH_SECRET: env.AUTH_SECRET });

/** DEV_MAILBOX_OPERATORS: lower-cased addresses that may read the development mailbox in production. */
export const devMailboxOperators = new Set(
  (process.env.DEV_MAILBOX_OPERATORS ?? "")
    .split(",")
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a.length > 0),
);
