import { STABLE } from "../normalize";
import { type Candidate, type PhiType } from "../types";
import { CHAR, LETTER, NUMBER_PUNCT, SPACE } from "./chars";
import { classifyRun } from "./numbers";
import {
  FNV_OFFSET,
  FNV_PRIME,
  HYPHENATED,
  LOWER,
  WordIndex,
  categoriesOf,
  foldCase,
  hashWord,
} from "./words";

/**
 * The stretches of text already taken by a finding. A message yields a handful of findings and a
 * list is cheapest; a long document can yield thousands, and then a mark per character keeps the
 * check linear in the candidates' lengths instead of quadratic in their number.
 */
export class Taken<T extends { start: number; end: number }> {
  private readonly kept: T[] = [];
  private marks: Uint8Array | undefined;

  constructor(private readonly length: number) {}

  overlaps(c: { start: number; end: number }): boolean {
    if (this.marks) {
      for (let i = c.start; i < c.end; i++) if (this.marks[i] === 1) return true;
      return false;
    }
    for (const k of this.kept) if (c.start < k.end && k.start < c.end) return true;
    return false;
  }

  add(c: T): void {
    this.kept.push(c);
    if (!this.marks && this.kept.length > 32) {
      this.marks = new Uint8Array(this.length);
      for (const k of this.kept) this.marks.fill(1, k.start, k.end);
    } else this.marks?.fill(1, c.start, c.end);
  }

  get spans(): T[] {
    return this.kept;
  }
}

/**
 * Spans marked over a text, for asking whether a stretch touches any of them: a list while there
 * are few (a message holds a handful, and a typed array per message costs more than the search),
 * a mark per character once there are many, so a long document stays linear. An empty span marks
 * nothing and an empty stretch touches nothing, as with marks per character.
 */
export class Marks {
  /** start, end of each span, flat. */
  private readonly kept: number[] = [];
  private marks: Uint8Array | undefined;

  constructor(private readonly length: number) {}

  mark(start: number, end: number): void {
    if (end <= start) return;
    if (this.marks) {
      this.marks.fill(1, start, end);
      return;
    }
    this.kept.push(start, end);
    if (this.kept.length > 64) {
      this.marks = new Uint8Array(this.length);
      for (let k = 0; k < this.kept.length; k += 2)
        this.marks.fill(1, this.kept[k], this.kept[k + 1]);
    }
  }

  /** Whether text[start, end) holds a marked character. */
  touches(start: number, end: number): boolean {
    if (end <= start) return false;
    if (this.marks) {
      for (let i = Math.max(0, start); i < end && i < this.length; i++)
        if (this.marks[i] === 1) return true;
      return false;
    }
    const kept = this.kept;
    for (let k = 0; k < kept.length; k += 2)
      if ((kept[k] ?? 0) < end && start < (kept[k + 1] ?? 0)) return true;
    return false;
  }
}

/**
 * `s.split(/\s+/)` without the pattern: the parts between runs of white space (an empty first or
 * last part when `s` starts or ends with white space, [""] for "").
 */
export function splitOnSpace(s: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    if (((CHAR[s.charCodeAt(i)] ?? 0) & SPACE) === 0) {
      i++;
      continue;
    }
    parts.push(s.slice(start, i));
    while (i < s.length && ((CHAR[s.charCodeAt(i)] ?? 0) & SPACE) !== 0) i++;
    start = i;
  }
  parts.push(s.slice(start));
  return parts;
}

/**
 * Stable insertion sort for the handful of candidates a message yields (Array.prototype.sort
 * allocates a work array on every call); long documents fall back to it.
 */
