import { describe, expect, it } from "vitest";
import {
  configDraft,
  describeConfig,
  parseConfigDraft,
  parseScoreValue,
  summaryTotals,
  totalDistribution,
} from "./score-forms";
import {
  chooseScoreName,
  listInput,
  loadScoresSearch,
  resolveDays,
  type ScoreConfig,
} from "./scores-view";

const TZ = "America/New_York";
const now = new Date("2026-11-25T17:27:00.000Z");

function config(partial: Partial<ScoreConfig> & Pick<ScoreConfig, "name" | "kind">): ScoreConfig {
  return {
    id: partial.name,
    min: null,
    max: null,
    categories: null,
    description: null,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
    ...partial,
  };
}

describe("score values typed for the config's kind", () => {
  const helpfulness = { min: 1, max: 5, categories: null };
  it("accepts numbers within the config's bounds and explains the bounds otherwise", () => {
    expect(parseScoreValue("numeric", " 4.5 ", helpfulness)).toEqual({ ok: true, value: 4.5 });
    expect(parseScoreValue("numeric", "6", helpfulness)).toEqual({
      ok: false,
      message: "The value must be between 1 and 5",
    });
    expect(parseScoreValue("numeric", "-1", { min: 0, max: null, categories: null })).toEqual({
      ok: false,
      message: "The value must be at least 0",
    });
    expect(parseScoreValue("numeric", "", helpfulness).ok).toBe(false);
    expect(parseScoreValue("numeric", "abc", null).ok).toBe(false);
    expect(parseScoreValue("numeric", "1e13", null).ok).toBe(false);
  });
  it("accepts only the config's categories", () => {
    const tone = { min: null, max: null, categories: ["friendly", "neutral", "curt"] };
    expect(parseScoreValue("categorical", "neutral", tone)).toEqual({ ok: true, value: "neutral" });
    expect(parseScoreValue("categorical", "rude", tone)).toEqual({
      ok: false,
      message: "The value must be one of: friendly, neutral, curt",
    });
    expect(parseScoreValue("categorical", "", tone).ok).toBe(false);
  });
  it("takes booleans from the switch as they are", () => {
    expect(parseScoreValue("boolean", false)).toEqual({ ok: true, value: false });
    expect(parseScoreValue("boolean", "true").ok).toBe(false);
  });
});

describe("the score-config editor", () => {
  it("builds a numeric config, leaving out fields of other kinds and an empty description", () => {
    const draft = { ...configDraft(), name: "helpfulness", min: "1", max: "5", categories: "a\nb" };
    expect(parseConfigDraft(draft)).toEqual({
      ok: true,
      value: { name: "helpfulness", kind: "numeric", min: 1, max: 5 },
    });
  });
  it("splits categories on lines and commas and rejects duplicates", () => {
    const draft = {
      ...configDraft(),
      name: "tone",
      kind: "categorical" as const,
      categories: "friendly, neutral\n curt \n",
    };
    expect(parseConfigDraft(draft)).toEqual({
      ok: true,
      value: { name: "tone", kind: "categorical", categories: ["friendly", "neutral", "curt"] },
    });
    expect(parseConfigDraft({ ...draft, categories: "a\na" })).toEqual({
      ok: false,
      errors: { categories: "Categories must be unique" },
    });
    expect(parseConfigDraft({ ...draft, categories: " \n" }).ok).toBe(false);
  });
  it("reports each bad field: name pattern, min above max", () => {
    const result = parseConfigDraft({ ...configDraft(), name: "Bad Name", min: "5", max: "1" });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: "Use lower-case letters, digits, '_', '.' and '-' only",
        max: "Max must be greater than or equal to min",
      },
    });
  });
  it("round-trips an existing config through the form (upsert replaces every field)", () => {
    const tone = config({
      name: "tone",
      kind: "categorical",
      categories: ["x", "y"],
      description: "How it sounded",
    });
    expect(parseConfigDraft(configDraft(tone))).toEqual({
      ok: true,
      value: {
        name: "tone",
        kind: "categorical",
        categories: ["x", "y"],
        description: "How it sounded",
      },
    });
    expect(describeConfig(tone)).toBe("x, y");
    expect(describeConfig(config({ name: "h", kind: "numeric", min: 1, max: 5 }))).toBe("1 to 5");
  });
});

describe("the overview", () => {
  const buckets = [
    {
      bucket: "2026-11-23T05:00:00Z",
      count: 2,
      mean: 4,
      p50: 4,
      p90: 4,
      distribution: { "1": 0, "4": 2 },
    },
    {
      bucket: "2026-11-24T05:00:00Z",
      count: 0,
      mean: null,
      p50: null,
      p90: null,
      distribution: { "1": 0, "4": 0 },
    },
    {
      bucket: "2026-11-25T05:00:00Z",
      count: 1,
      mean: 1,
      p50: 1,
      p90: 1,
      distribution: { "1": 1, "4": 0 },
    },
  ];
  it("weights the mean by each bucket's count and sums the distribution in label order", () => {
    expect(summaryTotals({ buckets })).toEqual({ count: 3, mean: 3 });
    expect(totalDistribution({ buckets })).toEqual([
      { label: "1", count: 1 },
      { label: "4", count: 2 },
    ]);
    expect(summaryTotals({ buckets: [] })).toEqual({ count: 0, mean: null });
  });
  it("defaults to the first active numeric config", () => {
    const configs = [
      config({ name: "a", kind: "numeric", archivedAt: now }),
      config({ name: "b", kind: "boolean" }),
      config({ name: "c", kind: "numeric" }),
    ];
    expect(chooseScoreName(null, configs)).toBe("c");
    expect(chooseScoreName("b", configs)).toBe("b");
    expect(chooseScoreName(null, [])).toBeNull();
  });
  it("covers the last 30 local days by default and whole days otherwise", () => {
    const r = resolveDays({ from: null, to: null }, now, TZ);
    expect([r.fromDate, r.toDate]).toEqual(["2026-10-27", "2026-11-25"]);
    expect(r.to.toISOString()).toBe("2026-11-26T05:00:00.000Z");
    const custom = resolveDays({ from: "2026-11-20", to: "2026-11-20" }, now, TZ);
    expect(custom.to.getTime() - custom.from.getTime()).toBe(86_400_000);
  });
  it("sends only the list filters that are set", () => {
    const search = loadScoresSearch("?tab=list&sessionId=sess-1&source=annotation");
    const range = resolveDays(search, now, TZ);
    expect(listInput(search, range, undefined)).toEqual({
      from: range.from,
      to: range.to,
      limit: 50,
      sessionId: "sess-1",
      source: "annotation",
    });
  });
});
