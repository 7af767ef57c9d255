import { describe, expect, it } from "vitest";
import { type BlindMessage, blindMessages, generateBlindCorpus, luhnDigit } from "./blind";
import { blind2Messages, generateBlind2Corpus } from "./blind2";

// The two corpora written without reading the detector, held to the same checks.
const SEED = 20240601;
// Both corpora's messages have this shape (text and spans with type, offsets and value).
type Labelled = Pick<BlindMessage, "text" | "spans">;
describe.each<{ name: string; messages: Labelled[]; generate: () => unknown; minTypes: number }>([
  {
    name: "blind",
    messages: blindMessages({ size: 1500, seed: SEED }),
    generate: () => generateBlindCorpus({ seed: SEED }),
    minTypes: 0,
  },
  {
    name: "blind2",
    messages: blind2Messages({ size: 1500, seed: SEED }),
    generate: () => generateBlind2Corpus({ seed: SEED }),
    // Every voice's types: at least 15 of the 18 PHI types appear.
    minTypes: 15,
  },
])("$name corpus", ({ messages, generate, minTypes }) => {
  it("labels every span at the offsets of the value inserted, without overlaps", () => {
    for (const m of messages) {
      let end = 0;
      for (const s of m.spans) {
        expect(m.text.slice(s.start, s.end)).toBe(s.value);
        expect(s.value.trim()).toBe(s.value);
        expect(s.value.length).toBeGreaterThan(0);
        expect(s.start).toBeGreaterThanOrEqual(end);
        end = s.end;
      }
    }
  });

  it("is about 35% clean and deterministic for a seed", () => {
    const clean = messages.filter((m) => m.spans.length === 0).length;
    expect(clean / messages.length).toBeCloseTo(0.35, 2);
    expect(generate()).toEqual(generate());
  });

  it("writes Luhn-valid card numbers", () => {
    const cards = messages.flatMap((m) => m.spans.filter((s) => s.type === "CREDIT_CARD"));
    expect(cards.length).toBeGreaterThan(20);
    for (const c of cards) {
      const digits = c.value.replace(/\D/g, "");
      expect(digits.length).toBeGreaterThanOrEqual(12);
      expect(digits.length).toBeLessThanOrEqual(19);
      expect(luhnDigit(digits.slice(0, -1))).toBe(Number(digits.slice(-1)));
    }
  });

  it.runIf(minTypes > 0)("uses many PHI types", () => {
    const types = new Set(messages.flatMap((m) => m.spans.map((s) => s.type)));
    expect(types.size).toBeGreaterThanOrEqual(minTypes);
  });
});
