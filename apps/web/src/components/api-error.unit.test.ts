import { describe, expect, it } from "vitest";
import { apiErrorMessage, isForbidden, isNotFound } from "./api-error";

describe("apiErrorMessage", () => {
  it("shows a service's message", () => {
    expect(
      apiErrorMessage({
        message: "Slot 2026-03-10T14:00:00.000Z is already booked",
        data: {
          code: "CONFLICT",
          appError: {
            code: "CONFLICT",
            message: "Slot 2026-03-10T14:00:00.000Z is already booked",
          },
          inputIssues: null,
        },
      }),
    ).toBe("Slot 2026-03-10T14:00:00.000Z is already booked");
  });

  it("shows a schema failure's issue messages, not zod's JSON message", () => {
    const issues = [
      { path: "attendee.email", message: "Invalid email address" },
      { path: "to", message: "The time range is at most 400 days" },
      { path: "from", message: "The time range is at most 400 days" },
    ];
    expect(
      apiErrorMessage({
        message: JSON.stringify(issues),
        data: { code: "BAD_REQUEST", appError: null, inputIssues: issues },
      }),
    ).toBe("Invalid email address; The time range is at most 400 days");
  });

  it("falls back to the transport's message, and never to an empty one", () => {
    expect(apiErrorMessage({ message: "Failed to fetch" })).toBe("Failed to fetch");
    expect(apiErrorMessage({ message: "  ", data: null })).toBe("Something went wrong; try again.");
    expect(apiErrorMessage(null)).toBe("Something went wrong; try again.");
  });
});

describe("isForbidden", () => {
  it("reads the stable tRPC code, not the message", () => {
    expect(isForbidden({ message: "x", data: { code: "FORBIDDEN" } })).toBe(true);
    expect(isForbidden({ message: "FORBIDDEN", data: { code: "NOT_FOUND" } })).toBe(false);
    expect(isForbidden(null)).toBe(false);
  });
});

describe("isNotFound", () => {
  it("reads the stable tRPC code, not the message", () => {
    expect(isNotFound({ message: "x", data: { code: "NOT_FOUND" } })).toBe(true);
    expect(isNotFound({ message: "NOT_FOUND", data: { code: "FORBIDDEN" } })).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});
