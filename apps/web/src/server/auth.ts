// Auth.js (next-auth v5) for the console: email + password against users.password_hash (argon2id),
// plus GitHub / Google when their env vars are set. Sessions are JWTs in an encrypted cookie (the
// credentials provider only works with JWT sessions); the Drizzle adapter still stores OAuth users
// and their accounts in our own tables. The console never trusts the session for tenancy: the API
// checks the tenant in the URL against memberships and the policy map on every call.
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { verify } from "@node-rs/argon2";
import { beginSignInAttempt, describeErrorForLog, forgiveSignInAttempts } from "@frontdesk/api";
import { accounts, hashPassword, queryRows, sessions, users, verificationTokens } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { env, oauthEnv } from "@/env";
import { clientIp } from "./client-ip";
import { getDatabase } from "./database";
import { logger } from "./logger";
import { consumeSignInAttempt, signInRateLimitKey } from "./sign-in-rate-limit";

const MAX_EMAIL_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shown on the sign-in page as `?code=rate_limited`. */
class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
}

/** Shown on the sign-in page as `?code=account_locked`: the per-account limit, from any address. */
class AccountCoolingDown extends CredentialsSignin {
  override code = "account_locked";
}

// Verifying against a real hash when the email is unknown keeps the response time the same, so
// timing does not tell which emails have accounts.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("frontdesk-no-such-user");
  return dummyHash;
}

function field(value: unknown, max: number): string | null {
  return typeof value === "string" && value.length > 0 && value.length <= max ? value : null;
}

async function authorize(credentials: Partial<Record<"email" | "password", unknown>>, request: Request) {
  const email = field(credentials.email, MAX_EMAIL_LENGTH)?.trim().toLowerCase();
  const password = field(credentials.password, MAX_PASSWORD_LENGTH);
  if (!email || !password) return null;

  const database = await getDatabase();
  const allowed = await consumeSignInAttempt(database.db, signInRateLimitKey(email, clientIp(request.headers)));
  if (!allowed) throw new TooManyAttempts();
  // Counted as a failure until the password proves right, so parallel guesses count too.
  const attempt = await beginSignInAttempt(database.db, email);
  if (!attempt.allowed) throw new AccountCoolingDown();

  const [user] = await queryRows<{ id: string; email: string; name: string | null; image: string | null; password_hash: string | null }>(
    database.db,
    sql`select id, email, name, image, password_hash from users where lower(email) = ${email} limit 1`,
  );
  const hash = user?.password_hash ?? (await dummyPasswordHash());
  let ok = false;
  try {
    ok = await verify(hash, password);
  } catch (error) {
    // A malformed stored hash is an operator problem, not the user's: log it, refuse the sign-in.
    logger.error({ err: describeErrorForLog(error) }, "password hash could not be verified");
  }
  if (!ok || !user?.password_hash) return null;
  await forgiveSignInAttempts(database.db, email);
  return { id: user.id, email: user.email, name: user.name, image: user.image };
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
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    // Self-hosted behind server.ts or a proxy: the Host header names this deployment (AUTH_URL,
    // when set, takes precedence).
    trustHost: true,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: providers(),
    callbacks: {
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
});

/** The signed-in user's id (a users.id UUID), or null. */
export async function currentUserId(): Promise<string | null> {
  const session = await auth();
  const id = session?.user?.id;
  return id && UUID.test(id) ? id : null;
}
