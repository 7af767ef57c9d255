// Delivers queued email. Requests (and the reminder job) write messages in their own transaction
// (packages/api/src/email/enqueue.ts); this job renders and sends what is due, across tenants, with
// retries and dead letters (packages/api/src/email/deliver.ts). The worker also runs it every second
// (pollIntervalMs) so a message does not wait for the cron; the cron keeps it going if polling stalls.
// Safe to run concurrently: claims use FOR UPDATE SKIP LOCKED and a lease.
import { deliverDueEmails } from "@frontdesk/api";
import type { JobHandler } from "../types";

export const queue = "email.deliver";
export const cron = "* * * * *";
export const pollIntervalMs = 1000;

/** A run stops taking new batches after this long, so one run cannot hold the queue for the whole minute. */
const RUN_BUDGET_MS = 45_000;

export const handler: JobHandler = async ({ db, logger, mail }) => {
  const started = Date.now();
  const total = { sent: 0, suppressed: 0, retrying: 0, dead: 0 };
  for (;;) {
    const round = await deliverDueEmails(db, mail.config, mail.transport, { logger });
    total.sent += round.sent;
    total.suppressed += round.suppressed;
    total.retrying += round.retrying;
    total.dead += round.dead;
    const handled = round.sent + round.suppressed + round.retrying + round.dead;
    if (handled === 0 || Date.now() - started > RUN_BUDGET_MS) break;
  }
  if (total.sent + total.suppressed + total.retrying + total.dead > 0)
    logger.info(total, "email delivered");
};
