import { describe, expect, it } from "vitest";
import {
  buildCreateOrderInput,
  draftTotal,
  emptyItem,
  lineTotal,
  pageTotals,
  parseRefundAmount,
  refundableAmount,
  toAmountInput,
  type OrderDraft,
} from "./order-form";
import { ordersListInput } from "./orders-filters";

const draft = (patch: Partial<OrderDraft> = {}): OrderDraft => ({
  currency: "USD",
  customerEmail: "",
  notes: "",
  items: [{ key: "a", sku: "VISIT-1", name: "Consultation", quantity: "2", unitPrice: "19.99" }],
  ...patch,
});

describe("buildCreateOrderInput", () => {
  it("sends major units typed as minor units, trims, and leaves out empty optional fields", () => {
    const result = buildCreateOrderInput(
      draft({
        items: [
          { key: "a", sku: " VISIT-1 ", name: " Consultation ", quantity: "2", unitPrice: "19.9" },
        ],
      }),
      "key-1",
    );
    expect(result).toEqual({
      ok: true,
      input: {
        items: [{ sku: "VISIT-1", name: "Consultation", quantity: 2, unitAmount: 1990 }],
        currency: "USD",
        idempotencyKey: "key-1",
      },
    });
  });

  it("uses the currency's own exponent: JPY has no decimals, KWD three", () => {
    const jpy = buildCreateOrderInput(
      draft({
        currency: "JPY",
        items: [{ ...emptyItem("a"), sku: "S", name: "N", unitPrice: "1500" }],
      }),
      "k",
    );
    expect(jpy.ok && jpy.input.items[0]?.unitAmount).toBe(1500);
    const jpyDecimals = buildCreateOrderInput(
      draft({
        currency: "JPY",
        items: [{ ...emptyItem("a"), sku: "S", name: "N", unitPrice: "15.5" }],
      }),
      "k",
    );
    expect(jpyDecimals).toMatchObject({
      ok: false,
      errors: { "items.0.unitPrice": "Enter a price like 1250." },
    });
    const kwd = buildCreateOrderInput(
      draft({
        currency: "KWD",
        items: [{ ...emptyItem("a"), sku: "S", name: "N", unitPrice: "1.25" }],
      }),
      "k",
    );
    expect(kwd.ok && kwd.input.items[0]?.unitAmount).toBe(1250);
  });

  it("reports every invalid field at once, by item index", () => {
    const result = buildCreateOrderInput(
      draft({
        customerEmail: "not-an-email",
        items: [
          { key: "a", sku: "bad sku!", name: "  ", quantity: "0", unitPrice: "abc" },
          { key: "b", sku: "OK", name: "Fine", quantity: "1.5", unitPrice: "-1" },
        ],
      }),
      "k",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        "customerEmail",
        "items.0.name",
        "items.0.quantity",
        "items.0.sku",
        "items.0.unitPrice",
        "items.1.quantity",
        "items.1.unitPrice",
      ].sort(),
    );
  });

  it("needs an item, and keeps the total under the API's maximum", () => {
    expect(buildCreateOrderInput(draft({ items: [] }), "k")).toMatchObject({
      ok: false,
      errors: { items: "Add at least one item." },
    });
    const huge = buildCreateOrderInput(
      draft({
        items: [{ key: "a", sku: "S", name: "N", quantity: "10000", unitPrice: "100000000.01" }],
      }),
      "k",
    );
    expect(huge).toMatchObject({
      ok: false,
      errors: { "items.0.unitPrice": expect.stringContaining("At most") as unknown },
    });
    const twoBig = buildCreateOrderInput(
      draft({
        items: [
          { key: "a", sku: "S", name: "N", quantity: "10000", unitPrice: "60000" },
          { key: "b", sku: "T", name: "N", quantity: "10000", unitPrice: "60000" },
        ],
      }),
      "k",
    );
    expect(twoBig).toMatchObject({
      ok: false,
      errors: { items: expect.stringContaining("split the order") as unknown },
    });
  });
});

