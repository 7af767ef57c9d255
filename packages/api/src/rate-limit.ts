// Rate limiting in PostgreSQL, so every server process shares one count. Fixed windows of one minute
// per actor (`key:<id>` or `user:<id>`): one atomic upsert increments and returns the window's count;
// a call past the limit is refused with TOO_MANY_REQUESTS and the seconds until the window ends.
// Each procedure of a batched request passes here, so a batch counts every call. An API key's count
// is bumped by the statement that resolves the key (actor.ts), saving a round trip per call.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";
import { AppError } from "./errors";

export interface RateLimitConfig {
  /** Calls per minute per API key. */
  perApiKey: number;
  /** Calls per minute per signed-in user. */
  perUser: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { perApiKey: 1200, perUser: 600 };

const WINDOW_MS = 60_000;

export interface RateLimitWindow {
  start: Date;
  /** When the bucket may be swept: one window after it ends. */
  expiresAt: Date;
}

export function rateLimitWindow(now: Date): RateLimitWindow {
  const start = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  return { start, expiresAt: new Date(start.getTime() + 2 * WINDOW_MS) };
}

/**
 * The upsert that counts one call in `key`'s current window, returning `count`. `key` is SQL so a
 * caller can derive it from a row in the same statement (`select 'key:' || id ... from resolved`).
 */
export function countCallSql(key: SQL, from: SQL | null, window: RateLimitWindow): SQL {
  return sql`insert into rate_limit_buckets (key, window_start, count, expires_at)
    select ${key}, ${window.start.toISOString()}::timestamptz, 1, ${window.expiresAt.toISOString()}::timestamptz ${from ?? sql``}
    on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
    returning count`;
}

/** Refuses the call when the window's count (including this call) is past the limit. */
export function enforceRateLimit(
  count: number,
  limit: number,
  window: RateLimitWindow,
  now: Date,
): void {
  if (count <= limit) return;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((window.start.getTime() + WINDOW_MS - now.getTime()) / 1000),
  );
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `Rate limit of ${limit} requests per minute reached; retry in ${retryAfterSeconds} s`,
    {
      retryAfterSeconds,
    },
  );
}

export async function consumeRateLimit(
  db: Db,
  key: string,
  limit: number,
  now = new Date(),
): Promise<void> {
  const window = rateLimitWindow(now);
  const [row] = await queryRows<{ count: number }>(db, countCallSql(sql`${key}`, null, window));
  enforceRateLimit(row?.count ?? 0, limit, window, now);
}
