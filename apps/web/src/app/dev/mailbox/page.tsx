// `/dev/mailbox`: the development mailbox. With no SMTP_URL, messages are kept in the database instead
// of being sent; signed-in operators read the last ones here — each rendered in a sandboxed frame
// (no scripts, no same-origin, under this page's CSP), with its plain text and its links.
// Operators: every signed-in account in development; DEV_MAILBOX_OPERATORS in a production build,
// since the mailbox holds other people's one-time links.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { linksOf, listDevMailbox } from "@frontdesk/api";
import { users } from "@frontdesk/db";
import { devMailboxOperators, isProduction, mailEnv } from "@/env";
import { currentUserId } from "@/server/auth";
import { getDatabase } from "@/server/database";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Development mailbox", referrer: "no-referrer" };

async function mayRead(userId: string): Promise<boolean> {
  if (!isProduction) return true;
  const database = await getDatabase();
  const [user] = await database.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  return user !== undefined && devMailboxOperators.has(user.email.trim().toLowerCase());
}

export default async function DevMailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // `?to=<address>` shows that recipient's messages only (the last 50 of everyone's can be too few).
  const rawTo = (await searchParams).to;
  const to = typeof rawTo === "string" && rawTo.length <= 320 ? rawTo.trim().toLowerCase() : "";
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in?callbackUrl=%2Fdev%2Fmailbox");
  if (!(await mayRead(userId))) {
    return (
      <main className="grid min-h-screen place-items-center p-4">
        <p role="alert">
          Only operators read the development mailbox. Add your address to DEV_MAILBOX_OPERATORS.
        </p>
      </main>
    );
  }
  const messages = await listDevMailbox((await getDatabase()).db, {
    limit: 50,
    ...(to ? { to } : {}),
  });
  return (
    <main className="mx-auto grid max-w-4xl gap-6 p-6">
      <header>
        <h1>Development mailbox</h1>
        <p className="text-sm text-muted-foreground">
          {mailEnv.smtpUrl
            ? "SMTP_URL is set: new messages are sent, not kept here. These were kept before."
            : "SMTP_URL is not set, so email is kept here instead of being sent. The last 50 messages, newest first."}
        </p>
      </header>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      {messages.map((m) => (
        <article
          key={m.id}
          className="grid gap-2 rounded-lg border bg-card p-4"
          aria-labelledby={`subject-${m.id}`}
        >
          <h2 id={`subject-${m.id}`} className="text-base font-semibold">
            {m.subject}
          </h2>
          <p className="text-sm text-muted-foreground">
            To {m.to} · {m.template} · {m.sentAt ? m.sentAt.toISOString() : ""}
          </p>
          <iframe
            title={`Message: ${m.subject}`}
            sandbox=""
            srcDoc={m.html}
            className="h-96 w-full rounded border bg-white"
          />
          <ul className="grid gap-1 text-sm">
            {linksOf(m.html).map((href) => (
              <li key={href}>
                <a href={href} className="break-all underline">
                  {href}
                </a>
              </li>
            ))}
          </ul>
          <details>
            <summary className="text-sm">Plain text</summary>
            <pre className="whitespace-pre-wrap break-words text-sm">{m.text}</pre>
          </details>
        </article>
      ))}
    </main>
  );
}
