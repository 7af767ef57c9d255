// The order status machine, in one place: every status change (API, payment events, the expiry job)
// asks this table whether it is allowed.
import type { OrderStatus } from "@frontdesk/db";
import { AppError } from "../errors";

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ["paid", "failed", "cancelled", "expired"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
  failed: [],
  cancelled: [],
  expired: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** The statuses an order may be in for a change to `to` (for conditional UPDATEs). */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return (Object.keys(ORDER_TRANSITIONS) as OrderStatus[]).filter((from) =>
    canTransition(from, to),
  );
}

const LABEL: Record<OrderStatus, string> = {
  pending: "pending",
  paid: "paid",
  partially_refunded: "partially refunded",
  refunded: "refunded",
  failed: "failed",
  cancelled: "cancelled",
  expired: "expired",
};

export function statusLabel(status: OrderStatus): string {
  return LABEL[status];
}

/** CONFLICT unless the table allows `from → to`; `why` finishes the sentence for the person reading it. */
export function assertTransition(from: OrderStatus, to: OrderStatus, why: string): void {
  if (!canTransition(from, to)) throw new AppError("CONFLICT", `Order is ${LABEL[from]}; ${why}`);
}

/** Statuses an order can only be in after having been in `status` (e.g. refunded ones were paid). */
export function reachableFrom(status: OrderStatus): Set<OrderStatus> {
  const seen = new Set<OrderStatus>();
  const queue = [...ORDER_TRANSITIONS[status]];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...ORDER_TRANSITIONS[next]);
  }
  return seen;
}
