// What the console's /invite/<token> page shows before anyone accepts: the tenant, the role, and
// whether the invitation can still be used. Read as the database OWNER (the visitor is not a member,
// often not even signed in), by the token's SHA-256 — the token itself is never stored.
import { eq } from "drizzle-orm";
import { invitations, tenants, type Db, type Role } from "@frontdesk/db";
import { hashInvitationToken } from "./service";

const TOKEN_PATTERN = /^[\w-]{43}$/;

export type InvitationPreview =
  | {
      status: "pending";
      tenantName: string;
      role: Role;
      /** The invited address with most of the local part hidden, e.g. `o••••@example.com`. */
      emailHint: string;
      expiresAt: Date;
    }
  /** Unknown, malformed, accepted or revoked (replaced by a newer invitation): indistinguishable. */
  | { status: "invalid" }
  | { status: "expired"; tenantName: string };

/** `olivia@example.com` → `o•••••@example.com`: enough to pick the right account, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  const local = email.slice(0, at);
  return `${local.slice(0, 1)}${"•".repeat(Math.min(Math.max(local.length - 1, 1), 8))}${email.slice(at)}`;
}

export async function previewInvitation(
  db: Db,
  token: string,
  now = new Date(),
): Promise<InvitationPreview> {
  if (!TOKEN_PATTERN.test(token)) return { status: "invalid" };
  const [row] = await db
    .select({
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      tenantName: tenants.name,
    })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  if (!row || row.acceptedAt || row.revokedAt) return { status: "invalid" };
  if (row.expiresAt <= now) return { status: "expired", tenantName: row.tenantName };
  return {
    status: "pending",
    tenantName: row.tenantName,
    role: row.role,
    emailHint: maskEmail(row.email),
    expiresAt: row.expiresAt,
  };
}
