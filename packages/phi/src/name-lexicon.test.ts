import nlp from "compromise/two";
import { describe, expect, it } from "vitest";
import {
  LIBRARY_FIRST_NAMES,
  LIBRARY_ORGANIZATIONS,
  LIBRARY_SURNAMES,
  LIBRARY_VOCABULARY,
} from "./name-lexicon";
import { namesFromLexicon } from "./name-lexicon-source";

type World = { model: { one: { lexicon: Record<string, string | string[]> } } };

describe("the name lists copied from compromise", () => {
  it("equal the installed library's lexicon (run names:generate after upgrading it)", () => {
    const { first, last, vocabulary, organizations } = namesFromLexicon(
      (nlp.world() as unknown as World).model.one.lexicon,
    );
    expect(LIBRARY_FIRST_NAMES).toEqual(first);
    expect(LIBRARY_SURNAMES).toEqual(last);
    expect(LIBRARY_VOCABULARY).toEqual(vocabulary);
    expect(LIBRARY_ORGANIZATIONS).toEqual(organizations);
    expect(first.length).toBeGreaterThan(2000);
  });
});
