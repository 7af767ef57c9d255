import { describe, expect, it } from "vitest";
import { aggregationsFor, dashboardInputs, dashboardRanges, parsePeriod } from "./dashboard-inputs";

describe("dashboard ranges in the tenant's time zone", () => {
  it("includes today and spans the period's local days, across a DST change", () => {
    // 2026-11-01 is the autumn change in New York (a 25-hour day); 'now' is Nov 2, 15:30 local.
    const r = dashboardRanges(new Date("2026-11-02T20:30:45Z"), "America/New_York", "7d");
    expect(r.now).toBe("2026-11-02T20:30:00.000Z");
    expect(r.todayStart).toBe("2026-11-02T05:00:00.000Z");
    expect(r.todayEnd).toBe("2026-11-03T05:00:00.000Z");
    // Six local days back is Oct 27, still on daylight time (UTC-4).
    expect(r.periodStart).toBe("2026-10-27T04:00:00.000Z");
    expect(r.upcomingEnd).toBe("2026-11-10T05:00:00.000Z");
  });

  it("falls back to 30 days for a missing or unknown period", () => {
    expect(parsePeriod(undefined)).toBe("30d");
    expect(parsePeriod("1y")).toBe("30d");
    expect(parsePeriod("90d")).toBe("90d");
  });

  it("builds the same inputs for the same minute (server prefetch and client share cache keys)", () => {
    const a = dashboardInputs(dashboardRanges(new Date("2026-03-08T12:00:05Z"), "UTC", "30d"));
    const b = dashboardInputs(dashboardRanges(new Date("2026-03-08T12:00:55Z"), "UTC", "30d"));
    expect(JSON.stringify(a.revenue)).toBe(JSON.stringify(b.revenue));
    expect(JSON.stringify(a.metric("x", "gauge"))).toBe(JSON.stringify(b.metric("x", "gauge")));
  });

  it("charts counters as sums, gauges as means and histograms as p50/p95", () => {
    expect(aggregationsFor("counter")).toEqual(["sum"]);
    expect(aggregationsFor("gauge")).toEqual(["avg"]);
    expect(aggregationsFor("histogram")).toEqual(["p50", "p95"]);
  });
});
