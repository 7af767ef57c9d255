// Given names and surnames from the compromise NLP library's lexicon, to extend the short lists
// in names.ts. compromise itself costs half a second to load and a millisecond per message to
// run (see bench/phi/README.md), so its word lists are copied here by
// `pnpm --filter @frontdesk/phi names:generate` and a test keeps the copy equal to the
// installed library's.
import {
  COMPROMISE_FIRST_NAMES,
  COMPROMISE_ORGANIZATIONS,
  COMPROMISE_SURNAMES,
  COMPROMISE_VOCABULARY,
} from "./name-lexicon.generated";
import { HashSet, hashWord } from "./detectors/words";

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== "");

export const LIBRARY_FIRST_NAMES: readonly string[] = words(COMPROMISE_FIRST_NAMES);
export const LIBRARY_SURNAMES: readonly string[] = words(COMPROMISE_SURNAMES);
/** English words that are no name: what a lower-case word after "this is" usually is. */
export const LIBRARY_VOCABULARY: readonly string[] = words(COMPROMISE_VOCABULARY);
/** The same words by the hash the word index gives them: built once, shared by every detector. */
export const VOCABULARY_HASHES: HashSet = new HashSet(LIBRARY_VOCABULARY.map(hashWord));
/** Organisations, lower case, one or more words ("pfizer", "goldman sachs"). */
export const LIBRARY_ORGANIZATIONS: readonly string[] = COMPROMISE_ORGANIZATIONS.split("\n").filter(
  (w) => w !== "",
);
