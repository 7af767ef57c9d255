// Orders: create (idempotent, with an optional payment through the PaymentProvider seam), read, list,
// cancel and refund; plus the entry points the Stripe webhook and the expiry job use. Every status
// change goes through the transition table in status.ts.
import { createHash, randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import {
  orderRefunds,
  orders,
  orderTotals,
  PG_UNIQUE_VIOLATION,
  pgConstraintName,
  pgErrorCode,
  type Db,
  type OrderStatus,
  type RefundStatus,
  isUuid,
} from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { assertSameRequest, requestHash, withStoredKey } from "../idempotency";
import { decodeCursor, toPage } from "../pagination";
import type { PaymentProvider } from "../payments";
import { gateOptional, gateText } from "../phi-gate";
import { recordUsage } from "../usage";
import { emitWebhookEvent } from "../webhooks/emit";
import { formatMoney, orderTotal } from "./money";
import type {
  CancelOrderInput,
  CreateOrderData,
  CurrencyTotal,
  ListOrdersData,
  Order,
  OrderIdInput,
  OrderPage,
  OrderPayment,
  OrderRefund,
  OrderWithRefunds,
  PaymentEvent,
  RefundOrderInput,
  ShippingAddress,
} from "./schemas";
import { assertTransition, canTransition, reachableFrom, sourcesOf, statusLabel } from "./status";

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

type OrderRow = typeof orders.$inferSelect;
type RefundRow = typeof orderRefunds.$inferSelect;

function toOrder(row: OrderRow, payment: OrderPayment | null = null): Order {
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

function toRefund(row: RefundRow): OrderRefund {
  return {
    id: row.id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

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

const NOT_FOUND = "Order not found";

async function findOrder(db: Db, tenantId: string, id: string, lock: boolean): Promise<OrderRow> {
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return row;
}

async function refundsOf(db: Db, tenantId: string, orderId: string): Promise<OrderRefund[]> {
  const rows = await db
    .select()
    .from(orderRefunds)
    .where(and(eq(orderRefunds.tenantId, tenantId), eq(orderRefunds.orderId, orderId)))
    .orderBy(asc(orderRefunds.createdAt), asc(orderRefunds.id));
  return rows.map(toRefund);
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

export async function getOrder(
  db: Db,
  actor: Actor,
  input: OrderIdInput,
): Promise<OrderWithRefunds> {
  const row = await findOrder(db, actor.tenantId, input.id, false);
  return { ...toOrder(row), refunds: await refundsOf(db, actor.tenantId, row.id) };
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Newest first by default; `totals` (per currency, over the whole filter) come with the first page. */
export async function listOrders(db: Db, actor: Actor, input: ListOrdersData): Promise<OrderPage> {
  if (input.from && input.to && input.from >= input.to)
    throw new AppError("BAD_REQUEST", "`from` must be before `to`");
  if (
    input.minTotal !== undefined &&
    input.maxTotal !== undefined &&
    input.minTotal > input.maxTotal
  ) {
    throw new AppError("BAD_REQUEST", "`minTotal` must not be greater than `maxTotal`");
  }

  const filter: SQL[] = [eq(orders.tenantId, actor.tenantId)];
  if (input.status !== undefined)
    filter.push(
      inArray(orders.status, Array.isArray(input.status) ? input.status : [input.status]),
    );
  if (input.customerEmail !== undefined)
    filter.push(sql`lower(${orders.customerEmail}) = lower(${input.customerEmail})`);
  if (input.from) filter.push(gte(orders.createdAt, input.from));
  if (input.to) filter.push(lt(orders.createdAt, input.to));
  if (input.minTotal !== undefined) filter.push(gte(orders.totalAmount, input.minTotal));
  if (input.maxTotal !== undefined) filter.push(lte(orders.totalAmount, input.maxTotal));
  if (input.currency !== undefined) filter.push(eq(orders.currency, input.currency));

  const ascending = input.order === "asc";
  const page: SQL[] = [...filter];
  if (input.cursor) {
    const position = decodeCursor(input.cursor);
    if (!CURSOR_AT.test(position.value) || !isUuid(position.id)) {
      throw new AppError(
        "BAD_REQUEST",
        "The cursor is not valid; pass back the nextCursor of a previous page",
      );
    }
    const after = sql`(${position.value}::timestamptz, ${position.id}::uuid)`;
    page.push(
      ascending
        ? sql`(${orders.createdAt}, ${orders.id}) > ${after}`
        : sql`(${orders.createdAt}, ${orders.id}) < ${after}`,
    );
  }

  const direction = ascending ? asc : desc;
  const rows = await db
    .select({
      order: orders,
      // Microsecond precision: a JS Date would round and make the keyset skip or repeat rows.
      cursorAt: sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(orders)
    .where(and(...page))
    .orderBy(direction(orders.createdAt), direction(orders.id))
    .limit(input.limit + 1);

  const { items, nextCursor } = toPage(rows, input.limit, (r) => ({
    value: r.cursorAt,
    id: r.order.id,
  }));
  const result: OrderPage = { items: items.map((r) => toOrder(r.order)), nextCursor };
  if (input.includeTotals ?? input.cursor === undefined) {
    const rollupAnswers =
      input.customerEmail === undefined &&
      input.from === undefined &&
      input.to === undefined &&
      input.minTotal === undefined &&
      input.maxTotal === undefined;
    result.totals = rollupAnswers
      ? await rolledUpTotals(db, actor.tenantId, input)
      : await totalsOf(db, filter);
  }
  return result;
}

/**
 * The totals when the filter is only status and currency: from `order_totals` (a few rows per
 * tenant, kept by triggers), not a scan of every order the tenant ever had. Other filters are
 * answered from the orders themselves, bounded by the filter's index (time range, etc.).
 */
async function rolledUpTotals(
  db: Db,
  tenantId: string,
  input: ListOrdersData,
): Promise<CurrencyTotal[]> {
  const where: SQL[] = [eq(orderTotals.tenantId, tenantId)];
  if (input.status !== undefined)
    where.push(
      inArray(orderTotals.status, Array.isArray(input.status) ? input.status : [input.status]),
    );
  if (input.currency !== undefined) where.push(eq(orderTotals.currency, input.currency));
  const rows = await db
    .select({
      currency: orderTotals.currency,
      count: sql<string>`sum(${orderTotals.orderCount})::text`,
      totalAmount: sql<string>`sum(${orderTotals.totalAmount})::text`,
      refundedAmount: sql<string>`sum(${orderTotals.refundedAmount})::text`,
    })
    .from(orderTotals)
    .where(and(...where))
    .groupBy(orderTotals.currency)
    // A (currency, status) whose orders were all deleted keeps a zero row: not a currency with orders.
    .having(sql`sum(${orderTotals.orderCount}) > 0`)
    .orderBy(asc(orderTotals.currency));
  return rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    totalAmount: Number(r.totalAmount),
    refundedAmount: Number(r.refundedAmount),
  }));
}

async function totalsOf(db: Db, filter: SQL[]): Promise<CurrencyTotal[]> {
  const rows = await db
    .select({
      currency: orders.currency,
      count: sql<number>`count(*)::int`,
      totalAmount: sql<string>`coalesce(sum(${orders.totalAmount}), 0)::text`,
      refundedAmount: sql<string>`coalesce(sum(${orders.refundedAmount}), 0)::text`,
    })
    .from(orders)
    .where(and(...filter))
    .groupBy(orders.currency)
    .orderBy(asc(orders.currency));
  return rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    totalAmount: Number(r.totalAmount),
    refundedAmount: Number(r.refundedAmount),
  }));
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
