import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { PHI_TYPES } from "./types";

// Strings built from PHI-like fragments reach far more detector paths than uniform noise.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "Dr. ",
    "MRN ",
    "555-123-4567",
    " 4111 1111 1111 1111",
    "Maria ",
    "Lopez",
    "@x.com",
    "::",
    "/",
    "-",
    "😀",
    "é",
  ),
  fc.integer({ min: 0, max: 99999 }).map(String),
);
const chatText = fc.array(fragment, { maxLength: 20 }).map((parts) => parts.join(""));

describe("detectPhi properties", () => {
  it("never throws and returns sorted, non-overlapping, in-bounds spans of known types", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), chatText), (text) => {
        const findings = detectPhi(text);
        let lastEnd = 0;
        for (const f of findings) {
          expect(PHI_TYPES).toContain(f.type);
          expect(f.start).toBeGreaterThanOrEqual(lastEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          lastEnd = f.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});
