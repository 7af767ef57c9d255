// Whether an OAuth provider vouches for the address it signed someone in with. An account made or
// entered through a provider is only as verified as the provider says its address is: Google puts
// `email_verified` in the ID token's profile; GitHub's profile does not say, so its emails API is
// asked (the `user:email` scope the provider already requests). Anything else counts as unverified.
import type { Account, Profile } from "next-auth";
import { logger } from "./logger";

const GITHUB_EMAILS_URL = "https://api.github.com/user/emails";

export function googleEmailVerified(profile: Profile | undefined): boolean {
  return profile?.email_verified === true && typeof profile.email === "string";
}

/** `emails` is GitHub's /user/emails answer: the address counts when GitHub marks it verified. */
export function githubEmailVerified(emails: unknown, email: unknown): boolean {
  if (!Array.isArray(emails) || typeof email !== "string") return false;
  const wanted = email.trim().toLowerCase();
  return emails.some(
    (entry: unknown) =>
      typeof entry === "object" &&
      entry !== null &&
      "email" in entry &&
      "verified" in entry &&
      typeof entry.email === "string" &&
      entry.email.trim().toLowerCase() === wanted &&
      entry.verified === true,
  );
}

export async function oauthEmailVerified(
  account: Account,
  profile: Profile | undefined,
): Promise<boolean> {
  if (account.provider === "google") return googleEmailVerified(profile);
  if (account.provider === "github") {
    if (!account.access_token) return false;
    try {
      const response = await fetch(GITHUB_EMAILS_URL, {
        headers: {
          authorization: `Bearer ${account.access_token}`,
          accept: "application/vnd.github+json",
          "user-agent": "frontdesk",
        },
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) return false;
      return githubEmailVerified(await response.json(), profile?.email);
    } catch (error) {
      logger.warn({ provider: "github", error: String(error) }, "could not read verified emails");
      return false;
    }
  }
  return false;
}
