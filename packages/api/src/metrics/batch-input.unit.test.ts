// recordMetricBatchInput's plain-batch path (parsePlainMetricBatch) against zod's own parse: the
// same output for what it takes, null for everything zod refuses, and the request path's
// parseAsync rejecting with zod's own error.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parsePlainMetricBatch, recordMetricBatchInput } from "./schemas";

const AT = new Date("2026-03-01T09:00:00.000Z");

function validPoint(i: number): Record<string, unknown> {
  return {
    name: `svc.latency.${i % 3}`,
    value: i * 1.5,
    unit: "ms",
    tags: { host: `h${i % 4}`, "region.zone": "eu-1", route: `/r${i}` },
    at: AT,
  };
}

/** zod's parse on a fresh copy of the schema (the exported one has the fast parseAsync). */
function zodParse(input: unknown) {
  return z.object({ points: recordMetricBatchInput.shape.points }).safeParse(input);
}

function expectAgreement(input: unknown): "fast" | "zod-only" | "refused" {
  const zod = zodParse(input);
  const fast = parsePlainMetricBatch(input);
  if (!zod.success) {
    expect(fast).toBeNull();
    return "refused";
  }
  if (fast === null) return "zod-only";
  expect(fast).toStrictEqual(zod.data);
  // Same key order too (what JSON.stringify of the tags, the series key, would see).
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  fast.points.forEach((p, i) => expect(p.at).toBe(zod.data.points[i]?.at));
  return "fast";
}

const withSymbol = (): Record<string | symbol, string> => ({ a: "1", [Symbol("s")]: "2" });
const hidden = () => Object.defineProperty({ a: "1" }, "b", { value: "2", enumerable: false });
class Tags {
  host = "h1";
}

// One point changed per case; `fast` says whether the plain path must take it.
const variants: [
  string,
  (p: Record<string, unknown>) => unknown,
  "fast" | "zod-only" | "refused",
][] = [
  ["as is", (p) => p, "fast"],
  ["no optional keys", (p) => ({ name: p.name, value: p.value }), "fast"],
  ["kind given", (p) => ({ ...p, kind: "counter" }), "fast"],
  ["unknown keys dropped", (p) => ({ extra: 1, ...p, more: "x" }), "fast"],
  [
    "optional keys present as undefined",
    (p) => ({ ...p, kind: undefined, unit: undefined, tags: undefined, at: undefined }),
    "fast",
  ],
  ["empty tags", (p) => ({ ...p, tags: {} }), "fast"],
  [
    "32 tags",
    (p) => ({
      ...p,
      tags: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, "v"])),
    }),
    "fast",
  ],
  [
    "33 tags",
    (p) => ({
      ...p,
      tags: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, "v"])),
    }),
    "refused",
  ],
  ["integer-like tag keys", (p) => ({ ...p, tags: { b: "1", 10: "2", 2: "3" } }), "fast"],
  [
    "null-prototype point and tags",
    (p) =>
      Object.assign(Object.create(null) as object, {
        ...p,
        tags: Object.assign(Object.create(null) as object, { a: "1" }),
      }),
    "fast",
  ],
  ["-0 value", (p) => ({ ...p, value: -0 }), "fast"],
  ["name of 256", (p) => ({ ...p, name: "a".repeat(256) }), "fast"],
  ["name of 257", (p) => ({ ...p, name: "a".repeat(257) }), "refused"],
  ["name a number", (p) => ({ ...p, name: 5 }), "refused"],
  ["name missing", ({ name: _name, ...p }) => p, "refused"],
  ["name undefined", (p) => ({ ...p, name: undefined }), "refused"],
  ["value missing", ({ value: _value, ...p }) => p, "refused"],
  ["value NaN", (p) => ({ ...p, value: Number.NaN }), "refused"],
  ["value Infinity", (p) => ({ ...p, value: Number.POSITIVE_INFINITY }), "refused"],
  ["value a string", (p) => ({ ...p, value: "1" }), "refused"],
  ["kind unknown", (p) => ({ ...p, kind: "summary" }), "refused"],
  ["kind null", (p) => ({ ...p, kind: null }), "refused"],
  ["unit empty", (p) => ({ ...p, unit: "" }), "refused"],
  ["unit of 33", (p) => ({ ...p, unit: "u".repeat(33) }), "refused"],
  ["unit of 32", (p) => ({ ...p, unit: "u".repeat(32) }), "fast"],
  ["tag key empty", (p) => ({ ...p, tags: { "": "x" } }), "refused"],
  ["tag key with a space", (p) => ({ ...p, tags: { "a b": "x" } }), "refused"],
  ["tag key with a newline at the end", (p) => ({ ...p, tags: { "a\n": "x" } }), "refused"],
  ["tag key of 64", (p) => ({ ...p, tags: { ["k".repeat(64)]: "x" } }), "fast"],
  ["tag key of 65", (p) => ({ ...p, tags: { ["k".repeat(65)]: "x" } }), "refused"],
  ["tag value of 256", (p) => ({ ...p, tags: { a: "v".repeat(256) } }), "fast"],
  ["tag value of 257", (p) => ({ ...p, tags: { a: "v".repeat(257) } }), "refused"],
  ["tag value a number", (p) => ({ ...p, tags: { a: 1 } }), "refused"],
  ["tag value undefined", (p) => ({ ...p, tags: { a: undefined } }), "refused"],
  ["tags an array", (p) => ({ ...p, tags: ["a"] }), "refused"],
  ["tags null", (p) => ({ ...p, tags: null }), "refused"],
  ["tags a class instance", (p) => ({ ...p, tags: new Tags() }), "refused"],
  ["tags with a symbol key", (p) => ({ ...p, tags: withSymbol() }), "refused"],
  ["tags with a non-enumerable key", (p) => ({ ...p, tags: hidden() }), "zod-only"],
  [
    "a __proto__ tag key (as JSON.parse makes it)",
    (p) => ({ ...p, tags: JSON.parse('{"__proto__":"x","a":"1"}') as unknown }),
    "zod-only",
  ],
  ["at invalid", (p) => ({ ...p, at: new Date(Number.NaN) }), "refused"],
  ["at a string", (p) => ({ ...p, at: AT.toISOString() }), "refused"],
  ["at a number", (p) => ({ ...p, at: AT.getTime() }), "refused"],
  ["point an array", () => [], "refused"],
  ["point null", () => null, "refused"],
  ["point a class instance", (p) => Object.assign(new Tags(), p), "zod-only"],
];

