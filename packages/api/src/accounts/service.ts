// The account lifecycle behind the console's public pages and Settings → Account: sign-up that
// never says whether an address has an account, address verification, password reset, and password
// and address changes that end the user's other sessions and tell the address.
//
// Callers pass the database OWNER connection: none of this belongs to a tenant, and the people on
// these pages have no session (or a session, but no tenant transaction). Every message goes through
// enqueueEmail in the same transaction as the change that causes it, so a change that rolls back
// sends nothing and a committed one is never lost. Tokens are one-time (see ./tokens).
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { hashPassword, queryRows, users, verifyPassword, type Db } from "@frontdesk/db";
import { enqueueEmail } from "../email/enqueue";
import { AppError } from "../errors";
import { maskEmail } from "../platform/members/invitation-preview";
import { insertOwnedTenant } from "../platform/tenant/create";
import { endAllSessions, endOtherSessions, type SessionClaims } from "../sessions";
import { beginSignInAttempt, forgiveSignInAttempts, signInAccountKey } from "../sign-in-limit";
import {
  changeEmailInput,
  changePasswordInput,
  emailAddress,
  resetPasswordInput,
  signUpInput,
  type ChangeEmailInput,
  type ChangePasswordInput,
  type ResetPasswordInput,
  type SignUpInput,
} from "./schemas";
import {
  hashAccountToken,
  isAccountTokenShape,
  issueAccountToken,
  spendAccountToken,
  tokensSentLastHour,
  voidAccountTokens,
} from "./tokens";

/** Links (or notices) one address gets per kind and hour, whoever asks: mail bombing stops here. */
export const MESSAGES_PER_ADDRESS_PER_HOUR = 3;

const INVALID_LINK =
  "This link is invalid, has expired or was already used. Ask for a new one and use the newest link.";

/** Zod's first complaint as BAD_REQUEST (the pages validate first, with the same schemas). */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "input";
  throw new AppError("BAD_REQUEST", `Invalid ${field}: ${issue?.message ?? "check the form"}`);
}

type UserRow = {
  id: string;
  email: string;
  password_hash: string | null;
  email_verified_at: Date | string | null;
};

async function userByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await queryRows<UserRow>(
    db,
    sql`select id, email, password_hash, email_verified_at from users where lower(email) = ${email} limit 1`,
  );
  return row ?? null;
}

async function userById(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await queryRows<UserRow>(
    db,
    sql`select id, email, password_hash, email_verified_at from users where id = ${id}::uuid`,
  );
  return row ?? null;
}

