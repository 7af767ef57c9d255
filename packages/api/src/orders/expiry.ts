// Orders whose payment window passed: the worker's expiry job lists them and expires each, cancelling
// its payment first.
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { orders, type Db } from "@frontdesk/db";
import type { PaymentProvider } from "../payments";
import { emitWebhookEvent } from "../webhooks/emit";
import { canTransition, sourcesOf } from "./status";
import { toOrder } from "./rows";

/** Expires pending orders whose payment window has passed (for the worker job); returns how many. */
export async function expireUnpaidOrders(db: Db, now: Date = new Date()): Promise<number> {
  const expired = await db
    .update(orders)
    .set({ status: "expired" })
    .where(and(inArray(orders.status, sourcesOf("expired")), lte(orders.expiresAt, now)))
    .returning();
  for (const row of expired) {
    await emitWebhookEvent(db, row.tenantId, "order.expired", { order: toOrder(row) });
  }
  return expired.length;
}

export interface ExpiryCandidate {
  tenantId: string;
  id: string;
}

/**
 * Pending orders whose payment window ended at or before `now`, in every tenant, oldest first (for
 * the expiry job; `db` is the worker's owner connection, which sees all tenants).
 */
export async function listOrdersToExpire(
  db: Db,
  now: Date = new Date(),
  limit = 500,
): Promise<ExpiryCandidate[]> {
  return db
    .select({ tenantId: orders.tenantId, id: orders.id })
    .from(orders)
    .where(and(inArray(orders.status, sourcesOf("expired")), lte(orders.expiresAt, now)))
    .orderBy(asc(orders.expiresAt), asc(orders.id))
    .limit(limit);
}

export type ExpireOutcome =
  /** Expired (its payment, if any, was cancelled first). */
  | "expired"
  /** The payment could not be cancelled because it succeeded or is completing: left for the webhook. */
  | "payment_completing"
  /** No longer pending, not yet due, or locked by a request in progress: nothing done. */
  | "skipped";

/**
 * Expires one pending order whose payment window has passed, cancelling its PaymentIntent first
 * (idempotency key `expire:<orderId>`, so a retried run cancels once). When Stripe says the payment
 * already succeeded (or is processing) the order stays pending: the verified webhook event marks it
 * paid, and expiring it now would refuse that event. Run inside a transaction: the row is locked
 * (SKIP LOCKED: an order a request is working on is left for the next run).
 */
export async function expireUnpaidOrder(
  db: Db,
  tenantId: string,
  orderId: string,
  deps: { payments?: Pick<PaymentProvider, "cancelPayment"> | null } = {},
  now: Date = new Date(),
): Promise<ExpireOutcome> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)))
    .for("update", { skipLocked: true });
  if (
    !order ||
    !canTransition(order.status, "expired") ||
    order.expiresAt === null ||
    order.expiresAt > now
  ) {
    return "skipped";
  }
  if (deps.payments && order.paymentIntentId) {
    const cancelled = await deps.payments.cancelPayment(
      order.paymentIntentId,
      `expire:${order.id}`,
    );
    if (!cancelled) return "payment_completing";
  }
  const [updated] = await db
    .update(orders)
    .set({ status: "expired" })
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.id, orderId),
        inArray(orders.status, sourcesOf("expired")),
      ),
    )
    .returning();
  if (!updated) return "skipped";
  await emitWebhookEvent(db, tenantId, "order.expired", { order: toOrder(updated) });
  return "expired";
}
