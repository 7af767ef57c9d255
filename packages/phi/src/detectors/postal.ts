// Addresses found from their end. Street suffixes differ in every language, but an address
// almost always ends in a postal tail: "IL 62704", "VIC 6758", "10115 Berlin", "02-035 Mława",
// "9015 IF Calslagenhoven", "Leeds\nLS6 2AB", "APO AE 09123". From a tail the detector walks back
// over at most three comma- or line-separated parts (city, street, unit) and reports an address
// only when one of them is a street line: a house number next to a word ("Olstads Vei 98",
// "615 Meyer Oberkampf", "PSC 2014, Box 1581", "USNS Otte"). Every walk is bounded, so the
// cost stays linear in the text.
import { type Candidate } from "../types";
import { CHAR as CHAR_TABLE, LETTER as LETTER_BIT, SPACE } from "./chars";
import { SHAPE } from "./numbers";
import { type TextFeatures, candidate, matchesAtNumbers, splitOnSpace } from "./util";
import { LowerWords } from "./words";

// Latin, Greek and Cyrillic letters; capitals of the three.
const L =
  "A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF\\u0386-\\u03CE\\u0400-\\u04FF";
const U = "A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0386-\\u038F\\u0391-\\u03AB\\u0400-\\u042F";
// A city: up to four words, capitalised but for the particles inside names ("Franco de Nossa
// Senhora", "Stratford-upon-Avon", "K.maraş").
const CITY = `[${U}][${L}'’.]*(?:-[${L}]+)*(?:[ \\t](?:(?:de|del|do|da|di|dos|das|la|le|les|am|an|im|in|sur|upon|on|en|y|e|och|og)[ \\t])?[${U}][${L}'’.]*(?:-[${L}]+)*){0,3}`;

// Postcode, then the city: most of Europe and Latin America. It is tried only at runs with
// SHAPE.POSTCODE (numbers.ts), which holds when the digits are followed by a hyphen or capital,
// or by spaces or tabs and then a digit, capital or letter beyond ASCII: a new form must keep
// to that or widen the shape.
const CODE_CITY = new RegExp(
  `(?<![\\w-])(?:\\d{2}-\\d{3}|\\d{3} \\d{2,3}|\\d{2} \\d{3}|\\d{4} ?[A-Z]{2}|\\d{5}-\\d{3}|\\d{4}-\\d{3}|\\d{4,6})[ \\t]+${CITY}`,
  "y",
);
// A country letter code glued to the postcode: "LV-1050 Rīga", "LV6869 Auce", "D-10115 Berlin".
const LETTERED_CODE_CITY = new RegExp(`[A-Z]{1,2}-?\\d{4,5}[ \\t]+${CITY}`, "y");

const STATES =
  "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|ON|QC|BC|AB|MB|NS|NB|NL|PE|SK|YT|NT|NU|NSW|VIC|QLD|TAS|ACT";
// State or province, then its code: the US, Canada and Australia ("WA" and "SA" need their code).
const STATE_CODE = new RegExp(
  `(?<![\\w-])(?:${STATES}|SA)\\.?[ \\t]+(\\d{5}(?:-\\d{4})?|\\d{4}|[A-Z]\\d[A-Z] ?\\d[A-Z]\\d)(?![\\w-])`,
  "y",
);
// Military mail: "APO AE 09123", "FPO AP 96520".
const MILITARY = /(?<![\w-])[ADF]PO[ \t]+A[AEP][ \t]+(\d{5})(?![\w-])/iy;
// A Canadian province right before its postcode.
const PROVINCE_BEFORE = /(?<![\w-])(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)[ \t]+$/;
// The postcode on its own after the city: UK, Ireland (Eircode), Canada.
const CODE_AFTER =
  /(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d{2} ?[A-Z\d]{4}|[A-Z]\d[A-Z] ?\d[A-Z]\d)(?![\w-])/y;

