import { detectAddresses } from "./detectors/address";
import { detectContact } from "./detectors/contact";
import { detectAges, detectDates } from "./detectors/dates";
import { detectFormats } from "./detectors/formats";
import { detectIdentifiers } from "./detectors/identifiers";
import { detectCuedNames } from "./detectors/name-cues";
import { detectNames } from "./detectors/names";
import { detectPhones } from "./detectors/phone";
import { detectTables } from "./detectors/table";
import { Taken, scanFeatures, sortInPlace } from "./detectors/util";
import { type Normalized, normalizeForDetection, toOriginal } from "./normalize";
import { type Candidate, type PhiFinding } from "./types";

function byStrength(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

function byStart(a: PhiFinding, b: PhiFinding): number {
  return a.start - b.start;
}

/**
 * Finds PHI in free text. Every detector proposes scored candidates; where they overlap the
 * more confident (then the longer) one wins, so a labelled MRN beats the phone shape it
 * happens to have and an address beats the given name inside its street name. Offsets are into
 * `original`, whatever normalisation the detectors needed (see normalize.ts).
 */
export function detectPhi(original: string): PhiFinding[] {
  if (original.length === 0) return [];
  // Detectors read a normalised copy; findings are mapped back onto the original text. The scan
  // tells whether the text needs normalising at all (most does not): only then is it normalised
  // and, if that changed it, scanned again.
  let features = scanFeatures(original);
  let normalized: Normalized = { text: original, starts: null, ends: null };
  if (!features.stable) {
    normalized = normalizeForDetection(original);
    if (normalized.text !== original) features = scanFeatures(normalized.text);
  }
  const text = normalized.text;
  // Every detector appends its scored candidates to one list.
  const candidates: Candidate[] = [];
  detectContact(text, features, candidates);
  detectIdentifiers(text, features, candidates);
  detectPhones(text, features, candidates);
  detectDates(text, features, candidates);
  detectAges(text, features, candidates);
  detectAddresses(text, features, candidates);
  detectNames(text, features, candidates);
  detectCuedNames(features, candidates);
  // A table needs a header line and a row.
  if (features.headerLine && text.includes("\n")) detectTables(text, candidates);
  detectFormats(text, candidates);
  sortInPlace(candidates, byStrength);
  const taken = new Taken<Candidate>(text.length);
  for (const c of candidates) {
    // Candidates are fresh objects with exactly the finding's fields: keep them as they are.
    if (c.end > c.start && !taken.overlaps(c)) taken.add(c);
  }
  const found = taken.spans;
  repeatFindings(text, taken, found);
  phonesAfterNames(text, taken, found);
  return toOriginal(normalized, sortInPlace<PhiFinding>(found, byStart));
}

/** Most findings whose other occurrences are looked for, so a long document stays linear. */
const MAX_REPEATED = 64;

/**
 * A value found once is the same identifier wherever else it appears ("my number is 0355509343,
 * again that's 0355509343"): the second mention may have lost the cue the first one had.
 */
function repeatFindings(text: string, taken: Taken<Candidate>, found: Candidate[]): void {
  const count = Math.min(found.length, MAX_REPEATED);
  // Each distinct value is looked for once: a flood of one value costs one scan, not one per copy
  // (a list, as there are at most MAX_REPEATED).
  let searched: string[] | undefined;
  for (let k = 0; k < count; k++) {
    const f = found[k];
    if (!f || f.end - f.start < 6 || f.type === "NAME") continue;
    const value = text.slice(f.start, f.end);
    if (searched?.includes(value)) continue;
    (searched ??= []).push(value);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      const end = at + value.length;
      // Whole tokens only: not the middle of a longer number or word.
      if (at === f.start || wordChar(text, at - 1) || wordChar(text, end)) continue;
      const c = { type: f.type, start: at, end, confidence: f.confidence };
      if (!taken.overlaps(c)) taken.add(c);
    }
  }
}

/** Whether the character at `i` is a letter or digit (false outside the text). */
function wordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return /[\p{L}\d]/u.test(text.charAt(i));
}

// A number right after a person's name, as in a list of contacts ("Carpool: Ole Knudsen 97 26 92
// 34; John Pallesen …", "Elmīra Vaivads, 62 839 468 ext. 2727").
const NUMBER_AFTER_NAME =
  /^[ \t]*(?:[,:][ \t]*)?\(?\+?\d[\d \t./()-]{6,20}\d(?:,?[ \t]?(?:x|ext\.?|extension)[ \t]?\d{1,6})?(?![\w-]|\.\d)/i;

/** Space, tab, "," or ":", between a name and the number after it. */
const gapChar = (c: number): boolean => c === 32 || c === 9 || c === 44 || c === 58;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function phonesAfterNames(text: string, taken: Taken<Candidate>, found: Candidate[]): void {
  // A snapshot of the count: phones added below are not names to look after.
  const count = found.length;
  for (let k = 0; k < count; k++) {
    const n = found[k];
    if (n?.type !== "NAME") continue;
    // Only when a digit, "+" or "(" follows within a few characters: most names have none.
    let p = n.end;
    while (p < text.length && p < n.end + 4 && gapChar(text.charCodeAt(p))) p++;
    const next = text.charCodeAt(p);
    if (!((next >= 48 && next <= 57) || next === 43 || next === 40)) continue;
    const m = NUMBER_AFTER_NAME.exec(text.slice(n.end, n.end + 40));
    if (!m) continue;
    // The match starts with [ \t]*, then maybe "," or ":" and [ \t]*: the number starts after.
    let start = n.end;
    while (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9) start++;
    if (text.charCodeAt(start) === 44 || text.charCodeAt(start) === 58) start++;
    while (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9) start++;
    const end = n.end + m[0].length;
    let digits = 0;
    for (let i = start; i < end; i++) if (isDigit(text.charCodeAt(i))) digits++;
    if (digits < 8 || digits > 18) continue;
    const c = { type: "PHONE" as const, start, end, confidence: 0.75 };
    if (!taken.overlaps(c)) taken.add(c);
  }
}
