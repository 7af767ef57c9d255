// Inputs and outputs of `phi` (scan, policy) and `phiEvents` (list, stats), shared with the SDK.
import { z } from "zod";
import { PHI_ACTIONS_TAKEN, PHI_POLICY_ACTIONS } from "@frontdesk/db";
import { PHI_TYPES } from "@frontdesk/phi";
import { listInput } from "../pagination";
import { phiField } from "../phi-fields";

export const MAX_SCAN_CHARS = 100_000;

export const phiType = z.enum(PHI_TYPES);
export const phiAction = z.enum(PHI_POLICY_ACTIONS);
export const phiActionTaken = z.enum(PHI_ACTIONS_TAKEN);
export const maskStyle = z.enum(["type", "partial", "hash"]);
export const phiOutcome = z.enum(["allowed", "masked", "blocked", "alerted"]);

/** An ISO instant (with offset or `Z`) or a Date (superjson carries Dates). */
const instant = z
  .union([z.date(), phiField("token", z.iso.datetime({ offset: true }))])
  .transform((v) => (v instanceof Date ? v : new Date(v)));

// ---- phi.scan ----
export const scanInput = z.object({
  /** Scanned and answered; only masked findings are recorded. */
  text: phiField("transient", z.string().max(MAX_SCAN_CHARS)),
  /** Where the text comes from, recorded on the events (default `phi.scan`). Not free text: a label. */
  source: phiField(
    "screened",
    z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:/-]+$/, "Use letters, digits and _ . : / - only"),
  ).optional(),
  /** Write phi_detection_events (and, when the policy alerts, an alert) for the findings. */
  record: z.boolean().default(true),
});
export type ScanInput = z.input<typeof scanInput>;

export const scanFinding = z.object({
  type: phiType,
  start: z.number().int(),
  end: z.number().int(),
  /** The value masked with the tenant's style; the raw value is `text.slice(start, end)`. */
  masked: z.string(),
  /** What the tenant's policy does with this type. */
  policyAction: phiAction,
});
export const scanOutput = z.object({
  action: phiOutcome,
  /** The text with every finding the policy does not allow masked. */
  redactedText: z.string(),
  findings: z.array(scanFinding),
});
export type ScanResult = z.infer<typeof scanOutput>;

// ---- phi.policy ----
export const perTypeActions = z.partialRecord(phiType, phiAction);

export const updatePolicyInput = z.object({
  defaults: phiAction,
  /** Replaces the per-type overrides when given; omitted keeps them. */
  perType: perTypeActions.optional(),
  /** Omitted keeps the current style. */
  maskStyle: maskStyle.optional(),
});
export type UpdatePhiPolicyInput = z.input<typeof updatePolicyInput>;

export const policyOutput = z.object({
  defaults: phiAction,
  perType: perTypeActions,
  maskStyle,
  /** null while the tenant runs on the default policy (mask everything, type tokens). */
  updatedAt: z.date().nullable(),
});
export type PhiPolicyView = z.infer<typeof policyOutput>;

// ---- phiEvents.list ----
export const listEventsInput = listInput
  .extend({
    type: phiType.optional(),
    action: phiActionTaken.optional(),
    /** A table (`bookings`), a table field (`bookings.notes`) or an API source (`phi.scan`). */
    source: phiField("lookup", z.string().min(1).max(200)).optional(),
    /** Inclusive. */
    from: instant.optional(),
    /** Exclusive. */
    to: instant.optional(),
  })
  .refine((i) => !i.from || !i.to || i.from < i.to, {
    message: "`from` must be before `to`",
    path: ["to"],
  })
  .prefault({});
export type ListPhiEventsInput = z.input<typeof listEventsInput>;

export const phiEventOutput = z.object({
  id: z.uuid(),
  type: phiType,
  /** Masked with the tenant's style at detection time. */
  maskedValue: z.string(),
  maskedContext: z.string().nullable(),
  action: phiActionTaken,
  source: z.object({
    kind: z.enum(["table", "api"]),
    table: z.string().nullable(),
    field: z.string().nullable(),
    rowId: z.string().nullable(),
    api: z.string().nullable(),
  }),
  actor: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  requestId: z.string().nullable(),
  createdAt: z.date(),
});
export type PhiEvent = z.infer<typeof phiEventOutput>;

// ---- phiEvents.stats ----
export const STATS_BUCKETS = ["hour", "day", "week", "month"] as const;
export const MAX_STATS_BUCKETS = 1000;

export const statsInput = z
  .object({
    /** Inclusive. */
    from: instant,
    /** Exclusive. */
    to: instant,
    bucket: z.enum(STATS_BUCKETS),
  })
  .refine((i) => i.from < i.to, { message: "`from` must be before `to`", path: ["to"] });
export type PhiEventStatsInput = z.input<typeof statsInput>;

export const statsOutput = z.object({
  /** The tenant's IANA time zone; buckets start at its local hour, midnight, Monday or 1st. */
  timeZone: z.string(),
  bucket: z.enum(STATS_BUCKETS),
  /** Non-zero cells only, by bucket then type then action. */
  items: z.array(
    z.object({ bucket: z.date(), type: phiType, action: phiActionTaken, count: z.number().int() }),
  ),
  totals: z.object({
    count: z.number().int(),
    byType: z.partialRecord(phiType, z.number().int()),
    byAction: z.partialRecord(phiActionTaken, z.number().int()),
  }),
});
export type PhiEventStats = z.infer<typeof statsOutput>;
