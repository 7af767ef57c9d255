// PHI findings (masked values only) and each tenant's PHI policy.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tenantId, tenantIsolation, tenantRowId, timestamps } from "./_columns";
import { tenants } from "./platform";

export const PHI_ACTIONS_TAKEN = ["masked", "blocked", "alerted"] as const;
export type PhiActionTaken = (typeof PHI_ACTIONS_TAKEN)[number];
export const PHI_POLICY_ACTIONS = ["allow", "mask", "block", "alert"] as const;
export type PhiPolicyAction = (typeof PHI_POLICY_ACTIONS)[number];

export const phiDetectionEvents = pgTable(
  "phi_detection_events",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    phiType: text().notNull(),
    /** Masked — raw PHI never lands in this table. */
    maskedValue: text().notNull(),
    /** A window around the finding with every finding in it masked. */
    maskedContext: text(),
    /** `table` (sourceTable/sourceField/sourceRowId) or `api` (sourceApi, e.g. `phi.scan`). */
    sourceKind: text().$type<"table" | "api">().notNull(),
    sourceTable: text(),
    sourceField: text(),
    sourceRowId: text(),
    sourceApi: text(),
    action: text().$type<PhiActionTaken>().notNull(),
    actorType: text(),
    actorId: text(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "phi_detection_events_pkey", columns: [t.id, t.tenantId] }),
    index().on(t.tenantId, t.createdAt),
    index().on(t.tenantId, t.phiType, t.createdAt),
    index().on(t.tenantId, t.action, t.createdAt),
    check(
      "phi_detection_events_action_check",
      sql`${t.action} in ('masked', 'blocked', 'alerted')`,
    ),
    check("phi_detection_events_source_check", sql`${t.sourceKind} in ('table', 'api')`),
    tenantIsolation("phi_detection_events"),
  ],
);

export const phiPolicies = pgTable(
  "phi_policies",
  {
    tenantId: uuid()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    defaultAction: text().$type<PhiPolicyAction>().notNull().default("mask"),
    perType: jsonb().$type<Record<string, PhiPolicyAction>>().notNull().default({}),
    maskStyle: text().$type<"type" | "partial" | "hash">().notNull().default("type"),
    updatedBy: uuid(),
    ...timestamps,
  },
  (t) => [
    check(
      "phi_policies_default_action_check",
      sql`${t.defaultAction} in ('allow', 'mask', 'block', 'alert')`,
    ),
    check("phi_policies_mask_style_check", sql`${t.maskStyle} in ('type', 'partial', 'hash')`),
    tenantIsolation("phi_policies"),
  ],
);

/**
 * How many PHI detection events of each type and action fell in each local hour of the tenant's
 * time zone (`hour_start`: where that hour started, as `time-buckets.ts` defines it, and the local
 * day it belongs to), so `phiEvents.stats` reads a few rows per hour instead of every event in its
 * range. Kept exact by statement-level triggers on `phi_detection_events` (custom migration,
 * `frontdesk_phi_event_hour_counts_*`) in the transaction that writes or deletes the events —
 * retention's deletes included, so the stats describe the events that are kept — and rebuilt when
 * the tenant's time zone changes.
 */
export const phiEventHourCounts = pgTable(
  "phi_event_hour_counts",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    hourStart: timestamp({ withTimezone: true }).notNull(),
    localDay: date().notNull(),
    phiType: text().notNull(),
    action: text().$type<PhiActionTaken>().notNull(),
    eventCount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      name: "phi_event_hour_counts_pkey",
      columns: [t.tenantId, t.hourStart, t.localDay, t.phiType, t.action],
    }),
    tenantIsolation("phi_event_hour_counts"),
  ],
);
