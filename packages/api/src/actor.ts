// Who is calling: a signed-in user acting in one tenant (with a role), or an API key (with scopes).
// Services receive the actor; they never look at headers or sessions themselves.
import { sql } from "drizzle-orm";
import {
  hashApiKey,
  hashesEqual,
  looksLikeApiKey,
  queryRows,
  type ApiKeyScope,
  type Db,
  type Role,
} from "@frontdesk/db";
import { AppError } from "./errors";

export interface Actor {
  tenantId: string;
  type: "user" | "api_key";
  /** The user's id or the API key's id. */
  id: string;
  userId: string | null;
  /** Users only. */
  role: Role | null;
  /** API keys only. */
  scopes: readonly ApiKeyScope[] | null;
  requestId: string;
}

export const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** `admin` carries every scope. */
export function hasScope(scopes: readonly ApiKeyScope[], scope: ApiKeyScope): boolean {
  return scopes.includes(scope) || scopes.includes("admin");
}

export interface ResolvedApiKey {
  id: string;
  tenantId: string;
  scopes: ApiKeyScope[];
}

const INVALID_KEY = "The API key is invalid, revoked or expired";

/**
 * Looks a Bearer key up by the SHA-256 of the whole key (through a SECURITY DEFINER function, so no
 * tenant has to be set), then compares the stored hash in constant time and checks revocation,
 * expiry and a rotated key's grace period.
 */
export async function resolveApiKey(db: Db, secret: string, now = new Date()): Promise<ResolvedApiKey> {
  if (!looksLikeApiKey(secret)) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  const hash = hashApiKey(secret);
  const [row] = await queryRows<{
    id: string;
    tenant_id: string;
    scopes: ApiKeyScope[];
    expires_at: Date | string | null;
    revoked_at: Date | string | null;
    grace_expires_at: Date | string | null;
    secret_hash: string;
  }>(db, sql`select * from frontdesk_resolve_api_key(${hash})`);
  if (!row || !hashesEqual(row.secret_hash, hash)) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  const revokedAt = at(row.revoked_at);
  const expiresAt = at(row.expires_at);
  const graceExpiresAt = at(row.grace_expires_at);
  if (revokedAt && revokedAt <= now) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  if (expiresAt && expiresAt <= now) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  if (graceExpiresAt && graceExpiresAt <= now) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  return { id: row.id, tenantId: row.tenant_id, scopes: row.scopes };
}
