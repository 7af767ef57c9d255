import { detectAddresses } from "./detectors/address.js";
import { detectContact } from "./detectors/contact.js";
import { detectAges, detectDates } from "./detectors/dates.js";
import { detectIdentifiers } from "./detectors/identifiers.js";
import { detectNames } from "./detectors/names.js";
import { detectPhones } from "./detectors/phone.js";
import { type TextFeatures, scanFeatures } from "./detectors/util.js";
import { type Candidate, type PhiFinding } from "./types.js";

const DETECTORS: ((text: string, features: TextFeatures) => Candidate[])[] = [
  detectContact,
  detectIdentifiers,
  detectPhones,
  detectDates,
  detectAges,
  detectAddresses,
  detectNames,
];

function byStrength(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

function byStart(a: PhiFinding, b: PhiFinding): number {
  return a.start - b.start;
}

function overlapsAny(c: Candidate, kept: readonly PhiFinding[]): boolean {
  for (const k of kept) if (c.start < k.end && k.start < c.end) return true;
  return false;
}

/**
 * Finds PHI in free text. Every detector proposes scored candidates; where they overlap the
 * more confident (then the longer) one wins, so a labelled MRN beats the phone shape it
 * happens to have and an address beats the given name inside its street name.
 */
export function detectPhi(text: string): PhiFinding[] {
  if (text.length === 0) return [];
  const features = scanFeatures(text);
  const candidates: Candidate[] = [];
  for (const detect of DETECTORS) {
    for (const c of detect(text, features)) if (c.end > c.start) candidates.push(c);
  }
  if (candidates.length > 1) candidates.sort(byStrength);
  const kept: PhiFinding[] = [];
  for (const c of candidates) {
    if (!overlapsAny(c, kept))
      kept.push({ type: c.type, start: c.start, end: c.end, confidence: c.confidence });
  }
  return kept.sort(byStart);
}
