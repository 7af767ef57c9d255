import { afterEach, describe, expect, it, vi } from "vitest";
import { generateBlindCorpus } from "./blind";
import { generateBlind2Corpus } from "./blind2";
import { generateChatCorpus } from "./chat";
import { generateFakerCorpus } from "./faker";
import { generateCorpus } from "./generate";

// A corpus is a function of its seed alone: `phi:snapshot` digests and the figures in closing notes
// must not move because the clock did (faker's dates default to "now" unless given a refDate).
const SEED = 20240601;
const generators: [string, () => unknown][] = [
  ["generated", () => generateCorpus({ size: 300, seed: SEED })],
  ["faker", () => generateFakerCorpus({ size: 300, seed: SEED })],
  ["chat", () => generateChatCorpus({ size: 300, seed: SEED })],
  ["blind", () => generateBlindCorpus({ seed: SEED })],
  ["blind2", () => generateBlind2Corpus({ seed: SEED })],
];

describe("corpora do not depend on the clock", () => {
  afterEach(() => vi.useRealTimers());

  it.each(generators)("%s is the same two years apart", (_name, generate) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-03-01T08:00:00Z"));
    const early = JSON.stringify(generate());
    vi.setSystemTime(new Date("2027-11-20T23:30:00Z"));
    const late = JSON.stringify(generate());
    expect(late).toBe(early);
  });
});
