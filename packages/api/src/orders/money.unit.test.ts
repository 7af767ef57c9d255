// Money helpers: exponents per currency, exact formatting, integer totals with the overflow cap.
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  formatMoney,
  isKnownCurrency,
  MAX_ORDER_TOTAL,
  minorUnitExponent,
  orderTotal,
} from "./money";

describe("money", () => {
  it("knows ISO 4217 minor units: zero-decimal, three-decimal and the default of two", () => {
    for (const c of ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"])
      expect(minorUnitExponent(c)).toBe(0);
    for (const c of ["BHD", "KWD", "OMR", "JOD", "TND"]) expect(minorUnitExponent(c)).toBe(3);
    for (const c of ["USD", "EUR", "GBP", "CHF", "INR", "BRL"])
      expect(minorUnitExponent(c)).toBe(2);
    expect(isKnownCurrency("USD")).toBe(true);
    expect(isKnownCurrency("XXX")).toBe(false);
    expect(isKnownCurrency("usd")).toBe(false);
  });

  it("formats integer minor units exactly, per currency", () => {
    expect(formatMoney(123456, "USD")).toBe("USD 1,234.56");
    expect(formatMoney(5, "EUR")).toBe("EUR 0.05");
    expect(formatMoney(1500, "JPY")).toBe("JPY 1,500");
    expect(formatMoney(1234567, "KWD")).toBe("KWD 1,234.567");
    expect(formatMoney(-250, "usd")).toBe("-USD 2.50");
    expect(formatMoney(MAX_ORDER_TOTAL, "USD")).toBe("USD 999,999,999.99");
    expect(() => formatMoney(1.5, "USD")).toThrow(TypeError);
  });

  it("sums quantity × unitAmount with integer arithmetic and refuses totals past the cap", () => {
    expect(
      orderTotal(
        [
          { sku: "a", quantity: 3, unitAmount: 1999 },
          { sku: "b", quantity: 1, unitAmount: 1 },
        ],
        "USD",
      ),
    ).toBe(5998);
    // 0.1 + 0.2 style drift cannot happen: everything is an integer.
    expect(
      orderTotal(
        Array.from({ length: 10 }, () => ({ sku: "x", quantity: 1, unitAmount: 10 })),
        "USD",
      ),
    ).toBe(100);
    expect(orderTotal([{ sku: "a", quantity: 1, unitAmount: MAX_ORDER_TOTAL }], "USD")).toBe(
      MAX_ORDER_TOTAL,
    );
    expect(() =>
      orderTotal([{ sku: "big", quantity: 10_000, unitAmount: 10_000_000_000 }], "USD"),
    ).toThrow(AppError);
    expect(() =>
      orderTotal(
        [
          { sku: "a", quantity: 1, unitAmount: MAX_ORDER_TOTAL },
          { sku: "b", quantity: 1, unitAmount: 1 },
        ],
        "USD",
      ),
    ).toThrow(/exceeds the maximum of USD 999,999,999\.99/);
  });
});
