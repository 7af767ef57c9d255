// Rate limiting in PostgreSQL, so every server process shares one count. Fixed windows of one minute
// per actor (`key:<id>` or `user:<id>`): one atomic upsert increments and returns the window's count;
// a call past the limit is refused with TOO_MANY_REQUESTS and the seconds until the window ends.
// Each procedure of a batched request passes here, so a batch counts every call.
import { sql } from "drizzle-orm";
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

export async function consumeRateLimit(db: Db, key: string, limit: number, now = new Date()): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const expiresAt = new Date(windowStart.getTime() + 2 * WINDOW_MS);
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into rate_limit_buckets (key, window_start, count, expires_at)
        values (${key}, ${windowStart.toISOString()}, 1, ${expiresAt.toISOString()})
        on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
        returning count`,
  );
  if ((row?.count ?? 0) > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
    throw new AppError("TOO_MANY_REQUESTS", `Rate limit of ${limit} requests per minute reached; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}
