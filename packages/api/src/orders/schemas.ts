// Inputs and outputs of the orders procedures; shared by the router and the SDK. Money is integer
// minor units of an ISO 4217 currency (see money.ts).
import { z } from "zod";
import { ORDER_STATUSES, type OrderStatus, type RefundStatus } from "@frontdesk/db";
import { idempotencyKey } from "../idempotency";
import { listInput } from "../pagination";
import { phiField } from "../phi-fields";
import { isKnownCurrency, MAX_ORDER_TOTAL } from "./money";

/** Largest unit amount of one item, in minor units. */
export const MAX_UNIT_AMOUNT = 10_000_000_000;
export const MAX_ORDER_ITEMS = 200;
export const MAX_ITEM_QUANTITY = 10_000;

export const currencyCode = phiField(
  "token",
  z.string().regex(/^[A-Z]{3}$/i, "currency must be a 3-letter ISO 4217 code"),
)
  .transform((code) => code.toUpperCase())
  .refine(isKnownCurrency, { message: "currency is not a supported ISO 4217 code" });

export const orderItem = z.object({
  sku: phiField(
    "gated",
    z.string().regex(/^[\w.-]{1,64}$/, "sku must be 1-64 characters of A-Z a-z 0-9 . _ -"),
  ),
  name: phiField("gated", z.string().trim().min(1).max(200)),
  quantity: z.number().int().min(1).max(MAX_ITEM_QUANTITY),
  unitAmount: z.number().int().min(0).max(MAX_UNIT_AMOUNT),
});
export type OrderItemInput = z.infer<typeof orderItem>;

export const shippingAddress = z.object({
  line1: phiField("identity", z.string().trim().min(1).max(200)),
  line2: phiField("identity", z.string().trim().max(200)).optional(),
  city: phiField("identity", z.string().trim().min(1).max(200)),
  region: phiField("identity", z.string().trim().max(200)).optional(),
  postalCode: phiField("identity", z.string().trim().min(1).max(200)),
  country: phiField(
    "token",
    z.string().regex(/^[A-Z]{2}$/i, "country must be a 2-letter ISO 3166-1 code"),
  ).transform((c) => c.toUpperCase()),
});
export type ShippingAddress = z.infer<typeof shippingAddress>;

export const createOrderInput = z.object({
  items: z.array(orderItem).min(1).max(MAX_ORDER_ITEMS),
  currency: currencyCode,
  customerEmail: phiField("identity", z.email().max(320)).optional(),
  shippingAddress: shippingAddress.optional(),
  notes: phiField("gated", z.string().max(5000)).optional(),
  /** Required: a retried create must never make a second order or a second payment. */
  idempotencyKey,
});
export type CreateOrderInput = z.input<typeof createOrderInput>;
export type CreateOrderData = z.output<typeof createOrderInput>;

const uuid = phiField("token", z.uuid());

export const orderIdInput = z.object({ id: uuid });
export type OrderIdInput = z.infer<typeof orderIdInput>;

export const orderStatus = z.enum(ORDER_STATUSES);
const amountFilter = z.number().int().min(0).max(MAX_ORDER_TOTAL);

export const listOrdersInput = listInput.extend({
  status: z.union([orderStatus, z.array(orderStatus).min(1).max(ORDER_STATUSES.length)]).optional(),
  customerEmail: phiField("lookup", z.string().trim().min(1).max(320)).optional(),
  /** Created at or after. */
  from: z.date().optional(),
  /** Created before. */
  to: z.date().optional(),
  minTotal: amountFilter.optional(),
  maxTotal: amountFilter.optional(),
  currency: currencyCode.optional(),
  /** By creation time: "desc" (newest first, the default) or "asc". */
  order: z.enum(["desc", "asc"]).default("desc"),
  /** Per-currency totals of everything the filter matches; by default only on the first page. */
  includeTotals: z.boolean().optional(),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;
export type ListOrdersData = z.output<typeof listOrdersInput>;

export const cancelOrderInput = z.object({
  id: uuid,
  reason: phiField("gated", z.string().max(500)).optional(),
});
export type CancelOrderInput = z.infer<typeof cancelOrderInput>;

export const refundOrderInput = z.object({
  id: uuid,
  /** Minor units; default: everything not yet refunded (or pending refund). */
  amount: z.number().int().min(1).max(MAX_ORDER_TOTAL).optional(),
  reason: phiField("gated", z.string().max(500)).optional(),
  idempotencyKey: idempotencyKey.optional(),
});
export type RefundOrderInput = z.infer<typeof refundOrderInput>;

// ---- outputs (plain types: services build them, the SDK infers them from the router) ----

export interface OrderPayment {
  provider: "stripe";
  clientSecret: string;
}

export interface Order {
  id: string;
  status: OrderStatus;
  currency: string;
  items: OrderItemInput[];
  totalAmount: number;
  refundedAmount: number;
  customerEmail: string | null;
  shippingAddress: ShippingAddress | null;
  notes: string | null;
  /** Only in the response that created the payment; null on replays and reads (the secret is not stored). */
  payment: OrderPayment | null;
  paymentProvider: string | null;
  paymentIntentId: string | null;
  expiresAt: Date | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderRefund {
  id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  createdAt: Date;
}

export interface OrderWithRefunds extends Order {
  refunds: OrderRefund[];
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  totalAmount: number;
  refundedAmount: number;
}

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
  totals?: CurrencyTotal[];
}

export const PAYMENT_EVENTS = ["succeeded", "failed", "canceled"] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];
