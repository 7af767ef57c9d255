import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NEGATIVE_LABEL, negativeLabel } from "./util";

// Text before a number built from the pattern's own words, its separators and other words, so
// that matches are frequent and near misses more so.
const piece = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom(
    "order",
    "reorder",
    "gift card",
    "gift\u00a0card",
    "ref",
    "inv",
    "ext",
    "po",
    "rx",
    "extension",
    "number",
    "num",
    "no",
    "no.",
    "id",
    "code",
    "is",
    "this",
    "phone",
    "call me at",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u2003",
    ".",
    "#",
    ":",
    "=",
    "-",
    "5",
  ),
);

describe("negativeLabel", () => {
  it("answers as NEGATIVE_LABEL does", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 7 }), (pieces) => {
        const text = pieces.join("");
        expect(negativeLabel(text)).toBe(NEGATIVE_LABEL.test(text));
      }),
      { numRuns: 30000 },
    );
  });

  it("reads the label through its number word, full stop and separator", () => {
    expect(negativeLabel("order no.: ")).toBe(true);
    expect(negativeLabel("tracking\u00a0# ")).toBe(true);
    expect(negativeLabel("reorder is ")).toBe(true);
    expect(negativeLabel("call me at ")).toBe(false);
    expect(negativeLabel("")).toBe(false);
  });
});
