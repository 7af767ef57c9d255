// Requests that make the server send account mail (a new verification link, a password reset) per
// client address, on the same PostgreSQL-backed counter as sign-in (one-minute windows shared by
// every server process). The services add their own per-recipient limit; this one stops a single
// client from walking through many addresses.
import type { Db } from "@frontdesk/db";
import { consumeSignInAttempt } from "./sign-in-rate-limit";

export const ACCOUNT_MAIL_REQUESTS_PER_MINUTE = 5;

export function consumeAccountMailRequest(
  db: Db,
  kind: "verify" | "reset",
  ip: string | null,
  now = new Date(),
): Promise<boolean> {
  return consumeSignInAttempt(
    db,
    `account-mail:${kind}:${ip ?? "unknown"}`,
    ACCOUNT_MAIL_REQUESTS_PER_MINUTE,
    now,
  );
}
