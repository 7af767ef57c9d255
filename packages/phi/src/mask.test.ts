import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { maskPhi, maskValue, maskedContext } from "./mask";
import { type PhiFinding } from "./types";

const text =
  "Call Maria Lopez at 555-123-4567, SSN 123-45-6789, card 4111 1111 1111 1111, jane@example.com";
const findings = detectPhi(text);
const raws = findings.map((f) => text.slice(f.start, f.end));

describe("maskPhi", () => {
  it("type style replaces each finding with its type", () => {
    expect(maskPhi(text, findings, { style: "type" })).toBe(
      "Call [NAME] at [PHONE], SSN [SSN], card [CREDIT_CARD], [EMAIL]",
    );
  });

  it("partial style keeps only a hint of each value", () => {
    expect(maskPhi(text, findings, { style: "partial" })).toBe(
      "Call M. L. at ***-***-4567, SSN ***-**-6789, card **** **** **** 1111, j***@example.com",
    );
  });

  it("hash style gives stable keyed tokens that differ across keys", () => {
    const a = maskPhi(text, findings, { style: "hash", key: "k1" });
    expect(a).toBe(maskPhi(text, findings, { style: "hash", key: "k1" }));
    expect(a).not.toBe(maskPhi(text, findings, { style: "hash", key: "k2" }));
    expect(a).toMatch(/\[PHONE:[0-9a-f]{8}\]/);
    expect(() => maskPhi(text, findings, { style: "hash" })).toThrow(/key/);
  });

  it("hash style links the same value written two ways", () => {
    const opts = { style: "hash", key: "k" } as const;
    expect(maskValue("PHONE", "(555) 123-4567", opts)).toBe(
      maskValue("PHONE", "555-123-4567", opts),
    );
  });

  it("never leaves a raw value in the output, in any style", () => {
    for (const style of ["type", "partial", "hash"] as const) {
      const out = maskPhi(text, findings, { style, key: "k" });
      for (const raw of raws) expect(out, style).not.toContain(raw);
    }
  });

  it("merges overlapping findings instead of leaking the part outside one of them", () => {
    const overlapping: PhiFinding[] = [
      { type: "PHONE", start: 5, end: 12 },
      { type: "NAME", start: 8, end: 16 },
    ];
    expect(maskPhi("Call Maria Lopez now", overlapping, { style: "type" })).toBe(
      "Call [PHONE] now",
    );
  });
});

describe("maskedContext", () => {
  it("masks every finding in the window, not only the one it is about", () => {
    const ssn = findings.find((f) => f.type === "SSN");
    expect(ssn).toBeDefined();
    if (!ssn) return;
    const ctx = maskedContext(text, ssn, findings, { style: "type" }, 25);
    expect(ctx).toContain("[SSN]");
    for (const raw of raws) expect(ctx).not.toContain(raw);
  });

  it("grows the window rather than cut a neighbouring finding in half", () => {
    const t = "Maria Lopez owes; SSN 123-45-6789 on file";
    const fs = detectPhi(t);
    const ssn = fs.find((f) => f.type === "SSN");
    if (!ssn) throw new Error("SSN not found");
    const ctx = maskedContext(t, ssn, fs, { style: "type" }, 12);
    expect(ctx).not.toMatch(/Lopez|pez|Maria/);
    expect(ctx).toContain("[NAME]");
  });
});
