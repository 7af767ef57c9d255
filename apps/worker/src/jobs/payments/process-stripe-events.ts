// Every minute: processes recorded Stripe webhook events (stripe_events with status `received`) by
// re-reading the PaymentIntent or Refund from Stripe, so arrival order never matters. Each event is
// claimed with FOR UPDATE SKIP LOCKED, so the web route's eager attempt and this sweep never apply an
// event twice; failures count attempts and end as `dead` (visible in health) after 5.
import { sweepStripeEvents } from "@frontdesk/api";
import type { JobHandler } from "../types";

export const queue = "payments.process-stripe-events";
export const cron = "* * * * *";
export const runOnStart = true;

export const handler: JobHandler = async ({ database, logger, payments }) => {
  if (!payments) {
    logger.debug("Stripe is not configured (STRIPE_SECRET_KEY): nothing to process");
    return;
  }
  const results = await sweepStripeEvents(database, payments, 500);
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  logger.info({ processed: results.length, ...counts }, "stripe events swept");
};
