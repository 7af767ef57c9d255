// Email: the outbox every message goes through (written in the sender's transaction, delivered by
// the worker's `email.deliver` job), which is also the development mailbox when no SMTP server is
// configured, and the attendees' opt-outs from booking notices.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  appRole,
  createdAt,
  currentTenant,
  id,
  tenantId,
  tenantIsolation,
  timestamps,
} from "./_columns";
import { tenants } from "./platform";

/**
 * What `to_address` holds once the address is no longer needed (sent through SMTP, suppressed, or dead
 * past its grace): this prefix and the hex HMAC-SHA256 of the lower-cased address under a key derived
 * from AUTH_SECRET. Never a valid address (an unquoted local part has no colon).
 */
export const RECIPIENT_DIGEST_PREFIX = "hmac-sha256:";

export const EMAIL_STATUSES = ["pending", "sent", "suppressed", "dead"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * One email to one recipient. `props` are the template's input (ids, times, names of resources and
 * tenants, one-time link tokens — never PHI); the message is rendered by the worker when it sends.
 * `html`/`text_body` are kept only for messages delivered to the development mailbox, which is read
 * back from this table. Account mail (verification, password reset) has no tenant. `to_address` is
 * replaced by a keyed digest once the address is no longer needed (see RECIPIENT_DIGEST_PREFIX).
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: id(),
    tenantId: uuid().references(() => tenants.id, { onDelete: "cascade" }),
    template: text().notNull(),
    toAddress: text().notNull(),
    props: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text().$type<EmailStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** Due time of the next attempt; a claimed message is pushed past its lease so no one else takes it. */
    availableAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `smtp` or `dev-mailbox`, once sent. */
    transport: text(),
    subject: text(),
    html: text(),
    textBody: text(),
    /** The Message-ID the message went out with (the same on every attempt: receivers can deduplicate). */
    messageId: text(),
    /** Class and code of the last failed attempt, never its message (SMTP replies can quote addresses). */
    lastError: text(),
    /**
     * Makes an enqueue happen once per tenant (e.g. `booking-reminder:<booking id>`): the marker is
     * written in the same transaction as the message, so no retry or restart can enqueue it twice.
     * Ids only, never an address (a unique violation's text quotes the value).
     */
    dedupeKey: text(),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("email_messages_due_idx")
      .on(t.availableAt)
      .where(sql`${t.status} = 'pending'`),
    index().on(t.tenantId, t.createdAt),
    // Settled messages that still hold an address: what retention.enforce erases (a small set, since
    // delivery erases at once; the development mailbox's rows stay in it until they are deleted).
    index("email_messages_unredacted_idx")
      .on(t.updatedAt)
      .where(
        sql`${t.status} <> 'pending' and ${t.toAddress} not like ${sql.raw(`'${RECIPIENT_DIGEST_PREFIX}%'`)}`,
      ),
    index().on(t.createdAt),
    uniqueIndex("email_messages_tenant_dedupe_key")
      .on(t.tenantId, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    check(
      "email_messages_status_check",
      sql`${t.status} in ('pending', 'sent', 'suppressed', 'dead')`,
    ),
    check(
      "email_messages_transport_check",
      sql`${t.transport} is null or ${t.transport} in ('smtp', 'dev-mailbox')`,
    ),
    // Tenant mail is the tenant's; account mail (no tenant) is never visible to the app role.
    pgPolicy("email_messages_tenant_isolation", {
      as: "permissive",
      for: "all",
      to: appRole,
      using: sql`${t.tenantId} = ${currentTenant}`,
      withCheck: sql`${t.tenantId} = ${currentTenant}`,
    }),
  ],
);

/**
 * Attendees who asked a tenant to stop sending them booking notices, keyed by the SHA-256 of the
 * lower-cased address: the table holds no addresses.
 */
export const emailOptOuts = pgTable(
  "email_opt_outs",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    addressHash: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.addressHash] }), tenantIsolation("email_opt_outs")],
);
