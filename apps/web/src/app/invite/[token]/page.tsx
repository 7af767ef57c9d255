// `/invite/<token>`: the link an admin shares from Settings → Members. Shows the tenant and the role;
// a signed-in visitor accepts here, anyone else signs in or signs up first and comes back.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { previewInvitation } from "@frontdesk/api";
import { buttonVariants } from "@/components/ui/button";
import { formatDateTime } from "@/components/format";
import { auth, currentUserId } from "@/server/auth";
import { getDatabase } from "@/server/database";
import { AcceptForm } from "./accept-form";
import { signOutForInvite } from "./actions";

export const dynamic = "force-dynamic";
// The token is in the path: never hand it to another site in a Referer header.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const ROLE_TEXT: Record<string, string> = {
  admin: "an admin (manages members, API keys and settings)",
  member: "a member (works with bookings, orders and other data)",
  viewer: "a viewer (read-only)",
  owner: "an owner",
};

function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="grid w-full max-w-md gap-4 rounded-lg border bg-card p-8 shadow-xs">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const database = await getDatabase();
  const [preview, userId] = await Promise.all([
    previewInvitation(database.db, token),
    currentUserId(),
  ]);

  if (preview.status === "invalid") {
    return (
      <Shell title="Invitation not valid">
        <p role="alert">
          This invitation link is invalid or has already been used. Ask an admin of the tenant to
          invite you again.
        </p>
        <Link href="/">Go to Frontdesk</Link>
      </Shell>
    );
  }
  if (preview.status === "expired") {
    return (
      <Shell title="Invitation expired">
        <p role="alert">
          This invitation to <strong>{preview.tenantName}</strong> has expired. Ask one of its
          admins for a new one.
        </p>
        <Link href="/">Go to Frontdesk</Link>
      </Shell>
    );
  }

  const callbackUrl = `/invite/${token}`;
  const query = new URLSearchParams({ callbackUrl }).toString();
  const email = userId ? (await auth())?.user?.email : null;
  return (
    <Shell title={`Join ${preview.tenantName}`}>
      <p>
        You have been invited to <strong>{preview.tenantName}</strong> as{" "}
        {ROLE_TEXT[preview.role] ?? preview.role}.
      </p>
      <p className="text-sm text-muted-foreground">
        Sent to {preview.emailHint}. Expires {formatDateTime(preview.expiresAt, "UTC")} UTC.
      </p>
      {userId ? (
        <>
          <p className="text-sm">
            Signed in as <strong>{email ?? "your account"}</strong>. Accept with the account the
            invitation was sent to.
          </p>
          <AcceptForm token={token} />
          <form action={signOutForInvite}>
            <input type="hidden" name="token" value={token} />
            <button
              type="submit"
              className={buttonVariants({ variant: "outline", className: "w-full" })}
            >
              Sign in with another account
            </button>
          </form>
        </>
      ) : (
        <div className="grid gap-2">
          <Link
            href={`/sign-in?${query}`}
            className={buttonVariants({ className: "no-underline" })}
          >
            Sign in to accept
          </Link>
          <Link
            href={`/sign-up?${query}`}
            className={buttonVariants({ variant: "outline", className: "no-underline" })}
          >
            Create an account
          </Link>
        </div>
      )}
    </Shell>
  );
}