const UNIT_WORDS =
  /^(?:apt|apartment|unit|suite|ste|flat|floor|fl|room|rm|bldg|building|box|po box|p\.o\. box|psc|cmr|lot|#|m|lok|app|appt|wohnung|piso|andar|étage|etage)\b/i;
const SHIP = /^(?:USS|USNS|USCGC|HMS)[ \t]+\S/i;
// The same after prose on its line: "Mailing address USS Harber".
const SHIP_AFTER_PROSE = /\s(?:USS|USNS|USCGC|HMS)[ \t]\S/i;

/**
 * Whether text[start, end) holds "us" or "hm" in any case, as every ship prefix above does (the
 * i flag without u matches only ASCII letters to them): most segments do not, and skip both.
 */
function shipPrefix(text: string, start: number, end: number): boolean {
  for (let i = start; i + 1 < end; i++) {
    const a = text.charCodeAt(i) | 32;
    const b = text.charCodeAt(i + 1) | 32;
    if ((a === 117 && b === 115) || (a === 104 && b === 109)) return true;
  }
  return false;
}
// Words that end the prose before an address: "New address is 12 …", "ship it to\n…".
const PROSE = new LowerWords(
  "is are was be to at in on of for from my our your his her their the a an new address addr addresses moved move ship send sent it lives live living we i please deliver delivery mail mailing billing postal home here now and or is: me us them with by this that".split(
    " ",
  ),
);

interface Segment {
  start: number;
  end: number;
}

const isSpace = (c: number): boolean => ((CHAR_TABLE[c] ?? 0) & SPACE) !== 0;
const isLetter = (c: number): boolean => ((CHAR_TABLE[c] ?? 0) & LETTER_BIT) !== 0;

/** The comma- or newline-separated part of the text that ends at `end`, trimmed. */
function segmentBefore(text: string, end: number, limit: number): Segment | null {
  let e = end;
  while (e > limit && isSpace(text.charCodeAt(e - 1)) && text.charCodeAt(e - 1) !== 10) e--;
  let s = e;
  while (s > limit) {
    const c = text.charCodeAt(s - 1);
    // A part ends at a comma, a line break, or the end of a sentence or label.
    if (c === 44 || c === 10 || c === 13 || c === 58 || c === 33 || c === 63 || c === 59) break;
    if (c === 46 && s - 2 >= limit && isSpace(text.charCodeAt(s)) && sentenceEnd(text, s - 1))
      break;
    s--;
  }
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  return s < e ? { start: s, end: e } : null;
}

// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS = new Set(
  "str app apt ste ave blvd bldg dept esq hwy pkwy jr sr mr mrs ms dr st rd ln ct pl sq no nr gg jl jln".split(
    " ",
  ),
);

/**
 * A full stop after a word of three or more letters ends a sentence when a lower-case word or a
 * capital follows: "… Drive. Ship it to", "… tomorrow. 12 Main St" stay out of the address.
 */
function sentenceEnd(text: string, dot: number): boolean {
  let p = dot;
  while (p > 0 && (isLetter(text.charCodeAt(p - 1)) || isDigitCode(text.charCodeAt(p - 1)))) p--;
  const word = text.slice(p, dot);
  const lower = word.toLowerCase();
  // "Dieselstr. 81b": German streets shorten "-straße" to "-str.".
  if (word.length < 3 || ABBREVIATIONS.has(lower) || lower.endsWith("str")) return false;
  const next = text.charCodeAt(dot + 2);
  return isLetter(next) || isDigitCode(next) || word === word.toLowerCase();
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Where the separator before a part starts (its comma or line break), for the next step back. */
function separatorBefore(text: string, start: number, limit: number): number {
  let p = start;
  while (p > limit && isSpace(text.charCodeAt(p - 1)) && text.charCodeAt(p - 1) !== 10) p--;
  const c = text.charCodeAt(p - 1);
  return p > limit && (c === 44 || c === 10 || c === 13) ? p - 1 : -1;
}

interface Tokens {
  starts: number[];
  ends: number[];
}

function tokens(text: string, seg: Segment): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  let p = seg.start;
  while (p < seg.end) {
    while (p < seg.end && isSpace(text.charCodeAt(p))) p++;
    if (p >= seg.end) break;
    const s = p;
    while (p < seg.end && !isSpace(text.charCodeAt(p))) p++;
    starts.push(s);
    ends.push(p);
  }
  return { starts, ends };
}

