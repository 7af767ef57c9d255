// `/forgot-password`: asks for a password reset link. Never says whether the address has an account.
import type { Metadata } from "next";
import Link from "next/link";
import { PublicCard } from "@/components/public-card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { forgotPassword } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Forgot password" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const sent = params.sent === "1";
  const limited = params.error === "rate_limited";
  return (
    <PublicCard title={sent ? "Check your email" : "Reset your password"}>
      {limited ? (
        <p
          role="alert"
          className="rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
        >
          Too many requests from your network. Wait a minute, then try again.
        </p>
      ) : null}
      {sent ? (
        <p role="status">
          If an account uses that address, we sent it a link to choose a new password. The link
          works once, for one hour; asking again replaces it.
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">
          Enter the address you sign in with. We will email you a link to choose a new password.
        </p>
      )}
      <form action={forgotPassword} className="grid gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="email">Email</Label>
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={320}
          />
        </div>
        <Button type="submit">{sent ? "Send another link" : "Send reset link"}</Button>
      </form>
      <p className="text-center text-sm">
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </PublicCard>
  );
}