describe("line and draft totals", () => {
  it("multiplies in minor units and skips lines that are not valid yet", () => {
    expect(lineTotal({ quantity: "3", unitPrice: "0.10" }, "USD")).toBe(30);
    expect(lineTotal({ quantity: "", unitPrice: "0.10" }, "USD")).toBeNull();
    expect(
      draftTotal([{ ...emptyItem("a"), quantity: "3", unitPrice: "0.10" }, emptyItem("b")], "USD"),
    ).toBe(30);
  });
});

describe("refunds", () => {
  const order = {
    totalAmount: 2500,
    refunds: [
      { amount: 1000, status: "succeeded" },
      { amount: 300, status: "pending" },
      { amount: 700, status: "failed" },
    ],
  };

  it("counts succeeded and pending refunds against the total, not failed ones", () => {
    expect(refundableAmount(order)).toBe(1200);
    expect(
      refundableAmount({ totalAmount: 100, refunds: [{ amount: 100, status: "succeeded" }] }),
    ).toBe(0);
  });

  it("accepts up to the refundable amount and explains anything else", () => {
    expect(parseRefundAmount("12.00", "USD", 1200)).toEqual({ ok: true, amount: 1200 });
    expect(parseRefundAmount("12.01", "USD", 1200)).toEqual({
      ok: false,
      message: "At most $12.00 can be refunded.",
    });
    expect(parseRefundAmount("0", "USD", 1200)).toEqual({
      ok: false,
      message: "The amount must be more than zero.",
    });
    expect(parseRefundAmount("", "USD", 1200)).toEqual({
      ok: false,
      message: "Enter an amount like 12.50.",
    });
    expect(parseRefundAmount("1,000", "USD", 1200)).toMatchObject({ ok: false });
  });

  it("prefills the amount in the form people type", () => {
    expect(toAmountInput(1200, "USD")).toBe("12.00");
    expect(toAmountInput(5, "USD")).toBe("0.05");
    expect(toAmountInput(1500, "JPY")).toBe("1500");
    expect(toAmountInput(1250, "KWD")).toBe("1.250");
    expect(parseRefundAmount(toAmountInput(123456, "USD"), "USD", 123456)).toEqual({
      ok: true,
      amount: 123456,
    });
  });
});

describe("pageTotals", () => {
  it("sums per currency and never across currencies", () => {
    expect(
      pageTotals([
        { currency: "USD", totalAmount: 1000, refundedAmount: 0 },
        { currency: "EUR", totalAmount: 500, refundedAmount: 100 },
        { currency: "USD", totalAmount: 250, refundedAmount: 250 },
      ]),
    ).toEqual([
      { currency: "EUR", count: 1, totalAmount: 500, refundedAmount: 100 },
      { currency: "USD", count: 2, totalAmount: 1250, refundedAmount: 250 },
    ]);
  });
});

describe("ordersListInput", () => {
  const none = { status: null, email: null, from: null, to: null };

  it("asks for a page with totals and no filters by default", () => {
    expect(ordersListInput(none, null, "UTC")).toEqual({
      ok: true,
      input: { limit: 25, includeTotals: true },
    });
  });

  it("turns local calendar days into instants in the tenant's zone, `to` including its whole day", () => {
    const result = ordersListInput(
      { status: "paid", email: " a@b.co ", from: "2026-03-01", to: "2026-03-01" },
      "c1",
      "America/New_York",
    );
    expect(result).toEqual({
      ok: true,
      input: {
        limit: 25,
        includeTotals: true,
        status: "paid",
        customerEmail: "a@b.co",
        from: new Date("2026-03-01T05:00:00.000Z"),
        to: new Date("2026-03-02T05:00:00.000Z"),
        cursor: "c1",
      },
    });
  });

  it("says which filter cannot be used", () => {
    expect(ordersListInput({ ...none, from: "2026-02-30" }, null, "UTC")).toEqual({
      ok: false,
      message: "From is not a valid date (use YYYY-MM-DD).",
    });
    expect(ordersListInput({ ...none, from: "2026-03-02", to: "2026-03-01" }, null, "UTC")).toEqual(
      { ok: false, message: "From must be on or before To." },
    );
  });
});
