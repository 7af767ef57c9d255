// One-time account links (verify an address, reset a password, confirm a new address): 32 random
// bytes shown once in the message, stored as their SHA-256 like API keys. A token is spent by a
// single UPDATE … WHERE used_at IS NULL AND expires_at > now() RETURNING: under concurrent use the
// second UPDATE waits for the first's row lock, re-checks `used_at` and matches nothing, so exactly
// one use can succeed.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { accountTokens, queryRows, type AccountTokenPurpose, type Db } from "@frontdesk/db";

/** The shape of a token in a link: anything else is refused before the database is asked. */
const TOKEN_PATTERN = /^[\w-]{43}$/;

export const TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 3600_000,
  reset_password: 3600_000,
  change_email: 24 * 3600_000,
};

export function hashAccountToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function isAccountTokenShape(token: unknown): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}

/**
 * A new token for `userId` in `tx` (the transaction that also enqueues the message carrying it).
 * Returns the token itself: it exists nowhere else once that message is sent.
 */
export async function issueAccountToken(
  tx: Db,
  input: { userId: string; purpose: AccountTokenPurpose; email: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  await tx.insert(accountTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: hashAccountToken(token),
    email: input.email,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]),
  });
  return token;
}

export interface SpentToken {
  id: string;
  userId: string;
  purpose: AccountTokenPurpose;
  email: string;
}

/**
 * Spends `token` if it is one of `purposes`, unused and unexpired; null otherwise (unknown, used,
 * expired, another purpose: indistinguishable). Atomic: of concurrent calls, one gets the row.
 */
export async function spendAccountToken(
  tx: Db,
  token: string,
  purposes: readonly AccountTokenPurpose[],
  now = new Date(),
): Promise<SpentToken | null> {
  if (!isAccountTokenShape(token)) return null;
  const [row] = await queryRows<{
    id: string;
    user_id: string;
    purpose: AccountTokenPurpose;
    email: string;
  }>(
    tx,
    sql`update account_tokens set used_at = ${now.toISOString()}::timestamptz
        where token_hash = ${hashAccountToken(token)}
          and purpose in (${sql.join(
            purposes.map((p) => sql`${p}`),
            sql`, `,
          )})
          and used_at is null and expires_at > ${now.toISOString()}::timestamptz
        returning id, user_id, purpose, email`,
  );
  return row ? { id: row.id, userId: row.user_id, purpose: row.purpose, email: row.email } : null;
}

/** Voids the user's unused tokens of `purpose` (a newer one, or a change that makes them stale). */
export async function voidAccountTokens(
  tx: Db,
  userId: string,
  purposes: readonly AccountTokenPurpose[],
  now = new Date(),
): Promise<void> {
  await tx.execute(
    sql`update account_tokens set used_at = ${now.toISOString()}::timestamptz
        where user_id = ${userId}::uuid and used_at is null
          and purpose in (${sql.join(
            purposes.map((p) => sql`${p}`),
            sql`, `,
          )})`,
  );
}

/** How many tokens of `purpose` the user was sent in the last hour (the per-address limit). */
export async function tokensSentLastHour(
  tx: Db,
  userId: string,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from account_tokens
        where user_id = ${userId}::uuid and purpose = ${purpose}
          and created_at > ${new Date(now.getTime() - 3600_000).toISOString()}::timestamptz`,
  );
  return row?.n ?? 0;
}
