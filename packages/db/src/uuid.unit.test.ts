import { describe, expect, it } from "vitest";
import { isUuid } from "./uuid";

describe("isUuid", () => {
  it("accepts canonical UUIDs of any version and case", () => {
    expect(isUuid("018f3b2e-7c1a-7d4e-9f00-0123456789ab")).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
    expect(isUuid("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).toBe(true);
  });

  it("refuses anything a ::uuid cast could choke on, or that could carry other data", () => {
    for (const value of [
      "",
      "018f3b2e7c1a7d4e9f000123456789ab",
      "{018f3b2e-7c1a-7d4e-9f00-0123456789ab}",
      " 018f3b2e-7c1a-7d4e-9f00-0123456789ab",
      "018f3b2e-7c1a-7d4e-9f00-0123456789ab\n",
      "018f3b2e-7c1a-7d4e-9f00-0123456789ag",
      "123-45-6789",
      null,
      42,
    ]) {
      expect(isUuid(value), String(value)).toBe(false);
    }
  });
});
