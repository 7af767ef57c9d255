// Audit rows: every mutation writes one in the request's own transaction (the tenant middleware does
// it), with ids only — never input values, which can carry PHI.
import { auditLog, type Db } from "@frontdesk/db";
import type { Actor } from "./actor";
import { normalizeAddress } from "./client-address";

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
}

export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export async function writeAudit(
  db: Db,
  actor: Actor,
  request: RequestInfo,
  entry: AuditEntry,
): Promise<void> {
  await db.insert(auditLog).values({
    tenantId: actor.tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: request.requestId,
    // Whatever a caller passed, only a parsed IP address is stored (never text from a header).
    ip: normalizeAddress(request.ip),
    userAgent: request.userAgent?.slice(0, 512) ?? null,
    metadata: entry.metadata ?? {},
  });
}
