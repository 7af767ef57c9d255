// An order's life as the API drives it: created (idempotent, with an optional payment through the
// PaymentProvider seam) and cancelled. Every status change goes through the transition table in
// status.ts.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { orders, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { assertSameRequest, requestHash, withStoredKey } from "../idempotency";
import { gateOptional, gateText } from "../phi-gate";
import { recordUsage } from "../usage";
import { emitWebhookEvent } from "../webhooks/emit";
import { orderTotal } from "./money";
import type { CancelOrderInput, CreateOrderData, Order, OrderPayment } from "./schemas";
import { assertTransition } from "./status";
import { toOrder, NOT_FOUND, findOrder, type OrderDeps } from "./rows";

/**
 * The order's id is derived from (tenant, idempotency key): a create retried after its payment was made
 * but before its commit asks the provider for the very same payment (same order id, same key) instead
 * of a conflicting one. Formatted as an RFC 9562 version-8 UUID.
 */
export function orderIdFor(tenantId: string, idempotencyKey: string): string {
  const hex = createHash("sha256")
    .update(`frontdesk:order:${tenantId}:${idempotencyKey}`, "utf8")
    .digest("hex");
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates a pending order, or returns the first order made with this idempotency key (CONFLICT when
 * the key was used with different input). The row is claimed first (`on conflict do nothing`, so
 * concurrent creates with one key wait for each other and make one order), then the notes pass the
 * PHI gate, usage is counted and — with a provider — the payment is created. Anything failing after
 * the claim fails the request, and the transaction leaves no order behind.
 */
export async function createOrder(
  db: Db,
  actor: Actor,
  given: CreateOrderData,
  deps: OrderDeps = {},
): Promise<Order> {
  const input = withStoredKey(given);
  const hash = requestHash(input);
  const totalAmount = orderTotal(input.items, input.currency);
  const id = orderIdFor(actor.tenantId, input.idempotencyKey);
  // Item names and SKUs are the client's text, stored and shown: they pass the gate like the notes.
  const items: typeof input.items = [];
  for (const [i, item] of input.items.entries()) {
    const source = { table: "orders", rowId: id };
    items[i] = {
      ...item,
      sku: await gateText(db, actor, { ...source, field: "item_sku" }, item.sku),
      name: await gateText(db, actor, { ...source, field: "item_name" }, item.name),
    };
  }

  const [claimed] = await db
    .insert(orders)
    .values({
      id,
      tenantId: actor.tenantId,
      status: "pending",
      currency: input.currency,
      items,
      totalAmount,
      customerEmail: input.customerEmail ?? null,
      shippingAddress: input.shippingAddress ?? null,
      idempotencyKey: input.idempotencyKey,
      requestHash: hash,
      expiresAt: sql`now() + make_interval(mins => (select t.order_payment_timeout_minutes from tenants t where t.id = ${actor.tenantId}))`,
      createdBy: actor.id,
    })
    // No target: the id and the (tenant, key) unique both follow from the key; either conflict is a replay.
    .onConflictDoNothing()
    .returning();

  if (!claimed) {
    const [existing] = await db
      .select()
      .from(orders)
      .where(
        and(eq(orders.tenantId, actor.tenantId), eq(orders.idempotencyKey, input.idempotencyKey)),
      );
    if (!existing)
      throw new AppError(
        "CONFLICT",
        "A request with this idempotency key is still in progress; try again",
      );
    assertSameRequest(existing.requestHash, hash, "order");
    // The client secret is not stored: a replay returns the order without it and makes no payment.
    return toOrder(existing);
  }

  const notes = await gateOptional(
    db,
    actor,
    { table: "orders", field: "notes", rowId: id },
    input.notes,
  );
  await recordUsage(db, actor.tenantId, "orders");

  let payment: OrderPayment | null = null;
  let paymentFields: { paymentProvider: string; paymentIntentId: string } | null = null;
  if (deps.payments) {
    const created = await deps.payments.createPayment({
      tenantId: actor.tenantId,
      orderId: id,
      amount: totalAmount,
      currency: input.currency,
      idempotencyKey: `order:${actor.tenantId}:${input.idempotencyKey}`,
    });
    payment = { provider: created.provider, clientSecret: created.clientSecret };
    paymentFields = { paymentProvider: created.provider, paymentIntentId: created.paymentIntentId };
  }
  let created = claimed;
  if (notes !== null || paymentFields !== null) {
    const [updated] = await db
      .update(orders)
      .set({ notes, ...paymentFields })
      .where(and(eq(orders.tenantId, actor.tenantId), eq(orders.id, id)))
      .returning();
    if (!updated) throw new Error("the order claimed in this transaction vanished");
    created = updated;
  }
  // The event never carries the payment's client secret (the payload schema has no place for it).
  await emitWebhookEvent(db, actor.tenantId, "order.created", { order: toOrder(created) });
  return toOrder(created, payment);
}

/** pending → cancelled, cancelling the payment first when one is attached. */
export async function cancelOrder(
  db: Db,
  actor: Actor,
  input: CancelOrderInput,
  deps: OrderDeps = {},
): Promise<Order> {
  const order = await findOrder(db, actor.tenantId, input.id, true);
  assertTransition(order.status, "cancelled", "only pending orders can be cancelled");
  const reason = await gateOptional(
    db,
    actor,
    { table: "orders", field: "cancel_reason", rowId: order.id },
    input.reason,
  );
  if (deps.payments && order.paymentIntentId) {
    const cancelled = await deps.payments.cancelPayment(
      order.paymentIntentId,
      `order-cancel:${actor.tenantId}:${order.id}`,
    );
    if (!cancelled) {
      throw new AppError(
        "CONFLICT",
        "The order's payment could not be cancelled (it may be completing); check the order again shortly",
      );
    }
  }
  const [updated] = await db
    .update(orders)
    .set({ status: "cancelled", cancelledAt: sql`now()`, cancelReason: reason })
    .where(and(eq(orders.tenantId, actor.tenantId), eq(orders.id, order.id)))
    .returning();
  if (!updated) throw new AppError("NOT_FOUND", NOT_FOUND);
  const cancelled = toOrder(updated);
  await emitWebhookEvent(db, actor.tenantId, "order.cancelled", { order: cancelled });
  return cancelled;
}
