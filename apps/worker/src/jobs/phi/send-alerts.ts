// Delivers PHI alerts: the PHI gate (packages/api/src/phi-gate.ts) writes an `outbox` row of kind
// `phi_alert` when a tenant's policy says `alert`; this job claims pending ones across tenants (the
// worker connects as the owner role: no RLS) with FOR UPDATE SKIP LOCKED, hands each to a notifier,
// and marks it sent. A failed send is retried with exponential backoff (`attempts`, `available_at`)
// and given up (`failed`) after MAX_ATTEMPTS; the run then fails so the failure shows in the queue.
//
// Idempotent: a sent row is never sent again, concurrent runs skip each other's rows, and the
// notifier gets the outbox id to deduplicate on (delivery is at-least-once: a crash between send and
// commit sends again). Payloads carry ids, types and counts only; the payload is re-read field by
// field here, so whatever else a row might hold never reaches a notifier or a log line.
import { queryRows, type Db, isUuid } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { JobDeps, JobHandler } from "../types";

export const queue = "phi.send-alerts";
/** Every minute; the gate does not send jobs, it writes outbox rows in the request's transaction. */
export const cron = "* * * * *";

export const PHI_ALERT_KIND = "phi_alert";
export const MAX_ATTEMPTS = 8;
/** Rows claimed (and locked) per transaction. */
export const BATCH_SIZE = 50;

export interface PhiAlert {
  /** The outbox row's id: stable across retries, for the receiver to deduplicate on. */
  outboxId: string;
  tenantId: string;
  createdAt: Date;
  /** 1 for the first try. */
  attempt: number;
  /** Findings per PHI type. */
  types: Record<string, number>;
  findings: number;
  eventIds: string[];
  source:
    | { kind: "table"; table: string; field: string; rowId: string | null }
    | { kind: "api"; api: string }
    | null;
  actor: { type: string; id: string } | null;
  requestId: string | null;
}

/** Where alerts go (email, Slack, a webhook…). Throwing means "not delivered; retry later". */
export interface PhiAlertNotifier {
  send(alert: PhiAlert): Promise<void>;
}

/** The default: one structured log line per alert, ids and counts only. */
export function logNotifier(logger: Logger): PhiAlertNotifier {
  return {
    send(alert) {
      logger.warn(
        {
          alert: {
            outboxId: alert.outboxId,
            tenantId: alert.tenantId,
            types: alert.types,
            findings: alert.findings,
            eventIds: alert.eventIds,
            source: alert.source,
            actor: alert.actor,
            requestId: alert.requestId,
            attempt: alert.attempt,
          },
        },
        "PHI alert",
      );
      return Promise.resolve();
    },
  };
}

/** Delay before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … capped at 6 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

// ---- payload, read defensively ----

// Ids are UUIDs (event, row, actor and generated request ids); anything else is dropped — a
// caller-chosen request id, for one, could be anything, PHI included.
const LABEL = /^[\w.:/-]{1,200}$/;
const TYPE = /^[A-Z0-9_]{1,32}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const id = (v: unknown): string | null => (isUuid(v) ? v : null);
const label = (v: unknown): string | null => (typeof v === "string" && LABEL.test(v) ? v : null);

function readSource(v: unknown): PhiAlert["source"] {
  if (!isRecord(v)) return null;
  if (v.kind === "api") {
    const api = label(v.api);
    return api ? { kind: "api", api } : null;
  }
  const table = label(v.table);
  const field = label(v.field);
  return v.kind === "table" && table && field
    ? { kind: "table", table, field, rowId: id(v.rowId) }
    : null;
}

/** The alert a payload describes, or null when it is not a version-1 PHI alert payload. */
export function readPayload(
  payload: unknown,
): Omit<PhiAlert, "outboxId" | "tenantId" | "createdAt" | "attempt"> | null {
  if (!isRecord(payload) || payload.version !== 1) return null;
  const types: Record<string, number> = {};
  if (isRecord(payload.types)) {
    for (const [type, n] of Object.entries(payload.types)) {
      if (TYPE.test(type) && typeof n === "number" && Number.isInteger(n) && n > 0) types[type] = n;
    }
  }
  const eventIds = Array.isArray(payload.eventIds)
    ? payload.eventIds
        .map(id)
        .filter((x): x is string => x !== null)
        .slice(0, 1000)
    : [];
  const findings =
    typeof payload.findings === "number" && Number.isInteger(payload.findings)
      ? payload.findings
      : eventIds.length;
  const actor = isRecord(payload.actor)
    ? { type: label(payload.actor.type), id: id(payload.actor.id) }
    : null;
  return {
    types,
    findings,
    eventIds,
    source: readSource(payload.source),
    actor: actor?.type && actor.id ? { type: actor.type, id: actor.id } : null,
    requestId: id(payload.requestId),
  };
}