export function sortInPlace<T>(xs: T[], compare: (a: T, b: T) => number): T[] {
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
 * Keeps the first `count` items of `xs`. Setting an array's length is a call into the runtime
 * even when the length stays the same, and the filters that call this run on every message and
 * most often drop nothing.
 */
export function truncate<T>(xs: T[], count: number): void {
  if (count < xs.length) xs.length = count;
}

/** The shared empty result: most texts match most patterns nowhere. */
const NONE: readonly never[] = [];

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

const TRAILING = new Set(Array.from(".,;:!?'\")]}>", (c) => c.charCodeAt(0)));

/** Drops trailing sentence punctuation that a greedy token pattern swallowed. */
export function trimTrailingPunctuation(text: string, start: number, end: number): number {
  let e = end;
  // Where the token's first "(" is: looked up once, so ")))…" costs one pass, not one per ")".
  let open = -2;
  while (e > start && TRAILING.has(text.charCodeAt(e - 1))) {
    // Keep a closing parenthesis that belongs to the token, as in a Wikipedia-style URL.
    if (text.charCodeAt(e - 1) === 41) {
      if (open === -2) {
        open = -1;
        for (let i = start; i < e - 1 && open < 0; i++) if (text.charCodeAt(i) === 40) open = i;
      }
      if (open >= 0 && open < e - 1) break;
    }
    e--;
  }
  return e;
}

// Identifiers after these words are order/shipping/catalogue references, never PHI, even when
// they look like a phone or social security number.
export const NEGATIVE_LABEL =
  /(?:order|invoice|inv|tracking|track|shipment|confirmation|conf|reference|ref|ticket|case|sku|item|part|model|transaction|txn|receipt|coupon|promo|voucher|gift\s*card|batch|lot|version|build|po|rx|prescription|refill|reservation|booking|room|gate|flight|table|extension|ext)\.?\s*(?:(?:number|num|no\.?|id|code)\s*)?(?:(?:[#:=]|is)\s*)?$/;

// The words NEGATIVE_LABEL can end its match with before its closing "." and white space: its
// labels, "number" and its abbreviations, and "is". Grouped by their last letter.
const NEGATIVE_LABEL_ENDS = new Map<number, string[]>();
for (const word of `order invoice inv tracking track shipment confirmation conf reference ref ticket
  case sku item part model transaction txn receipt coupon promo voucher card batch lot version build
  po rx prescription refill reservation booking room gate flight table extension ext number num no
  id code is`.split(/\s+/)) {
  const last = word.charCodeAt(word.length - 1);
  NEGATIVE_LABEL_ENDS.set(last, [...(NEGATIVE_LABEL_ENDS.get(last) ?? []), word]);
}

const isSpaceCode = (c: number): boolean => ((CHAR[c] ?? 0) & SPACE) !== 0;

/**
 * NEGATIVE_LABEL.test(lower), for lower-cased text: most text before a number ends in no label
 * word, which is seen from its last characters without running the pattern. From the end, the
 * pattern reads white space, then "#", ":" or "=", white space, a ".", and then one of the words
 * of NEGATIVE_LABEL_ENDS: when no word ends there, the pattern cannot match.
 */
export function negativeLabel(lower: string): boolean {
  let q = lower.length;
  while (q > 0 && isSpaceCode(lower.charCodeAt(q - 1))) q--;
  let c = lower.charCodeAt(q - 1);
  if (c === 35 || c === 58 || c === 61) {
    q--;
    while (q > 0 && isSpaceCode(lower.charCodeAt(q - 1))) q--;
    c = lower.charCodeAt(q - 1);
  }
  if (c === 46) c = lower.charCodeAt(--q - 1);
  const words = NEGATIVE_LABEL_ENDS.get(c);
  if (!words?.some((w) => lower.endsWith(w, q))) return false;
  return NEGATIVE_LABEL.test(lower);
}

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
  /** A full stop followed by two ASCII letters, or "://": where a URL can be. */
  urlHint: boolean;
  /** Where the first such hint ends (-1 without one): no URL lies wholly before it. */
  urlHintAt: number;
  /** Where each run of digits starts, plus a "(" or "+" right before it: where numbers begin. */
  numberStarts: Int32Array;
  numberCount: number;
  /** For each entry of numberStarts, the index of its digit run in runStarts. */
  numberRun: Int32Array;
  /** Start of every maximal run of ASCII digits. */
  runStarts: Int32Array;
  runLengths: Int32Array;
  runCount: number;
  /**
   * Digits from this run to the end of its chain: runs joined by at most three characters of
   * white space or - . / ( ) +. A written number can hold no more digits than its chain.
   */
  chainDigits: Int32Array;
  /** SHAPE bits of each run (see numbers.ts), and their union. */
  runShapes: Int32Array;
  allShapes: number;
  /** Start and length of every maximal run of ASCII letters and digits that holds a digit. */
  tokenStarts: Int32Array;
  tokenLengths: Int32Array;
  tokenCount: number;
  words: WordIndex;
  /**
   * Some line holds no digit and one of , ; tab | twice or more: a table header can only be such
   * a line (table.ts), so without one there is no table.
   */
  headerLine: boolean;
  /**
   * Every character is in normalize.ts's STABLE table: the text needs no normalising, so
   * detectPhi can use these features of the original text.
   */
  stable: boolean;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The tables scanFeatures fills: one entry per number, run, token or word, so the text length
 * bounds each. */
class Tables {
  readonly numberStarts: Int32Array;
  readonly numberRun: Int32Array;
  readonly runStarts: Int32Array;
  readonly runLengths: Int32Array;
  readonly chainDigits: Int32Array;
  readonly runShapes: Int32Array;
  readonly tokenStarts: Int32Array;
  readonly tokenLengths: Int32Array;
  readonly wordStarts: Int32Array;
  readonly wordEnds: Int32Array;
  readonly wordHashes: Int32Array;
  readonly wordFlags: Int32Array;

  constructor(readonly capacity: number) {
    this.numberStarts = new Int32Array(capacity);
    this.numberRun = new Int32Array(capacity);
    this.runStarts = new Int32Array(capacity);
    this.runLengths = new Int32Array(capacity);
    this.chainDigits = new Int32Array(capacity);
    this.runShapes = new Int32Array(capacity);
    this.tokenStarts = new Int32Array(capacity);
    this.tokenLengths = new Int32Array(capacity);
    this.wordStarts = new Int32Array(capacity);
    this.wordEnds = new Int32Array(capacity);
    this.wordHashes = new Int32Array(capacity);
    this.wordFlags = new Int32Array(capacity);
  }
}

// Chat messages are short and scanned one at a time, so one set of tables is reused from text to
// text instead of allocating eleven arrays per message. Texts longer than this get their own.
const SHARED_LIMIT = 1 << 16;
let shared = new Tables(1024);

function tablesFor(length: number): Tables {
  const needed = length + 1;
  if (needed <= shared.capacity) return shared;
  if (needed > SHARED_LIMIT) return new Tables(needed);
  shared = new Tables(Math.min(SHARED_LIMIT, Math.max(needed, shared.capacity * 2)));
  return shared;
}

/**
 * Records word `index` (text[start, end), hashed so far as `hash`, with a hyphen inside when
 * `hyphenated`) and returns its categories.
 */
function storeWord(
  t: Tables,
  index: number,
  text: string,
  start: number,
  end: number,
  simple: boolean,
  hash: number,
  hyphenated: boolean,
): number {
  // A letter LOWER does not map (see words.ts): let toLowerCase decide.
  const h = simple ? hash & 0x3fffffff : hashWord(text.slice(start, end));
  const flags = categoriesOf(h);
  t.wordStarts[index] = start;
  t.wordEnds[index] = end;
  t.wordHashes[index] = h;
  t.wordFlags[index] = hyphenated ? flags | HYPHENATED : flags;
  return flags;
}

/**
 * One pass over the text: the number and token tables, the cheap facts, and the word index
 * (words are hashed as they are read, so no word is sliced or lower-cased).
 *
 * The tables are shared between calls: the result is valid until the next call, which is how
 * detectPhi uses it (scan, run every detector, done).
 */
export function scanFeatures(text: string): TextFeatures {
  const n = text.length;
  const tables = tablesFor(n);
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
  let urlHint = false;
  let urlHintAt = -1;
  const {
    numberStarts,
    numberRun,
    runStarts,
    runLengths,
    chainDigits,
    runShapes,
    tokenStarts,
    tokenLengths,
    wordStarts,
    wordEnds,
    wordHashes,
    wordFlags,
  } = tables;
  let numberCount = 0;
  let runCount = 0;
  let tokenCount = 0;
  let wordCount = 0;
  let allFlags = 0;
  let wordStart = -1;
  let hash = 0;
  let simple = true;
  let stable = true;
  // The current line, for headerLine: a digit seen, and each delimiter's count.
  let lineDigit = false;
  let lineCommas = 0;
  let lineSemicolons = 0;
  let lineTabs = 0;
  let linePipes = 0;
  let headerLine = false;
  let hyphenated = false;
  let previous = 0;
  let previous2 = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const before = previous;
    const before2 = previous2;
    previous2 = before;
    previous = c;

    // Fast path for the commonest characters, lower-case ASCII letters, read a run at a time:
    // they start or continue a word and an alphanumeric run, and end any digit run.
    if (c >= 97 && c <= 122) {
      if (wordStart < 0) {
        wordStart = i;
        hash = FNV_OFFSET;
        simple = true;
        hyphenated = false;
      }
      if (!urlHint && before2 === 46 && before < 128 && ((CHAR[before] ?? 0) & LETTER) !== 0) {
        urlHint = true;
        urlHintAt = i;
      }
      let h = Math.imul(hash ^ c, FNV_PRIME);
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d < 97 || d > 122) break;
        h = Math.imul(h ^ d, FNV_PRIME);
      }
      hash = h;
      if (j - i >= 2) {
        // The second letter of the run follows a full stop: ".co" as in "x.com".
        if (!urlHint && before === 46) {
          urlHint = true;
          urlHintAt = i + 1;
        }
        previous2 = text.charCodeAt(j - 2);
        previous = text.charCodeAt(j - 1);
      }
      alnum += j - i;
      if (alnumDigits && alnum > maxMixedRun) maxMixedRun = alnum;
      run = 0;
      separators = 0;
      i = j - 1;
      continue;
    }
    // Fast path for a space: it ends a word and a token, and may sit inside a written number.
    if (c === 32) {
      if (wordStart >= 0) {
        allFlags |= storeWord(tables, wordCount++, text, wordStart, i, simple, hash, hyphenated);
        wordStart = -1;
      }
      if (alnumDigits) {
        tokenStarts[tokenCount] = i - alnum;
        tokenLengths[tokenCount++] = alnum;
        alnumDigits = false;
      }
      alnum = 0;
      if (++separators > 2) run = 0;
      continue;
    }
    // Fast path for ASCII capitals: they start or continue a word and an alphanumeric run.
    if (c >= 65 && c <= 90) {
      if (wordStart >= 0) hash = Math.imul(hash ^ (c + 32), FNV_PRIME);
      else {
        wordStart = i;
        hash = Math.imul(FNV_OFFSET ^ (c + 32), FNV_PRIME);
        simple = true;
        hyphenated = false;
      }
      alnum++;
      if (alnumDigits && alnum > maxMixedRun) maxMixedRun = alnum;
      upper++;
      if (isDigit(before)) digitUpper = true;
      if (!urlHint && before2 === 46 && before < 128 && ((CHAR[before] ?? 0) & LETTER) !== 0) {
        urlHint = true;
        urlHintAt = i;
      }
      run = 0;
      separators = 0;
      continue;
    }
    // Fast path for ASCII digits: they end a word and start or continue a digit run.
    if (c >= 48 && c <= 57) {
      if (wordStart >= 0) {
        allFlags |= storeWord(tables, wordCount++, text, wordStart, i, simple, hash, hyphenated);
        wordStart = -1;
      }
      if (!isDigit(before)) {
        if (before === 40 || before === 43) {
          numberStarts[numberCount] = i - 1;
          numberRun[numberCount++] = runCount;
        }
        numberStarts[numberCount] = i;
        numberRun[numberCount++] = runCount;
        runStarts[runCount] = i;
        runLengths[runCount++] = 1;
      } else {
        runLengths[runCount - 1] = (runLengths[runCount - 1] ?? 0) + 1;
      }
      digits++;
      lineDigit = true;
      run++;
      separators = 0;
      if (run > maxDigitRun) maxDigitRun = run;
      if (before >= 65 && before <= 90) digitUpper = true;
      alnum++;
      alnumDigits = true;
      if (alnum > maxMixedRun) maxMixedRun = alnum;
      continue;
    }
    const cls = CHAR[c] ?? 0;
    if (c >= 128 && STABLE[c] !== 1) stable = false;

    // Words: letters (with combining marks), joined by ' ’ or - when a letter follows.
    if (wordStart >= 0) {
      if ((cls & LETTER) !== 0 || (c >= 0x300 && c <= 0x36f)) {
        const lower = c < 0x100 ? foldCase(c) : (LOWER[c] ?? 0);
        if (lower === 0) simple = false;
        hash = Math.imul(hash ^ lower, FNV_PRIME);
      } else if (
        (c === 39 || c === 0x2019 || c === 45) &&
        ((CHAR[text.charCodeAt(i + 1)] ?? 0) & LETTER) !== 0
      ) {
        hash = Math.imul(hash ^ (c === 0x2019 ? 39 : c), FNV_PRIME);
        if (c === 45) hyphenated = true;
      } else {
        allFlags |= storeWord(tables, wordCount++, text, wordStart, i, simple, hash, hyphenated);
        wordStart = -1;
      }
    }
    if (wordStart < 0 && (cls & LETTER) !== 0) {
      wordStart = i;
      const lower = c < 0x100 ? foldCase(c) : (LOWER[c] ?? 0);
      hash = Math.imul(FNV_OFFSET ^ lower, FNV_PRIME);
      simple = lower !== 0;
      hyphenated = false;
    }

    // ASCII letters and digits took the fast paths above: what is left ends any run.
    if (alnumDigits) {
      tokenStarts[tokenCount] = i - alnum;
      tokenLengths[tokenCount++] = alnum;
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
      else if (c === 44) lineCommas++;
      else if (c === 59) lineSemicolons++;
      else if (c === 9) lineTabs++;
      else if (c === 124) linePipes++;
      else if (c === 10) {
        if (!lineDigit && (lineCommas > 1 || lineSemicolons > 1 || lineTabs > 1 || linePipes > 1))
          headerLine = true;
        lineDigit = false;
        lineCommas = lineSemicolons = lineTabs = linePipes = 0;
      } else if (!urlHint && c === 47 && before === 47 && before2 === 58) {
        urlHint = true;
        urlHintAt = i;
      }
    }
  }
  if (!lineDigit && (lineCommas > 1 || lineSemicolons > 1 || lineTabs > 1 || linePipes > 1))
    headerLine = true;
  if (wordStart >= 0)
    allFlags |= storeWord(tables, wordCount++, text, wordStart, n, simple, hash, hyphenated);
  if (alnumDigits) {
    tokenStarts[tokenCount] = n - alnum;
    tokenLengths[tokenCount++] = alnum;
  }
  let chain = 0;
  let nextStart = -1;
  let allShapes = 0;
  for (let k = runCount - 1; k >= 0; k--) {
    const start = runStarts[k] ?? 0;
    const length = runLengths[k] ?? 0;
    const end = start + length;
    let joined = nextStart >= 0 && nextStart - end <= 3;
    for (let p = end; joined && p < nextStart; p++)
      if (((CHAR[text.charCodeAt(p)] ?? 0) & (SPACE | NUMBER_PUNCT)) === 0) joined = false;
    chain = joined ? chain + length : length;
    chainDigits[k] = chain;
    const shape = classifyRun(text, start, length, chain);
    runShapes[k] = shape;
    allShapes |= shape;
    nextStart = start;
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
    urlHint,
    urlHintAt,
    numberStarts,
    numberCount,
    numberRun,
    runStarts,
    runLengths,
    runCount,
    chainDigits,
    runShapes,
    allShapes,
    tokenStarts,
    tokenLengths,
    tokenCount,
    words: new WordIndex(text, wordCount, wordStarts, wordEnds, wordHashes, wordFlags, allFlags),
    headerLine,
    stable,
  };
}

/**
 * Matches of a sticky regex tried at the number starts whose digit run has a `shape` bit (see
 * numbers.ts), in text order, skipping starts inside the previous match. With `leads`, the "("
 * or "+" right before such a run is tried too.
 */
export function matchesAtNumbers(
  re: RegExp,
  text: string,
  f: TextFeatures,
  shape: number,
  leads: boolean,
): readonly RegExpExecArray[] {
  if ((f.allShapes & shape) === 0) return NONE;
  let out: RegExpExecArray[] | undefined;
  const starts = f.numberStarts;
  let lastEnd = -1;
  for (let i = 0; i < f.numberCount; i++) {
    const p = starts[i] ?? 0;
    if (p < lastEnd) continue;
    const k = f.numberRun[i] ?? 0;
    if (((f.runShapes[k] ?? 0) & shape) === 0) continue;
    if (!leads && p !== f.runStarts[k]) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) {
      (out ??= []).push(m);
      lastEnd = p + m[0].length;
    }
  }
  return out ?? NONE;
}

