// The per-account sign-in limit: at most ACCOUNT_FAILURE_LIMIT failed password sign-ins per account
// in any ACCOUNT_FAILURE_WINDOW, whatever address they come from, then a cooldown until the oldest
// of them is that old. It complements the per-(email, address) limit: addresses are cheap for an
// attacker, accounts are what they guess passwords for.
//
// An attempt is recorded as a failure BEFORE the password is checked and forgiven when it succeeds,
// so attempts in flight count too: a burst of parallel guesses cannot all see "9 so far". The
// count-then-record runs under a per-account advisory lock, in one short transaction. Unknown emails
// are limited exactly like real ones, so the limit does not tell which accounts exist.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";

export const ACCOUNT_FAILURE_LIMIT = 10;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60_000;

/** A SHA-256 of the lower-cased, trimmed email: the table never holds the email itself. */
export function signInAccountKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
}

export type SignInAttempt = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Records an attempt for `email` (as a failure until `forgiveSignInAttempt`), or refuses it while
 * the account has ACCOUNT_FAILURE_LIMIT failures in the window.
 */
export async function beginSignInAttempt(
  db: Db,
  email: string,
  now = new Date(),
): Promise<SignInAttempt> {
  const key = signInAccountKey(email);
  const windowStart = new Date(now.getTime() - ACCOUNT_FAILURE_WINDOW_MS).toISOString();
  return db.transaction(async (tx): Promise<SignInAttempt> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${key}`}, 0))`);
    // Failures older than the window no longer count; the table keeps at most the limit per account.
    await tx.execute(
      sql`delete from sign_in_failures where account_key = ${key} and failed_at <= ${windowStart}::timestamptz`,
    );
    const [counted] = await queryRows<{ failures: number; oldest: string | Date | null }>(
      tx,
      sql`select count(*)::int as failures, min(failed_at) as oldest from sign_in_failures where account_key = ${key}`,
    );
    if (counted && counted.failures >= ACCOUNT_FAILURE_LIMIT && counted.oldest !== null) {
      const freeAt = new Date(counted.oldest).getTime() + ACCOUNT_FAILURE_WINDOW_MS;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)),
      };
    }
    await tx.execute(
      sql`insert into sign_in_failures (account_key, failed_at) values (${key}, ${now.toISOString()}::timestamptz)`,
    );
    return { allowed: true };
  });
}

/** The password was right: the account's failures are forgiven (this attempt's included). */
export async function forgiveSignInAttempts(db: Db, email: string): Promise<void> {
  await db.execute(
    sql`delete from sign_in_failures where account_key = ${signInAccountKey(email)}`,
  );
}
