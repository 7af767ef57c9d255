// PHI findings (masked values only) and each tenant's PHI policy.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
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
