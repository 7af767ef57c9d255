import { detectAddresses } from "./detectors/address";
import { detectContact } from "./detectors/contact";
import { detectAges, detectDates } from "./detectors/dates";
import { detectIdentifiers } from "./detectors/identifiers";
import { detectNames } from "./detectors/names";
import { detectPhones } from "./detectors/phone";
import { detectTables } from "./detectors/table";
import { Taken, scanFeatures } from "./detectors/util";
import { normalizeForDetection, toOriginal } from "./normalize";
import { type Candidate, type PhiFinding } from "./types";

function byStrength(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

function byStart(a: PhiFinding, b: PhiFinding): number {
  return a.start - b.start;
}

/**
 * Stable insertion sort for the handful of candidates a message yields (Array.prototype.sort
 * allocates a work array on every call); long documents fall back to it.
 */
function sortInPlace<T>(xs: T[], compare: (a: T, b: T) => number): T[] {
  if (xs.length > 32) return xs.sort(compare);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] as T;
    let j = i - 1;
    while (j >= 0 && compare(xs[j] as T, x) > 0) {
      xs[j + 1] = xs[j] as T;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}

/**
 * Finds PHI in free text. Every detector proposes scored candidates; where they overlap the
 * more confident (then the longer) one wins, so a labelled MRN beats the phone shape it
 * happens to have and an address beats the given name inside its street name. Offsets are into
 * `original`, whatever normalisation the detectors needed (see normalize.ts).
 */
export function detectPhi(original: string): PhiFinding[] {
  if (original.length === 0) return [];
  // Detectors read a normalised copy; findings are mapped back onto the original text.
  const normalized = normalizeForDetection(original);
  const text = normalized.text;
  const features = scanFeatures(text);
  // Every detector appends its scored candidates to one list.
  const candidates: Candidate[] = [];
  detectContact(text, features, candidates);
  detectIdentifiers(text, features, candidates);
  detectPhones(text, features, candidates);
  detectDates(text, features, candidates);
  detectAges(text, features, candidates);
  detectAddresses(text, features, candidates);
  detectNames(text, features, candidates);
  // A table needs a header line and a row.
  if (text.includes("\n")) detectTables(text, candidates);
  sortInPlace(candidates, byStrength);
  const taken = new Taken<Candidate>(text.length);
  for (const c of candidates) {
    // Candidates are fresh objects with exactly the finding's fields: keep them as they are.
    if (c.end > c.start && !taken.overlaps(c)) taken.add(c);
  }
  return toOriginal(normalized, sortInPlace<PhiFinding>(taken.spans, byStart));
}
