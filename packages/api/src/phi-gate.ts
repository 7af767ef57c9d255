// The PHI gate: every free-text write (notes, comments, reasons, metadata strings, tag values) calls
// `gateText` before the value reaches the database.
//
//   detect (once per text) → the tenant's policy (once per request) → evaluatePolicy →
//     allowed  the text as given
//     masked   the masked text (the policy's maskStyle)
//     alerted  the masked text, plus an `outbox` row (kind `phi_alert`, ids/types/counts only) that
//              the worker's phi.send-alerts job delivers
//     blocked  PhiBlockedError (PRECONDITION_FAILED naming the PHI types, never values)
//
// Every finding of a type the policy does not allow writes a `phi_detection_events` row holding the
// masked value and a masked window around it — raw PHI never lands there. A blocked write rolls its
// request back, events included, so PhiBlockedError carries its (already masked) events and the
// tenant procedure writes them in a transaction of their own after the rollback
// (`recordBlockedPhiEvents`). Identity fields (attendee name/email, customer email, shipping address)
// do not pass through here: they are stored as given, protected by RLS.
import {
  PHI_TYPES,
  detectPhi,
  evaluatePolicy,
  maskPhi,
  maskValue,
  maskedContext,
  type PhiFinding,
  type PhiType,
} from "@frontdesk/phi";
import { eq } from "drizzle-orm";
import {
  outbox,
  phiDetectionEvents,
  phiPolicies,
  type Db,
  type PhiActionTaken,
  type PhiPolicyAction as PhiAction,
} from "@frontdesk/db";
import type { Actor } from "./actor";
import { AppError } from "./errors";
import { tenantHashKey } from "./phi/config";
import { emitWebhookEvent } from "./webhooks/emit";

export interface GateSource {
  table: string;
  field: string;
  rowId?: string | null;
}

export const PHI_ALERT_KIND = "phi_alert";

export type { PhiAction };
export type MaskStyle = "type" | "partial" | "hash";
export type MaskOptions = Parameters<typeof maskValue>[2];
export type PolicyOutcome = ReturnType<typeof evaluatePolicy>;

/** A tenant's PHI policy as the gate applies it. */
export interface TenantPhiPolicy {
  defaults: PhiAction;
  perType: Partial<Record<PhiType, PhiAction>>;
  maskStyle: MaskStyle;
  /** When the tenant last changed it; null while the tenant runs on the default policy. */
  updatedAt: Date | null;
}

/** Mask everything, as type tokens, until a tenant says otherwise. */
export const DEFAULT_PHI_POLICY: TenantPhiPolicy = {
  defaults: "mask",
  perType: {},
  maskStyle: "type",
  updatedAt: null,
};

const ACTIONS: ReadonlySet<string> = new Set<PhiAction>(["allow", "mask", "block", "alert"]);
const TYPES: ReadonlySet<string> = new Set<string>(PHI_TYPES);
const STYLES: ReadonlySet<string> = new Set<MaskStyle>(["type", "partial", "hash"]);

const isAction = (v: unknown): v is PhiAction => typeof v === "string" && ACTIONS.has(v);
const isType = (v: string): v is PhiType => TYPES.has(v);
const isStyle = (v: unknown): v is MaskStyle => typeof v === "string" && STYLES.has(v);

function actionFor(type: PhiType, policy: TenantPhiPolicy): PhiAction {
  return policy.perType[type] ?? policy.defaults;
}

/** Only known types with known actions survive: a stray key in the jsonb column changes nothing. */
export function cleanPerType(raw: Record<string, unknown>): Partial<Record<PhiType, PhiAction>> {
  const out: Partial<Record<PhiType, PhiAction>> = {};
  for (const [type, action] of Object.entries(raw))
    if (isType(type) && isAction(action)) out[type] = action;
  return out;
}

// Per request: the actor object is created per request and the db is its transaction, so the policy
// is read once per request and a policy changed in another request is seen by the next one.
const policyCache = new WeakMap<Actor, WeakMap<Db, TenantPhiPolicy>>();

export async function loadPhiPolicy(db: Db, actor: Actor): Promise<TenantPhiPolicy> {
  const cached = policyCache.get(actor)?.get(db);
  if (cached) return cached;
  const [row] = await db
    .select({
      defaultAction: phiPolicies.defaultAction,
      perType: phiPolicies.perType,
      maskStyle: phiPolicies.maskStyle,
      updatedAt: phiPolicies.updatedAt,
    })
    .from(phiPolicies)
    .where(eq(phiPolicies.tenantId, actor.tenantId));
  const policy: TenantPhiPolicy = row
    ? {
        defaults: isAction(row.defaultAction) ? row.defaultAction : "mask",
        perType: cleanPerType(row.perType),
        maskStyle: isStyle(row.maskStyle) ? row.maskStyle : "type",
        updatedAt: row.updatedAt,
      }
    : DEFAULT_PHI_POLICY;
  rememberPhiPolicy(db, actor, policy);
  return policy;
}

