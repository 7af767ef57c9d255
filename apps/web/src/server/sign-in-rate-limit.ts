// Sign-in attempts per (email, client address), counted by the API's rate limiter (fixed one-minute
// windows in PostgreSQL, shared by every server process). The key holds a hash of the email, never
// the address itself.
import { createHash } from "node:crypto";
import { AppError, consumeRateLimit } from "@frontdesk/api";
import type { Db } from "@frontdesk/db";

/** Attempts per minute for one email from one address: generous for typos, useless for guessing. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

export function signInRateLimitKey(email: string, ip: string | null): string {
  const digest = createHash("sha256").update(email.toLowerCase()).digest("base64url");
  return `signin:${digest}:${ip ?? "unknown"}`;
}

/** Counts one attempt; false once the window's limit is passed. */
export async function consumeSignInAttempt(
  db: Db,
  key: string,
  limit = SIGN_IN_ATTEMPTS_PER_MINUTE,
  now = new Date(),
): Promise<boolean> {
  try {
    await consumeRateLimit(db, key, limit, now);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "TOO_MANY_REQUESTS") return false;
    throw error;
  }
}
