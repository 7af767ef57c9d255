// Given names and surnames from the compromise NLP library's lexicon, to extend the short lists
// in names.ts. compromise itself costs half a second to load and a millisecond per message to
// run (see bench/phi/README.md), so its word lists are copied here by
// `pnpm --filter @frontdesk/phi names:generate` and a test keeps the copy equal to the
// installed library's.
import { COMPROMISE_FIRST_NAMES, COMPROMISE_SURNAMES } from "./name-lexicon.generated";

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== "");

export const LIBRARY_FIRST_NAMES: readonly string[] = words(COMPROMISE_FIRST_NAMES);
export const LIBRARY_SURNAMES: readonly string[] = words(COMPROMISE_SURNAMES);

/** The lists as compromise's lexicon holds them: single words tagged as given names or surnames. */
export function namesFromLexicon(lexicon: Record<string, string | string[]>): {
  first: string[];
  last: string[];
} {
  const first = new Set<string>();
  const last = new Set<string>();
  for (const [word, tag] of Object.entries(lexicon)) {
    if (!/^[\p{L}'’-]+$/u.test(word)) continue;
    const tags = Array.isArray(tag) ? tag : [tag];
    if (tags.some((t) => t === "MaleName" || t === "FemaleName" || t === "FirstName"))
      first.add(word.toLowerCase());
    if (tags.includes("LastName")) last.add(word.toLowerCase());
  }
  return { first: [...first].sort(), last: [...last].sort() };
}