/** Account-exists notices sent to `email` in the last hour (they have no token to count). */
async function noticesLastHour(db: Db, email: string, now: Date): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from email_messages
        where tenant_id is null and template = 'account-exists' and lower(to_address) = ${email}
          and created_at > ${new Date(now.getTime() - 3600_000).toISOString()}::timestamptz`,
  );
  return row?.n ?? 0;
}

/**
 * Sign-up. Answers nothing: whether the address is new or already has an account, the caller shows
 * the same "check your email" page. A new address gets an unverified account (with its first tenant
 * unless `tenant` is null) and a verification link; an existing one gets no new account and an
 * "you already have an account" notice instead. Both paths hash the password and write one message
 * in one transaction, so their timing has the same shape.
 */
export async function signUp(db: Db, input: SignUpInput, now = new Date()): Promise<void> {
  const { account, tenant, next } = parse(signUpInput, input);
  // argon2id is deliberately slow: hash before the transaction holds any lock (both paths do it).
  const passwordHash = await hashPassword(account.password);
  await db.transaction(async (tx) => {
    // users_email_key is unique on lower(email): a concurrent sign-up inserts nothing here.
    const [created] = await tx
      .insert(users)
      .values({ email: account.email, name: account.name, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!created) {
      const existing = await userByEmail(tx, account.email);
      if (!existing) return;
      if ((await noticesLastHour(tx, account.email, now)) >= MESSAGES_PER_ADDRESS_PER_HOUR) return;
      await enqueueEmail(tx, {
        to: existing.email,
        template: "account-exists",
        props: { verified: existing.email_verified_at !== null },
      });
      return;
    }
    const made = tenant ? await insertOwnedTenant(tx, created.id, tenant, true) : null;
    const token = await issueAccountToken(tx, {
      userId: created.id,
      purpose: "verify_email",
      email: account.email,
      now,
    });
    await enqueueEmail(tx, {
      to: account.email,
      template: "verify-email",
      props: { token, tenantName: made ? tenant?.tenantName : null, next },
    });
  });
}

/**
 * A new verification link for `email`, if it has an account that is not verified yet and got fewer
 * than MESSAGES_PER_ADDRESS_PER_HOUR links this hour. Says nothing either way.
 */
export async function resendVerification(db: Db, email: unknown, now = new Date()): Promise<void> {
  const address = emailAddress.safeParse(email);
  if (!address.success) return;
  await db.transaction(async (tx) => {
    const user = await userByEmail(tx, address.data);
    if (!user || user.email_verified_at !== null) return;
    if (
      (await tokensSentLastHour(tx, user.id, "verify_email", now)) >= MESSAGES_PER_ADDRESS_PER_HOUR
    )
      return;
    const token = await issueAccountToken(tx, {
      userId: user.id,
      purpose: "verify_email",
      email: user.email,
      now,
    });
    await enqueueEmail(tx, { to: user.email, template: "verify-email", props: { token } });
  });
}

export type VerifiedLink =
  | { kind: "verified"; userId: string }
  | { kind: "email-changed"; userId: string; sessionKept: boolean };

/**
 * Opens a verification link: a sign-up's (the address becomes verified) or an address change's (the
 * new address replaces the old one, verified; the old one is told; every other session ends — the
 * session opening the link is kept when it is that user's). Throws NOT_FOUND for a bad, used or
 * expired link, CONFLICT when the new address has meanwhile become another account's.
 */
export async function openVerificationLink(
  db: Db,
  token: string,
  session: SessionClaims | null = null,
  now = new Date(),
): Promise<VerifiedLink> {
  return db.transaction(async (tx) => {
    const spent = await spendAccountToken(tx, token, ["verify_email", "change_email"], now);
    if (!spent) throw new AppError("NOT_FOUND", INVALID_LINK);
    if (spent.purpose === "verify_email") {
      // Only while the account still has the address the link was sent to.
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`update users set email_verified_at = coalesce(email_verified_at, ${now.toISOString()}::timestamptz)
            where id = ${spent.userId}::uuid and lower(email) = lower(${spent.email})
            returning id`,
      );
      if (rows.length === 0) throw new AppError("NOT_FOUND", INVALID_LINK);
      return { kind: "verified", userId: spent.userId };
    }

    const user = await userById(tx, spent.userId);
    if (!user) throw new AppError("NOT_FOUND", INVALID_LINK);
    const taken = await queryRows<{ id: string }>(
      tx,
      sql`select id from users where lower(email) = lower(${spent.email}) and id <> ${user.id}::uuid`,
    );
    if (taken.length > 0) {
      throw new AppError(
        "CONFLICT",
        "This address belongs to another account now, so it cannot become yours. Choose another one in Settings → Account.",
      );
    }
    await tx.execute(
      sql`update users set email = ${spent.email}, email_verified_at = ${now.toISOString()}::timestamptz
          where id = ${user.id}::uuid`,
    );
    const keep = session && session.userId === user.id ? session : null;
    if (keep) await endOtherSessions(tx, keep);
    else await endAllSessions(tx, user.id);
    // Links sent to the old address, or for another new one, are stale now.
    await voidAccountTokens(tx, user.id, ["verify_email", "reset_password", "change_email"], now);
    await enqueueEmail(tx, {
      to: user.email,
      template: "email-changed",
      props: { changedAt: now.toISOString(), newAddressHint: maskEmail(spent.email) },
    });
    return { kind: "email-changed", userId: user.id, sessionKept: keep !== null };
  });
}

/**
 * "Forgot password": a reset link to `email` if it has an account (with fewer than
 * MESSAGES_PER_ADDRESS_PER_HOUR links this hour); earlier links stop working. Says nothing either way.
 */
export async function requestPasswordReset(
  db: Db,
  email: unknown,
  now = new Date(),
): Promise<void> {
  const address = emailAddress.safeParse(email);
  if (!address.success) return;
  await db.transaction(async (tx) => {
    const user = await userByEmail(tx, address.data);
    if (!user) return;
    if (
      (await tokensSentLastHour(tx, user.id, "reset_password", now)) >=
      MESSAGES_PER_ADDRESS_PER_HOUR
    )
      return;
    await voidAccountTokens(tx, user.id, ["reset_password"], now);
    const token = await issueAccountToken(tx, {
      userId: user.id,
      purpose: "reset_password",
      email: user.email,
      now,
    });
    await enqueueEmail(tx, { to: user.email, template: "password-reset", props: { token } });
  });
}

/** True when `token` is a reset link that can still be used (the reset page's first look). */
export async function resetLinkIsUsable(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!isAccountTokenShape(token)) return false;
  const rows = await queryRows<{ ok: number }>(
    db,
    sql`select 1 as ok from account_tokens
        where token_hash = ${hashAccountToken(token)}
          and purpose = 'reset_password' and used_at is null
          and expires_at > ${now.toISOString()}::timestamptz`,
  );
  return rows.length > 0;
}

/**
 * Sets a new password through a reset link. The link proves the address, so an unverified account
 * becomes verified; every session of the account ends, its sign-in failures are forgiven, and the
 * address is told. NOT_FOUND for a bad, used or expired link.
 */
export async function resetPassword(
  db: Db,
  input: ResetPasswordInput,
  now = new Date(),
): Promise<{ userId: string }> {
  const { token, password } = parse(resetPasswordInput, input);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const spent = await spendAccountToken(tx, token, ["reset_password"], now);
    if (!spent) throw new AppError("NOT_FOUND", INVALID_LINK);
    const rows = await queryRows<{ id: string; email: string }>(
      tx,
      sql`update users set password_hash = ${passwordHash},
            email_verified_at = coalesce(email_verified_at, ${now.toISOString()}::timestamptz)
          where id = ${spent.userId}::uuid and lower(email) = lower(${spent.email})
          returning id, email`,
    );
    const user = rows[0];
    if (!user) throw new AppError("NOT_FOUND", INVALID_LINK);
    await endAllSessions(tx, user.id);
    await voidAccountTokens(tx, user.id, ["reset_password"], now);
    await tx.execute(
      sql`delete from sign_in_failures where account_key = ${signInAccountKey(user.email)}`,
    );
    await enqueueEmail(tx, {
      to: user.email,
      template: "password-changed",
      props: { changedAt: now.toISOString(), via: "reset" },
    });
    return { userId: user.id };
  });
}

/**
 * Checks the signed-in user's current password, counted by the per-account sign-in limit like a
 * sign-in (a stolen session cannot guess its way to the password either).
 */
async function checkCurrentPassword(db: Db, user: UserRow, password: string): Promise<void> {
  if (!user.password_hash) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Your account has no password yet (it signs in with another provider). Set one with “Forgot password” on the sign-in page.",
    );
  }
  const attempt = await beginSignInAttempt(db, user.email);
  if (!attempt.allowed) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many wrong passwords for this account; try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes`,
      { retryAfterSeconds: attempt.retryAfterSeconds },
    );
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new AppError("BAD_REQUEST", "The current password is incorrect");
  }
  await forgiveSignInAttempts(db, user.email);
}

