// Mail settings, read from an app's environment by the app (the web process, the worker) and passed
// in: packages never read process.env themselves.

/**
 * The development fallback of AUTH_SECRET, shared by the web app and the worker so that a link the
 * worker signs (unsubscribe, manage a booking) verifies in the web app. Production refuses it.
 */
export const DEV_AUTH_SECRET = "frontdesk-dev-only-auth-secret-do-not-use-in-production";

export interface MailConfig {
  /** `smtp://` or `smtps://` URL of the relay; undefined: messages go to the development mailbox. */
  smtpUrl: string | undefined;
  /** The From header, e.g. `Frontdesk <no-reply@clinic.example>`. */
  from: string;
  /** The console's public origin, for the links in messages. */
  appUrl: string;
  /** Signs the links in messages (unsubscribe, manage a booking): AUTH_SECRET. */
  linkSecret: string;
}

export const DEFAULT_MAIL_FROM = "Frontdesk <no-reply@localhost>";
const DEFAULT_APP_URL = "http://localhost:3000";
const MIN_SECRET_LENGTH = 32;

/**
 * SMTP_URL, MAIL_FROM, AUTH_URL (the links' origin) and AUTH_SECRET (their signing key). Throws with
 * an actionable message on a malformed value; production needs AUTH_SECRET and, with SMTP_URL, MAIL_FROM.
 */
export function mailConfigFromEnv(env: Readonly<Record<string, string | undefined>>): MailConfig {
  const production = env.NODE_ENV === "production";
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl !== undefined) {
    let protocol: string;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      throw new Error("SMTP_URL must be a URL such as smtps://user:password@smtp.example.com:465");
    }
    if (protocol !== "smtp:" && protocol !== "smtps:") {
      throw new Error("SMTP_URL must start with smtp:// (STARTTLS when offered) or smtps:// (TLS)");
    }
  }
  const from = env.MAIL_FROM?.trim() || undefined;
  if (from !== undefined && (from.length > 320 || !from.includes("@"))) {
    throw new Error(
      'MAIL_FROM must be an address, optionally with a name: "Clinic <no-reply@clinic.example>"',
    );
  }
  if (smtpUrl !== undefined && from === undefined && production) {
    throw new Error(
      "MAIL_FROM is required with SMTP_URL in production (the relay must accept it as sender)",
    );
  }
  const rawAppUrl = env.AUTH_URL?.trim() || DEFAULT_APP_URL;
  let appUrl: string;
  try {
    appUrl = new URL(rawAppUrl).origin;
  } catch {
    throw new Error("AUTH_URL must be the console's public URL, e.g. https://console.example.com");
  }
  const secret = env.AUTH_SECRET?.trim() || undefined;
  if (secret === undefined && production && env.NEXT_PHASE !== "phase-production-build") {
    throw new Error(
      "AUTH_SECRET is required in production: it signs the links in emails (openssl rand -base64 32)",
    );
  }
  if (secret !== undefined && production && secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 32)`,
    );
  }
  return {
    smtpUrl,
    from: from ?? DEFAULT_MAIL_FROM,
    appUrl,
    linkSecret: secret ?? DEV_AUTH_SECRET,
  };
}
