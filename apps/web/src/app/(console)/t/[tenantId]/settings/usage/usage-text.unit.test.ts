import { describe, expect, it } from "vitest";
import { formatPeriod, percentUsed } from "./usage-text";

describe("percentUsed", () => {
  it("rounds down and caps at 100", () => {
    expect(percentUsed(0, 200)).toBe(0);
    expect(percentUsed(199, 200)).toBe(99);
    expect(percentUsed(200, 200)).toBe(100);
    expect(percentUsed(450, 200)).toBe(100);
  });

  it("treats a zero limit as full once anything is used", () => {
    expect(percentUsed(0, 0)).toBe(0);
    expect(percentUsed(1, 0)).toBe(100);
  });
});

describe("formatPeriod", () => {
  it("shows the last day of an end-exclusive UTC month", () => {
    expect(formatPeriod(new Date("2026-02-01T00:00:00Z"), new Date("2026-03-01T00:00:00Z"))).toBe(
      "Feb 1 – Feb 28, 2026 (UTC)",
    );
  });
});
