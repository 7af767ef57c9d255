// `/email/unsubscribe?token=…`: the link every booking notice carries. Opening it changes nothing (mail
// scanners open links); the button records the opt-out for that tenant and address. Mail clients'
// one-click unsubscribe (RFC 8058) POSTs to /api/email/unsubscribe instead.
import type { Metadata } from "next";
import { MAX_LINK_TOKEN_LENGTH, verifyLink } from "@frontdesk/api";
import { Button } from "@/components/ui/button";
import { mailEnv } from "@/env";
import { unsubscribe } from "./actions";

export const dynamic = "force-dynamic";
// The token is in the URL: never hand it to another site in a Referer header.
export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const raw = Array.isArray(params.token) ? params.token[0] : params.token;
  const token = raw && raw.length <= MAX_LINK_TOKEN_LENGTH ? raw : "";
  const done = params.done === "1";
  const valid = token !== "" && verifyLink(mailEnv.linkSecret, token, "unsubscribe") !== null;
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="grid w-full max-w-md gap-4 rounded-lg border bg-card p-8 shadow-xs">
        <h1>{done ? "You are unsubscribed" : "Unsubscribe from booking notices"}</h1>
        {!valid ? (
          <p role="alert">
            This unsubscribe link is not valid. Use the link in the most recent message you
            received.
          </p>
        ) : done ? (
          <p role="status">
            You will get no more booking confirmations, changes or reminders from this sender.
          </p>
        ) : (
          <form action={unsubscribe} className="grid gap-4">
            <p>
              Stop booking confirmations, changes and reminders from this sender to your address?
            </p>
            <input type="hidden" name="token" value={token} />
            <Button type="submit">Unsubscribe</Button>
          </form>
        )}
      </div>
    </main>
  );
}
