import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUserId, oauthProviders } from "@/server/auth";
import { signInWithPassword, signInWithProvider } from "./actions";
import { safeCallbackUrl } from "./callback-url";
import styles from "./sign-in.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What went wrong, in words a user can act on (Auth.js error types and credential codes). */
function errorMessage(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  if (error === "CredentialsSignin") {
    if (code === "email_unverified") {
      return "Your email address is not verified yet, so this account cannot sign in. Open the link we emailed you when you signed up, or get a new one.";
    }
    if (code === "oauth_email_unverified") {
      return "Your sign-in provider has not verified this email address, so it cannot be used here. Verify it with the provider, or sign in with a password.";
    }
    if (code === "rate_limited")
      return "Too many sign-in attempts for this email. Wait a minute, then try again.";
    if (code === "account_locked") {
      return "Sign-in to this account is paused for up to 15 minutes after 10 failed attempts, to protect it from password guessing. Wait, then try again with the right password.";
    }
    return "The email or password is incorrect.";
  }
  if (error === "OAuthAccountNotLinked") {
    return "This email already has an account that signs in another way. Use that method.";
  }
  if (error === "AccessDenied") return "Access was denied.";
  return "Sign-in failed. Try again in a moment.";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const callbackUrl = await safeCallbackUrl(first(params.callbackUrl));
  if (await currentUserId()) redirect(callbackUrl);

  const message = errorMessage(first(params.error), first(params.code));
  const providers = oauthProviders();

  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <h1>Sign in to Frontdesk</h1>
        {message && (
          <p id="sign-in-error" role="alert" className="alert">
            {message}
            {first(params.code) === "email_unverified" ? (
              <>
                {" "}
                <Link href="/verify-email">Send a new verification link</Link>.
              </>
            ) : null}
          </p>
        )}
        <form action={signInWithPassword} className={styles.form}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <div className={styles.field}>
            <label htmlFor="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              maxLength={320}
              autoFocus
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? "sign-in-error" : undefined}
            />
          </div>
          <div className={styles.field}>
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={1024}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? "sign-in-error" : undefined}
            />
          </div>
          <button type="submit" className="button">
            Sign in
          </button>
        </form>
        <p className={styles.switch}>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
        <p className={styles.switch}>
          New to Frontdesk?{" "}
          <Link
            href={
              callbackUrl === "/"
                ? "/sign-up"
                : `/sign-up?${new URLSearchParams({ callbackUrl }).toString()}`
            }
          >
            Create an account
          </Link>
        </p>
        {providers.length > 0 && (
          <section aria-labelledby="other-ways" className={styles.providers}>
            <h2 id="other-ways" className={styles.divider}>
              Or continue with
            </h2>
            {providers.map((p) => (
              <form key={p.id} action={signInWithProvider}>
                <input type="hidden" name="provider" value={p.id} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <button type="submit" className="button button-secondary">
                  {p.name}
                </button>
              </form>
            ))}
          </section>
        )}
      </div>
      <footer className={styles.footer}>
        Building an integration? <Link href="/docs/api">API reference</Link>
      </footer>
    </main>
  );
}