/** What may be stored about a failed send: the error's class and code, never its message. */
function failureLabel(err: unknown): string {
  if (!(err instanceof Error)) return "non-error thrown";
  const code =
    "code" in err && (typeof err.code === "string" || typeof err.code === "number")
      ? ` (${String(err.code)})`
      : "";
  return `${err.name}${code}`.slice(0, 200);
}

export interface SendResult {
  sent: number;
  /** Sends that failed and will be retried. */
  retrying: number;
  /** Rows given up on (MAX_ATTEMPTS reached, or a payload that is not an alert). */
  gaveUp: number;
}

export class PhiAlertDeliveryError extends Error {
  override readonly name = "PhiAlertDeliveryError";
}

/** Sends every due alert; returns what happened. Never throws for a failed send (see the handler). */
export async function sendPhiAlerts(
  db: Db,
  notifier: PhiAlertNotifier,
  options: { batchSize?: number; maxAttempts?: number; tenantId?: string } = {},
): Promise<SendResult> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const result: SendResult = { sent: 0, retrying: 0, gaveUp: 0 };
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const rows = await queryRows<{
        id: string;
        tenant_id: string;
        payload: unknown;
        attempts: number;
        created_at: Date | string;
      }>(
        tx,
        sql`select id, tenant_id, payload, attempts, created_at from outbox
            where kind = ${PHI_ALERT_KIND} and status = 'pending' and available_at <= now()
              ${options.tenantId ? sql`and tenant_id = ${options.tenantId}` : sql``}
            order by available_at, id
            limit ${batchSize}
            for update skip locked`,
      );
      for (const row of rows) {
        const attempt = Number(row.attempts) + 1;
        const alert = readPayload(row.payload);
        if (!alert) {
          await tx.execute(
            sql`update outbox set status = 'failed', attempts = ${attempt}, last_error = 'not a PHI alert payload' where id = ${row.id}`,
          );
          result.gaveUp++;
          continue;
        }
        try {
          await notifier.send({
            ...alert,
            outboxId: row.id,
            tenantId: row.tenant_id,
            createdAt: new Date(row.created_at),
            attempt,
          });
        } catch (err) {
          const giveUp = attempt >= maxAttempts;
          await tx.execute(
            sql`update outbox set attempts = ${attempt}, last_error = ${failureLabel(err)},
                  status = ${giveUp ? "failed" : "pending"},
                  available_at = now() + make_interval(secs => ${backoffSeconds(attempt)}::int)
                where id = ${row.id}`,
          );
          if (giveUp) result.gaveUp++;
          else result.retrying++;
          continue;
        }
        await tx.execute(
          sql`update outbox set status = 'sent', sent_at = now(), attempts = ${attempt}, last_error = null where id = ${row.id}`,
        );
        result.sent++;
      }
      return rows.length;
    });
    // Failed rows moved their available_at into the future, so the next batch never sees them again.
    if (claimed < batchSize) return result;
  }
}

/**
 * A handler sending through the notifier `notifierFor` builds (deployments plug theirs in). `tenantId`
 * confines it to one tenant (tests sharing a database).
 */
export function createHandler(
  notifierFor: (deps: JobDeps) => PhiAlertNotifier,
  options: { tenantId?: string } = {},
): JobHandler {
  return async (deps) => {
    // One run sends every due alert, however many runs were queued.
    const result = await sendPhiAlerts(deps.db, notifierFor(deps), options);
    if (result.sent + result.retrying + result.gaveUp > 0)
      deps.logger.info(result, "PHI alerts processed");
    if (result.retrying + result.gaveUp > 0) {
      throw new PhiAlertDeliveryError(
        `${result.retrying + result.gaveUp} PHI alert(s) could not be sent (${result.retrying} will be retried)`,
      );
    }
  };
}

export const handler: JobHandler = createHandler((deps) => logNotifier(deps.logger));
