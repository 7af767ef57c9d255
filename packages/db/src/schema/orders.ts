// Orders (Medusa-style) with integer minor-unit money, and their refunds.
import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  foreignKey,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantId, tenantIsolation, tenantRowId, timestamps } from "./_columns";
import { tenants } from "./platform";

export const ORDER_STATUSES = [
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "failed",
  "cancelled",
  "expired",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Validated by the API's zod schema before it is written. Amounts are integer minor units. */
export type OrderItem = { sku: string; name: string; quantity: number; unitAmount: number };

export const orders = pgTable(
  "orders",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    status: text().$type<OrderStatus>().notNull().default("pending"),
    currency: char({ length: 3 }).notNull(),
    items: jsonb().$type<OrderItem[]>().notNull(),
    totalAmount: bigint({ mode: "number" }).notNull(),
    refundedAmount: bigint({ mode: "number" }).notNull().default(0),
    customerEmail: text(),
    shippingAddress: jsonb().$type<Record<string, string>>(),
    /** Free text, stored only after the PHI gate. */
    notes: text(),
    paymentProvider: text(),
    paymentIntentId: text(),
    /** SHA-256 (hex) of the client's idempotency key: the key itself may hold anything, so it is not stored. */
    idempotencyKey: text().notNull(),
    requestHash: text(),
    expiresAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    createdBy: text(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "orders_pkey", columns: [t.id, t.tenantId] }),
    unique("orders_tenant_id_key").on(t.tenantId, t.id),
    unique("orders_tenant_idempotency_key").on(t.tenantId, t.idempotencyKey),
    uniqueIndex("orders_tenant_payment_intent_key")
      .on(t.tenantId, t.paymentIntentId)
      .where(sql`${t.paymentIntentId} is not null`),
    index().on(t.paymentIntentId),
    index().on(t.tenantId, t.createdAt),
    index().on(t.tenantId, t.status, t.createdAt),
    check(
      "orders_status_check",
      sql`${t.status} in ('pending', 'paid', 'partially_refunded', 'refunded', 'failed', 'cancelled', 'expired')`,
    ),
    check("orders_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "orders_amounts_check",
      sql`${t.totalAmount} >= 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.totalAmount}`,
    ),
    tenantIsolation("orders"),
  ],
);

/**
 * Per-tenant order totals by currency and status, so the orders list's "totals of everything
 * matching" costs a handful of rows instead of a scan of the tenant's whole order history. Kept
 * exact by statement-level triggers on `orders` (custom migration `frontdesk_order_totals_*`), in
 * the same transaction as the change: an order's insert, status or amount change and delete move
 * its amounts between rows here. Order creation already updates one per-tenant row per transaction
 * (usage_counters), so the rollup row adds no new kind of contention.
 */
export const orderTotals = pgTable(
  "order_totals",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    currency: char({ length: 3 }).notNull(),
    status: text().$type<OrderStatus>().notNull(),
    orderCount: bigint({ mode: "number" }).notNull().default(0),
    // numeric: a sum of bigint amounts may pass the bigint range; read as text, like the raw sum.
    totalAmount: numeric({ precision: 38, scale: 0 }).notNull().default("0"),
    refundedAmount: numeric({ precision: 38, scale: 0 }).notNull().default("0"),
  },
  (t) => [
    primaryKey({ name: "order_totals_pkey", columns: [t.tenantId, t.currency, t.status] }),
    tenantIsolation("order_totals"),
  ],
);

export const REFUND_STATUSES = ["pending", "succeeded", "failed", "canceled"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const orderRefunds = pgTable(
  "order_refunds",
  {
    id: tenantRowId(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    orderId: uuid().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    status: text().$type<RefundStatus>().notNull().default("pending"),
    reason: text(),
    providerRefundId: text(),
    /** SHA-256 (hex) of the client's idempotency key: the key itself may hold anything, so it is not stored. */
    idempotencyKey: text(),
    createdBy: text(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: "order_refunds_pkey", columns: [t.id, t.tenantId] }),
    foreignKey({
      name: "order_refunds_order_fk",
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
    }).onDelete("cascade"),
    uniqueIndex("order_refunds_tenant_idempotency_key")
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    uniqueIndex("order_refunds_tenant_provider_refund_key")
      .on(t.tenantId, t.providerRefundId)
      .where(sql`${t.providerRefundId} is not null`),
    index().on(t.tenantId, t.orderId),
    check("order_refunds_amount_check", sql`${t.amount} > 0`),
    check(
      "order_refunds_status_check",
      sql`${t.status} in ('pending', 'succeeded', 'failed', 'canceled')`,
    ),
    tenantIsolation("order_refunds"),
  ],
);
