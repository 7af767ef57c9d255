// Platform tables: tenants, Auth.js (next-auth) tables, memberships, API keys, audit, limits, billing, outbox.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  appRole,
  createdAt,
  currentTenant,
  currentUser,
  id,
  tenantAppendOnly,
  tenantId,
  tenantIsolation,
  tenantRowId,
  timestamps,
} from "./_columns";

export const PLANS = ["free", "pro", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const tenants = pgTable(
  "tenants",
  {
    id: id(),
    name: text().notNull(),
    slug: text().notNull(),
    timeZone: text().notNull().default("UTC"),
    plan: text().$type<Plan>().notNull().default("free"),
    metricsRetentionDays: integer().notNull().default(395),
    auditRetentionDays: integer().notNull().default(2190),
    phiEventsRetentionDays: integer().notNull().default(2190),
    /**
     * Outbound webhook events with their deliveries and attempt logs, and the tenant's settled outbox
     * rows, are deleted this many days after they settle (retention.enforce).
     */
    deliveryLogRetentionDays: integer().notNull().default(90),
    /**
     * Email messages (booking notices and reminders, with what the development mailbox kept of them)
     * are deleted this many days after they were queued. At least 7: a reminder's row is its
     * exactly-once marker, and reminders go out at most 7 days before the booking.
     */
    emailRetentionDays: integer().notNull().default(90),
    /** Unpaid orders expire after this many minutes (worker job). */
    orderPaymentTimeoutMinutes: integer().notNull().default(1440),
    /** Default hold for bookings created with requireConfirmation. */
    bookingHoldMinutes: integer().notNull().default(15),
    /** Email attendees a confirmation, cancellation and reschedule notice and a reminder. */
    bookingNoticesEnabled: boolean().notNull().default(true),
    /** How long before a booking its reminder goes out (15 min to 7 days); 0 sends none. */
    bookingReminderMinutes: integer().notNull().default(1440),
    stripeCustomerId: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    check("tenants_plan_check", sql`${t.plan} in ('free', 'pro', 'enterprise')`),
    check("tenants_slug_check", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`),
    check(
      "tenants_booking_reminder_check",
      sql`${t.bookingReminderMinutes} = 0 or ${t.bookingReminderMinutes} between 15 and 10080`,
    ),
    check(
      "tenants_delivery_log_retention_check",
      sql`${t.deliveryLogRetentionDays} between 1 and 3650`,
    ),
    check("tenants_email_retention_check", sql`${t.emailRetentionDays} between 7 and 3650`),
    check(
      "tenants_retention_check",
      sql`${t.metricsRetentionDays} between 1 and 3650 and ${t.auditRetentionDays} between 2190 and 3650 and ${t.phiEventsRetentionDays} between 1 and 3650`,
    ),
    // The app role sees exactly the tenant of its transaction.
    pgPolicy("tenants_current_tenant", {
      for: "all",
      to: appRole,
      using: sql`${t.id} = ${currentTenant}`,
      withCheck: sql`${t.id} = ${currentTenant}`,
    }),
  ],
);

// ---- Auth.js tables (shape expected by @auth/drizzle-adapter) ----
export const users = pgTable(
  "users",
  {
    id: id(),
    name: text(),
    email: text().notNull(),
    /**
     * When the address was proved (a verification link opened, an OAuth provider that vouches for it).
     * Unverified accounts cannot sign in or accept invitations. Named `emailVerified` in TypeScript:
     * that is the property the Auth.js adapter reads and writes.
     */
    emailVerified: timestamp("email_verified_at", { withTimezone: true, mode: "date" }),
    image: text(),
    /** argon2id hash for email + password sign-in; null for OAuth-only users. */
    passwordHash: text(),
    /**
     * Console sessions carry the version they were issued at; bumping it ("sign out everywhere")
     * ends every one of them at once.
     */
    sessionVersion: integer().notNull().default(0),
    /**
     * The one session a version bump spared ("end my other sessions" on a password or email
     * change): honoured at any version while it stays here; the next bump replaces or clears it.
     */
    keptSessionId: uuid(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    // Inside a tenant transaction a user row is visible when it is the signed-in user or a member of that tenant.
    pgPolicy("users_self_or_member", {
      for: "select",
      to: appRole,
      using: sql`${t.id} = ${currentUser} or exists (select 1 from memberships m where m.user_id = ${t.id} and m.tenant_id = ${currentTenant})`,
    }),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index().on(t.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ---- Tenancy ----
export const memberships = pgTable(
  "memberships",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text().$type<Role>().notNull(),
    invitedBy: uuid(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "memberships_pkey", columns: [t.id, t.tenantId] }),
    unique("memberships_tenant_user_key").on(t.tenantId, t.userId),
    unique("memberships_tenant_id_key").on(t.tenantId, t.id),
    index().on(t.userId),
    check("memberships_role_check", sql`${t.role} in ('owner', 'admin', 'member', 'viewer')`),
    tenantIsolation("memberships"),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: text().$type<Role>().notNull(),
    /** SHA-256 of the invitation token; the token itself is only ever sent to the invitee. */
    tokenHash: text().notNull(),
    invitedBy: uuid(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "invitations_pkey", columns: [t.id, t.tenantId] }),
    // Found by hash (the link's token) before the tenant is known; tenant_id as for api_keys' hash.
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash, t.tenantId),
    index().on(t.tenantId, t.createdAt),
    check("invitations_role_check", sql`${t.role} in ('admin', 'member', 'viewer')`),
    tenantIsolation("invitations"),
  ],
);

export const API_KEY_SCOPES = [
  "bookings:read",
  "bookings:write",
  "scores:read",
  "scores:write",
  "metrics:read",
  "metrics:write",
  "orders:read",
  "orders:write",
  "phi:scan",
  "phi:read",
  "webhooks:manage",
  "admin",
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKeys = pgTable(
  "api_keys",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** Shown in lists so people can tell keys apart, e.g. `fd_live_3f9a1c`. */
    prefix: text().notNull(),
    /** SHA-256 (hex) of the whole secret. The secret itself is never stored. */
    secretHash: text().notNull(),
    scopes: text().array().$type<ApiKeyScope[]>().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Set on the old key by a rotation: valid until `graceExpiresAt`, then treated as revoked. */
    rotatedToId: uuid(),
    graceExpiresAt: timestamp({ withTimezone: true }),
    createdBy: uuid(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "api_keys_pkey", columns: [t.id, t.tenantId] }),
    // Looked up by hash before the tenant is known (through frontdesk_resolve_api_key): the index
    // leads with it. tenant_id is in it for Citus' rule (unique constraints include the distribution
    // column); the SHA-256 of a 256-bit random secret does not repeat across tenants either way.
    uniqueIndex("api_keys_secret_hash_key").on(t.secretHash, t.tenantId),
    unique("api_keys_tenant_id_key").on(t.tenantId, t.id),
    index().on(t.tenantId, t.createdAt),
    tenantIsolation("api_keys"),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    actorType: text().$type<"user" | "api_key" | "system">().notNull(),
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    requestId: text(),
    ip: text(),
    userAgent: text(),
    /** Identifiers and counts only — never request input or PHI. */
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "audit_log_pkey", columns: [t.id, t.tenantId] }),
    index().on(t.tenantId, t.createdAt),
    index().on(t.tenantId, t.action, t.createdAt),
    check("audit_log_actor_type_check", sql`${t.actorType} in ('user', 'api_key', 'system')`),
    ...tenantAppendOnly("audit_log"),
  ],
);

/** Fixed-window counters for rate limiting, keyed by actor (`key:<id>` / `user:<id>`); global, not tenant data. */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index().on(t.expiresAt)],
);

/**
 * Failed (and in-flight) password sign-ins per account, for the per-account limit that ignores the
 * client's address: at most a handful of rows per account (older ones are deleted as new ones come).
 * `account_key` is a SHA-256 of the lower-cased email, so the table holds no addresses.
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: id(),
    accountKey: text().notNull(),
    failedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.accountKey, t.failedAt)],
);

export const ACCOUNT_TOKEN_PURPOSES = ["verify_email", "reset_password", "change_email"] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/**
 * One-time links of the account lifecycle (verify an address, reset a password, confirm a new
 * address). Only the token's SHA-256 is stored, like API keys; `email` is the address the link was
 * sent to (for `change_email`, the new address). A token is spent by one atomic update
 * (`used_at is null and expires_at > now()`), so two concurrent uses cannot both succeed. Global:
 * read and written by the console's owner connection only, never by the app role.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text().$type<AccountTokenPurpose>().notNull(),
    tokenHash: text().notNull(),
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("account_tokens_token_hash_key").on(t.tokenHash),
    index().on(t.userId, t.purpose, t.createdAt),
    check(
      "account_tokens_purpose_check",
      sql`${t.purpose} in ('verify_email', 'reset_password', 'change_email')`,
    ),
    check("account_tokens_expiry_check", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

/**
 * Console sessions ended by a sign-out before their cookie expires: refused until `expires_at` (the
 * cookie's own expiry), after which the row is swept.
 */
export const sessionRevocations = pgTable(
  "session_revocations",
  {
    sessionId: uuid().primaryKey(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.expiresAt)],
);

export const USAGE_METRICS = [
  "bookings",
  "orders",
  "metric_points",
  "scores",
  "phi_scans",
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** The usage period (a UTC calendar month) holding `now`, as usage_counters.period_start. */
export function usagePeriodStart(now = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

export const usageCounters = pgTable(
  "usage_counters",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    metric: text().$type<UsageMetric>().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    used: bigint({ mode: "number" }).notNull().default(0),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.metric, t.periodStart] }),
    check("usage_counters_used_check", sql`${t.used} >= 0`),
    tenantIsolation("usage_counters"),
  ],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    plan: text().$type<Plan>().notNull(),
    status: text().notNull(),
    stripeCustomerId: text(),
    stripeSubscriptionId: text(),
    currentPeriodStart: timestamp({ withTimezone: true }),
    currentPeriodEnd: timestamp({ withTimezone: true }),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "subscriptions_pkey", columns: [t.id, t.tenantId] }),
    unique("subscriptions_tenant_stripe_key").on(t.tenantId, t.stripeSubscriptionId),
    index().on(t.stripeSubscriptionId),
    check("subscriptions_plan_check", sql`${t.plan} in ('free', 'pro', 'enterprise')`),
    tenantIsolation("subscriptions"),
  ],
);

/** Webhook dedupe: the first insert of an event id wins (ON CONFLICT DO NOTHING). Global, not tenant data. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    objectId: text(),
    account: text(),
    tenantId: uuid(),
    status: text()
      .$type<"received" | "processed" | "ignored" | "dead">()
      .notNull()
      .default("received"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    stripeCreatedAt: timestamp({ withTimezone: true }),
    receivedAt: createdAt(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.status, t.receivedAt),
    check(
      "stripe_events_status_check",
      sql`${t.status} in ('received', 'processed', 'ignored', 'dead')`,
    ),
  ],
);

/** Notifications to send (booking reminders, PHI alerts). Payloads carry ids and masked text only. */
export const outbox = pgTable(
  "outbox",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text().$type<"pending" | "sent" | "failed">().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    availableAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    lastError: text(),
    dedupeKey: text(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "outbox_pkey", columns: [t.id, t.tenantId] }),
    index().on(t.status, t.availableAt),
    unique("outbox_tenant_dedupe_key").on(t.tenantId, t.dedupeKey),
    check("outbox_status_check", sql`${t.status} in ('pending', 'sent', 'failed')`),
    tenantIsolation("outbox"),
  ],
);

/** Liveness of worker processes, read by the health check. Global. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text().primaryKey(),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  lastSeenAt: timestamp({ withTimezone: true }).notNull(),
  info: jsonb().$type<Record<string, unknown>>().notNull().default({}),
});
