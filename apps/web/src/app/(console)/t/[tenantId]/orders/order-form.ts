// Pure logic behind the Orders screens: the create-order form (typed in major units, sent in minor
// units) checked with the API's own bounds so people see field errors before a round trip, the
// refund amount check, and money totals of a page of orders. No React here: unit-tested beside it.
import type { RouterInputs } from "@frontdesk/api";
import { currencyDigits, formatMoney, parseMoney } from "@/components/format";

/** The API's bounds (packages/api/src/orders/schemas.ts, money.ts). */
export const MAX_ITEMS = 200;
export const MAX_QUANTITY = 10_000;
export const MAX_UNIT_AMOUNT = 10_000_000_000;
export const MAX_ORDER_TOTAL = 99_999_999_999;
export const MAX_NOTES = 5000;
export const MAX_REASON = 500;
const SKU = /^[\w.-]{1,64}$/;
// The shape zod's z.email() accepts, near enough for a hint; the API has the last word.
const EMAIL = /^[^\s@]+@[^\s@][^\s.@]*\.[^\s@]+$/;

/** Currencies offered in the form: common ones, plus zero- (JPY, KRW) and three-decimal (KWD, BHD) ones. */
export const FORM_CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "AUD",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
  "JPY",
  "KRW",
  "KWD",
  "BHD",
] as const;

export interface ItemDraft {
  /** Stable React key for the line (not sent). */
  key: string;
  sku: string;
  name: string;
  quantity: string;
  /** Major units as typed: "19.99". */
  unitPrice: string;
}

export interface OrderDraft {
  currency: string;
  customerEmail: string;
  notes: string;
  items: ItemDraft[];
}

export type CreateOrderInput = RouterInputs["orders"]["create"];

/** Field → message; item fields are `items.<index>.<field>`. */
export type FieldErrors = Record<string, string>;

export function emptyItem(key: string): ItemDraft {
  return { key, sku: "", name: "", quantity: "1", unitPrice: "" };
}

function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= MAX_QUANTITY ? n : null;
}

/** quantity × unit price in minor units, or null while either is not a valid number. */
export function lineTotal(
  item: Pick<ItemDraft, "quantity" | "unitPrice">,
  currency: string,
): number | null {
  const quantity = parseQuantity(item.quantity);
  const unit = parseMoney(item.unitPrice, currency);
  if (quantity === null || unit === null) return null;
  const total = quantity * unit;
  return Number.isSafeInteger(total) ? total : null;
}

/** The sum of the valid lines (for the running total under the editor). */
export function draftTotal(items: readonly ItemDraft[], currency: string): number {
  return items.reduce((sum, item) => sum + (lineTotal(item, currency) ?? 0), 0);
}

/** An example amount in the currency's own format ("12.50", "1250", "12.500"), for hints. */
export function amountExample(currency: string): string {
  const digits = currencyDigits(currency);
  return digits === 0 ? "1250" : `12.${"5".padEnd(digits, "0")}`;
}

/** The `orders.create` input for the draft, or the errors to show next to the fields. */
export function buildCreateOrderInput(
  draft: OrderDraft,
  idempotencyKey: string,
): { ok: true; input: CreateOrderInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const currency = draft.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) errors.currency = "Choose a currency.";

  if (draft.items.length === 0) errors.items = "Add at least one item.";
  if (draft.items.length > MAX_ITEMS) errors.items = `An order has at most ${MAX_ITEMS} items.`;

  const items: CreateOrderInput["items"] = [];
  let total = 0;
  draft.items.forEach((item, i) => {
    const at = (field: string) => `items.${i}.${field}`;
    const sku = item.sku.trim();
    if (!SKU.test(sku)) errors[at("sku")] = "SKU: 1–64 characters of letters, digits, . _ -";
    const name = item.name.trim();
    if (name.length === 0) errors[at("name")] = "Enter a name.";
    else if (name.length > 200) errors[at("name")] = "Name is at most 200 characters.";
    const quantity = parseQuantity(item.quantity);
    if (quantity === null)
      errors[at("quantity")] =
        `Quantity: a whole number from 1 to ${MAX_QUANTITY.toLocaleString("en-US")}.`;
    const unitAmount = parseMoney(item.unitPrice, currency);
    if (unitAmount === null)
      errors[at("unitPrice")] = `Enter a price like ${amountExample(currency)}.`;
    else if (unitAmount > MAX_UNIT_AMOUNT)
      errors[at("unitPrice")] = `At most ${formatMoney(MAX_UNIT_AMOUNT, currency)}.`;
    if (quantity !== null && unitAmount !== null) {
      const line = quantity * unitAmount;
      if (line > MAX_ORDER_TOTAL)
        errors[at("quantity")] =
          `This line exceeds the maximum order total of ${formatMoney(MAX_ORDER_TOTAL, currency)}.`;
      total += line;
      items.push({ sku, name, quantity, unitAmount });
    }
  });
  if (total > MAX_ORDER_TOTAL && !errors.items)
    errors.items = `The total exceeds the maximum of ${formatMoney(MAX_ORDER_TOTAL, currency)}; split the order.`;

  const email = draft.customerEmail.trim();
  if (email && (email.length > 320 || !EMAIL.test(email)))
    errors.customerEmail = "Enter an email address like name@example.com, or leave it empty.";
  if (draft.notes.length > MAX_NOTES)
    errors.notes = `Notes are at most ${MAX_NOTES.toLocaleString("en-US")} characters.`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const input: CreateOrderInput = { items, currency, idempotencyKey };
  if (email) input.customerEmail = email;
  if (draft.notes.trim()) input.notes = draft.notes;
  return { ok: true, input };
}

interface RefundLike {
  amount: number;
  status: string;
}

/** What is left to refund: the total minus refunds that succeeded or are pending (as the API counts). */
export function refundableAmount(order: {
  totalAmount: number;
  refunds: readonly RefundLike[];
}): number {
  const committed = order.refunds
    .filter((r) => r.status === "pending" || r.status === "succeeded")
    .reduce((sum, r) => sum + r.amount, 0);
  return Math.max(0, order.totalAmount - committed);
}

/** The refund amount as typed (major units) → minor units, never more than `refundable`. */
export function parseRefundAmount(
  text: string,
  currency: string,
  refundable: number,
): { ok: true; amount: number } | { ok: false; message: string } {
  const amount = parseMoney(text, currency);
  if (amount === null)
    return { ok: false, message: `Enter an amount like ${amountExample(currency)}.` };
  if (amount < 1) return { ok: false, message: "The amount must be more than zero." };
  if (amount > refundable)
    return { ok: false, message: `At most ${formatMoney(refundable, currency)} can be refunded.` };
  return { ok: true, amount };
}

/** Minor units → the text a person would type back ("25.00", "1500", "1.250"), without grouping or symbol. */
export function toAmountInput(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minor);
  const base = 10 ** digits;
  return `${Math.floor(minor / base)}.${String(minor % base).padStart(digits, "0")}`;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  totalAmount: number;
  refundedAmount: number;
}

/** Per-currency totals of the orders shown (never adding amounts of different currencies). */
export function pageTotals(
  orders: readonly { currency: string; totalAmount: number; refundedAmount: number }[],
): CurrencyTotal[] {
  const byCurrency = new Map<string, CurrencyTotal>();
  for (const o of orders) {
    const t = byCurrency.get(o.currency) ?? {
      currency: o.currency,
      count: 0,
      totalAmount: 0,
      refundedAmount: 0,
    };
    t.count += 1;
    t.totalAmount += o.totalAmount;
    t.refundedAmount += o.refundedAmount;
    byCurrency.set(o.currency, t);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
