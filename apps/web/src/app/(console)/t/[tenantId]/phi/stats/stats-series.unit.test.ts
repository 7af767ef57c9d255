import { describe, expect, it } from "vitest";
import {
  bucketStarts,
  chartData,
  rangeFor,
  statsRequest,
  truncate,
  typeTotals,
  type Stats,
} from "./stats-series";

const NY = "America/New_York";

describe("ranges and buckets in the tenant's zone", () => {
  it("ends day presets at the next local midnight", () => {
    const now = new Date("2026-03-10T15:30:00Z"); // 11:30 EDT
    expect(rangeFor("7d", now, NY)).toEqual({
      from: new Date("2026-03-04T05:00:00Z"),
      to: new Date("2026-03-11T04:00:00Z"),
    });
  });

  it("ends the 24-hour preset at the next hour, so the query key is stable within an hour", () => {
    const a = rangeFor("24h", new Date("2026-03-10T15:01:00Z"), "UTC");
    const b = rangeFor("24h", new Date("2026-03-10T15:59:00Z"), "UTC");
    expect(a).toEqual(b);
    expect(a.to).toEqual(new Date("2026-03-10T16:00:00Z"));
    expect(a.to.getTime() - a.from.getTime()).toBe(24 * 3_600_000);
  });

  it("truncates to local Monday and the 1st", () => {
    const wed = new Date("2026-03-11T12:00:00Z");
    expect(truncate(wed, "week", NY)).toEqual(new Date("2026-03-09T04:00:00Z")); // Monday 9 March, EDT
    expect(truncate(wed, "month", NY)).toEqual(new Date("2026-03-01T05:00:00Z")); // 1 March, still EST
  });

  it("enumerates day buckets across a DST change (23-hour day included)", () => {
    const starts = bucketStarts(
      new Date("2026-03-07T05:00:00Z"),
      new Date("2026-03-10T04:00:00Z"),
      "day",
      NY,
    );
    expect(starts.map((d) => d.toISOString())).toEqual([
      "2026-03-07T05:00:00.000Z",
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
    ]);
  });

  it("refuses a choice with more buckets than the API allows", () => {
    const now = new Date("2026-03-10T15:30:00Z");
    expect(statsRequest("90d", "hour", now, "UTC")).toEqual({
      ok: false,
      message: "Last 90 days has more than 1000 hour buckets; choose a larger bucket.",
    });
    expect(statsRequest("90d", "day", now, "UTC")).toEqual({
      ok: true,
      input: { from: "2025-12-11T00:00:00.000Z", to: "2026-03-11T00:00:00.000Z", bucket: "day" },
    });
  });
});

const stats: Stats = {
  timeZone: "UTC",
  bucket: "day",
  items: [
    { bucket: new Date("2026-03-01T00:00:00Z"), type: "SSN", action: "blocked", count: 2 },
    { bucket: new Date("2026-03-01T00:00:00Z"), type: "EMAIL", action: "masked", count: 1 },
    { bucket: new Date("2026-03-03T00:00:00Z"), type: "EMAIL", action: "masked", count: 4 },
  ],
  totals: { count: 7, byType: { SSN: 2, EMAIL: 5 }, byAction: { blocked: 2, masked: 5 } },
};
const range = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-04T00:00:00Z") };

describe("stats → chart rows", () => {
  it("fills empty buckets with zeros and orders type series by total", () => {
    const { rows, series } = chartData(stats, range, "type");
    expect(series.map((s) => s.key)).toEqual(["EMAIL", "SSN"]);
    expect(rows).toEqual([
      { Period: "Mar 1", EMAIL: 1, SSN: 2 },
      { Period: "Mar 2", EMAIL: 0, SSN: 0 },
      { Period: "Mar 3", EMAIL: 4, SSN: 0 },
    ]);
  });

  it("groups by action with the action's label", () => {
    const { rows, series } = chartData(stats, range, "action");
    expect(series.map((s) => [s.key, s.label])).toEqual([
      ["masked", "Masked"],
      ["blocked", "Blocked"],
    ]);
    expect(rows[0]).toEqual({ Period: "Mar 1", masked: 1, blocked: 2 });
  });

  it("has no series and zero rows' values when there are no events", () => {
    const empty: Stats = { ...stats, items: [], totals: { count: 0, byType: {}, byAction: {} } };
    const { rows, series } = chartData(empty, range, "type");
    expect(series).toEqual([]);
    expect(rows).toHaveLength(3);
  });

  it("lists type totals with their share", () => {
    expect(typeTotals(stats)).toEqual([
      { type: "EMAIL", count: 5, share: 5 / 7 },
      { type: "SSN", count: 2, share: 2 / 7 },
    ]);
  });
});
