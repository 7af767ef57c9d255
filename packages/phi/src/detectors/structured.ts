// Helpers shared by the detectors of published formats (HL7 v2, vCard, iCalendar): a format
// says where its values are, so what it names is found with high confidence, and what the other
// detectors read as a name inside a field the format types otherwise (a sending system, an
// organisation) is dropped.
import { type Candidate, type PhiType } from "../types";
import { truncate } from "./util";

/** Above every shape-based detector's confidence: the format's own field type decides. */
export const FIELD_CONFIDENCE = 0.97;

/** Ranges of the text in which other detectors' NAME candidates are not names. */
export class NotNames {
  private ranges: number[] = [];

  add(start: number, end: number): void {
    if (end > start) this.ranges.push(start, end);
  }

  /** Removes the NAME candidates that lie inside a range, in one pass over the candidates. */
  apply(text: string, out: Candidate[], keepFrom: number): void {
    const ranges = this.ranges;
    if (ranges.length === 0) return;
    let names = 0;
    for (let k = 0; k < keepFrom && k < out.length; k++) if (out[k]?.type === "NAME") names++;
    // Most segments and cards leave no NAME candidate of the other detectors to drop.
    if (names === 0) return;
    // Few names against few ranges are compared directly; many, through a mask of the text, so a
    // long message stays linear. Allocating the mask costs more than a few comparisons.
    const mask = names * ranges.length > 512 ? new Uint8Array(text.length + 1) : null;
    if (mask) for (let k = 0; k < ranges.length; k += 2) mask.fill(1, ranges[k], ranges[k + 1]);
    let w = 0;
    for (let k = 0; k < out.length; k++) {
      const c = out[k];
      if (!c) continue;
      const inside =
        k < keepFrom &&
        c.type === "NAME" &&
        (mask ? mask[c.start] === 1 : inRanges(ranges, c.start));
      if (!inside) out[w++] = c;
    }
    truncate(out, w);
  }
}

/** Whether `at` lies in one of the [start, end) pairs of `ranges`. */
function inRanges(ranges: number[], at: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) {
    const start = ranges[k] ?? 0;
    if (at >= start && at < (ranges[k + 1] ?? 0)) return true;
  }
  return false;
}

/** Pushes a candidate for text[start, end) with surrounding white space trimmed. */
export function pushTrimmed(
  text: string,
  out: Candidate[],
  type: PhiType,
  start: number,
  end: number,
  confidence = FIELD_CONFIDENCE,
): void {
  let s = start;
  let e = end;
  while (s < e && isBlank(text.charCodeAt(s))) s++;
  while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push({ type, start: s, end: e, confidence });
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 34 || c === 39;

/** Whether text[start, end) holds a letter of any script. */
export function hasLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c | 32) >= 97 && (c | 32) <= 122) return true;
    if (c >= 0xc0 && /\p{L}/u.test(text.charAt(i))) return true;
  }
  return false;
}

/** How many ASCII digits text[start, end) holds. */
export function digitCount(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * A compact date as HL7 (DTM) and vCard/iCalendar write it: YYYYMMDD, optionally followed by a
 * time (HHMM[SS[.S…]], after a "T" in iCalendar) and a zone. Returns the length of the date and
 * time, or 0 when the digits are no plausible calendar date (a year alone is not finer than a year).
 */
export function compactDateLength(text: string, start: number, end: number): number {
  let p = start;
  while (p < end && isDigit(text.charCodeAt(p))) p++;
  let digits = p - start;
  if (digits === 8 && (text.charCodeAt(p) === 84 || text.charCodeAt(p) === 116)) {
    // iCalendar: 20241110T114500[Z]
    let q = p + 1;
    while (q < end && isDigit(text.charCodeAt(q))) q++;
    if (q - p - 1 !== 4 && q - p - 1 !== 6) return 0;
    p = q;
    if (text.charCodeAt(p) === 90) p++;
    digits = 8;
  } else if (digits === 8 || digits === 10 || digits === 12 || digits === 14) {
    // HL7's fraction of a second and zone offset: 20240105121600.1234-0500
    if (digits === 14 && text.charCodeAt(p) === 46) {
      let q = p + 1;
      while (q < end && q < p + 5 && isDigit(text.charCodeAt(q))) q++;
      if (q > p + 1) p = q;
    }
    const sign = text.charCodeAt(p);
    if ((sign === 43 || sign === 45) && digitCount(text, p + 1, p + 5) === 4 && p + 5 <= end)
      p += 5;
  } else return 0;
  const year = Number(text.slice(start, start + 4));
  const month = Number(text.slice(start + 4, start + 6));
  const day = Number(text.slice(start + 6, start + 8));
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return 0;
  return p - start;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
