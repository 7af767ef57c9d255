import { describe, expect, it } from "vitest";
import { reconnectBackoffSeconds } from "./client";

describe("reconnectBackoffSeconds", () => {
  it("starts within 50 ms and never waits more than 2 s, however long the outage", () => {
    expect(reconnectBackoffSeconds(1)).toBeLessThanOrEqual(0.05);
    for (const retries of [0, 1, 2, 5, 7, 10, 50, 1_000]) {
      const seconds = reconnectBackoffSeconds(retries);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(2);
    }
    // postgres.js's default would wait 3^10 / 100 s, capped at 20 s, after ten failures.
    expect(reconnectBackoffSeconds(10)).toBeGreaterThanOrEqual(1);
  });
});
