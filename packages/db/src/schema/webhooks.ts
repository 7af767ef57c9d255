// Outbound webhooks: a tenant's endpoints, the events written in the same transaction as the change
// they describe (an outbox), one delivery per (event, endpoint), and each delivery's attempts.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tenantId, tenantIsolation, tenantRowId, timestamps } from "./_columns";
import { tenants } from "./platform";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text(),
    /** The event types it wants; NULL: every type. */
    eventTypes: text().array(),
    enabled: boolean().notNull().default(true),
    /**
     * The signing secret (`whsec_` + base64). Kept as is because every delivery is signed with it;
     * the API returns it only when it is created or rotated.
     */
    secret: text().notNull(),
    /** After a rotation, the old secret also signs until `previousSecretExpiresAt`. */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    /** Why the endpoint was disabled automatically (failing for days); NULL when an admin did it. */
    disabledReason: text(),
    /** First failure of the current run of failures; NULL after a success. */
    failingSince: timestamp({ withTimezone: true }),
    /**
     * The per-endpoint send rate: deliveries claimed in the one-second window that began at
     * `sendWindowStart`. Workers read and bump it with the endpoint row locked, so the bound holds
     * across every worker process.
     */
    sendWindowStart: timestamp({ withTimezone: true }),
    sendWindowCount: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "webhook_endpoints_pkey", columns: [t.id, t.tenantId] }),
    unique("webhook_endpoints_tenant_id_key").on(t.tenantId, t.id),
    index().on(t.tenantId, t.createdAt),
    tenantIsolation("webhook_endpoints"),
  ],
);

export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    type: text().notNull(),
    /** The whole event as receivers get it (`{ id, type, createdAt, tenantId, data }`); masked values only. */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "webhook_events_pkey", columns: [t.id, t.tenantId] }),
    unique("webhook_events_tenant_id_key").on(t.tenantId, t.id),
    index().on(t.tenantId, t.createdAt),
    tenantIsolation("webhook_events"),
  ],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    endpointId: uuid().notNull(),
    eventId: uuid().notNull(),
    /** pending: waiting for its next attempt; succeeded: a 2xx came back; failed: retries exhausted. */
    status: text().$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** When the next attempt is due (NULL once it has succeeded or failed for good). */
    nextAttemptAt: timestamp({ withTimezone: true }).defaultNow(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastLatencyMs: integer(),
    /** The first bytes of the receiver's answer, or why there was none. */
    lastResponse: text(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "webhook_deliveries_pkey", columns: [t.id, t.tenantId] }),
    unique("webhook_deliveries_tenant_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "webhook_deliveries_endpoint_fk",
      columns: [t.tenantId, t.endpointId],
      foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "webhook_deliveries_event_fk",
      columns: [t.tenantId, t.eventId],
      foreignColumns: [webhookEvents.tenantId, webhookEvents.id],
    }).onDelete("cascade"),
    index().on(t.tenantId, t.endpointId, t.createdAt),
    index().on(t.tenantId, t.eventId),
    // The delivery job's claim: due pending deliveries across tenants.
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    check(
      "webhook_deliveries_status_check",
      sql`${t.status} in ('pending', 'succeeded', 'failed')`,
    ),
    tenantIsolation("webhook_deliveries"),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    deliveryId: uuid().notNull(),
    attempt: integer().notNull(),
    /** NULL when no HTTP answer came (refused address, timeout, connection error). */
    statusCode: integer(),
    latencyMs: integer().notNull(),
    /** At most a few KiB of the answer, or the reason there was none. */
    response: text(),
    succeeded: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "webhook_delivery_attempts_pkey", columns: [t.id, t.tenantId] }),
    foreignKey({
      name: "webhook_delivery_attempts_delivery_fk",
      columns: [t.tenantId, t.deliveryId],
      foreignColumns: [webhookDeliveries.tenantId, webhookDeliveries.id],
    }).onDelete("cascade"),
    index().on(t.tenantId, t.deliveryId, t.attempt),
    tenantIsolation("webhook_delivery_attempts"),
  ],
);
