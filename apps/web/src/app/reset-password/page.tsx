// `/reset-password?token=`: where a reset link lands. Shows the new-password form while the link
// can still be used (once, for an hour); setting the password signs the account out everywhere.
import type { Metadata } from "next";
import Link from "next/link";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, resetLinkIsUsable } from "@frontdesk/api";
import { PublicCard } from "@/components/public-card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { getDatabase } from "@/server/database";
import { chooseNewPassword } from "./actions";

export const dynamic = "force-dynamic";
// The token is in the URL: never hand it to another site in a Referer header.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const FORM_ERRORS: Record<string, string> = {
  password: `Use ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
  mismatch: "The two passwords are not the same.",
  failed: "Something went wrong. Try again in a moment.",
};

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  if (first(params.done) === "1") {
    return (
      <PublicCard title="Your password was changed">
        <p role="status">
          Every session of your account was signed out. Sign in with the new password.
        </p>
        <Link href="/sign-in" className="font-medium">
          Sign in
        </Link>
      </PublicCard>
    );
  }
  const token = first(params.token) ?? "";
  const error = first(params.error);
  const usable = error !== "invalid" && (await resetLinkIsUsable((await getDatabase()).db, token));
  if (!usable) {
    return (
      <PublicCard title="This link cannot be used">
        <p role="alert">
          This reset link is invalid, has expired or was already used. Links work once, for one
          hour, and only the newest one works.
        </p>
        <Link href="/forgot-password" className="font-medium">
          Get a new link
        </Link>
      </PublicCard>
    );
  }
  const message = error ? (FORM_ERRORS[error] ?? FORM_ERRORS.failed) : null;
  return (
    <PublicCard title="Choose a new password">
      {message ? (
        <p
          id="reset-error"
          role="alert"
          className="rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
        >
          {message}
        </p>
      ) : null}
      <form action={chooseNewPassword} className="grid gap-3">
        <input type="hidden" name="token" value={token} />
        <div className="grid gap-1.5">
          <Label htmlFor="password">New password</Label>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={PASSWORD_MAX_LENGTH}
            aria-describedby="password-hint"
          />
          <p id="password-hint" className="text-xs text-muted-foreground">
            At least {PASSWORD_MIN_LENGTH} characters. Every session of your account will be signed
            out.
          </p>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="confirmPassword">Repeat the new password</Label>
          <Input
            id="confirmPassword"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={PASSWORD_MAX_LENGTH}
          />
        </div>
        <Button type="submit">Set new password</Button>
      </form>
    </PublicCard>
  );
}
