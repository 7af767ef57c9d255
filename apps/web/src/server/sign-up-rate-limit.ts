// Sign-ups (and "create another tenant") per client address, on the same PostgreSQL-backed counter as
// sign-in (fixed one-minute windows shared by every server process). Every attempt counts, failed
// ones included, so the form cannot be used to probe many addresses for existing accounts.
import type { Db } from "@frontdesk/db";
import { consumeSignInAttempt } from "./sign-in-rate-limit";

/** A person signs up once; a few retries after typos fit, a script creating accounts does not. */
export const SIGN_UPS_PER_MINUTE = 5;

export function signUpRateLimitKey(ip: string | null): string {
  return `signup:${ip ?? "unknown"}`;
}

/** Counts one attempt; false once the window's limit is passed. */
export function consumeSignUpAttempt(
  db: Db,
  ip: string | null,
  now = new Date(),
): Promise<boolean> {
  return consumeSignInAttempt(db, signUpRateLimitKey(ip), SIGN_UPS_PER_MINUTE, now);
}
