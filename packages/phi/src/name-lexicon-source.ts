// How the name lists are read out of compromise's lexicon; used by scripts/names-generate.ts to
// write name-lexicon.generated.ts and by the test that keeps that copy current.

// Tags of words that may be (part of) a person's or place's name, so never "plain English".
const PROPER = /Name|Person|Place|City|Country|Region|Organization|SportsTeam|Demonym|Honorific/;

/** The lists as compromise's lexicon holds them: single words tagged as given names or surnames. */
export function namesFromLexicon(lexicon: Record<string, string | string[]>): {
  first: string[];
  last: string[];
  vocabulary: string[];
  organizations: string[];
} {
  const organizations = new Set<string>();
  const first = new Set<string>();
  const last = new Set<string>();
  const vocabulary = new Set<string>();
  for (const [word, tag] of Object.entries(lexicon)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    // Firms, some named after people ("goldman sachs", "philip morris"): never a person's name.
    if (
      tags.includes("Organization") &&
      !tags.includes("Abbreviation") &&
      /^[\p{L}'’&-]+(?: [\p{L}'’&-]+){0,3}$/u.test(word)
    )
      organizations.add(word.toLowerCase());
    if (!/^[\p{L}'’-]+$/u.test(word)) continue;
    if (tags.some((t) => t === "MaleName" || t === "FemaleName" || t === "FirstName"))
      first.add(word.toLowerCase());
    if (tags.includes("LastName")) last.add(word.toLowerCase());
    if (/^[a-z'-]+$/.test(word) && !tags.some((t) => PROPER.test(t))) vocabulary.add(word);
  }
  return {
    first: [...first].sort(),
    last: [...last].sort(),
    vocabulary: [...vocabulary].sort(),
    organizations: [...organizations].sort(),
  };
}
