// One word tokenisation per text, shared by the detectors that look for context words (names,
// labels, month names). Each word is hashed (FNV-1a over its lower-cased letters, cut to 30 bits
// so V8 keeps it a small integer) while it is scanned, so word-list lookups are integer lookups
// with no string allocated per word. Every word list a detector cares about is registered once
// as a category bit; a word's categories come from one table probe while the text is indexed, so
// "which words are month names" is a bit test, not a set lookup per word per list.

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** The hash WordIndex gives a word, for building lookups from plain word lists. */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  const lower = word.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    h = Math.imul(h ^ (c === 0x2019 ? 39 : c), FNV_PRIME);
  }
  return h & 0x3fffffff;
}

// Open-addressing table from word hash to category bits: a probe into a typed array is several
// times cheaper than a Map lookup, and every word of every text is looked up once. Each slot is
// a key and its value side by side, so a probe reads one cache line, not one in each of two
// arrays (the table is larger than the first-level cache, and the probes are random).
const TABLE_BITS = 14;
let tableMask = (1 << TABLE_BITS) - 1;
/** Slot k: key at 2k, category bits at 2k + 1. */
let table = new Int32Array((tableMask + 1) * 2);
let tableCount = 0;
// Keys are stored with bit 30 set, so 0 marks an empty slot even for a zero hash.
const PRESENT = 0x40000000;

/** Index in `table` of the key of `hash`'s slot, or of the empty slot where it would go. */
function slotOf(hash: number): number {
  const key = hash | PRESENT;
  let slot = (Math.imul(hash, 0x9e3779b1) >>> 12) & tableMask;
  for (;;) {
    const k = table[slot * 2] ?? 0;
    if (k === key || k === 0) return slot * 2;
    slot = (slot + 1) & tableMask;
  }
}

function addCategory(hash: number, bit: number): void {
  if ((tableCount + 1) * 2 > tableMask) {
    const old = table;
    tableMask = tableMask * 2 + 1;
    table = new Int32Array((tableMask + 1) * 2);
    tableCount = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] ?? 0;
      if (k !== 0) addCategory(k & ~PRESENT, old[i + 1] ?? 0);
    }
  }
  const at = slotOf(hash);
  if (table[at] === 0) {
    table[at] = hash | PRESENT;
    tableCount++;
  }
  table[at + 1] = (table[at + 1] ?? 0) | bit;
}

let nextBit = 0;

/**
 * Not a category: the bit WordIndex.flags sets on a word with a hyphen inside ("Smith-Jones").
 * Categories take bits 0 to 29.
 */
export const HYPHENATED = 1 << 30;

/**
 * Registers a word list and returns its category bit. Call at module load only: texts indexed
 * before a list is registered do not know its words.
 */
export function wordCategory(words: Iterable<string>): number {
  if (nextBit >= 30) throw new Error("phi: more than 30 word categories");
  const bit = 1 << nextBit++;
  for (const w of words) addCategory(hashWord(w), bit);
  return bit;
}

/** Category bits of a word hash, for words hashed outside a WordIndex ("Smith's" → "Smith"). */
export const categoriesOf = (hash: number): number => table[slotOf(hash) + 1] ?? 0;

/**
 * Lower case of the letters and combining marks above Latin-1 that words are made of (Latin
 * Extended, Greek, Cyrillic, Latin Extended Additional), where toLowerCase maps the character
 * alone to one character whatever surrounds it; 0 elsewhere. Σ is left out (a final sigma
 * lower-cases to ς), so is İ (to two characters): a word holding either is hashed by hashWord.
 */
export const LOWER: Uint16Array = (() => {
  const t = new Uint16Array(0x1f00);
  for (let c = 0x100; c < 0x1f00; c++) {
    if (c >= 0x530 && c < 0x1e00) continue;
    const lower = String.fromCharCode(c).toLowerCase();
    if (lower.length === 1 && c !== 0x3a3) t[c] = lower.charCodeAt(0);
  }
  return t;
})();

