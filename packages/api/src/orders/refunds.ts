// Refunds of paid orders, serialised on the order row so together they never exceed its total.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  orderRefunds,
  orders,
  PG_UNIQUE_VIOLATION,
  pgConstraintName,
  pgErrorCode,
  type Db,
  type OrderStatus,
  type RefundStatus,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { withStoredKey } from "../idempotency";
import { gateOptional } from "../phi-gate";
import { emitWebhookEvent } from "../webhooks/emit";
import { formatMoney } from "./money";
import type { OrderWithRefunds, RefundOrderInput } from "./schemas";
import { assertTransition, canTransition, statusLabel } from "./status";
import { toOrder, toRefund, NOT_FOUND, findOrder, refundsOf, type OrderDeps } from "./rows";

const REFUND_KEY_USED =
  "This idempotency key was already used for a different refund; use a new key";

/**
 * Refunds part or all of a paid order. The order row is locked for the whole request, so concurrent
 * refunds are serialised and together never exceed the total; pending refunds count against it.
 */
export async function refundOrder(
  db: Db,
  actor: Actor,
  given: RefundOrderInput,
  deps: OrderDeps = {},
): Promise<OrderWithRefunds> {
  const input = withStoredKey(given);
  const order = await findOrder(db, actor.tenantId, input.id, true);

  if (input.idempotencyKey !== undefined) {
    const [prior] = await db
      .select()
      .from(orderRefunds)
      .where(
        and(
          eq(orderRefunds.tenantId, actor.tenantId),
          eq(orderRefunds.idempotencyKey, input.idempotencyKey),
        ),
      );
    if (prior) {
      if (
        prior.orderId !== order.id ||
        (input.amount !== undefined && input.amount !== prior.amount)
      ) {
        throw new AppError("CONFLICT", REFUND_KEY_USED);
      }
      return { ...toOrder(order), refunds: await refundsOf(db, actor.tenantId, order.id) };
    }
  }

  const money = (amount: number) => formatMoney(amount, order.currency);
  if (order.status === "refunded") {
    throw new AppError(
      "CONFLICT",
      `Order is already fully refunded (${money(order.refundedAmount)} of ${money(order.totalAmount)})`,
    );
  }
  if (!canTransition(order.status, "refunded")) {
    throw new AppError(
      "CONFLICT",
      `Order is ${statusLabel(order.status)}; only paid or partially refunded orders can be refunded`,
    );
  }

  const [committed] = await db
    .select({ amount: sql<string>`coalesce(sum(${orderRefunds.amount}), 0)::text` })
    .from(orderRefunds)
    .where(
      and(
        eq(orderRefunds.tenantId, actor.tenantId),
        eq(orderRefunds.orderId, order.id),
        inArray(orderRefunds.status, ["pending", "succeeded"] satisfies RefundStatus[]),
      ),
    );
  const alreadyRefunded = Number(committed?.amount ?? 0);
  const refundable = order.totalAmount - alreadyRefunded;
  if (refundable <= 0) {
    throw new AppError(
      "CONFLICT",
      `Order is already fully refunded (${money(alreadyRefunded)} of ${money(order.totalAmount)} refunded or pending)`,
    );
  }
  const amount = input.amount ?? refundable;
  if (amount > refundable) {
    throw new AppError(
      "CONFLICT",
      `A refund of ${money(amount)} exceeds what is left to refund: ${money(refundable)} of ${money(order.totalAmount)} paid (${money(alreadyRefunded)} already refunded or pending)`,
    );
  }

  const refundId = randomUUID();
  const reason = await gateOptional(
    db,
    actor,
    { table: "order_refunds", field: "reason", rowId: refundId },
    input.reason,
  );
  try {
    // Recorded (pending) before the provider is asked, so a key clash surfaces before any money moves.
    await db.insert(orderRefunds).values({
      id: refundId,
      tenantId: actor.tenantId,
      orderId: order.id,
      amount,
      currency: order.currency,
      status: "pending",
      reason,
      idempotencyKey: input.idempotencyKey ?? null,
      createdBy: actor.id,
    });
  } catch (error) {
    if (
      pgErrorCode(error) === PG_UNIQUE_VIOLATION &&
      pgConstraintName(error) === "order_refunds_tenant_idempotency_key"
    ) {
      throw new AppError("CONFLICT", REFUND_KEY_USED, { cause: error });
    }
    throw error;
  }

  let status: RefundStatus = "succeeded";
  let providerRefundId: string | null = null;
  if (deps.payments && order.paymentIntentId) {
    const result = await deps.payments.refund({
      paymentIntentId: order.paymentIntentId,
      amount,
      // Never a value made up per attempt: a re-run of this transaction must reach Stripe with the
      // key of the first attempt, so Stripe replays that refund instead of making a second one.
      idempotencyKey: `refund:${actor.tenantId}:${input.idempotencyKey ?? `call:${deps.callId ?? refundId}`}`,
    });
    status = result.status;
    providerRefundId = result.refundId;
  }
  const [refundRow] = await db
    .update(orderRefunds)
    .set({ status, providerRefundId })
    .where(and(eq(orderRefunds.tenantId, actor.tenantId), eq(orderRefunds.id, refundId)))
    .returning();

  let current = order;
  if (status === "succeeded") {
    const refundedAmount = order.refundedAmount + amount;
    const next: OrderStatus =
      refundedAmount === order.totalAmount ? "refunded" : "partially_refunded";
    assertTransition(order.status, next, "it cannot be refunded");
    const [updated] = await db
      .update(orders)
      .set({ refundedAmount, status: next })
      .where(and(eq(orders.tenantId, actor.tenantId), eq(orders.id, order.id)))
      .returning();
    if (!updated) throw new AppError("NOT_FOUND", NOT_FOUND);
    current = updated;
    if (refundRow) {
      await emitWebhookEvent(db, actor.tenantId, "order.refunded", {
        order: toOrder(current),
        refund: toRefund(refundRow),
      });
    }
  }
  return { ...toOrder(current), refunds: await refundsOf(db, actor.tenantId, order.id) };
}
