import { type Candidate, type PhiType } from "../types.js";
import { WordIndex } from "./words.js";

export const candidate = (
  type: PhiType,
  start: number,
  end: number,
  confidence: number,
): Candidate => ({
  type,
  start,
  end,
  confidence,
});

/** Lower-cased text of the `size` characters before `index`, for context-word checks. */
export const before = (text: string, index: number, size: number): string =>
  text.slice(Math.max(0, index - size), index).toLowerCase();

export const after = (text: string, index: number, size: number): string =>
  text.slice(index, index + size).toLowerCase();

/** Drops trailing sentence punctuation that a greedy token pattern swallowed. */
export function trimTrailingPunctuation(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[.,;:!?'")\]}>]/.test(text.charAt(e - 1))) {
    // Keep a closing parenthesis that belongs to the token, as in a Wikipedia-style URL.
    if (text.charAt(e - 1) === ")" && text.slice(start, e - 1).includes("(")) break;
    e--;
  }
  return e;
}

// Identifiers after these words are order/shipping/catalogue references, never PHI, even when
// they look like a phone or social security number.
export const NEGATIVE_LABEL =
  /(?:order|invoice|inv|tracking|track|shipment|confirmation|conf|reference|ref|ticket|case|sku|item|part|model|transaction|txn|receipt|coupon|promo|voucher|gift\s*card|batch|lot|version|build|po|rx|prescription|refill|reservation|booking|room|gate|flight|table|extension|ext)\.?\s*(?:number|num|no\.?|id|code)?\s*(?:#|:|is|=)?\s*$/;

/**
 * Starts an exec loop over a global regex: `for (let m = firstMatch(re, t); m; m = re.exec(t))`.
 * `String.prototype.matchAll` clones the regex on every call and a callback allocates a closure
 * per call; on short chat messages either costs more than the matching itself.
 */
export function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/** Cheap facts about a text, gathered in one loop, that let detectors skip regex passes. */
export interface TextFeatures {
  digits: number;
  /** Most digits in one run where up to two separators (space - . / ( ) +) may sit between digits. */
  maxDigitRun: number;
  /** Longest run of ASCII letters and digits that holds at least one digit. */
  maxMixedRun: number;
  /** A digit directly followed by a capital ("1EG4", "7ABC123") or the reverse ("A12", "GB82"). */
  digitUpper: boolean;
  dashes: number;
  at: boolean;
  colons: number;
  upper: number;
  /** Where each run of digits starts, plus a "(" or "+" right before it: where numbers begin. */
  numberStarts: number[];
  words: WordIndex;
}

export function scanFeatures(text: string): TextFeatures {
  let digits = 0;
  let run = 0;
  let separators = 0;
  let maxDigitRun = 0;
  let alnum = 0;
  let alnumDigits = false;
  let maxMixedRun = 0;
  let digitUpper = false;
  let dashes = 0;
  let at = false;
  let colons = 0;
  let upper = 0;
  const numberStarts: number[] = [];
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const before = previous;
    previous = c;
    if (c >= 48 && c <= 57) {
      if (!(before >= 48 && before <= 57)) {
        if (before === 40 || before === 43) numberStarts.push(i - 1);
        numberStarts.push(i);
      }
      digits++;
      run++;
      separators = 0;
      if (run > maxDigitRun) maxDigitRun = run;
      if (before >= 65 && before <= 90) digitUpper = true;
      alnum++;
      alnumDigits = true;
      if (alnum > maxMixedRun) maxMixedRun = alnum;
      continue;
    }
    const upperCase = c >= 65 && c <= 90;
    if (upperCase || (c >= 97 && c <= 122)) {
      alnum++;
      if (alnumDigits && alnum > maxMixedRun) maxMixedRun = alnum;
      if (upperCase) {
        upper++;
        if (before >= 48 && before <= 57) digitUpper = true;
      }
      run = 0;
      separators = 0;
      continue;
    }
    alnum = 0;
    alnumDigits = false;
    if (c === 45) dashes++;
    if (c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41 || c === 43) {
      // Separators keep a digit run going: "(555) 123-4567", "4111 1111 1111 1111".
      if (++separators > 2) run = 0;
    } else {
      run = 0;
      separators = 0;
      if (c === 64) at = true;
      else if (c === 58) colons++;
    }
  }
  return {
    digits,
    maxDigitRun,
    maxMixedRun,
    digitUpper,
    dashes,
    at,
    colons,
    upper,
    numberStarts,
    words: new WordIndex(text),
  };
}

/**
 * Tries a sticky regex at each position (ascending), skipping positions inside the previous
 * match. Anchoring at the few places a match can begin beats scanning the whole text with
 * every pattern.
 */
export function matchesAt(
  re: RegExp,
  text: string,
  positions: readonly number[],
): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let lastEnd = -1;
  for (const p of positions) {
    if (p < lastEnd) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) {
      out.push(m);
      lastEnd = p + m[0].length;
    }
  }
  return out;
}
