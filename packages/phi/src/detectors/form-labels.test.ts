import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastKey, keyOf } from "./form-labels";

// Labels built from the characters the key's regular expressions treat specially: white space
// (ASCII and not), item numbers, list markers, parentheses, and the two characters outside ASCII
// whose lower case holds an ASCII letter.
const piece = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom(
    " ",
    "\t",
    "\v",
    "\u00a0",
    "\u2003",
    "\ufeff",
    "- ",
    "-",
    "1",
    "12",
    "123",
    "a",
    "B",
    ".",
    "1a. ",
    "24D. ",
    "(",
    ")",
    "'",
    "_",
    "\u0130",
    "\u212a",
    "\u017f",
    "Σ",
    "é",
    "😀",
    "INSURED'S I.D. NUMBER",
    "Hosp No",
  ),
);

describe("form label keys", () => {
  it("reads the same key in one pass as the regular expressions do", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const raw = pieces.join("");
        const fast = fastKey(raw);
        if (fast !== null) expect(fast).toBe(keyOf(raw));
      }),
      { numRuns: 20000 },
    );
  });

  it("leaves only labels with a parenthesis to the regular expressions", () => {
    expect(fastKey("PATIENT'S NAME (Last, First, MI)")).toBeNull();
    expect(fastKey("1a. INSURED'S I.D. NUMBER")).toBe("insuredsidnumber");
    expect(fastKey(" 24D. Procedures")).toBe("procedures");
    expect(fastKey("- Member_ID")).toBe("memberid");
  });
});