const HOUSE_NUMBER =
  /^(?:\d{1,5}[A-Z]?(?:[-/]\d{1,4}[A-Z]?)?,?|s\/n\.?,?|nº?\d{1,5},?|no\.?\d{1,5})$/i;

/** A house number: digits with at most one letter or a range ("98", "44c", "12-14", "s/n"). */
function houseNumber(text: string, start: number, end: number): boolean {
  // Every form starts with a digit, "s" or "n": most words are rejected by their first letter.
  const c = text.charCodeAt(start);
  if (!isDigitCode(c) && (c | 32) !== 115 && (c | 32) !== 110) return false;
  return HOUSE_NUMBER.test(text.slice(start, end));
}

/** Whether text[start, end) holds two letters or more. */
function hasWord(text: string, start: number, end: number): boolean {
  let letters = 0;
  for (let i = start; i < end; i++) if (isLetter(text.charCodeAt(i))) letters++;
  return letters >= 2;
}

function hasDigit(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isDigitCode(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Where the street line in `seg` starts, or -1 when it is not a street line: it holds a house
 * number and a word of two letters or more; prose before them is dropped ("New address is").
 */
function streetStart(text: string, seg: Segment): number {
  if (seg.end - seg.start > 70) return -1;
  if (shipPrefix(text, seg.start, seg.end)) {
    const value = text.slice(seg.start, seg.end);
    if (SHIP.test(value)) return seg.start;
    const ship = SHIP_AFTER_PROSE.exec(value);
    if (ship) return seg.start + ship.index + 1;
  }
  const t = tokens(text, seg);
  // Prose ends at its last prose word: "Ship it to 2804 5th Rd" starts at "2804".
  let from = 0;
  for (let k = 0; k < t.starts.length; k++)
    if (PROSE.has(text, t.starts[k] ?? 0, t.ends[k] ?? 0)) from = k + 1;
  let number = -1;
  let words = 0;
  for (let k = from; k < t.starts.length; k++) {
    const start = t.starts[k] ?? 0;
    const end = t.ends[k] ?? 0;
    if (number < 0 && houseNumber(text, start, end)) number = k;
    else if (hasWord(text, start, end)) words++;
  }
  if (number < 0 || words === 0) return -1;
  // Back from the number over at most four words that are not prose.
  let first = number;
  while (first > from && number - first < 4) {
    const start = t.starts[first - 1] ?? 0;
    const end = t.ends[first - 1] ?? 0;
    // Lower-casing adds no digit, so the word's own characters are tested.
    if (PROSE.has(text, start, end) || hasDigit(text, start, end)) break;
    first--;
  }
  // The words after the number must include a name when the number leads ("615 Meyer …").
  if (first === number && number === t.starts.length - 1) return -1;
  return t.starts[first] ?? -1;
}

/**
 * Where a unit part before the street starts ("Apt. 4", "Suite 388", "PSC 2014"), or -1: the
 * last few words of the part, from a unit word on, holding a number.
 */
function unitStart(text: string, seg: Segment): number {
  if (!hasDigit(text, Math.max(seg.start, seg.end - 24), seg.end)) return -1;
  const t = tokens(text, seg);
  for (let k = t.starts.length - 1; k >= 0 && k >= t.starts.length - 3; k--) {
    const start = t.starts[k] ?? 0;
    if (UNIT_WORDS.test(text.slice(start, seg.end))) return start;
  }
  return -1;
}

/** A city part: one to four words, the first capitalised, no digits. */
function cityPart(text: string, seg: Segment): boolean {
  const value = text.slice(seg.start, seg.end);
  if (value.length > 40 || /\d/.test(value)) return false;
  const c = value.charCodeAt(0);
  if (!isLetter(c) || value.charAt(0) === value.charAt(0).toLowerCase()) return false;
  return splitOnSpace(value).length <= 4;
}

/**
 * The start of the address whose postal tail starts at `tail`, or -1. `cityBefore`: the tail
 * holds no city ("IL 62704", "LS6 2AB"), so the part right before it may be the city.
 */
function addressStart(text: string, tail: number, cityBefore: boolean): number {
  const limit = Math.max(0, tail - 160);
  // The part before the tail's own part; or, with no separator, the tail's part itself
  // ("12 Main St Springfield IL").
  const first = separatorBefore(text, tail, limit);
  let end = first >= 0 ? first : tail;
  let seg = segmentBefore(text, end, limit);
  // "City, ST 12345": the city shares the tail's part, before the state.
  if (seg && cityBefore && cityPart(text, seg)) {
    const sep = separatorBefore(text, seg.start, limit);
    if (sep < 0) return -1;
    end = sep;
    seg = segmentBefore(text, end, limit);
  }
  if (!seg) return -1;
  // "…, Apt 23, Provo, WA": a unit after the street reads like a street line of its own.
  if (unitStart(text, seg) === seg.start) {
    const sep = separatorBefore(text, seg.start, limit);
    const before = sep >= 0 ? segmentBefore(text, sep, limit) : null;
    if (before && streetStart(text, before) >= 0) seg = { start: before.start, end: seg.end };
  }
  // "Винників майдан, 8, 85896 Лисичанськ": the house number is a part of its own.
  if (/^\d{1,5}[a-z]?$/i.test(text.slice(seg.start, seg.end))) {
    const sep = separatorBefore(text, seg.start, limit);
    const before = sep >= 0 ? segmentBefore(text, sep, limit) : null;
    if (before && hasWord(text, before.start, before.end))
      seg = { start: before.start, end: seg.end };
  }
  const street = streetStart(text, seg);
  if (street < 0) return -1;
  let start = street;
  // A unit written before the street ("Suite 388, 32 Jade Pass").
  if (street === seg.start) {
    const sep = separatorBefore(text, seg.start, limit);
    const unit = sep >= 0 ? segmentBefore(text, sep, limit) : null;
    const unitAt = unit ? unitStart(text, unit) : -1;
    if (unitAt >= 0) start = unitAt;
  }
  return start;
}

// Above a street found by its suffix alone (0.88): the address read from its tail is longer.
function add(out: Candidate[], start: number, end: number, confidence = 0.89): void {
  out.push(candidate("ADDRESS", start, end, confidence));
}

/** Where the postcodes found with an address go. */
export interface ZipSink {
  addZip(start: number, end: number, confidence: number): void;
}

/** Addresses that end in a postal tail. */
export function detectPostalAddresses(
  text: string,
  f: TextFeatures,
  out: Candidate[],
  zips: ZipSink,
): void {
  if (f.digits < 4) return;
  // Each kind of tail starts at a digit run (or the letters glued to one, or a state before one).
  for (const m of matchesAtNumbers(CODE_CITY, text, f, SHAPE.POSTCODE, false)) {
    const start = addressStart(text, m.index, false);
    let end = m.index + m[0].length;
    // The full stop closing the sentence is not the city's ("… 85896 Лисичанськ.").
    if (text.charCodeAt(end - 1) === 46 && !/\S/.test(text.charAt(end))) end--;
    if (start >= 0) add(out, start, end);
  }
  let lastEnd = -1;
  for (let k = 0; k < f.runCount; k++) {
    const run = f.runStarts[k] ?? 0;
    const length = f.runLengths[k] ?? 0;
    if (run <= lastEnd || length < 4 || length > 5) continue;
    // A letter code right before the digits: "LV-1050", "LV6869".
    let p = run;
    if (text.charCodeAt(p - 1) === 45) p--;
    let letters = 0;
    while (letters < 2 && p > 0 && text.charCodeAt(p - 1) >= 65 && text.charCodeAt(p - 1) <= 90) {
      p--;
      letters++;
    }
    if (letters === 0) continue;
    LETTERED_CODE_CITY.lastIndex = p;
    const m = LETTERED_CODE_CITY.exec(text);
    if (!m) continue;
    const start = addressStart(text, p, false);
    if (start >= 0) {
      add(out, start, p + m[0].length);
      lastEnd = p + m[0].length;
    }
  }
  // "…, City, ST 12345" / "…, VIC 6758" / "APO AE 09123": the tail starts a few characters
  // before the code's digits.
  for (let k = 0; k < f.runCount; k++) {
    const run = f.runStarts[k] ?? 0;
    const length = f.runLengths[k] ?? 0;
    if (length !== 4 && length !== 5) continue;
    // Only where two or three capitals (and a space) sit right before the digits.
    let q = run;
    while (q > run - 2 && q > 0 && (text.charCodeAt(q - 1) === 32 || text.charCodeAt(q - 1) === 9))
      q--;
    if (q === run) continue;
    if (text.charCodeAt(q - 1) === 46) q--;
    let letters = 0;
    let lower = false;
    for (; letters < 3 && q > 0; letters++, q--) {
      const c = text.charCodeAt(q - 1) | 32;
      if (c < 97 || c > 122) break;
      if (c === text.charCodeAt(q - 1)) lower = true;
    }
    if (letters < 2) continue;
    // "IL 62704" starts at the state; "APO AE 09123" four characters earlier (typed in lower
    // case too: "apo ae 09123").
    const tries: [RegExp, number][] = lower ? [] : [[STATE_CODE, q]];
    if (letters === 2 && q >= 4) tries.push([MILITARY, q - 4]);
    for (const [re, p] of tries) {
      re.lastIndex = p;
      const m = re.exec(text);
      if (!m || p + m[0].length < run + length) continue;
      const code = m[1] ?? "";
      const codeStart = p + m[0].length - code.length;
      const start = addressStart(text, p, re === STATE_CODE);
      if (start < 0) continue;
      // The state (or APO/FPO line) belongs to the address, the code is a ZIP of its own.
      add(out, start, trimEnd(text, start, codeStart));
      zips.addZip(codeStart, codeStart + code.length, 0.9);
      break;
    }
  }
  // "…\nLeeds\nLS6 2AB", "…, Erinworth, F80 L7E9": a postcode after a city part.
  if (f.digitUpper)
    for (let i = 0; i < f.tokenCount; i++) {
      const p = f.tokenStarts[i] ?? 0;
      const c = text.charCodeAt(p);
      if (c < 65 || c > 90) continue;
      CODE_AFTER.lastIndex = p;
      const m = CODE_AFTER.exec(text);
      if (!m) continue;
      let sep = separatorBefore(text, p, Math.max(0, p - 3));
      // "…, South Derrick, NB J1G 1G9": a province between the city and the code.
      let province = p;
      if (sep < 0) {
        const state = PROVINCE_BEFORE.exec(text.slice(Math.max(0, p - 6), p));
        if (!state) continue;
        province = p - state[0].length;
        sep = separatorBefore(text, province, Math.max(0, province - 3));
        if (sep < 0) continue;
      }
      const city = segmentBefore(text, sep, Math.max(0, sep - 40));
      if (!city || !cityPart(text, city)) continue;
      const start = addressStart(text, city.end, true);
      if (start < 0) continue;
      add(out, start, province === p ? city.end : trimEnd(text, start, p));
      zips.addZip(p, p + m[0].length, 0.9);
    }
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (isSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 44)) e--;
  return e;
}
