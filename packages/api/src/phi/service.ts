// PHI scanning on demand, the tenant's PHI policy, and reading detection events (itself audited).
import { and, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { detectPhi } from "@frontdesk/phi";
import { phiDetectionEvents, phiPolicies, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { writeAudit, type RequestInfo } from "../audit";
import { AppError } from "../errors";
import { keyset, toPage, type Page } from "../pagination";
import {
  cleanPerType,
  emitPhiBlocked,
  enqueuePhiAlert,
  eventRows,
  insertPhiEvents,
  inspectText,
  loadPhiPolicy,
  rememberPhiPolicy,
  type PhiEventSource,
  type TenantPhiPolicy,
} from "../phi-gate";
import { recordUsage } from "../usage";
import { tenantHashKey } from "./config";
import {
  type PhiEvent,
  type PhiPolicyView,
  type ScanResult,
  type listEventsInput,
  type scanInput,
  type updatePolicyInput,
} from "./schemas";

// ---- scan ----

/**
 * Scans text with the tenant's policy and reports what a write of it would do. Never throws for a
 * blocked outcome (it reports `blocked`). With `record` (the default) the findings are written as
 * events of source `api`, and an alerting outcome enqueues an alert, as a write would.
 */
export async function scanForPhi(
  db: Db,
  actor: Actor,
  input: z.output<typeof scanInput>,
): Promise<ScanResult> {
  await recordUsage(db, actor.tenantId, "phi_scans");
  // The source label is stored as given: it must not itself be PHI.
  if (input.source !== undefined && detectPhi(input.source).length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      "source must be a label naming where the text comes from (e.g. `intake-form`), and it looks like it contains PHI",
    );
  }
  const policy = await loadPhiPolicy(db, actor);
  const inspection = inspectText(input.text, actor.tenantId, policy);
  if (input.record && inspection.outcome !== "allowed") {
    const origin: PhiEventSource = { kind: "api", api: input.source ?? "phi.scan" };
    const ids = await insertPhiEvents(db, eventRows(input.text, inspection, actor, origin, policy));
    if (inspection.outcome === "alerted") await enqueuePhiAlert(db, actor, origin, inspection, ids);
    // A recorded scan that a write would have had refused is reported like the refused write.
    if (inspection.outcome === "blocked")
      await emitPhiBlocked(db, actor.tenantId, inspection.blockedTypes, origin);
  }
  return {
    action: inspection.outcome,
    redactedText: inspection.redacted,
    findings: inspection.findings.map((f) => ({
      type: f.type,
      start: f.start,
      end: f.end,
      masked: f.masked,
      policyAction: f.action,
    })),
  };
}

// ---- policy ----

function view(policy: TenantPhiPolicy): PhiPolicyView {
  return {
    defaults: policy.defaults,
    perType: { ...policy.perType },
    maskStyle: policy.maskStyle,
    updatedAt: policy.updatedAt,
  };
}

export async function getPhiPolicy(db: Db, actor: Actor): Promise<PhiPolicyView> {
  return view(await loadPhiPolicy(db, actor));
}

export async function updatePhiPolicy(
  db: Db,
  actor: Actor,
  input: z.output<typeof updatePolicyInput>,
): Promise<PhiPolicyView> {
  if (input.maskStyle === "hash") {
    try {
      tenantHashKey(actor.tenantId);
    } catch {
      throw new AppError(
        "PRECONDITION_FAILED",
        "Hash masking is not configured on this server (PHI_HASH_SECRET); choose the type or partial style",
      );
    }
  }
  const set: Partial<typeof phiPolicies.$inferInsert> = {
    defaultAction: input.defaults,
    updatedBy: actor.userId,
  };
  if (input.perType !== undefined) set.perType = cleanPerType(input.perType);
  if (input.maskStyle !== undefined) set.maskStyle = input.maskStyle;
  const [row] = await db
    .insert(phiPolicies)
    .values({
      tenantId: actor.tenantId,
      defaultAction: input.defaults,
      perType: cleanPerType(input.perType ?? {}),
      maskStyle: input.maskStyle ?? "type",
      updatedBy: actor.userId,
    })
    .onConflictDoUpdate({ target: phiPolicies.tenantId, set: { ...set, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error("policy upsert returned no row");
  const policy: TenantPhiPolicy = {
    defaults: row.defaultAction,
    perType: cleanPerType(row.perType),
    maskStyle: row.maskStyle,
    updatedAt: row.updatedAt,
  };
  // Later writes in this same request see the new policy.
  rememberPhiPolicy(db, actor, policy);
  return view(policy);
}

// ---- events ----

/** Newest first, masked values only. Reading PHI events is audited, although it is a query. */
export async function listPhiEvents(
  db: Db,
  actor: Actor,
  input: z.output<typeof listEventsInput>,
  request: RequestInfo,
): Promise<Page<PhiEvent>> {
  const e = phiDetectionEvents;
  const conditions: (SQL | undefined)[] = [eq(e.tenantId, actor.tenantId)];
  if (input.type) conditions.push(eq(e.phiType, input.type));
  if (input.action) conditions.push(eq(e.action, input.action));
  if (input.source) {
    const dot = input.source.indexOf(".");
    conditions.push(
      or(
        eq(e.sourceApi, input.source),
        eq(e.sourceTable, input.source),
        dot > 0
          ? and(
              eq(e.sourceTable, input.source.slice(0, dot)),
              eq(e.sourceField, input.source.slice(dot + 1)),
            )
          : undefined,
      ),
    );
  }
  if (input.from) conditions.push(gte(e.createdAt, input.from));
  if (input.to) conditions.push(lt(e.createdAt, input.to));
  const keys = keyset(e.createdAt, e.id, input);
  conditions.push(keys.after);
  const rows = await db
    .select({
      id: e.id,
      type: e.phiType,
      maskedValue: e.maskedValue,
      maskedContext: e.maskedContext,
      action: e.action,
      sourceKind: e.sourceKind,
      sourceTable: e.sourceTable,
      sourceField: e.sourceField,
      sourceRowId: e.sourceRowId,
      sourceApi: e.sourceApi,
      actorType: e.actorType,
      actorId: e.actorId,
      requestId: e.requestId,
      createdAt: e.createdAt,
      position: keys.position,
    })
    .from(e)
    .where(and(...conditions))
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
  await writeAudit(db, actor, request, {
    action: "phiEvents.list",
    targetType: "phi_detection_events",
    metadata: {
      returned: page.items.length,
      type: input.type ?? null,
      action: input.action ?? null,
      // The filter's value is caller text: only whether there was one.
      bySource: input.source !== undefined,
      from: input.from?.toISOString() ?? null,
      to: input.to?.toISOString() ?? null,
      paged: input.cursor !== undefined,
    },
  });
  return {
    items: page.items.map((r) => ({
      id: r.id,
      type: r.type as PhiEvent["type"],
      maskedValue: r.maskedValue,
      maskedContext: r.maskedContext,
      action: r.action,
      source: {
        kind: r.sourceKind,
        table: r.sourceTable,
        field: r.sourceField,
        rowId: r.sourceRowId,
        api: r.sourceApi,
      },
      actor: { type: r.actorType, id: r.actorId },
      requestId: r.requestId,
      createdAt: r.createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}
