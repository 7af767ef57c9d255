// Auth.js (next-auth v5) for the console: email + password against users.password_hash (argon2id),
// plus GitHub / Google when their env vars are set. Sessions are JWTs in an encrypted cookie (the
// credentials provider only works with JWT sessions); the Drizzle adapter still stores OAuth users
// and their accounts in our own tables. The console never trusts the session for tenancy: the API
// checks the tenant in the URL against memberships and the policy map on every call.
import { randomUUID } from "node:crypto";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import {
  beginSignInAttempt,
  checkCredentials,
  currentSessionVersion,
  forgiveSignInAttempts,
  revokeSession,
  sessionIsCurrent,
  type SessionClaims,
} from "@frontdesk/api";
import { accounts, sessions, users, verificationTokens, isUuid } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { cache } from "react";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { env, oauthEnv } from "@/env";
import { clientIp } from "./client-ip";
import { getDatabase } from "./database";
import { oauthEmailVerified } from "./oauth-email";
import { consumeSignInAttempt, signInRateLimitKey } from "./sign-in-rate-limit";

const MAX_EMAIL_LENGTH = 320;
const SESSION_MAX_AGE_S = 8 * 60 * 60;
const MAX_PASSWORD_LENGTH = 1024;

declare module "next-auth" {
  interface Session {
    /** This session's own id (a sign-out revokes it) and the user's session version at sign-in. */
    sessionId?: string;
    sessionVersion?: number;
  }
}

/** The claims a session must carry to be honoured; a cookie from before they existed has none. */
function claimsOf(
  value: { sub?: unknown; sid?: unknown; sv?: unknown } | null | undefined,
): SessionClaims | null {
  if (!value) return null;
  const { sub, sid, sv } = value;
  if (typeof sub !== "string" || !isUuid(sub) || typeof sid !== "string" || !isUuid(sid))
    return null;
  if (typeof sv !== "number" || !Number.isSafeInteger(sv)) return null;
  return { userId: sub, sessionId: sid, sessionVersion: sv };
}

/** Shown on the sign-in page as `?code=rate_limited`. */
class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
}

/** Shown on the sign-in page as `?code=account_locked`: the per-account limit, from any address. */
class AccountCoolingDown extends CredentialsSignin {
  override code = "account_locked";
}

/**
 * Shown on the sign-in page as `?code=email_unverified`: the password was right, but the address
 * was never verified. Only someone who knows the password ever sees it.
 */
class EmailNotVerified extends CredentialsSignin {
  override code = "email_unverified";
}

function field(value: unknown, max: number): string | null {
  return typeof value === "string" && value.length > 0 && value.length <= max ? value : null;
}

async function authorize(
  credentials: Partial<Record<"email" | "password", unknown>>,
  request: Request,
) {
  const email = field(credentials.email, MAX_EMAIL_LENGTH)?.trim().toLowerCase();
  const password = field(credentials.password, MAX_PASSWORD_LENGTH);
  if (!email || !password) return null;

  const database = await getDatabase();
  const allowed = await consumeSignInAttempt(
    database.db,
    signInRateLimitKey(email, clientIp(request.headers)),
  );
  if (!allowed) throw new TooManyAttempts();
  // Counted as a failure until the password proves right, so parallel guesses count too.
  const attempt = await beginSignInAttempt(database.db, email);
  if (!attempt.allowed) throw new AccountCoolingDown();

  // checkCredentials verifies against a real hash when the email is unknown, so timing does not
  // tell which emails have accounts.
  const checked = await checkCredentials(database.db, email, password);
  if (checked.status === "invalid") return null;
  await forgiveSignInAttempts(database.db, email);
  if (checked.status === "unverified") throw new EmailNotVerified();
  return checked.user;
}

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize,
    }),
  ];
  if (oauthEnv.github) list.push(GitHub(oauthEnv.github));
  if (oauthEnv.google) list.push(Google(oauthEnv.google));
  return list;
}

/** The OAuth providers switched on by the environment, for the sign-in page's buttons. */
export function oauthProviders(): { id: "github" | "google"; name: string }[] {
  const list: { id: "github" | "google"; name: string }[] = [];
  if (oauthEnv.github) list.push({ id: "github", name: "GitHub" });
  if (oauthEnv.google) list.push({ id: "google", name: "Google" });
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(async (): Promise<NextAuthConfig> => {
  const database = await getDatabase();
  return {
    adapter: DrizzleAdapter(database.db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    secret: env.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    // Self-hosted behind server.ts or a proxy: the Host header names this deployment (AUTH_URL,
    // when set, takes precedence).
    trustHost: true,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: providers(),
    callbacks: {
      // OAuth: only an address the provider says it verified may sign in (or create an account);
      // otherwise holding a provider account with someone's address would be holding their account.
      async signIn({ account, profile }) {
        if (!account || (account.type !== "oauth" && account.type !== "oidc")) return true;
        const verified = await oauthEmailVerified(account, profile);
        return verified ? true : "/sign-in?error=CredentialsSignin&code=oauth_email_unverified";
      },
      // At sign-in (and only then: `user` is set) the session gets its own id and the user's
      // current session version; both are checked against the database whenever it is used.
      async jwt({ token, user, account, profile }) {
        if (user?.id && account && (account.type === "oauth" || account.type === "oidc")) {
          // The signIn callback let this through only for an address the provider verified.
          const email =
            typeof profile?.email === "string" ? profile.email.trim().toLowerCase() : null;
          if (email) {
            await database.db.execute(
              sql`update users set email_verified_at = coalesce(email_verified_at, now())
                  where id = ${user.id}::uuid and lower(email) = ${email}`,
            );
          }
        }
        if (user?.id) {
          token.sid = randomUUID();
          token.sv = (await currentSessionVersion(database.db, user.id)) ?? -1;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        if (typeof token.sid === "string") session.sessionId = token.sid;
        if (typeof token.sv === "number") session.sessionVersion = token.sv;
        return session;
      },
    },
    events: {
      // A sign-out ends this session server-side too: the cookie it deletes could have been copied.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const claims = claimsOf(token);
        if (!claims) return;
        const expiresAt =
          typeof token?.exp === "number"
            ? new Date(token.exp * 1000)
            : new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
        await revokeSession(database.db, claims.sessionId, expiresAt);
      },
    },
  };
});

// Once per request (React's cache): a page, its layout and its prefetches share one check.
const currentSession = cache(async (): Promise<SessionClaims | null> => {
  const session = await auth();
  const claims = claimsOf(
    session ? { sub: session.user?.id, sid: session.sessionId, sv: session.sessionVersion } : null,
  );
  if (!claims) return null;
  const database = await getDatabase();
  return (await sessionIsCurrent(database.db, claims)) ? claims : null;
});

/**
 * The signed-in user's id (a users.id UUID), or null — also when the session was signed out, ended
 * by "sign out everywhere", or issued before sessions carried their id and version.
 */
export async function currentUserId(): Promise<string | null> {
  return (await currentSession())?.userId ?? null;
}

/** The current session's claims (for a change that ends the user's OTHER sessions), or null. */
export async function currentSessionClaims(): Promise<SessionClaims | null> {
  return currentSession();
}
