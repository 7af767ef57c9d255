// ADDRESS after a phrase that announces one: "new address: …", "Address: …", "ship it to\n…",
// "send the letter to …", "I live at …". The shape detectors (address.ts, postal.ts) know the
// street forms of a few postal systems; after such a phrase the street can be in any country's
// form ("Vēja bulvāris 19", "harman yolu sokak 99c, 70475 bingöl", "Staré Nám. 2, 045 84 Český
// Těšín", "λούπη 35\n805 23 θεσσαλονίκη"), so what follows is read by its layout instead: one to
// three short lines or comma-separated parts holding a house number or postcode and a word that is
// no English word. A person's name on the first line ("ship it to\nZara Madsen\n…") is left to the
// name detector and the address starts on the line below.
import { type Candidate } from "../types";
import { VOCABULARY_HASHES as VOCABULARY } from "../name-lexicon";
import { CHAR, SPACE } from "./chars";
import { Marks, candidate, firstMatch, matchesAt, splitOnSpace, truncate } from "./util";
import { FNV_OFFSET, FNV_PRIME, hashWord } from "./words";

// The phrase, then what may stand between it and the address ("on file is", ":", "now").
// Each alternative starts with a literal word and its gaps are bounded, so a scan stays linear.
const CUE =
  /(?:address(?:es)?|addr\.?|adresse?|ship(?:ping)?\s+(?:(?:it|them|this|that|everything)\s+|the\s+[a-z]{1,12}\s+)?to|send\s+(?:(?:it|them|this|that|mail|post)\s+|(?:the|my|our)\s+[a-z]{1,12}\s+)?to|mail\s+(?:(?:it|them|this)\s+)?to|deliver(?:y|ed)?\s+(?:(?:it|them|this)\s+)?to|(?:live|lives|living|reside|resides|residing|staying|stay)\s+at)(?:\s+(?:on\s+file|is|was|now|has\s+changed|changed|will\s+be|should\s+be|for\s+(?:me|him|her|them|us)))*[ \t]*(?:(?:is|to|at|as)\b|[:=\-–—])?[ \t]*/iy;
// "e-mail address", "IP address", "return address": not where a person lives.
const NOT_POSTAL = /(?:e-?mail|ip|mac|web|wallet|return|reply|sender's|server)\s+$/i;

// A chat turn or quoted turn starting the next line ("agent:", "[patient]", "User:").
const TURN = /^[ \t>]*(?:\[[^\]\n]{1,20}\]|\p{L}{2,12}:)/u;
// Where a sentence ends inside a line: the address stops before it.
const LINE_STOP =
  /[!?]|\s\(|;\s|\s[-–—]\s|\s(?:and|but|so|please|pls|thanks|thx|thank|because|if|then|by|before|after|from|until|with|for|since)\s/iu;
// A full stop after a word or number, then a capital: a new sentence ("… 93580. Thanks"), but not
// "apt. 818" or "8. th" (case matters here, so this is a pattern of its own without the i flag).
// Tried at each full stop followed by white space (sentenceEnd), where a match must start.
const SENTENCE_END = /(?<=[\p{L}\d]{3}|\d)\.\s+(?=\p{Lu})/uy;
// A house number or postcode: digits with at most a letter or two, not a time, price or dose.
const NUMBER =
  /(?:^|[\s,#(/-])\d{1,6}[a-z]{0,2}(?![\d:.,]\d)(?!\s*(?:[%ahpx]|am|pm|hrs?|hours?|min|mins|minutes|days?|weeks?|months?|years?|mg|ml|kg|lbs?|people|persons|items?|pcs|copies|boxes|times)\b)/iu;
const WORD = /\p{L}[\p{L}'’.-]*/gu;

/** NUMBER.test(s), which needs an ASCII digit: most pieces of prose have none. */
function houseNumber(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return NUMBER.test(s);
  }
  return false;
}

/** TURN.test(s), which needs a "[" or a ":". */
const turn = (s: string): boolean => (s.includes(":") || s.includes("[")) && TURN.test(s);

/** Whether `s` is empty or white space only (s.trim() === ""). */
function blank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (((CHAR[s.charCodeAt(i)] ?? 0) & SPACE) === 0) return false;
  return true;
}
const STREET_WORD =
  /\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|court|ct|place|pl|boulevard|blvd|apt|apartment|suite|unit|flat|floor|po\s+box|p\.o\.\s+box|psc|cmr|box)\b/i;
// Endings of English words the vocabulary lists only in their base form ("effective", "shipped").
const ENDINGS = "ive ing ed ly ness ment tion sion ity ous ful able ible es s".split(" ");
const ENGLISH_ENDING = new RegExp(`(?:${ENDINGS.join("|")})$`);

/** Whether a word, or the word without an English ending, is in the English vocabulary. */
function englishWord(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (w.charCodeAt(i) >= 128) return englishWordSlow(w);
  // ASCII: hashed lower-cased in place, as hashWord(w.toLowerCase()) would be.
  if (VOCABULARY.has(asciiLowerHash(w, w.length))) return true;
  // The ending ENGLISH_ENDING removes: the longest of them the word ends with.
  let cut = 0;
  for (const ending of ENDINGS)
    if (ending.length > cut && endsWithLower(w, ending)) cut = ending.length;
  return cut > 0 && VOCABULARY.has(asciiLowerHash(w, w.length - cut));
}

function englishWordSlow(w: string): boolean {
  const lower = w.toLowerCase();
  return (
    VOCABULARY.has(hashWord(lower)) ||
    (ENGLISH_ENDING.test(lower) && VOCABULARY.has(hashWord(lower.replace(ENGLISH_ENDING, ""))))
  );
}

/** hashWord of the first `length` characters of an ASCII word. */
function asciiLowerHash(w: string, length: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < length; i++) {
    const c = w.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
  }
  return h & 0x3fffffff;
}

