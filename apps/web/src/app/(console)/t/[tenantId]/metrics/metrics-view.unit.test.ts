import { describe, expect, it } from "vitest";
import {
  chooseMetric,
  defaultBucket,
  loadMetricsSearch,
  parseTagPairs,
  queryInput,
  resolveRange,
  resolveView,
  type MetricName,
} from "./metrics-view";

const TZ = "America/New_York";
const now = new Date("2026-11-25T17:27:00.000Z"); // 12:27 in New York

describe("ranges in the tenant's zone", () => {
  it("defaults to the last 7 local days, ending at midnight after today", () => {
    const r = resolveRange({ range: null, from: null, to: null }, now, TZ);
    expect(r.preset).toBe("7d");
    expect(r.from.toISOString()).toBe("2026-11-19T05:00:00.000Z");
    expect(r.to.toISOString()).toBe("2026-11-26T05:00:00.000Z");
    expect([r.fromDate, r.toDate]).toEqual(["2026-11-19", "2026-11-25"]);
  });

  it("ends the 24-hour preset at the next full hour", () => {
    const r = resolveRange({ range: "24h", from: null, to: null }, now, TZ);
    expect(r.to.toISOString()).toBe("2026-11-25T18:00:00.000Z");
    expect(r.from.toISOString()).toBe("2026-11-24T18:00:00.000Z");
  });

  it("spans 30 local days across the DST change", () => {
    const r = resolveRange({ range: "30d", from: null, to: null }, now, TZ);
    expect(r.from.toISOString()).toBe("2026-10-27T04:00:00.000Z"); // still EDT
    expect(r.toDate).toBe("2026-11-25");
  });

  it("reads a custom range as whole local days, `to` inclusive", () => {
    const r = resolveRange({ range: null, from: "2026-11-01", to: "2026-11-02" }, now, TZ);
    expect(r.preset).toBeNull();
    expect(r.from.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(r.to.toISOString()).toBe("2026-11-03T05:00:00.000Z");
  });

  it("lets a preset win over dates and ignores malformed dates", () => {
    expect(
      resolveRange({ range: "24h", from: "2026-11-01", to: "2026-11-02" }, now, TZ).preset,
    ).toBe("24h");
    expect(resolveRange({ range: null, from: "yesterday", to: "nope" }, now, TZ).preset).toBe("7d");
  });

  it("picks buckets that keep the chart readable", () => {
    const day = 86_400_000;
    expect(defaultBucket({ from: new Date(0), to: new Date(7 * day) })).toBe("hour");
    expect(defaultBucket({ from: new Date(0), to: new Date(30 * day) })).toBe("day");
    expect(defaultBucket({ from: new Date(0), to: new Date(365 * day) })).toBe("week");
  });
});

describe("the view from the URL", () => {
  it("parses a shared URL, including tag values with commas and equals signs", () => {
    const search = loadMetricsSearch(
      "?metric=assistant.messages&range=30d&bucket=day&agg=p99,sum,bogus&tag=channel%3Dweb&tag=note%3Da%2Cb%3Dc&groupBy=channel",
    );
    expect(search.agg).toEqual(["p99", "sum"]); // unknown aggregations are dropped
    const view = resolveView(search, "counter", now, TZ);
    expect(view.bucket).toBe("day");
    expect(view.aggregations).toEqual(["sum", "p99"]);
    expect(view.tags).toEqual([
      { key: "channel", value: "web" },
      { key: "note", value: "a,b=c" },
    ]);
    const input = queryInput("assistant.messages", view);
    expect(input.filter).toEqual({ channel: "web", note: "a,b=c" });
    expect(input.groupBy).toBe("channel");
  });

  it("defaults aggregations by the metric's kind and leaves filter/groupBy out when unset", () => {
    const search = loadMetricsSearch("");
    expect(resolveView(search, "counter", now, TZ).aggregations).toEqual(["sum"]);
    expect(resolveView(search, "histogram", now, TZ).aggregations).toEqual(["p50", "p90", "p99"]);
    const input = queryInput("x", resolveView(search, "gauge", now, TZ));
    expect(input.aggregations).toEqual(["avg", "min", "max"]);
    expect("filter" in input || "groupBy" in input).toBe(false);
  });

  it("drops malformed tag pairs and repeated keys", () => {
    expect(parseTagPairs(["=x", "noequals", "bad key=1", "a=1", "a=2", "b="])).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "" },
    ]);
  });

  it("shows the metric in the URL, else the tenant's first", () => {
    const names: MetricName[] = [
      { name: "a.latency", kind: "histogram", unit: "ms", seriesCount: 1, lastSeenAt: now },
      { name: "b.count", kind: "counter", unit: null, seriesCount: 1, lastSeenAt: now },
    ];
    expect(chooseMetric(null, names)?.name).toBe("a.latency");
    expect(chooseMetric("b.count", names)?.info?.kind).toBe("counter");
    expect(chooseMetric("gone", names)).toEqual({ name: "gone", info: null });
    expect(chooseMetric(null, [])).toBeNull();
  });
});
