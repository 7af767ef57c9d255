// Reading the audit log. A read, so it writes no audit row of its own.
import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import { auditLog, type Db } from "@frontdesk/db";
import type { z } from "zod";
import type { Actor } from "../../actor";
import { keyset, toPage, type Page } from "../../pagination";
import type { AuditEntry, listAuditInput } from "./schemas";

export async function listAuditEntries(
  db: Db,
  _actor: Actor,
  input: z.output<typeof listAuditInput>,
): Promise<Page<AuditEntry>> {
  const conditions: SQL[] = [];
  if (input.action) conditions.push(eq(auditLog.action, input.action));
  if (input.actorId) conditions.push(eq(auditLog.actorId, input.actorId));
  if (input.targetId) conditions.push(eq(auditLog.targetId, input.targetId));
  if (input.from) conditions.push(gte(auditLog.createdAt, input.from));
  if (input.to) conditions.push(lt(auditLog.createdAt, input.to));
  const keys = keyset(auditLog.createdAt, auditLog.id, input);
  const rows = await db
    .select({
      id: auditLog.id,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      requestId: auditLog.requestId,
      ip: auditLog.ip,
      userAgent: auditLog.userAgent,
      metadata: auditLog.metadata,
      createdAt: auditLog.createdAt,
      position: keys.position,
    })
    .from(auditLog)
    .where(and(...conditions, keys.after))
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
  return {
    items: page.items.map(({ position: _position, ...entry }) => entry),
    nextCursor: page.nextCursor,
  };
}
