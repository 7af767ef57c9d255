import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "./policy";
import { type PhiFinding } from "./types";

const f = (type: PhiFinding["type"]): PhiFinding => ({ type, start: 0, end: 1 });

describe("evaluatePolicy", () => {
  it("allows text without findings", () => {
    expect(evaluatePolicy([], { defaults: "block" })).toBe("allowed");
  });

  it("applies the default action", () => {
    expect(evaluatePolicy([f("NAME")], { defaults: "mask" })).toBe("masked");
  });

  it("lets block dominate alert and alert dominate mask", () => {
    const policy = { defaults: "mask", perType: { SSN: "block", EMAIL: "alert" } } as const;
    expect(evaluatePolicy([f("NAME"), f("EMAIL")], policy)).toBe("alerted");
    expect(evaluatePolicy([f("EMAIL"), f("SSN"), f("NAME")], policy)).toBe("blocked");
    expect(evaluatePolicy([f("NAME")], policy)).toBe("masked");
  });

  it("ignores types the policy allows", () => {
    const policy = { defaults: "block", perType: { DATE: "allow" } } as const;
    expect(evaluatePolicy([f("DATE")], policy)).toBe("allowed");
    expect(evaluatePolicy([f("DATE"), f("NAME")], policy)).toBe("blocked");
  });
});
