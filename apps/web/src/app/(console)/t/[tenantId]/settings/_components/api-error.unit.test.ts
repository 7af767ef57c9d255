import { describe, expect, it } from "vitest";
import { apiErrorMessage, isForbidden } from "./api-error";

describe("apiErrorMessage", () => {
  it("passes service messages through", () => {
    expect(apiErrorMessage({ message: "You cannot raise your own role; ask an owner" })).toBe(
      "You cannot raise your own role; ask an owner",
    );
  });

  it("turns a zod issue list into one sentence", () => {
    const message = JSON.stringify([
      {
        code: "too_small",
        path: ["retention", "auditDays"],
        message: "Too small: expected number to be >=1",
      },
    ]);
    expect(apiErrorMessage({ message })).toBe(
      "Invalid retention.auditDays: Too small: expected number to be >=1",
    );
  });

  it("falls back for empty and missing errors", () => {
    expect(apiErrorMessage(null)).toBe("Something went wrong. Try again.");
    expect(apiErrorMessage({ message: "  " })).toBe("Something went wrong. Try again.");
    expect(apiErrorMessage({ message: "[not json" })).toBe("[not json");
  });
});

describe("isForbidden", () => {
  it("reads the stable tRPC code, not the message", () => {
    expect(isForbidden({ message: "x", data: { code: "FORBIDDEN" } })).toBe(true);
    expect(isForbidden({ message: "FORBIDDEN", data: { code: "NOT_FOUND" } })).toBe(false);
    expect(isForbidden(null)).toBe(false);
  });
});
