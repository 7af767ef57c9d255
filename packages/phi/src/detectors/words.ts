// One word tokenisation per text, shared by the detectors that look for context words (names,
// labels, month names). Each word is hashed (FNV-1a over its lower-cased letters, cut to 30 bits
// so V8 keeps it a small integer) while it is
// scanned, so word-list lookups are integer set lookups with no string allocated per word.

const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x1e00 && c <= 0x1eff);

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The hash WordIndex gives a word, for building lookup sets from plain word lists. */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  const lower = word.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    h = Math.imul(h ^ (c === 0x2019 ? 39 : c), FNV_PRIME);
  }
  return h & 0x3fffffff;
}

export function hashSet(words: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const w of words) out.add(hashWord(w));
  return out;
}

export class WordIndex {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly hashes: number[] = [];

  constructor(readonly text: string) {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (!isLetter(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      let simple = true;
      while (i < n) {
        let c = text.charCodeAt(i);
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (isLetter(c) || (c >= 0x300 && c <= 0x36f)) {
          if ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7)) c += 32;
          else if (c >= 0x100) simple = false;
        } else if ((c === 39 || c === 0x2019 || c === 45) && isLetter(next)) {
          if (c === 0x2019) c = 39;
        } else break;
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
      }
      this.starts.push(start);
      this.ends.push(i);
      // Letters outside Latin-1 have irregular case pairs: let toLowerCase decide.
      this.hashes.push(simple ? h & 0x3fffffff : hashWord(text.slice(start, i)));
    }
  }

  get length(): number {
    return this.starts.length;
  }

  lowerAt(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]).toLowerCase();
  }

  /** Start offsets of the words in `set`, in text order. */
  startsOf(set: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.hashes.length; i++)
      if (set.has(this.hashes[i] ?? 0)) out.push(this.starts[i] ?? 0);
    return out;
  }

  hasAny(set: ReadonlySet<number>): boolean {
    for (const h of this.hashes) if (set.has(h)) return true;
    return false;
  }
}
