// Input and output of `audit.list`: the tenant's audit log, newest first.
import { z } from "zod";
import { listInput } from "../../pagination";
import { phiField } from "../../phi-fields";

export const listAuditInput = listInput
  .extend({
    /** Exact procedure path, e.g. `apiKeys.revoke`. */
    action: phiField("lookup", z.string().min(1).max(200)).optional(),
    /** A user's or API key's id. */
    actorId: phiField("lookup", z.string().min(1).max(200)).optional(),
    targetId: phiField("lookup", z.string().min(1).max(200)).optional(),
    /** Inclusive. */
    from: z.date().optional(),
    /** Exclusive. */
    to: z.date().optional(),
  })
  .refine((i) => !i.from || !i.to || i.from < i.to, {
    message: "`from` must be before `to`",
    path: ["to"],
  })
  .prefault({});
export type ListAuditInput = z.input<typeof listAuditInput>;

export const auditEntryOutput = z.object({
  id: z.uuid(),
  actorType: z.enum(["user", "api_key", "system"]),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
export type AuditEntry = z.infer<typeof auditEntryOutput>;