/** Whether ASCII `w` lower-cased ends with the lower-case `ending`. */
function endsWithLower(w: string, ending: string): boolean {
  const from = w.length - ending.length;
  if (from < 0) return false;
  for (let i = 0; i < ending.length; i++) {
    const c = w.charCodeAt(from + i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== ending.charCodeAt(i)) return false;
  }
  return true;
}
const MAX_LINE = 90;

const lineEnd = (text: string, from: number): number => {
  const n = text.indexOf("\n", from);
  return n < 0 ? text.length : n;
};

/** Trailing white space, commas and sentence punctuation (/[\s,.;:)\]]/) off [start, end). */
function trim(text: string, start: number, end: number): number {
  while (end > start && trailing(text.charCodeAt(end - 1))) end--;
  return end;
}

const trailing = (c: number): boolean =>
  c === 44 ||
  c === 46 ||
  c === 59 ||
  c === 58 ||
  c === 41 ||
  c === 93 ||
  ((CHAR[c] ?? 0) & SPACE) !== 0;

/** Whether a piece of text holds a word that is no English word (a street or place name). */
function hasForeignWord(piece: string): boolean {
  // An exec loop: matchAll would clone the pattern on every call.
  for (let m = firstMatch(WORD, piece); m !== null; m = WORD.exec(piece)) {
    let n = m[0].length;
    while (n > 0 && ".'’-".includes(m[0].charAt(n - 1))) n--;
    // The word is letters and ' ’ . - and starts with a letter (WORD), so only its length and
    // its language are left to check.
    if (n >= 3 && !englishWord(m[0].slice(0, n))) return true;
  }
  return false;
}

/** Where SENTENCE_END first matches in `line`, or undefined. */
function sentenceEnd(line: string): number | undefined {
  for (let i = line.indexOf("."); i >= 0; i = line.indexOf(".", i + 1)) {
    if (((CHAR[line.charCodeAt(i + 1)] ?? 0) & SPACE) === 0) continue;
    SENTENCE_END.lastIndex = i;
    if (SENTENCE_END.test(line)) return i;
  }
  return undefined;
}

/** One line of an address: up to where a sentence ends, at most MAX_LINE characters. */
function readLine(text: string, from: number): number {
  const end = Math.min(lineEnd(text, from), from + MAX_LINE);
  const line = text.slice(from, end);
  const sentence = line.includes(". ") ? sentenceEnd(line) : undefined;
  const stop = Math.min(LINE_STOP.exec(line)?.index ?? end, sentence ?? end);
  return trim(text, from, Math.min(end, from + stop));
}

