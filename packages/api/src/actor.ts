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
  const [row] = await queryRows<ResolvedKeyRow>(
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
  return checkCountedKey(row, secretHash, window, now);
}

/** What resolveApiKey's statement (and keyCallStatement's) answers for a key. */
type ResolvedKeyRow = {
  id: string;
  tenant_id: string;
  scopes: ApiKeyScope[];
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  grace_expires_at: Date | string | null;
  secret_hash: string;
  count: number | null;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * resolveApiKey's statement as text with its values written in (all three are checked to be a
 * hex digest and two instants, so none can leave its quotes): what tenantProcedure sends ahead of a
 * read's BEGIN on the same connection, so resolving and counting the key costs no round trip of its
 * own (see withTenant's `leading`). The same statement, so the same rules and the same count.
 */
export function keyCallStatement(secretHash: string, window: RateLimitWindow): string {
  const start = window.start.toISOString();
  const expires = window.expiresAt.toISOString();
  if (!SHA256_HEX.test(secretHash)) throw new Error("not a key hash");
  // Short names and one line: with BEGIN, the tenant's settings and the read's first statement it
  // then fits the driver's 1 KiB write buffer, so all of them leave in one socket write.
  return (
    `with r as (select * from frontdesk_resolve_api_key('${secretHash}')), ` +
    `c as (insert into rate_limit_buckets (key, window_start, count, expires_at) ` +
    `select 'key:' || r.id, '${start}'::timestamptz, 1, '${expires}'::timestamptz from r ` +
    `where coalesce(r.revoked_at > now(), true) and coalesce(r.expires_at > now(), true) ` +
    `and coalesce(r.grace_expires_at > now(), true) ` +
    `on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1 returning count) ` +
    `select r.*, (select count from c) as count from r`
  );
}

/**
 * The checks every resolution of a key ends with, whichever way its statement was sent: the stored
 * hash compared in constant time, revocation, expiry and a rotation's grace period checked again on
 * this clock, and a key the database refused to count refused too.
 */
export function checkCountedKey(
  found: Record<string, unknown> | undefined,
  secretHash: string,
  window: RateLimitWindow,
  now: Date,
): CountedKeyCall {
  const row = found as ResolvedKeyRow | undefined;
  if (!row || !hashesEqual(row.secret_hash, secretHash)) {
    forgetKey(secretHash);
    throw new AppError("UNAUTHORIZED", INVALID_KEY);
  }
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  const revokedAt = at(row.revoked_at);
  const expiresAt = at(row.expires_at);
  const graceExpiresAt = at(row.grace_expires_at);
  if (
    (revokedAt && revokedAt <= now) ||
    (expiresAt && expiresAt <= now) ||
    (graceExpiresAt && graceExpiresAt <= now) ||
    row.count === null
  ) {
    forgetKey(secretHash);
    throw new AppError("UNAUTHORIZED", INVALID_KEY);
  }
  const counted = {
    key: { id: row.id, tenantId: row.tenant_id, scopes: row.scopes },
    count: row.count,
    window,
    at: now,
  };
  rememberKey(secretHash, counted);
  return counted;
}

/**
 * Keys recently resolved, by hash: who they are (id, tenant, scopes) and their last count. Only a
 * guess at what the next resolution will say — it lets a read open its tenant's transaction while
 * the key is resolved and counted ahead of BEGIN on the same connection; nothing is answered until
 * that resolution confirms the guess (see tenantProcedure). A key refused is forgotten at once.
 */
export interface KnownKey {
  key: ResolvedApiKey;
  count: number;
  windowStart: number;
}

const knownKeys = new Map<string, KnownKey>();
/** A burst of distinct keys cannot grow the map past this (it starts over). */
const MAX_KNOWN_KEYS = 10_000;

export function knownKey(secretHash: string): KnownKey | undefined {
  return knownKeys.get(secretHash);
}

function rememberKey(secretHash: string, counted: CountedKeyCall): void {
  if (knownKeys.size >= MAX_KNOWN_KEYS && !knownKeys.has(secretHash)) knownKeys.clear();
  knownKeys.set(secretHash, {
    key: counted.key,
    count: counted.count,
    windowStart: counted.window.start.getTime(),
  });
}

export function forgetKey(secretHash: string): void {
  knownKeys.delete(secretHash);
}

/** The same key, tenant and scopes (order included) as the guess a transaction was opened with. */
export function sameKey(a: ResolvedApiKey, b: ResolvedApiKey): boolean {
  return (
    a.id === b.id &&
    a.tenantId === b.tenantId &&
    a.scopes.length === b.scopes.length &&
    a.scopes.every((scope, i) => scope === b.scopes[i])
  );
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
