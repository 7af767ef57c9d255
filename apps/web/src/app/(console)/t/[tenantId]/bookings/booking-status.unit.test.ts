import { describe, expect, it } from "vitest";
import { displayStatus, isBookingStatus, isLiveStatus } from "./booking-status";

describe("displayStatus", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  it("shows a pending booking whose hold ran out as expired", () => {
    expect(
      displayStatus({ status: "pending", holdExpiresAt: new Date("2026-03-10T11:59:00Z") }, now),
    ).toBe("expired");
    expect(
      displayStatus({ status: "pending", holdExpiresAt: new Date("2026-03-10T12:05:00Z") }, now),
    ).toBe("pending");
    expect(displayStatus({ status: "confirmed", holdExpiresAt: null }, now)).toBe("confirmed");
  });
  it("treats only pending and confirmed bookings as live, and knows the API's statuses", () => {
    expect(isLiveStatus("pending") && isLiveStatus("confirmed")).toBe(true);
    expect(isLiveStatus("cancelled") || isLiveStatus("expired")).toBe(false);
    expect(isBookingStatus("cancelled")).toBe(true);
    expect(isBookingStatus("deleted")).toBe(false);
  });
});