describe("parsePlainMetricBatch", () => {
  it.each(variants)("agrees with zod: %s", (_label, change, expected) => {
    // The changed point alone, and among valid ones (first, middle, last).
    expect(expectAgreement({ points: [change(validPoint(0))] })).toBe(expected);
    for (const at of [0, 5, 9]) {
      const points: unknown[] = Array.from({ length: 10 }, (_, i) => validPoint(i));
      points[at] = change(validPoint(at));
      expect(expectAgreement({ points })).toBe(expected);
    }
  });

  it("agrees with zod on the batch itself", () => {
    const many = (n: number) => ({ points: Array.from({ length: n }, (_, i) => validPoint(i)) });
    expect(expectAgreement(many(10_000))).toBe("fast");
    expect(expectAgreement(many(10_001))).toBe("refused");
    expect(expectAgreement({ points: [] })).toBe("refused");
    expect(expectAgreement({ points: [validPoint(0), , validPoint(2)] })).toBe("refused");
    expect(expectAgreement({ points: {} })).toBe("refused");
    expect(expectAgreement({ ...many(2), other: true })).toBe("fast");
    expect(expectAgreement(null)).toBe("refused");
    expect(expectAgreement([])).toBe("refused");
  });

  it("parseAsync (what tRPC calls) returns the plain result and rejects with zod's error", async () => {
    const input = { points: [validPoint(1), validPoint(2)] };
    await expect(recordMetricBatchInput.parseAsync(input)).resolves.toStrictEqual(
      zodParse(input).data,
    );
    const bad = { points: [validPoint(1), { ...validPoint(2), tags: { "a b": "x" } }] };
    const reference = zodParse(bad);
    expect(reference.success).toBe(false);
    const error: unknown = await recordMetricBatchInput.parseAsync(bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(z.ZodError);
    expect((error as z.ZodError).issues).toStrictEqual(reference.error?.issues);
    // An odd but valid input goes to zod and still passes.
    const odd = { points: [{ ...validPoint(1), tags: hidden() }] };
    await expect(recordMetricBatchInput.parseAsync(odd)).resolves.toStrictEqual(zodParse(odd).data);
  });
});
