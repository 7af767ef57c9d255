import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { type PhiType } from "./types";

// Shapes an outside corpus showed the detector missing: each case names the value it must find.
const found = (text: string): [PhiType, string][] =>
  detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe("phones in every layout", () => {
  it("keeps an extension with the number", () => {
    for (const value of [
      "+1-903-140-4508x769",
      "(898)666-3621x0135",
      "001-213-359-8690x37716",
      "415.555.0199 ext. 12",
    ])
      expect(found(`Office line ${value} for billing.`), value).toContainEqual(["PHONE", value]);
  });

  it("reads other countries' layouts after a phone word, or before 'is my mobile'", () => {
    expect(found("Phone: 01 9327686")).toEqual([["PHONE", "01 9327686"]]);
    expect(found("Tel.: 0460/255 042")).toEqual([["PHONE", "0460/255 042"]]);
    expect(found("Tel.: 00381 50 666 136")).toEqual([["PHONE", "00381 50 666 136"]]);
    expect(found("93 57 39 28 is my mobile, text first")).toEqual([["PHONE", "93 57 39 28"]]);
  });

  it("takes a fax label on the line above", () => {
    expect(found("Our fax number is\n0241 0874 6552\nThanks.")).toEqual([
      ["FAX", "0241 0874 6552"],
    ]);
    expect(found("Fax:\n+49-2491-84377246")).toEqual([["FAX", "+49-2491-84377246"]]);
  });

  it("leaves unlabelled digit runs and order numbers alone", () => {
    expect(found("Order 0241 0874 6552 shipped")).toEqual([]);
    expect(found("we sold 93 57 39 28 units")).toEqual([]);
  });
});

describe("cards of every issuer range", () => {
  it("finds 15-digit 1800/2131 and 16-digit 35xx JCB numbers", () => {
    for (const value of ["213174054480898", "1800-0162-4098-695", "3566 0020 2036 0505"])
      expect(found(`card number ${value}`), value).toEqual([["CREDIT_CARD", value]]);
  });

  it("takes any Luhn-valid 12-19 digits next to a card word, in any grouping", () => {
    for (const value of ["5018-0151-7670", "4232-7774-3064-1", "6256-6432-8432-2407-748"])
      expect(found(`Pay with my card ${value} exp 09/29`), value).toContainEqual([
        "CREDIT_CARD",
        value,
      ]);
    // Without a card word an unusual grouping stays unread.
    expect(found("ref 5018-0151-7670")).toEqual([]);
  });
});
