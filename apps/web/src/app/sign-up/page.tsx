// `/sign-up`: a new account with its first tenant (the person becomes its owner). Variants:
//   ?callbackUrl=/invite/<token>  an account only — the invitation adds the membership afterwards;
//   ?newTenant=1 while signed in  another tenant for the signed-in user, no new account.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@frontdesk/api";
import { mailEnv } from "@/env";
import { timeZoneOptions } from "@/lib/time-zones";
import { currentUserId } from "@/server/auth";
import { safeCallbackUrl } from "../sign-in/callback-url";
import { SignUpForm } from "./sign-up-form";
import type { SignUpMode } from "./state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign up" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const COPY: Record<SignUpMode, { title: string; intro: string }> = {
  "account-and-tenant": {
    title: "Create your Frontdesk account",
    intro:
      "Set up your account and your first tenant. You will be its owner and can invite your team.",
  },
  account: {
    title: "Create an account to join",
    intro:
      "Create your account with the email address the invitation was sent to. Once you have verified the address, sign in to accept it.",
  },
  tenant: {
    title: "Create a tenant",
    intro: "A separate workspace with its own data, members and API keys. You will be its owner.",
  },
};

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const callbackUrl = await safeCallbackUrl(first(params.callbackUrl));
  const signedIn = (await currentUserId()) !== null;
  const wantsTenant = first(params.newTenant) === "1";
  if (signedIn && !wantsTenant) redirect(callbackUrl);

  const mode: SignUpMode = signedIn
    ? "tenant"
    : callbackUrl.startsWith("/invite/")
      ? "account"
      : "account-and-tenant";
  const copy = COPY[mode];
  const signInHref =
    callbackUrl === "/"
      ? "/sign-in"
      : `/sign-in?${new URLSearchParams({ callbackUrl }).toString()}`;

  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="w-full max-w-md rounded-lg border bg-card p-8 shadow-xs">
        <h1>{copy.title}</h1>
        <p className="mt-2 text-sm text-muted-foreground">{copy.intro}</p>
        <SignUpForm
          mode={mode}
          callbackUrl={callbackUrl}
          timeZones={timeZoneOptions()}
          passwordMinLength={PASSWORD_MIN_LENGTH}
          passwordMaxLength={PASSWORD_MAX_LENGTH}
          devMailbox={mailEnv.smtpUrl === undefined}
        />
        <p className="mt-6 text-center text-sm">
          {mode === "tenant" ? (
            <Link href={callbackUrl === "/" ? "/" : callbackUrl}>Back to the console</Link>
          ) : (
            <>
              Already have an account? <Link href={signInHref}>Sign in</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