/** Lets a policy update in this request take effect for the rest of it. */
export function rememberPhiPolicy(db: Db, actor: Actor, policy: TenantPhiPolicy): void {
  let byDb = policyCache.get(actor);
  if (!byDb) {
    byDb = new WeakMap();
    policyCache.set(actor, byDb);
  }
  byDb.set(db, policy);
}

export function maskOptionsFor(tenantId: string, style: MaskStyle): MaskOptions {
  return style === "hash" ? { style, key: tenantHashKey(tenantId) } : { style };
}

export interface InspectedFinding extends PhiFinding {
  /** What the policy says about this finding's type. */
  action: PhiAction;
  /** The finding's value as masked with the tenant's style — never the raw value. */
  masked: string;
}

/** A phi_detection_events row, masked, ready to insert. */
export type PhiEventRow = typeof phiDetectionEvents.$inferInsert;

export interface Inspection {
  outcome: PolicyOutcome;
  /** The text with every finding of a non-allowed type masked. */
  redacted: string;
  findings: InspectedFinding[];
  /** Distinct types the policy blocks that were found, in PHI_TYPES order. */
  blockedTypes: PhiType[];
}

/** Detects once and applies the policy; writes nothing. */
export function inspectText(text: string, tenantId: string, policy: TenantPhiPolicy): Inspection {
  const found = text.length === 0 ? [] : detectPhi(text);
  if (found.length === 0)
    return { outcome: "allowed", redacted: text, findings: [], blockedTypes: [] };
  const rules = { defaults: policy.defaults, perType: policy.perType };
  const options = maskOptionsFor(tenantId, policy.maskStyle);
  const findings = found.map((f) => ({
    ...f,
    action: actionFor(f.type, policy),
    masked: maskValue(f.type, text.slice(f.start, f.end), options),
  }));
  const outcome = evaluatePolicy(found, rules);
  const toMask = findings.filter((f) => f.action !== "allow");
  const redacted = toMask.length === 0 ? text : maskPhi(text, toMask, options);
  const blocked = new Set(findings.filter((f) => f.action === "block").map((f) => f.type));
  return { outcome, redacted, findings, blockedTypes: PHI_TYPES.filter((t) => blocked.has(t)) };
}

export type PhiEventSource = { kind: "table"; source: GateSource } | { kind: "api"; api: string };

/**
 * One event row per finding of a type the policy does not allow. Its action is what happened to the
 * finding: `blocked` when the write was refused (nothing of it was stored), else its type's own
 * action (`masked` or `alerted`). The context window masks every finding in it, allowed ones too.
 */
export function eventRows(
  text: string,
  inspection: Inspection,
  actor: Actor,
  origin: PhiEventSource,
  policy: TenantPhiPolicy,
): PhiEventRow[] {
  const options = maskOptionsFor(actor.tenantId, policy.maskStyle);
  const where =
    origin.kind === "table"
      ? {
          sourceKind: "table" as const,
          sourceTable: origin.source.table,
          sourceField: origin.source.field,
          sourceRowId: origin.source.rowId ?? null,
        }
      : { sourceKind: "api" as const, sourceApi: origin.api };
  return inspection.findings
    .filter((f) => f.action !== "allow")
    .map((f) => ({
      tenantId: actor.tenantId,
      phiType: f.type,
      maskedValue: f.masked,
      maskedContext: maskedContext(text, f, inspection.findings, options),
      ...where,
      action: eventAction(inspection.outcome, f.action),
      actorType: actor.type,
      actorId: actor.id,
      requestId: actor.requestId,
    }));
}

function eventAction(outcome: PolicyOutcome, action: PhiAction): PhiActionTaken {
  if (outcome === "blocked") return "blocked";
  return action === "alert" ? "alerted" : "masked";
}

/** Inserts event rows; returns their ids in order. */
export async function insertPhiEvents(db: Db, rows: readonly PhiEventRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(phiDetectionEvents)
    .values([...rows])
    .returning({ id: phiDetectionEvents.id });
  return inserted.map((r) => r.id);
}

/** What a `phi_alert` outbox row carries: identifiers, types and counts — never text, raw or masked. */
export interface PhiAlertPayload {
  version: 1;
  eventIds: string[];
  /** Findings per type, all of them (the alert is about the write, not only the alerting types). */
  types: Partial<Record<PhiType, number>>;
  findings: number;
  source:
    | { kind: "table"; table: string; field: string; rowId: string | null }
    | { kind: "api"; api: string };
  actor: { type: Actor["type"]; id: string };
  requestId: string;
}

