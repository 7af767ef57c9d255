import { describe, expect, it } from "vitest";
import { isBookingStatus, isLiveStatus } from "./booking-status";

describe("booking statuses", () => {
  it("treats only pending and confirmed bookings as live, and knows the API's statuses", () => {
    expect(isLiveStatus("pending") && isLiveStatus("confirmed")).toBe(true);
    expect(isLiveStatus("cancelled") || isLiveStatus("expired")).toBe(false);
    expect(isBookingStatus("cancelled")).toBe(true);
    expect(isBookingStatus("deleted")).toBe(false);
  });
});
