import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";

// Crafted inputs of the API's maximum size (100,000 characters) that made a detector quadratic or
// worse. Linear detectors finish each in milliseconds; before they were made linear these took
// from seconds (the email and domain patterns) to hours (a label followed by a white-space run),
// far past the test's time limit. Throughput is measured by the adversarial benchmark, not here.
const LIMIT = 100_000;
const flood = (unit: string, size = LIMIT): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const ATTACKS: [string, string][] = [
  ["local-part flood before a lone @", `${"a.".repeat(49_999)}@`],
  ["domain labels without a known ending", flood("ab.")],
  ["a ZIP label before a white-space run", `zip${" ".repeat(LIMIT - 4)}x`],
  ["an age before a white-space run", `aged 95${" ".repeat(LIMIT - 8)}x`],
  ["a greeting before a white-space run", `Hi${" ".repeat(LIMIT - 6)}Jane`],
  ["a sign-off gap of newlines", `Thanks${"\n".repeat(LIMIT - 11)}Jane.`],
  ["a URL closed by a flood of parentheses", `http://x.com/${")".repeat(LIMIT - 13)}`],
  ["a label before a white-space run", `order${" ".repeat(LIMIT - 17)}555-123-4567`],
  ["thousands of names", flood("John Smith, ")],
  ["thousands of ZIP codes after streets", flood("12 Main St, Springfield, IL 62704\n")],
  ["one word of letters after a cue for a name", `it's ${"a".repeat(LIMIT - 5)}`],
];

describe("detectPhi on crafted input", () => {
  for (const [name, text] of ATTACKS)
    it(`stays linear: ${name}`, () => {
      expect(text.length).toBeLessThanOrEqual(LIMIT);
      const findings = detectPhi(text);
      expect(Array.isArray(findings)).toBe(true);
    });

  it("still finds what a flood surrounds", () => {
    const text = `${"a.".repeat(1000)} write to jane.doe@example.com ${"ab.".repeat(1000)}`;
    expect(detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)])).toContainEqual([
      "EMAIL",
      "jane.doe@example.com",
    ]);
  });
});
