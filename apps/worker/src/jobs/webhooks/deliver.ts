// Delivers outbound webhook events. Requests write the events and their deliveries in their own
// transaction (packages/api/src/webhooks/emit.ts); this job sends what is due, across tenants, and
// records each attempt (packages/api/src/webhooks/dispatch.ts). The worker also runs it every
// second (pollIntervalMs) so a delivery does not wait for the cron, and the cron keeps it going if
// polling stalls. Safe to run concurrently: claims use FOR UPDATE SKIP LOCKED and a lease.
import { deliverDue } from "@frontdesk/api";
import type { JobHandler } from "../types";

export const queue = "webhooks.deliver";
export const cron = "* * * * *";
export const pollIntervalMs = 1000;

/** A run stops taking new rounds after this long, so one run cannot hold the queue for the whole minute. */
const RUN_BUDGET_MS = 45_000;

export const handler: JobHandler = async ({ db, logger, webhooks }) => {
  const started = Date.now();
  let attempted = 0;
  let succeeded = 0;
  for (;;) {
    const round = await deliverDue(db, webhooks);
    attempted += round.attempted;
    succeeded += round.succeeded;
    if (round.attempted === 0 || Date.now() - started > RUN_BUDGET_MS) break;
  }
  if (attempted > 0)
    logger.info({ attempted, succeeded, failed: attempted - succeeded }, "webhooks delivered");
};
