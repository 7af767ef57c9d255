// The Orders list's filters as they live in the URL, and the `orders.list` input they mean. Shared by
// the server page (prefetch) and the client view, so both ask for the same query key. Dates are
// calendar days in the tenant's zone: "from" counts from its midnight, "to" includes its whole day.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import type { RouterInputs } from "@frontdesk/api";
import { parseDayRange } from "@/lib/day-range";
import { ORDER_STATUSES, type OrderStatus } from "./order-status";

export const ORDERS_PAGE_SIZE = 25;
const MAX_EMAIL_CHARS = 320;

export const orderFilterParsers = {
  status: parseAsStringLiteral(ORDER_STATUSES),
  email: parseAsString,
  from: parseAsString,
  to: parseAsString,
};

/** Filters plus the pager's cursor (`useCursorPager()` keeps it under `cursor`), for the server page. */
export const loadOrdersSearchParams = createLoader({
  ...orderFilterParsers,
  cursor: parseAsString,
});

export interface OrderFilters {
  status: OrderStatus | null;
  email: string | null;
  from: string | null;
  to: string | null;
}

export type OrdersListInput = RouterInputs["orders"]["list"] & object;

export function hasFilters(f: OrderFilters): boolean {
  return f.status !== null || Boolean(f.email?.trim()) || Boolean(f.from) || Boolean(f.to);
}

/** The list input for these filters, or a message saying which filter cannot be used as is. */
export function ordersListInput(
  f: OrderFilters,
  cursor: string | null | undefined,
  timeZone: string,
): { ok: true; input: OrdersListInput } | { ok: false; message: string } {
  // Totals on every page, not only the first: the view shows them next to the page's own.
  const input: OrdersListInput = { limit: ORDERS_PAGE_SIZE, includeTotals: true };
  if (f.status) input.status = f.status;
  const email = f.email?.trim();
  if (email) {
    if (email.length > MAX_EMAIL_CHARS)
      return { ok: false, message: `Customer email is at most ${MAX_EMAIL_CHARS} characters.` };
    input.customerEmail = email;
  }
  const days = parseDayRange(f.from, f.to, timeZone);
  if (!days.ok) return days;
  const { from, to } = days;
  // orders.list takes Dates; the query key hashes them as ISO strings, the same on server and browser.
  if (from) input.from = from;
  if (to) input.to = to;
  if (cursor) input.cursor = cursor;
  return { ok: true, input };
}
