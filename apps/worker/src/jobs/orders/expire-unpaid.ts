// Every 5 minutes: expires pending orders whose payment window (the tenant's
// order_payment_timeout_minutes) has passed, across every tenant (the worker connects as the owner
// role, which has BYPASSRLS). With Stripe configured, each order's PaymentIntent is cancelled first
// (idempotency key `expire:<orderId>`); if Stripe says the payment already succeeded or is
// processing, the order is left pending for the verified webhook event to mark it paid. One
// transaction per order, so one unreachable call to Stripe never holds back the others; those are
// retried by the next run.
import {
  expireUnpaidOrder,
  listOrdersToExpire,
  type ExpireOutcome,
  type StripeReader,
} from "@frontdesk/api";
import type { Database } from "@frontdesk/db";
import type { Logger } from "pino";
import type { JobHandler } from "../types";

export const queue = "orders.expire-unpaid";
/** Every 5 minutes. */
export const cron = "*/5 * * * *";

/** Orders per run; the next run picks up the rest. */
export const BATCH_SIZE = 500;

export type ExpiryCounts = Record<ExpireOutcome | "failed", number>;

export async function expireUnpaidOrders(
  database: Database,
  payments: Pick<StripeReader, "cancelPayment"> | null,
  options: { now?: Date; limit?: number; logger?: Logger } = {},
): Promise<ExpiryCounts> {
  const now = options.now ?? new Date();
  const counts: ExpiryCounts = { expired: 0, payment_completing: 0, skipped: 0, failed: 0 };
  const due = await listOrdersToExpire(database.db, now, options.limit ?? BATCH_SIZE);
  for (const order of due) {
    try {
      const outcome = await database.db.transaction((tx) =>
        expireUnpaidOrder(tx, order.tenantId, order.id, { payments }, now),
      );
      counts[outcome] += 1;
    } catch (error) {
      counts.failed += 1;
      // Ids only: the message is ours (AppError) or the driver's, never the order's content.
      options.logger?.warn(
        {
          tenantId: order.tenantId,
          orderId: order.id,
          err: error instanceof Error ? error.message : String(error),
        },
        "could not expire order; the next run retries",
      );
    }
  }
  return counts;
}

export const handler: JobHandler = async ({ database, logger, payments }) => {
  if (!payments)
    logger.debug("Stripe is not configured: expiring orders without cancelling payments");
  const counts = await expireUnpaidOrders(database, payments, { logger });
  if (counts.expired + counts.payment_completing + counts.failed > 0)
    logger.info(counts, "unpaid orders expired");
};
