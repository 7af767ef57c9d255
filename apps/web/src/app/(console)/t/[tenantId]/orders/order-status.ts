// How an order's status reads in the console: every status of the API's status machine
// (pending → paid → partially_refunded → refunded; pending → failed | cancelled | expired), with a
// label and a badge colour (the label is always shown: colour is never the only cue).
import type { OrderStatus, RefundStatus } from "@frontdesk/db";

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: "Pending",
  paid: "Paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  failed: "Failed",
  cancelled: "Cancelled",
  expired: "Expired",
};

/** In the API's order (the Record above lists every status, so none can be missing here). */
export const ORDER_STATUSES = Object.keys(STATUS_LABELS) as OrderStatus[];

export type { OrderStatus };

export const STATUS_VARIANTS = {
  pending: "warning",
  paid: "success",
  partially_refunded: "info",
  refunded: "secondary",
  failed: "destructive",
  cancelled: "outline",
  expired: "outline",
} as const satisfies Record<OrderStatus, string>;

/** Only pending orders can be cancelled. */
export function canCancel(status: OrderStatus): boolean {
  return status === "pending";
}

/** Only paid or partially refunded orders can be refunded. */
export function canRefundStatus(status: OrderStatus): boolean {
  return status === "paid" || status === "partially_refunded";
}

export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  pending: "Pending",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Cancelled",
};

export const REFUND_STATUS_VARIANTS = {
  pending: "warning",
  succeeded: "success",
  failed: "destructive",
  canceled: "outline",
} as const satisfies Record<RefundStatus, string>;
