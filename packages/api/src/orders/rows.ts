// What the orders files share: the row shapes, how a row becomes the API's object, and lookups.
import { and, asc, eq } from "drizzle-orm";
import { orderRefunds, orders, type Db } from "@frontdesk/db";
import { AppError } from "../errors";
import type { PaymentProvider } from "../payments";
import type { Order, OrderPayment, OrderRefund, ShippingAddress } from "./schemas";

export interface OrderDeps {
  /** The payment provider (`ctx.payments`); null or absent: orders carry no payment. */
  payments?: PaymentProvider | null;
  /**
   * One id per API call that stays the same when tenantProcedure re-runs the call after a
   * serialization failure or deadlock (`ctx.callId`). A provider request made inside the transaction
   * takes its idempotency key from it when the caller sent none, so a re-run repeats no money movement.
   */
  callId?: string;
}

export type OrderRow = typeof orders.$inferSelect;
export type RefundRow = typeof orderRefunds.$inferSelect;

export function toOrder(row: OrderRow, payment: OrderPayment | null = null): Order {
  return {
    id: row.id,
    status: row.status,
    currency: row.currency,
    items: row.items,
    totalAmount: row.totalAmount,
    refundedAmount: row.refundedAmount,
    customerEmail: row.customerEmail,
    shippingAddress: row.shippingAddress as ShippingAddress | null,
    notes: row.notes,
    payment,
    paymentProvider: row.paymentProvider,
    paymentIntentId: row.paymentIntentId,
    expiresAt: row.expiresAt,
    paidAt: row.paidAt,
    cancelledAt: row.cancelledAt,
    cancelReason: row.cancelReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toRefund(row: RefundRow): OrderRefund {
  return {
    id: row.id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

export const NOT_FOUND = "Order not found";

export async function findOrder(
  db: Db,
  tenantId: string,
  id: string,
  lock: boolean,
): Promise<OrderRow> {
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return row;
}

export async function refundsOf(db: Db, tenantId: string, orderId: string): Promise<OrderRefund[]> {
  const rows = await db
    .select()
    .from(orderRefunds)
    .where(and(eq(orderRefunds.tenantId, tenantId), eq(orderRefunds.orderId, orderId)))
    .orderBy(asc(orderRefunds.createdAt), asc(orderRefunds.id));
  return rows.map(toRefund);
}
