// Character classes as one table lookup per UTF-16 code unit, for the hand-written scanners.

export const DIGIT = 1;
export const UPPER = 2;
export const LOWER = 4;
/**
 * Letters a word may hold: ASCII, Latin-1, Latin Extended-A/B, Latin Extended Additional, Greek
 * and Cyrillic (names and streets are written in all of them).
 */
export const LETTER = 8;
/** Everything the regex class \s matches. */
export const SPACE = 16;
/** Punctuation that may sit inside a written number: - . / ( ) + */
export const NUMBER_PUNCT = 32;

function build(): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  for (let c = 65; c <= 90; c++) t[c] = UPPER | LETTER;
  for (let c = 97; c <= 122; c++) t[c] = LOWER | LETTER;
  // Case from the letter's own mappings, so "Đurica", "Štefan" and "Łukasz" start with a capital
  // as "Anna" does (Latin Extended-A alternates capital and small letter by letter).
  const latin = (c: number): number => {
    const ch = String.fromCharCode(c);
    return LETTER | (ch.toLowerCase() !== ch ? UPPER : ch.toUpperCase() !== ch ? LOWER : 0);
  };
  for (let c = 0xc0; c <= 0x24f; c++) if (c !== 0xd7 && c !== 0xf7) t[c] = latin(c);
  // Schwa, outside the Latin blocks (IPA Extensions), is a letter of Azerbaijani ("Məmmədov").
  t[0x259] = latin(0x259);
  for (let c = 0x1e00; c <= 0x1eff; c++) t[c] = latin(c);
  // Greek (with its accented capitals) and Cyrillic: case from the same mappings. Code points
  // that are no letter (Greek punctuation, Cyrillic combining marks) keep no class.
  for (let c = 0x370; c <= 0x52f; c++) {
    const ch = String.fromCharCode(c);
    if (/\p{L}/u.test(ch)) t[c] = latin(c);
  }
  for (const c of [
    9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
  ])
    t[c] = SPACE;
  for (let c = 0x2000; c <= 0x200a; c++) t[c] = SPACE;
  for (const ch of "-./()+") t[ch.charCodeAt(0)] = NUMBER_PUNCT;
  return t;
}

export const CHAR: Uint8Array = build();

export const classOf = (text: string, i: number): number => CHAR[text.charCodeAt(i)] ?? 0;

/** Whether a UTF-16 code unit is white space as the regex class \s has it. */
export const isSpace = (c: number): boolean => ((CHAR[c] ?? 0) & SPACE) !== 0;