// A postcode ending the address on a line of its own or after a state or territory code ("…, nm
// 93580", "YT V1N 4N4", "FPO AP 96692", "…\nSM59 42X"): a ZIP_CODE of its own, as the shape
// detectors report it. A postcode before the city ("41486 podivín") stays inside the address.
const TAIL_ZIP =
  /(?:[\n,][ \t]*|(?:^|[\s,])\p{L}{2,3}[ \t]+)(\d{5}(?:-\d{4})?|\d{4}|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z\d][A-Z]|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)$/giu;

/**
 * TAIL_ZIP on `span`, searched from where a match can start: it ends the span, its postcode
 * (at most 10 characters) is preceded by spaces or tabs, and before them stand at most a
 * separator and three letters (7 code units). Starting there instead of at 0 finds the same,
 * leftmost, match.
 */
function tailZip(span: string): RegExpExecArray | null {
  let from = Math.max(0, span.length - 10);
  while (from > 0 && (span.charCodeAt(from - 1) === 32 || span.charCodeAt(from - 1) === 9)) from--;
  TAIL_ZIP.lastIndex = Math.max(0, from - 8);
  return TAIL_ZIP.exec(span);
}

/** [start, end) without trailing comma-separated parts of plain English ("effective next week"). */
function dropTrailingWords(text: string, start: number, end: number): number {
  for (let guard = 0; guard < 3; guard++) {
    const comma = text.lastIndexOf(",", end - 1);
    if (comma <= start) break;
    const part = text.slice(comma + 1, end).trim();
    if (part === "" || /\d/.test(part)) break;
    const words = splitOnSpace(part);
    if (!words.every(englishWord)) break;
    end = trim(text, start, comma);
  }
  return end;
}

// A line that starts with a title starts a sentence or a signature, not an address line.
const TITLE_START = /^[ \t]*(?:dr|mr|mrs|ms|mx|prof)\b\.?/i;

