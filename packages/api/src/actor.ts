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
import { countCallSql, rateLimitWindow, type RateLimitWindow } from "./rate-limit";

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

/** A key resolved and one call counted in its rate-limit window at `at` (see resolveApiKey). */
export interface CountedKeyCall {
  key: ResolvedApiKey;
  count: number;
  window: RateLimitWindow;
  at: Date;
}

/** The SHA-256 of a Bearer key, or null when the value cannot be a key (refused without a query). */
export function apiKeyHashOf(secret: string): string | null {
  return looksLikeApiKey(secret) ? hashApiKey(secret) : null;
}

/**
 * Resolves a Bearer key and counts the call against the key's rate limit in ONE statement (one
 * round trip instead of two, on every API call). The key is looked up by the SHA-256 of the whole
 * key through a SECURITY DEFINER function (no tenant has to be set); the count is bumped only when
 * the database sees the key as usable (not revoked, expired, or past a rotation's grace period), so
 * revocation takes effect on the very next call. Then the stored hash is compared in constant time
 * and the same checks run again here; a key the database refused to count is refused too, so the
 * two clocks disagreeing can never let a call through uncounted. Refused calls of a usable key
 * (missing scope, …) are counted: the limit is on what a key sends.
 */
export async function resolveApiKey(
  db: Db,
  secretHash: string,
  now = new Date(),
): Promise<CountedKeyCall> {
  const window = rateLimitWindow(now);
  const [row] = await queryRows<{
    id: string;
    tenant_id: string;
    scopes: ApiKeyScope[];
    expires_at: Date | string | null;
    revoked_at: Date | string | null;
    grace_expires_at: Date | string | null;
    secret_hash: string;
    count: number | null;
  }>(
    db,
    sql`with resolved as (
          select * from frontdesk_resolve_api_key(${secretHash})
        ), counted as (
          ${countCallSql(
            sql`'key:' || resolved.id`,
            sql`from resolved
                where (resolved.revoked_at is null or resolved.revoked_at > now())
                  and (resolved.expires_at is null or resolved.expires_at > now())
                  and (resolved.grace_expires_at is null or resolved.grace_expires_at > now())`,
            window,
          )}
        )
        select resolved.*, (select count from counted) as count from resolved`,
  );
  if (!row || !hashesEqual(row.secret_hash, secretHash))
    throw new AppError("UNAUTHORIZED", INVALID_KEY);
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  const revokedAt = at(row.revoked_at);
  const expiresAt = at(row.expires_at);
  const graceExpiresAt = at(row.grace_expires_at);
  if (revokedAt && revokedAt <= now) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  if (expiresAt && expiresAt <= now) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  if (graceExpiresAt && graceExpiresAt <= now) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  if (row.count === null) throw new AppError("UNAUTHORIZED", INVALID_KEY);
  return {
    key: { id: row.id, tenantId: row.tenant_id, scopes: row.scopes },
    count: row.count,
    window,
    at: now,
  };
}

/**
 * Last-used bookkeeping, at most one write per key per minute: tenantProcedure calls it on the key's
 * first call of a rate-limit minute (every other query then stays READ ONLY). Runs in the request's
 * RLS transaction; the caller starts it without awaiting so it shares a round trip with the
 * procedure's first query (postgres.js pipelines a transaction's queries).
 */
export async function touchApiKey(tx: Db, keyId: string): Promise<void> {
  await tx.execute(
    sql`update api_keys set last_used_at = now() where id = ${keyId} and (last_used_at is null or last_used_at < now() - interval '60 seconds')`,
  );
}
