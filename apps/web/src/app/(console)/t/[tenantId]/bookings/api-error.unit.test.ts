import { describe, expect, it } from "vitest";
import { errorText } from "./api-error";

describe("errorText", () => {
  it("shows the API's message as it is", () => {
    expect(errorText({ message: "Slot 2026-03-10T14:00:00.000Z is already booked" })).toBe(
      "Slot 2026-03-10T14:00:00.000Z is already booked",
    );
  });
  it("turns a validation failure's issue list into its messages", () => {
    const zod = JSON.stringify(
      [{ code: "invalid_format", path: ["attendee", "email"], message: "Invalid email address" }],
      null,
      2,
    );
    expect(errorText({ message: zod })).toBe("Invalid email address");
  });
  it("never shows an empty toast", () => {
    expect(errorText({ message: "  " })).toBe("Something went wrong; try again.");
    expect(errorText({ message: "[not json" })).toBe("[not json");
  });
});