/** Start offsets of the digit runs that have a `shape` bit. */
export function runsWith(f: TextFeatures, shape: number): readonly number[] {
  if ((f.allShapes & shape) === 0) return NONE;
  const out: number[] = [];
  for (let k = 0; k < f.runCount; k++)
    if (((f.runShapes[k] ?? 0) & shape) !== 0) out.push(f.runStarts[k] ?? 0);
  return out;
}

/**
 * Matches of a sticky regex tried at the starts of the letter-and-digit tokens that pass `test`
 * (its text, start and length), in text order.
 */
export function matchesAtTokens(
  re: RegExp,
  text: string,
  f: TextFeatures,
  test: (text: string, start: number, length: number) => boolean,
): readonly RegExpExecArray[] {
  let out: RegExpExecArray[] | undefined;
  let lastEnd = -1;
  for (let i = 0; i < f.tokenCount; i++) {
    const p = f.tokenStarts[i] ?? 0;
    if (p < lastEnd || !test(text, p, f.tokenLengths[i] ?? 0)) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) {
      (out ??= []).push(m);
      lastEnd = p + m[0].length;
    }
  }
  return out ?? NONE;
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
): readonly RegExpExecArray[] {
  let out: RegExpExecArray[] | undefined;
  let lastEnd = -1;
  for (const p of positions) {
    if (p < lastEnd) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) {
      (out ??= []).push(m);
      lastEnd = p + m[0].length;
    }
  }
  return out ?? NONE;
}
