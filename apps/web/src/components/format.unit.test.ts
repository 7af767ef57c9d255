import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";
import {
  currencyDigits,
  formatInZone,
  formatMoney,
  formatNumber,
  fromDateInput,
  parseMoney,
  startOfZonedDay,
  toDateInput,
} from "@/components/format";

describe("money in minor units", () => {
  it("formats two-, zero- and three-decimal currencies", () => {
    expect(formatMoney(1999, "USD")).toBe("$19.99");
    expect(formatMoney(500, "JPY")).toBe("¥500");
    expect(formatMoney(1234, "BHD")).toMatch(/1\.234/);
  });
  it("keeps each currency's and each precision's formatting apart, however often it is asked", () => {
    for (let i = 0; i < 3; i++) {
      expect(formatMoney(1999, "USD")).toBe("$19.99");
      expect(formatMoney(1999, "JPY")).toBe("¥1,999");
      expect(currencyDigits("BHD")).toBe(3);
      expect(formatNumber(1234.56789)).toBe("1,234.57");
      expect(formatNumber(1234.56789, 4)).toBe("1,234.5679");
      expect(formatNumber(1234.56789, 0)).toBe("1,235");
    }
  });
  it("falls back to the amount and code for a currency Intl does not know", () => {
    expect(currencyDigits("NOT-A-CODE")).toBe(2);
    expect(formatMoney(1999, "NOT-A-CODE")).toBe("19.99 NOT-A-CODE");
    expect(formatMoney(5, "NOT-A-CODE")).toBe("0.05 NOT-A-CODE");
  });
  it("parses typed amounts into minor units and rejects too many decimals", () => {
    expect(parseMoney("19.99", "USD")).toBe(1999);
    expect(parseMoney("19.9", "USD")).toBe(1990);
    expect(parseMoney("500", "JPY")).toBe(500);
    expect(parseMoney("5.5", "JPY")).toBeNull();
    expect(parseMoney("1.999", "USD")).toBeNull();
    expect(parseMoney("-1", "USD")).toBeNull();
  });
});

describe("days in the tenant's zone", () => {
  it("finds local midnight across the spring DST change (23-hour day)", () => {
    const start = startOfZonedDay("2026-03-08T12:00:00Z", "America/New_York");
    const next = startOfZonedDay("2026-03-08T12:00:00Z", "America/New_York", 1);
    expect(start.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(next.getTime() - start.getTime()).toBe(23 * 3600_000);
  });
  it("round-trips date inputs in the zone", () => {
    const d = fromDateInput("2026-11-01", "America/New_York");
    expect(d?.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(d && toDateInput(d, "America/New_York")).toBe("2026-11-01");
    expect(fromDateInput("nope", "UTC")).toBeNull();
  });
});

describe("date patterns in the tenant's zone", () => {
  // Every pattern the console formats with, checked against date-fns' own `format` (the reference
  // the local formatter replaced in the browser bundle).
  const PATTERNS = [
    "MMM d, yyyy, HH:mm",
    "MMM d, yyyy, HH:mm:ss",
    "EEE, MMM d",
    "EEE, MMM d, yyyy",
    "EEEE, MMMM d, yyyy",
    "EEEE, MMM d",
    "EEE d",
    "HH:mm",
    "H",
    "m",
    "yyyy-MM-dd",
    "yyyy-MM-dd'T'HH:mm",
    "MMM d HH:mm",
    "MMM d, HH:mm",
    "MMM d",
    "MMM yyyy",
    "MMMM yyyy",
    "'Week of' MMM d, yyyy",
    "'Wk of' MMM d",
  ];
  const INSTANTS = [
    "2026-01-01T00:00:00Z",
    "2026-03-08T06:59:59Z",
    "2026-03-08T07:00:00Z",
    "2026-07-04T23:05:09Z",
    "2026-11-01T05:30:00Z",
    "2026-12-31T23:59:59Z",
  ];
  it("formats like date-fns in every zone the tests know", () => {
    for (const zone of ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]) {
      for (const instant of INSTANTS) {
        const reference = new TZDate(new Date(instant).getTime(), zone);
        for (const pattern of PATTERNS) {
          expect(formatInZone(instant, zone, pattern), `${pattern} ${instant} ${zone}`).toBe(
            format(reference, pattern),
          );
        }
      }
    }
  });
  it("refuses a token it does not know instead of printing it", () => {
    expect(() => formatInZone("2026-01-01T00:00:00Z", "UTC", "yyyy QQQ")).toThrow(/QQQ/);
  });
});
