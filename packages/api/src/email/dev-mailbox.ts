// The development mailbox: with no SMTP_URL, messages are "sent" into the database and this is how
// the console reads them back (newest first). Runs as the owner role: account mail has no tenant.
import { desc, eq, isNotNull, and, type SQL } from "drizzle-orm";
import { emailMessages, type Db } from "@frontdesk/db";

export interface DevMailboxMessage {
  id: string;
  tenantId: string | null;
  template: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  sentAt: Date | null;
}

/** The last `limit` (1..200) messages kept by the development mailbox; only `to` when given. */
export async function listDevMailbox(
  db: Db,
  options: { limit?: number; to?: string } = {},
): Promise<DevMailboxMessage[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const conditions: SQL[] = [
    eq(emailMessages.transport, "dev-mailbox"),
    isNotNull(emailMessages.html),
  ];
  if (options.to) conditions.push(eq(emailMessages.toAddress, options.to));
  const rows = await db
    .select({
      id: emailMessages.id,
      tenantId: emailMessages.tenantId,
      template: emailMessages.template,
      to: emailMessages.toAddress,
      subject: emailMessages.subject,
      html: emailMessages.html,
      text: emailMessages.textBody,
      sentAt: emailMessages.sentAt,
    })
    .from(emailMessages)
    .where(and(...conditions))
    .orderBy(desc(emailMessages.sentAt), desc(emailMessages.id))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    subject: r.subject ?? "",
    html: r.html ?? "",
    text: r.text ?? "",
  }));
}