/** Number of white-space separated words: `s.split(/\s+/).filter(Boolean).length`. */
function wordCount(s: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = ((CHAR[s.charCodeAt(i)] ?? 0) & SPACE) !== 0;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Whether line text[from, to) may continue an address: a number in it, or a short place line. */
function continues(text: string, from: number, to: number): boolean {
  const line = text.slice(from, to);
  if (blank(line) || turn(line) || TITLE_START.test(line)) return false;
  if (houseNumber(line)) return true;
  return wordCount(line) <= 4 && hasForeignWord(line) && !/[!?]/.test(line);
}

/**
 * Appends an ADDRESS for each cued address. Shape-detected addresses and postcodes inside it are
 * replaced by the one span; a US ZIP after the state at its end stays a ZIP_CODE of its own.
 */
/** `cueStarts`: where the words a cue starts with are (the word index knows them). */
export function detectCuedAddresses(
  text: string,
  cueStarts: readonly number[],
  out: Candidate[],
): void {
  const cued: Cued[] = [];
  let lastEnd = 0;
  for (const m of matchesAt(CUE, text, cueStarts)) {
    if (NOT_POSTAL.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    let p = m.index + m[0].length;
    // "ship it to\n…": the address starts on the next line (a quoted reply keeps its "> ").
    if (text.charAt(p) === "\r") p++;
    if (text.charAt(p) === "\n") {
      p++;
      while (text.charAt(p) === " " || text.charAt(p) === "\t" || text.charAt(p) === ">") p++;
    }
    let start = p;
    if (start < lastEnd) continue;
    let end = readLine(text, start);
    if (end <= start || turn(text.slice(start, end))) continue;
    let lines = 1;
    // A first line without a number, with one below it: the addressee's name, then the address.
    const firstLine = text.slice(start, end);
    if (!houseNumber(firstLine) && end === trim(text, start, lineEnd(text, start))) {
      const next = lineEnd(text, start) + 1;
      const nextEnd = next < text.length ? readLine(text, next) : next;
      if (
        nextEnd > next &&
        houseNumber(text.slice(next, nextEnd)) &&
        !turn(text.slice(next, nextEnd))
      ) {
        start = next;
        end = nextEnd;
      }
    }
    // Further lines while they look like an address's.
    while (lines < 3 && end === trim(text, start, lineEnd(text, end))) {
      const next = lineEnd(text, end) + 1;
      if (next >= text.length) break;
      const nextEnd = readLine(text, next);
      if (nextEnd <= next || !continues(text, next, nextEnd)) break;
      end = nextEnd;
      lines++;
    }
    // "Kwabena Mensah, 1400 W Roosevelt Rd": a name before the first comma is the name's.
    const comma = text.indexOf(",", start);
    if (comma > start && comma < end) {
      const head = text.slice(start, comma);
      if (
        !houseNumber(head) &&
        !STREET_WORD.test(head) &&
        /^(?:\p{Lu}[\p{L}'’-]+\s){1,3}\p{Lu}[\p{L}'’-]+$/u.test(head)
      )
        start = comma + 1;
      while (text.charAt(start) === " ") start++;
    }
    end = dropTrailingWords(text, start, end);
    const zip = tailZip(text.slice(start, end));
    let zipStart = -1;
    if (zip) {
      zipStart = start + zip.index + zip[0].length - (zip[1] ?? "").length;
      end = trim(text, start, zipStart);
    }
    const span = text.slice(start, end);
    let parts = lines;
    for (let i = span.indexOf(","); i >= 0; i = span.indexOf(",", i + 1)) parts++;
    if (span.length < 6 || !houseNumber(span) || parts < 2) continue;
    if (!hasForeignWord(span) && !STREET_WORD.test(span)) continue;
    // An e-mail or link, or a time ("moved to Lundi at 15:30, room 210"), is no postal address.
    if (/@|https?:|www\.|\d:\d\d/i.test(span)) continue;
    if (start < lastEnd) continue;
    lastEnd = end;
    cued.push({
      start,
      end,
      extended: end,
      zip: zip && zipStart >= 0 ? [zipStart, zipStart + (zip[1] ?? "").length] : undefined,
      blocked: false,
    });
  }
  if (cued.length > 0) place(text, out, cued);
}

interface Cued {
  start: number;
  end: number;
  /** The end after a shape-detected address that runs past it. */
  extended: number;
  /** A trailing postcode found by TAIL_ZIP, reported as a ZIP_CODE. */
  zip: [number, number] | undefined;
  /** Another kind of finding (a phone, an e-mail, a date) lies inside: no cued address. */
  blocked: boolean;
}

/** The cued span (sorted, disjoint) each candidate overlaps, or undefined: a binary search. */
function overlapping(cued: Cued[], c: Candidate): Cued | undefined {
  let lo = 0;
  let hi = cued.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = cued[mid] as Cued;
    if (s.end <= c.start) lo = mid + 1;
    else if (s.start >= c.end) hi = mid - 1;
    else return s;
  }
  return undefined;
}

/**
 * Adds the cued spans as ADDRESS over the shape detectors' pieces of them, in passes over the
 * candidates that cost a binary search each (a text can hold thousands of both).
 */
function place(text: string, out: Candidate[], cued: Cued[]): void {
  // A ZIP_CODE at the very end (after the state, "…, nm  93580") stays a ZIP of its own, and the
  // address stops before it.
  for (const c of out) {
    const s = c.type === "ZIP_CODE" ? overlapping(cued, c) : undefined;
    if (s && c.end === s.end && c.start > s.start)
      s.end = s.extended = trim(text, s.start, c.start);
  }
  for (const c of out) {
    const s = overlapping(cued, c);
    if (!s) continue;
    // Other kinds (a phone, an e-mail, a date) keep their own span; the address is not cued then.
    if (c.type !== "ADDRESS" && c.type !== "ZIP_CODE") s.blocked = true;
    else if (c.type === "ADDRESS" && c.end > s.extended) s.extended = c.end;
  }
  let kept = 0;
  for (const c of out) {
    const s = overlapping(cued, c);
    if (!s || s.blocked) out[kept++] = c;
  }
  truncate(out, kept);
  for (const s of cued) if (!s.blocked) out.push(candidate("ADDRESS", s.start, s.extended, 0.91));
  // The trailing postcodes, where nothing else was found.
  if (!cued.some((c) => c.zip && !c.blocked)) return;
  const covered = new Marks(text.length);
  for (const c of out) covered.mark(c.start, c.end);
  for (const s of cued) {
    const [zs, ze] = s.zip ?? [-1, -1];
    if (s.blocked || zs < 0 || covered.touches(zs, ze)) continue;
    out.push(candidate("ZIP_CODE", zs, ze, 0.9));
  }
}
