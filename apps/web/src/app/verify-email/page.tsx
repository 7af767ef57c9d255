// `/verify-email`: where verification links land (`?token=`, from sign-up or from an address change
// in Settings → Account), and where anyone can ask for a new link. Opening the page changes nothing
// (mail scanners open links); the button does. Answers never say whether an address has an account.
import type { Metadata } from "next";
import Link from "next/link";
import { continuePath } from "@frontdesk/api";
import { PublicCard } from "@/components/public-card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { resend, verifyEmail } from "./actions";

export const dynamic = "force-dynamic";
// The token is in the URL: never hand it to another site in a Referer header.
export const metadata: Metadata = { title: "Verify your email", referrer: "no-referrer" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const ERRORS: Record<string, string> = {
  invalid:
    "This link is invalid, has expired or was already used. Ask for a new one below and use the newest link.",
  taken:
    "This address belongs to another account now, so it cannot become yours. Choose another one in Settings → Account.",
  rate_limited: "Too many requests from your network. Wait a minute, then try again.",
  failed: "Something went wrong. Try again in a moment.",
};

function ResendForm() {
  return (
    <form action={resend} className="grid gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required maxLength={320} />
      </div>
      <Button type="submit">Send a new link</Button>
    </form>
  );
}

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const token = first(params.token);
  const rawNext = first(params.next);
  const next = rawNext && continuePath.safeParse(rawNext).success ? rawNext : null;
  const signInHref = next
    ? `/sign-in?${new URLSearchParams({ callbackUrl: next }).toString()}`
    : "/sign-in";
  const done = first(params.done);
  const error = first(params.error);

  if (done === "verified") {
    return (
      <PublicCard title="Your email address is verified">
        <p role="status">Thank you. You can now sign in with this address.</p>
        <Link href={signInHref} className="font-medium">
          {next?.startsWith("/invite/") ? "Sign in to accept the invitation" : "Sign in"}
        </Link>
      </PublicCard>
    );
  }
  if (done === "changed") {
    return (
      <PublicCard title="Your email address was changed">
        <p role="status">
          Sign in with the new address from now on. Your other sessions were signed out, and the old
          address was told about the change.
        </p>
        <Link href="/" className="font-medium">
          Go to Frontdesk
        </Link>
      </PublicCard>
    );
  }
  if (token && !error) {
    return (
      <PublicCard title="Verify your email address">
        <p>Confirm that this address is yours.</p>
        <form action={verifyEmail}>
          <input type="hidden" name="token" value={token} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <Button type="submit" className="w-full">
            Verify email address
          </Button>
        </form>
      </PublicCard>
    );
  }
  return (
    <PublicCard title={params.sent === "1" ? "Check your email" : "Get a new verification link"}>
      {error ? (
        <p
          role="alert"
          className="rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
        >
          {ERRORS[error] ?? ERRORS.failed}
        </p>
      ) : null}
      {params.sent === "1" ? (
        <p role="status">
          If that address has an account waiting to be verified, a new link is on its way. It works
          for 24 hours; earlier links keep working until then.
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">
          Your account cannot sign in until its address is verified. Enter it and we will send a new
          link.
        </p>
      )}
      <ResendForm />
      <p className="text-center text-sm">
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </PublicCard>
  );
}
