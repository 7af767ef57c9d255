// What the detectors read. Text can hide an identifier from patterns written for plain ASCII and
// still show it to a person: full-width or other compatibility forms ("１２３-４５-６７８９"),
// invisible format characters inside it (a zero-width space, a soft hyphen, bidi controls), or
// digits of another script ("١٢٣"). The detectors run on a normalised copy (Unicode NFKC, format
// characters removed, every decimal digit folded to ASCII, hyphen look-alikes to "-"), and each
// finding is mapped back to the stretch of the original text it came from, so masking lands on
// the characters the writer typed.

export interface Normalized {
  /** The text the detectors read. */
  text: string;
  /**
   * For each UTF-16 unit of `text`, where the original stretch it came from starts and ends;
   * null when `text` is the original itself.
   */
  starts: Int32Array | null;
  ends: Int32Array | null;
}

// Anything outside ASCII may need work; ASCII text (most chat) is returned as it is.
const NON_ASCII = /[\u0080-\uffff]/;
// Characters NFKC keeps but the detectors must not see as they are: format and other default
// ignorable characters, decimal digits other than ASCII, and hyphen look-alikes.
const SPECIAL = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2010-\u2012\u2212\uFE63]|(?!\d)\p{Nd}/u;
const IGNORABLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const DECIMAL = /^\p{Nd}$/u;
// A base character and the combining marks after it: normalised together, so a name written
// with combining accents composes, and every output character maps to the whole cluster.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/uy;
const MARK = /^\p{M}/u;

const HYPHENS = new Set([0x2010, 0x2011, 0x2012, 0x2212, 0xfe63]);

const digitValues = new Map<number, number>();

/** The value of a decimal digit of any script: digits come in runs of ten from zero upwards. */
function digitValue(cp: number): number {
  const cached = digitValues.get(cp);
  if (cached !== undefined) return cached;
  let start = cp;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  const value = (cp - start) % 10;
  digitValues.set(cp, value);
  return value;
}

/** Folds one NFKC-normalised cluster: digits to ASCII, hyphens to "-", format characters out. */
function fold(cluster: string): string {
  let out = "";
  for (const ch of cluster) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out += ch;
    else if (digitValues.has(cp)) out += String.fromCharCode(48 + (digitValues.get(cp) ?? 0));
    else if (HYPHENS.has(cp)) out += "-";
    else if (IGNORABLE.test(ch)) continue;
    else if (DECIMAL.test(ch)) out += String.fromCharCode(48 + digitValue(cp));
    else out += ch;
  }
  return out;
}

// Characters that stay as they are whatever surrounds them: ASCII, and the letters, punctuation
// and symbols of Latin, Greek and Cyrillic text that NFKC keeps and that are neither SPECIAL nor
// combining marks. A text made of these alone is already normalised (NFKC joins a character to
// the one before it only when the second is a combining mark or a Hangul jamo, and neither is
// here), so one table lookup per character replaces two patterns and ICU's check on the texts
// the detectors see most. Anything else takes the full test below.
export const STABLE = ((): Uint8Array => {
  const t = new Uint8Array(0x10000);
  const ranges: [number, number][] = [
    [0, 0x530],
    [0x1e00, 0x1f00],
    [0x2000, 0x2070],
    [0x20a0, 0x20c1],
  ];
  for (const [from, to] of ranges)
    for (let c = from; c < to; c++) {
      const ch = String.fromCharCode(c);
      if (!SPECIAL.test(ch) && !MARK.test(ch) && ch.normalize("NFKC") === ch) t[c] = 1;
    }
  return t;
})();

/** Whether every character of the text is in STABLE: then the text needs no normalising. */
function stable(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (STABLE[text.charCodeAt(i)] !== 1) return false;
  return true;
}

export function normalizeForDetection(text: string): Normalized {
  if (
    stable(text) ||
    !NON_ASCII.test(text) ||
    (!SPECIAL.test(text) && text.normalize("NFKC") === text)
  )
    return { text, starts: null, ends: null };
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      // Runs of ASCII are copied as they are, but for their last character when more text
      // follows: it may be the base of combining marks ("e" + U+0301 composes to "é").
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) < 0x80) j++;
      if (j < text.length) j--;
      if (j > i) {
        parts.push(text.slice(i, j));
        for (let k = i; k < j; k++) {
          starts.push(k);
          ends.push(k + 1);
        }
        i = j;
        continue;
      }
    }
    let end: number;
    let folded: string;
    const next = text.charCodeAt(i + 1);
    const alone = !(next >= 0x300 && MARK.test(text.charAt(i + 1)));
    if (alone && c >= 0xff01 && c <= 0xff5e) {
      // Full-width ASCII, the commonest disguise, without a trip through ICU.
      end = i + 1;
      folded = String.fromCharCode(c - 0xfee0);
    } else if (alone && digitValues.has(c)) {
      end = i + 1;
      folded = String.fromCharCode(48 + (digitValues.get(c) ?? 0));
    } else {
      CLUSTER.lastIndex = i;
      const m = CLUSTER.exec(text);
      // Every position starts a cluster (a lone surrogate is a non-mark of its own).
      end = m ? i + m[0].length : i + 1;
      folded = fold(text.slice(i, end).normalize("NFKC"));
    }
    parts.push(folded);
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(end);
    }
    i = end;
  }
  return { text: parts.join(""), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * Maps sorted, non-overlapping spans of the normalised text back onto the original. Spans that
 * end and start inside one expanded cluster ("½" becomes "1⁄2") are kept apart by trimming the
 * later one; a span left empty is dropped.
 */
export function toOriginal<T extends { start: number; end: number }>(
  n: Normalized,
  spans: T[],
): T[] {
  const { starts, ends } = n;
  if (!starts || !ends) return spans;
  const out: T[] = [];
  let lastEnd = 0;
  for (const s of spans) {
    const start = Math.max(lastEnd, starts[s.start] ?? lastEnd);
    const end = ends[s.end - 1] ?? start;
    if (end <= start) continue;
    s.start = start;
    s.end = end;
    out.push(s);
    lastEnd = end;
  }
  return out;
}
