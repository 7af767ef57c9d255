// PHONE and FAX. A fax is a phone number the text introduces as a fax, so both come from one
// pass and the surrounding words decide the type.
import { type Candidate, type PhiType } from "../types";
import {
  negativeLabel,
  Taken,
  type TextFeatures,
  before,
  candidate,
  firstMatch,
  matchesAtNumbers,
  sortInPlace,
} from "./util";
import { CHAR, SPACE } from "./chars";
import { SHAPE } from "./numbers";

// An extension after the number: "x769", " ext. 12", " extension 4", " poste 773" (Canada).
const EXT = "(?:,?\\s*(?:x|ext\\.?|extension|poste)\\s*\\d{1,6})?";
const NANP = new RegExp(
  `(?<![\\w+()-])(?:(?:\\+?1|001|011)[\\s.-]?)?(?:\\(\\d{3}\\)[\\s.-]?|\\d{3}[\\s.-]?)\\d{3}[\\s.-]?\\d{4}${EXT}(?![\\w-]|\\.\\d)`,
  "y",
);
// "+44 …" or, dialled from Europe, "0044 …".
const INTERNATIONAL = new RegExp(
  `(?<![\\w+])(?:\\+|00(?=[1-9]))\\d{1,3}(?:[\\s.-]?\\(?\\d{1,5}\\)?){2,6}${EXT}(?![\\w-]|\\.\\d)`,
  "y",
);
const FOURS = /^\d{4}(?:[ -]\d{4})+$/;
// Any run of digits and separators in some country's layout ("01 9327686", "0459/798 139",
// "00381 50 666 136", "783 650"): a phone only when a phone or fax word says so.
const CHAIN = new RegExp(
  `(?<![\\w+./-])(?:\\+|\\()?\\d[\\d \\-./()]{4,20}\\d${EXT}(?![\\w-]|\\.\\d)`,
  "y",
);
// "… is my mobile": the word that names the number comes after it.
const PHONE_AFTER =
  /^\s*(?:is\s+|(?:that|it|this)(?:['’]s|\s+is)\s+)?(?:my|our|the|his|her)\s+(?:mobile|cell|phone|number|landline|home|work|office|whatsapp)\b/i;
// National numbers written with a trunk 0: "020 7946 0958", "01 23 45 67 89", "(02) 9876 5432".
const TRUNK = /(?<![\w+./-])\(?0\d{1,4}\)?[\s.-]?\d{2,4}(?:[\s.-]\d{2,4}){1,3}(?![\w-]|[./]\d)/y;
const LOCAL = /(?<![\w./-])\d{3}-\d{4}(?![\w-]|\.\d)/y;

// With the words other languages use ("número", "Telefon", "τηλέφωνο", "телефон"); \b is ASCII-only,
// so the Greek and Cyrillic ones stand without it.
const PHONE_WORD =
  /\b(?:phone|ph|tel|telephone|cell|cellphone|mobile|mob|call|calling|called|text|txt|sms|whatsapp|reach|contact|number|num|line|landline|home|work|office|dial|ring|número|numero|teléfono|telefono|telefon|téléphone|tél|tlf|puhelin|nummer|numer|číslo|broj|móvil|movil|celular|handy|portable|cellulare)\b|τηλέφωνο|τηλ\.|телефон|тел\.|\b[ptcmhw]\s*:|(?:^|\n)[ \t]*[ptcmh]\.?[ \t]+$/g;
const FAX_NUMBER = /\bfax\s+(?:number|num|no\.?|line|#)/g;
/** 3-2-4 grouping (/^\d{3}[- ]\d{2}[- ]\d{4}$/) is the SSN layout, never a phone layout. */
function ssnLayout(text: string, start: number, end: number): boolean {
  if (end - start !== 11) return false;
  for (let i = 0; i < 11; i++) {
    const c = text.charCodeAt(start + i);
    if (i === 3 || i === 6 ? c !== 45 && c !== 32 : !isDigit(c)) return false;
  }
  return true;
}

// The checks after a number below each read a few characters with a pattern; every pattern
// starts with white space and then one of a few characters, looked at first: most numbers are
// followed by none of them.

/** The first character of text[from, limit) that is not white space (\s), or -1. */
function firstAfterSpace(text: string, from: number, limit: number): number {
  const end = Math.min(limit, text.length);
  let p = from;
  while (p < end && ((CHAR[text.charCodeAt(p)] ?? 0) & SPACE) !== 0) p++;
  return p < end ? text.charCodeAt(p) : -1;
}

// A dose after the number ("875/125 mg").
const DOSE = /^\s*(?:mg|mcg|µg|ml|g|units?|iu|%)\b/i;

function doseAfter(text: string, end: number): boolean {
  const c = firstAfterSpace(text, end, end + 8);
  const lower = c | 32;
  // m g u i (either case) or %, or µ (which matches Greek mu in either case).
  if (lower !== 109 && lower !== 103 && lower !== 117 && lower !== 105 && c !== 37 && c < 128)
    return false;
  return DOSE.test(text.slice(end, end + 8));
}

// "555-0199 (fax)" on the same line.
const FAX_AFTER = /^[ \t]*(?:[(-][ \t]*)?(?:fax|facsimile)\b/i;

function faxAfter(text: string, end: number): boolean {
  const limit = Math.min(text.length, end + 12);
  let p = end;
  while (p < limit && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  if (text.charCodeAt(p) === 40 || text.charCodeAt(p) === 45) p++;
  while (p < limit && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  if (p >= limit || (text.charCodeAt(p) | 32) !== 102) return false;
  return FAX_AFTER.test(text.slice(end, end + 12));
}

function phoneWordAfter(text: string, end: number): boolean {
  const lower = firstAfterSpace(text, end, end + 24) | 32;
  // "is", "that", "it", "this", "my", "our", "the", "his", "her" (either case).
  if (lower !== 105 && lower !== 116 && lower !== 109 && lower !== 111 && lower !== 104)
    return false;
  return PHONE_AFTER.test(text.slice(end, end + 24));
}
// A signature's "F 020 …" line is a fax line as "F: 020 …" is.
const FAX_WORD = /\b(?:fax|facsimile|efax|telefax)\b|\bf\s*:|(?:^|\n)[ \t]*f\.?[ \t]+$/g;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** The number without its extension ("x769", "ext. 12"). */
function withoutExtension(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c === 120 || c === 101 || c === 112) return s.slice(0, i);
  }
  return s;
}

function firstDigit(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return c;
  }
  return 0;
}

function lastIndex(re: RegExp, s: string): number {
  let last = -1;
  for (let m = firstMatch(re, s); m !== null; m = re.exec(s)) {
    last = m.index;
  }
  return last;
}

/** Index of the first match of a global regex in `s`, or -1. */
function firstIndex(re: RegExp, s: string): number {
  return firstMatch(re, s)?.index ?? -1;
}

interface Raw {
  start: number;
  end: number;
  formatted: boolean;
  score: number;
}

function push(
  raw: Taken<Raw>,
  start: number,
  end: number,
  formatted: boolean,
  score: number,
): void {
  const r = { start, end, formatted, score };
  if (!raw.overlaps(r)) raw.add(r);
}

function byStart(a: Raw, b: Raw): number {
  return a.start - b.start;
}

export function detectPhones(text: string, f: TextFeatures, out: Candidate[] = []): Candidate[] {
  if (f.maxDigitRun < 6) return out;
  const taken = new Taken<Raw>(text.length);
  const raw = taken.spans;
  // International first, so a "+44 …" number is not cut down to a North American-looking tail.
  for (const m of matchesAtNumbers(INTERNATIONAL, text, f, SHAPE.INTERNATIONAL, true)) {
    const digits = digitCount(withoutExtension(m[0]));
    // "0016 5899 8905" grouped in fours is a reference or card fragment, not a dialled number.
    if (m[0].startsWith("00") && FOURS.test(m[0])) continue;
    if (digits >= 8 && digits <= 15) push(taken, m.index, m.index + m[0].length, true, 0.85);
  }
  for (const m of matchesAtNumbers(NANP, text, f, SHAPE.NANP, true)) {
    const value = withoutExtension(m[0]);
    const digits = digitCount(value);
    if (digits === 11 && firstDigit(value) !== 49) continue;
    push(taken, m.index, m.index + m[0].length, digits !== value.length, 0.85);
  }
  for (const m of matchesAtNumbers(TRUNK, text, f, SHAPE.TRUNK, true)) {
    const digits = digitCount(m[0]);
    if (digits >= 9 && digits <= 11) push(taken, m.index, m.index + m[0].length, true, 0.7);
  }
  for (const m of matchesAtNumbers(LOCAL, text, f, SHAPE.LOCAL, false)) {
    push(taken, m.index, m.index + m[0].length, false, 0.75);
  }
  for (const m of matchesAtNumbers(CHAIN, text, f, SHAPE.CHAIN, true)) {
    const digits = digitCount(withoutExtension(m[0]));
    if (digits >= 6 && digits <= 15) push(taken, m.index, m.index + m[0].length, false, 0.75);
  }

  sortInPlace(raw, byStart);
  let previousEnd = 0;
  for (const r of raw) {
    const windowStart = Math.max(previousEnd, r.start - 32);
    previousEnd = r.end;
    if (ssnLayout(text, r.start, r.end)) continue;
    // The tail of a longer run of digit groups (a tracking number), or a dose ("875/125 mg").
    if (
      r.start >= 2 &&
      isDigit(text.charCodeAt(r.start - 2)) &&
      (text.charCodeAt(r.start - 1) === 32 || text.charCodeAt(r.start - 1) === 9) &&
      isDigit(text.charCodeAt(r.start))
    )
      continue;
    if (doseAfter(text, r.end)) continue;
    const lowerBefore = before(text, r.start, 32);
    if (negativeLabel(lowerBefore)) continue;
    // The words since the previous number (at most 32 characters): usually the same stretch.
    const window =
      windowStart === Math.max(0, r.start - 32)
        ? lowerBefore
        : text.slice(windowStart, r.start).toLowerCase();
    // "fax number" / "fax line" name a fax; the generic word must not flip it back to a phone.
    const context = window.includes("fax") ? window.replace(FAX_NUMBER, "fax") : window;
    // Every form of FAX_WORD holds an "f".
    const faxAt = context.includes("f") ? lastIndex(FAX_WORD, context) : -1;
    // Where the last phone word stands matters only against a fax word; without one, only
    // whether there is a phone word: the first match answers that.
    const phoneAt = faxAt >= 0 ? lastIndex(PHONE_WORD, context) : firstIndex(PHONE_WORD, context);
    // "555-0199 (fax)" on the same line: a "Fax:" label starting the next line is the next number's.
    const trailingFax = faxAfter(text, r.end);
    const labelled = faxAt >= 0 || phoneAt >= 0 || trailingFax || phoneWordAfter(text, r.end);
    // Bare digit runs and 7-digit locals are only phones when something says so.
    if (!r.formatted && !labelled) continue;
    const type: PhiType = trailingFax || faxAt > phoneAt ? "FAX" : "PHONE";
    out.push(candidate(type, r.start, r.end, labelled ? Math.max(r.score, 0.9) : r.score));
  }
  return out;
}
