// Payment-provider events (the Stripe webhook job) applied to orders through the status machine.
import { and, eq, inArray, sql } from "drizzle-orm";
import { orders, type Db, type OrderStatus } from "@frontdesk/db";
import { AppError } from "../errors";
import { emitWebhookEvent } from "../webhooks/emit";
import type { Order, PaymentEvent } from "./schemas";
import { reachableFrom, sourcesOf, statusLabel } from "./status";
import { toOrder, findOrder } from "./rows";

const PAYMENT_EVENT_WEBHOOK = {
  succeeded: "order.paid",
  failed: "order.payment_failed",
  canceled: "order.cancelled",
} as const satisfies Record<PaymentEvent, string>;

const EVENT_TARGET: Record<PaymentEvent, OrderStatus> = {
  succeeded: "paid",
  failed: "failed",
  canceled: "cancelled",
};

export interface PaymentEventResult {
  order: Order;
  /** False when the order already was in (or past) the event's status: a redelivered event. */
  changed: boolean;
}

/**
 * Applies a verified payment-provider event to an order (for the Stripe webhook job). One conditional
 * UPDATE, so it is atomic without a lock; a replayed event is a no-op; an event the status machine
 * does not allow (e.g. a payment succeeding on an expired order) is CONFLICT for the caller to handle.
 * `db` must see the tenant's rows (its withTenant transaction, or the owner connection).
 */
export async function applyPaymentEvent(
  db: Db,
  tenantId: string,
  orderId: string,
  event: PaymentEvent,
): Promise<PaymentEventResult> {
  const target = EVENT_TARGET[event];
  const [updated] = await db
    .update(orders)
    .set({
      status: target,
      ...(target === "paid" ? { paidAt: sql`now()` } : {}),
      ...(target === "cancelled" ? { cancelledAt: sql`now()` } : {}),
    })
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.id, orderId),
        inArray(orders.status, sourcesOf(target)),
      ),
    )
    .returning();
  if (updated) {
    const order = toOrder(updated);
    await emitWebhookEvent(db, tenantId, PAYMENT_EVENT_WEBHOOK[event], { order });
    return { order, changed: true };
  }

  const current = await findOrder(db, tenantId, orderId, false);
  // Already there, or past it (a refunded order was paid): the event was delivered before.
  if (current.status === target || reachableFrom(target).has(current.status))
    return { order: toOrder(current), changed: false };
  throw new AppError(
    "CONFLICT",
    `Order is ${statusLabel(current.status)}; a payment ${event} event cannot change it`,
  );
}