/** The case folding WordIndex hashes with: ASCII and Latin-1 capitals to lower case. */
export const foldCase = (c: number): number =>
  (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c;

/** Word endings (lower-case ASCII) grouped by their last letter: see endsWithAny. */
export type Endings = ReadonlyMap<number, readonly string[]>;

/** The endings of a space-separated list, for endsWithAny. */
export function endings(list: string): Endings {
  const table = new Map<number, string[]>();
  for (const ending of list.trim().split(/\s+/)) {
    const last = ending.charCodeAt(ending.length - 1);
    table.set(last, [...(table.get(last) ?? []), ending]);
  }
  return table;
}

/**
 * Whether text[start, end) ends in one of the endings, in either case, as /(?:…)$/i reads them
 * (an ASCII letter matches only an ASCII letter). Compared in place: a detector asks it of
 * thousands of words per corpus, and slicing each word cost more than the check.
 */
export function endsWithAny(table: Endings, text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const candidates = table.get(text.charCodeAt(end - 1) | 32);
  if (!candidates) return false;
  for (const ending of candidates) {
    const from = end - ending.length;
    if (from < start) continue;
    let k = 0;
    while (k < ending.length && (text.charCodeAt(from + k) | 32) === ending.charCodeAt(k)) k++;
    if (k === ending.length) return true;
  }
  return false;
}

/**
 * A set of word hashes (hashWord's 30-bit values) in one typed array, open addressing with linear
 * probing as the category table: for the large lists read by hash (14,000 English words), a
 * fraction of a Set's memory, so fewer of its lines are out of cache when a message asks.
 */
export class HashSet {
  private readonly keys: Int32Array;
  private readonly mask: number;

  constructor(hashes: Iterable<number>) {
    const unique = new Set(hashes);
    let capacity = 16;
    while (capacity < unique.size * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Int32Array(capacity);
    for (const h of unique) {
      if ((h & ~0x3fffffff) !== 0) throw new Error(`phi: ${h} is not a word hash`);
      let slot = (Math.imul(h, 0x9e3779b1) >>> 12) & this.mask;
      while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = h | PRESENT;
    }
  }

  has(hash: number): boolean {
    if ((hash & ~0x3fffffff) !== 0) return false;
    const key = hash | PRESENT;
    let slot = (Math.imul(hash, 0x9e3779b1) >>> 12) & this.mask;
    for (;;) {
      const k = this.keys[slot] ?? 0;
      if (k === key) return true;
      if (k === 0) return false;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * A set of lower-case ASCII words looked up by a stretch of text: `has(text, start, end)` answers
 * `set.has(text.slice(start, end).toLowerCase())` without making either string when the stretch
 * is ASCII (a hash of its lower-cased characters, then a comparison with the word of that hash).
 */
export class LowerWords {
  private readonly words: Set<string>;
  private readonly byHash = new Map<number, string[]>();
  private readonly maxLength: number;

  constructor(words: Iterable<string>) {
    this.words = new Set(words);
    let max = 0;
    for (const w of this.words) {
      if (w !== w.toLowerCase() || [...w].some((ch) => ch.charCodeAt(0) >= 128))
        throw new Error(`phi: "${w}" is not a lower-case ASCII word`);
      const h = hashWord(w);
      const same = this.byHash.get(h);
      if (same) same.push(w);
      else this.byHash.set(h, [w]);
      max = Math.max(max, w.length);
    }
    this.maxLength = max;
  }

  has(text: string, start: number, end: number): boolean {
    // Lower-casing never shortens a string, so a longer stretch is none of the words.
    if (end - start > this.maxLength) return false;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      // Outside ASCII toLowerCase decides ("K", the Kelvin sign, lower-cases to "k").
      if (c >= 128) return this.words.has(text.slice(start, end).toLowerCase());
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
    }
    const same = this.byHash.get(h & 0x3fffffff);
    if (!same) return false;
    for (const w of same) if (sameLowerCase(text, start, end, w)) return true;
    return false;
  }
}

/** Whether ASCII text[start, end) lower-cased is `word`. */
function sameLowerCase(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

const NO_WORDS: readonly number[] = [];

/** The words of one text (built by scanFeatures, which reads the text once for everything). */
export class WordIndex {
  constructor(
    readonly text: string,
    /** The number of words; the arrays may be longer. */
    readonly length: number,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly hashes: Int32Array,
    /** Category bits of each word. */
    readonly flags: Int32Array,
    /** Union of every word's category bits. */
    readonly allFlags: number,
  ) {}

  lowerAt(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]).toLowerCase();
  }

  /** Start offsets of the words in `category`, in text order. */
  startsOf(category: number): readonly number[] {
    if ((this.allFlags & category) === 0) return NO_WORDS;
    const out: number[] = [];
    for (let i = 0; i < this.length; i++)
      if (((this.flags[i] ?? 0) & category) !== 0) out.push(this.starts[i] ?? 0);
    return out;
  }

  /** Start offset of the last word in `category`, or -1 when none is. */
  lastStartOf(category: number): number {
    if ((this.allFlags & category) === 0) return -1;
    for (let i = this.length - 1; i >= 0; i--)
      if (((this.flags[i] ?? 0) & category) !== 0) return this.starts[i] ?? 0;
    return -1;
  }

  hasAny(category: number): boolean {
    return (this.allFlags & category) !== 0;
  }
}
