// enqueueEmail: the one way to send an email. It writes a row in the caller's transaction, so a
// change that rolls back sends nothing and a committed one is never lost; the worker's
// `email.deliver` job renders and sends it (SMTP, or the development mailbox) with retries.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { emailMessages, emailOptOuts, type Db } from "@frontdesk/db";
import { addressHash } from "./links";
import { emailTemplates, type EmailProps, type EmailTemplateName } from "./templates";

const address = z.email().max(320);

export interface EnqueueEmail<N extends EmailTemplateName> {
  /** One recipient address. */
  to: string;
  template: N;
  props: EmailProps<N>;
  /** The tenant the message is about (booking notices); omit for account mail. */
  tenantId?: string | null;
  /**
   * Enqueue at most once per tenant under this key (ids only, e.g. `booking-reminder:<id>`): a second
   * enqueue with the same key does nothing and returns null, whatever the concurrency.
   */
  dedupeKey?: string;
}

/**
 * Queues one email in `tx` (the caller's transaction). Returns the message id, or null when nothing
 * was queued: a `dedupeKey` already used, or an opt-out template to an address that opted out.
 * Throws on a bad address or props (a programming error: callers pass validated data).
 */
export async function enqueueEmail<N extends EmailTemplateName>(
  tx: Db,
  email: EnqueueEmail<N>,
): Promise<{ id: string } | null> {
  const template = emailTemplates[email.template];
  const to = address.parse(email.to.trim());
  const props = template.props.parse(email.props) as Record<string, unknown>;
  const tenantId = email.tenantId ?? null;
  let suppressed = false;
  if (template.optOut) {
    if (!tenantId)
      throw new Error(`template ${email.template} needs a tenant (its opt-out is per tenant)`);
    suppressed = await isOptedOut(tx, tenantId, to);
    // Without a dedupe key there is nothing to remember: queue nothing at all.
    if (suppressed && !email.dedupeKey) return null;
  }
  // An opted-out recipient with a dedupe key still gets its (empty, never sent) row, so the key is
  // spent and a scheduler does not pick the same notice again on every run.
  const insert = tx.insert(emailMessages).values({
    tenantId,
    template: email.template,
    toAddress: to,
    props: suppressed ? {} : props,
    status: suppressed ? "suppressed" : "pending",
    dedupeKey: email.dedupeKey ?? null,
  });
  const rows = email.dedupeKey
    ? await insert
        .onConflictDoNothing({
          target: [emailMessages.tenantId, emailMessages.dedupeKey],
          where: sql`dedupe_key is not null`,
        })
        .returning({ id: emailMessages.id })
    : await insert.returning({ id: emailMessages.id });
  return suppressed ? null : (rows[0] ?? null);
}

export async function isOptedOut(db: Db, tenantId: string, to: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(emailOptOuts)
    .where(and(eq(emailOptOuts.tenantId, tenantId), eq(emailOptOuts.addressHash, addressHash(to))))
    .limit(1);
  return row !== undefined;
}