/**
 * Settings → Account: a new password for the signed-in user. Needs the current one; ends every
 * other session of the account (this one, `session`, stays signed in), voids reset links and tells
 * the address.
 */
export async function changePassword(
  db: Db,
  session: SessionClaims,
  input: ChangePasswordInput,
  now = new Date(),
): Promise<void> {
  const { currentPassword, newPassword } = parse(changePasswordInput, input);
  const user = await userById(db, session.userId);
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists; sign in again");
  await checkCurrentPassword(db, user, currentPassword);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    // Only over the password just checked: of two concurrent changes, one wins and one is refused.
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`update users set password_hash = ${passwordHash}
          where id = ${user.id}::uuid and password_hash = ${user.password_hash}
          returning id`,
    );
    if (rows.length === 0)
      throw new AppError("CONFLICT", "Your password was just changed elsewhere; sign in again");
    await endOtherSessions(tx, session);
    await voidAccountTokens(tx, user.id, ["reset_password"], now);
    await enqueueEmail(tx, {
      to: user.email,
      template: "password-changed",
      props: { changedAt: now.toISOString(), via: "settings" },
    });
  });
}

/**
 * Settings → Account: asks to change the signed-in user's address. Needs the current password;
 * nothing changes until the link sent to the NEW address is opened (openVerificationLink). Earlier
 * pending changes are voided. Whether the new address already has an account is not revealed here.
 */
export async function requestEmailChange(
  db: Db,
  session: SessionClaims,
  input: ChangeEmailInput,
  now = new Date(),
): Promise<{ pendingEmail: string }> {
  const { newEmail, currentPassword } = parse(changeEmailInput, input);
  const user = await userById(db, session.userId);
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists; sign in again");
  if (user.email.toLowerCase() === newEmail)
    throw new AppError("BAD_REQUEST", "That is already your address");
  await checkCurrentPassword(db, user, currentPassword);
  await db.transaction(async (tx) => {
    if (
      (await tokensSentLastHour(tx, user.id, "change_email", now)) >= MESSAGES_PER_ADDRESS_PER_HOUR
    ) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        "Too many address changes this hour; use the newest link, or try again later",
        { retryAfterSeconds: 3600 },
      );
    }
    await voidAccountTokens(tx, user.id, ["change_email"], now);
    const token = await issueAccountToken(tx, {
      userId: user.id,
      purpose: "change_email",
      email: newEmail,
      now,
    });
    await enqueueEmail(tx, { to: newEmail, template: "email-change-verify", props: { token } });
  });
  return { pendingEmail: newEmail };
}

export interface AccountSummary {
  email: string;
  name: string | null;
  emailVerifiedAt: Date | null;
  hasPassword: boolean;
  /** The address a change waits to be confirmed for, if any. */
  pendingEmail: string | null;
}

/** What Settings → Account shows about the signed-in user. */
export async function accountSummary(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<AccountSummary | null> {
  const [row] = await queryRows<{
    email: string;
    name: string | null;
    email_verified_at: Date | string | null;
    has_password: boolean;
    pending_email: string | null;
  }>(
    db,
    sql`select u.email, u.name, u.email_verified_at, u.password_hash is not null as has_password,
          (select t.email from account_tokens t
            where t.user_id = u.id and t.purpose = 'change_email' and t.used_at is null
              and t.expires_at > ${now.toISOString()}::timestamptz
            order by t.created_at desc limit 1) as pending_email
        from users u where u.id = ${userId}::uuid`,
  );
  if (!row) return null;
  return {
    email: row.email,
    name: row.name,
    emailVerifiedAt: row.email_verified_at === null ? null : new Date(row.email_verified_at),
    hasPassword: row.has_password,
    pendingEmail: row.pending_email,
  };
}