export async function enqueuePhiAlert(
  db: Db,
  actor: Actor,
  origin: PhiEventSource,
  inspection: Inspection,
  eventIds: string[],
): Promise<void> {
  const types: Partial<Record<PhiType, number>> = {};
  for (const f of inspection.findings)
    if (f.action !== "allow") types[f.type] = (types[f.type] ?? 0) + 1;
  const payload: PhiAlertPayload = {
    version: 1,
    eventIds,
    types,
    findings: eventIds.length,
    source:
      origin.kind === "table"
        ? {
            kind: "table",
            table: origin.source.table,
            field: origin.source.field,
            rowId: origin.source.rowId ?? null,
          }
        : { kind: "api", api: origin.api },
    actor: { type: actor.type, id: actor.id },
    requestId: actor.requestId,
  };
  await db
    .insert(outbox)
    .values({ tenantId: actor.tenantId, kind: PHI_ALERT_KIND, payload: { ...payload } });
  await emitWebhookEvent(
    db,
    actor.tenantId,
    "phi.alerted",
    phiWebhookData(Object.keys(types), origin),
  );
}

/** "bookings.notes", or the API source label ("phi.scan", "intake-form"): where PHI was found, in one word. */
export function phiSourceLabel(origin: PhiEventSource): string {
  return origin.kind === "table" ? `${origin.source.table}.${origin.source.field}` : origin.api;
}

/**
 * A `phi.*` webhook event's data: the types found (in PHI_TYPES order) and where — never the text or
 * a masked value, which would tell a receiver more than that something was caught.
 */
function phiWebhookData(
  types: readonly string[],
  origin: PhiEventSource,
): { types: PhiType[]; source: string } {
  const found = new Set(types);
  return { types: PHI_TYPES.filter((t) => found.has(t)), source: phiSourceLabel(origin) };
}

/** Tells webhook receivers a write was blocked (or a recorded scan found blocked PHI): in the events' transaction. */
export async function emitPhiBlocked(
  db: Db,
  tenantId: string,
  types: readonly string[],
  origin: PhiEventSource,
): Promise<void> {
  await emitWebhookEvent(db, tenantId, "phi.blocked", phiWebhookData(types, origin));
}

/**
 * A write the tenant's policy blocks. PRECONDITION_FAILED naming the blocked types; `events` are the
 * masked detection events to record once the request's transaction has rolled back.
 */
export class PhiBlockedError extends AppError {
  readonly types: readonly PhiType[];
  readonly tenantId: string;
  readonly events: readonly PhiEventRow[];
  /** Where the blocked text was headed (for the `phi.blocked` webhook event). */
  readonly origin: PhiEventSource;

  constructor(
    what: string,
    types: readonly PhiType[],
    tenantId: string,
    events: readonly PhiEventRow[],
    origin: PhiEventSource,
  ) {
    super(
      "PRECONDITION_FAILED",
      `${what} contains PHI (${types.join(", ")}) that this tenant's policy blocks; remove it and try again`,
    );
    this.types = types;
    this.tenantId = tenantId;
    this.events = events;
    this.origin = origin;
  }
}

/**
 * Writes a blocked request's events. Call it with a fresh withTenant transaction for the error's
 * tenant, after the request's own transaction rolled back (trpc.ts's tenant procedure does).
 */
export async function recordBlockedPhiEvents(db: Db, error: PhiBlockedError): Promise<void> {
  await insertPhiEvents(
    db,
    error.events.filter((e) => e.tenantId === error.tenantId),
  );
  // The refused write emitted nothing (it rolled back); this transaction is the one that records it.
  await emitPhiBlocked(db, error.tenantId, error.types, error.origin);
}

/** "The notes field", "The cancel reason field": the field, in words, for the blocked-write message. */
function describeField(source: GateSource): string {
  return `The ${source.field.replace(/_/g, " ")} field`;
}

export async function gateText(
  db: Db,
  actor: Actor,
  source: GateSource,
  text: string,
): Promise<string> {
  if (text.length === 0) return text;
  const policy = await loadPhiPolicy(db, actor);
  const inspection = inspectText(text, actor.tenantId, policy);
  if (inspection.outcome === "allowed") return inspection.redacted;
  const origin: PhiEventSource = { kind: "table", source };
  const events = eventRows(text, inspection, actor, origin, policy);
  if (inspection.outcome === "blocked") {
    throw new PhiBlockedError(
      describeField(source),
      inspection.blockedTypes,
      actor.tenantId,
      events,
      origin,
    );
  }
  const ids = await insertPhiEvents(db, events);
  if (inspection.outcome === "alerted") await enqueuePhiAlert(db, actor, origin, inspection, ids);
  return inspection.redacted;
}

/** Gates an optional value: null/undefined pass through. */
export async function gateOptional(
  db: Db,
  actor: Actor,
  source: GateSource,
  text: string | null | undefined,
): Promise<string | null> {
  return text == null ? null : gateText(db, actor, source, text);
}
