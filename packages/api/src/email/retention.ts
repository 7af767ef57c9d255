// What an email row keeps of its recipient over time. The address is needed to send a message and,
// for a dead one, to send it again; after that it is only a growing list of attendees' addresses.
// Delivery through SMTP erases it at once (deliver.ts); this pass, run daily by the worker's
// retention job, erases it from the rest: suppressed messages and messages dead for longer than
// DEAD_EMAIL_GRACE_DAYS (which then cannot be sent again, so their props — which may hold one-time
// link tokens — go too). Rows kept by the development mailbox keep their address until retention
// deletes them: that page is read back by recipient.
import { sql } from "drizzle-orm";
import { queryRows, RECIPIENT_DIGEST_PREFIX, type Db } from "@frontdesk/db";
import { recipientDigest } from "./links";

/** How long a dead message can still be sent again (console, retryDeadEmails) before its address goes. */
export const DEAD_EMAIL_GRACE_DAYS = 7;

/** A literal (not a parameter), so the planner can match email_messages_unredacted_idx. */
export const DIGEST_PATTERN = sql.raw(`'${RECIPIENT_DIGEST_PREFIX}%'`);

export interface EraseOptions {
  batchSize?: number;
  /** Only this tenant's messages (tests sharing a database); otherwise every tenant's and account mail. */
  tenantId?: string;
  /** Overrides DEAD_EMAIL_GRACE_DAYS (tests). */
  deadGraceDays?: number;
}

/**
 * Replaces the address of every settled message that no longer needs it by its keyed digest, in
 * bounded batches (one short statement each). Returns how many it erased. Idempotent.
 */
export async function eraseSettledRecipients(
  db: Db,
  linkSecret: string,
  options: EraseOptions = {},
): Promise<number> {
  const batch = options.batchSize ?? 1000;
  const grace = options.deadGraceDays ?? DEAD_EMAIL_GRACE_DAYS;
  let erased = 0;
  for (;;) {
    const rows = await queryRows<{ id: string; to_address: string }>(
      db,
      sql`select id, to_address from email_messages
          where status <> 'pending' and to_address not like ${DIGEST_PATTERN}
            and (status = 'suppressed'
                 or (status = 'sent' and transport is distinct from 'dev-mailbox')
                 or (status = 'dead' and updated_at < now() - make_interval(days => ${grace}::int)))
            ${options.tenantId ? sql`and tenant_id = ${options.tenantId}::uuid` : sql``}
          order by updated_at, id
          limit ${batch}`,
    );
    if (rows.length === 0) return erased;
    const ids = rows.map((r) => r.id);
    const digests = rows.map((r) => recipientDigest(linkSecret, r.to_address));
    // A dead message sent again meanwhile is pending: left alone.
    const done = await queryRows<{ id: string }>(
      db,
      sql`update email_messages e
          set to_address = v.digest, props = case when e.status = 'dead' then '{}'::jsonb else e.props end
          from unnest(${sql.param(ids)}::uuid[], ${sql.param(digests)}::text[]) as v(id, digest)
          where e.id = v.id and e.status <> 'pending' and e.to_address not like ${DIGEST_PATTERN}
          returning e.id`,
    );
    erased += done.length;
    if (rows.length < batch) return erased;
  }
}
