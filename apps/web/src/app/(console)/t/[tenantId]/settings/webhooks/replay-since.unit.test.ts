import { describe, expect, it } from "vitest";
import { fromDateTimeInput, replaySince, toDateTimeInput } from "./replay-since";

describe("fromDateTimeInput", () => {
  it("reads the wall-clock time in the tenant's zone", () => {
    expect(fromDateTimeInput("2026-03-08T09:30", "America/New_York")).toEqual(
      new Date("2026-03-08T13:30:00Z"),
    );
    expect(fromDateTimeInput("2026-03-08T09:30", "UTC")).toEqual(new Date("2026-03-08T09:30:00Z"));
  });

  it("refuses impossible and malformed values", () => {
    expect(fromDateTimeInput("2026-02-30T09:30", "UTC")).toBeNull();
    expect(fromDateTimeInput("2026-03-08 09:30", "UTC")).toBeNull();
    expect(fromDateTimeInput("", "UTC")).toBeNull();
  });

  it("round-trips with toDateTimeInput", () => {
    const instant = new Date("2026-07-01T22:15:00Z");
    expect(fromDateTimeInput(toDateTimeInput(instant, "Asia/Tokyo"), "Asia/Tokyo")).toEqual(
      instant,
    );
  });
});

describe("replaySince", () => {
  const now = new Date("2026-03-10T12:00:00Z");

  it("accepts a past time within 30 days", () => {
    expect(replaySince("2026-03-09T12:00", "UTC", now)).toEqual({
      ok: true,
      since: new Date("2026-03-09T12:00:00Z"),
    });
  });

  it("refuses the future, more than 30 days back, and nothing typed, with a message", () => {
    expect(replaySince("2026-03-11T12:00", "UTC", now)).toEqual({
      ok: false,
      message: "Choose a time in the past.",
    });
    const tooOld = replaySince("2026-02-01T12:00", "UTC", now);
    expect(tooOld.ok).toBe(false);
    expect(tooOld.ok ? "" : tooOld.message).toMatch(/30 days/);
    expect(replaySince("", "UTC", now)).toEqual({ ok: false, message: "Enter a date and time." });
  });
});
