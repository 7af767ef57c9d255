// The digit-run scanner. scanFeatures finds every maximal run of ASCII digits and its chain (runs
// joined by at most three characters of white space or - . / ( ) +); this module classifies each
// run once by its length, first digit, neighbours and chain, into the number shapes that can
// start there. The number patterns of the detectors are then tried only at runs whose class
// allows them: every bit below is a necessary condition of its pattern, so a run without the
// bit cannot start a match and skipping it changes no result.

export const SHAPE = {
  /** 3 digits then "-" or a space: the area of an SSN. */
  SSN: 1 << 0,
  /** At least 12 digits in the chain: a payment card. */
  CARD: 1 << 1,
  /** One digit then a capital: the head of a Medicare MBI. */
  MBI: 1 << 2,
  /** At least 10 digits in the chain: a North American number. */
  NANP: 1 << 3,
  /** "+" right before, at least 3 digits in the chain: an international number. */
  INTERNATIONAL: 1 << 4,
  /** Starts with a trunk 0, at least 6 digits in the chain: a national number. */
  TRUNK: 1 << 5,
  /** 3 digits then "-": a 7-digit local number. */
  LOCAL: 1 << 6,
  /** 1–3 digits then ".", at least 4 digits in the chain: a dotted IPv4 address. */
  IPV4: 1 << 7,
  /** 1–2 digits: a day of the month. */
  DAY: 1 << 8,
  /** 1–2 digits, / . or -, 1–2 digits, the same separator and a digit: a numeric date. */
  NUMERIC_DATE: 1 << 9,
  /** 19xx or 20xx, / . or -, 1–2 digits, the same separator and a digit: an ISO date. */
  ISO_DATE: 1 << 10,
  /** 1–2 digits, "/", then 1–2 digits: a short month/day date. */
  SHORT_DATE: 1 << 11,
  /** 90–120 on its own: the only numbers an age over 89 can be. */
  AGE: 1 << 12,
  /** "90" then "s": the nineties. */
  DECADE: 1 << 13,
  /** 1–6 digits: a house number. */
  HOUSE: 1 << 14,
  /** Exactly 5 digits: a US ZIP code. */
  FIVE: 1 << 15,
  /** At least 6 digits in the chain: a phone number in some country's format. */
  CHAIN: 1 << 16,
  /**
   * 2 to 6 digits, then a hyphen or capital, or spaces and tabs and then a digit, a capital or a
   * letter beyond ASCII: where a postcode before its city can start ("02-035 Mława", "536 60
   * Zlín", "9015IF Calslagenhoven", "10115 Berlin"), not "10 days" or "2024, and".
   */
  POSTCODE: 1 << 17,
  /** 1–2 digits then ". ": the day of "24. 10. 1970". */
  SPACED_DOTS: 1 << 18,
} as const;

const isDateSeparator = (c: number): boolean => c === 47 || c === 46 || c === 45;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Length of the run of digits at `at` (0 for none), counted up to 3. */
function digitsAt(text: string, at: number): number {
  let n = 0;
  while (n < 3 && isDigit(text.charCodeAt(at + n))) n++;
  return n;
}

/** One or two digits at `at`, then the separator `sep` and a digit: a date's middle group. */
function dateGroupThen(text: string, at: number, sep: number): boolean {
  const n = digitsAt(text, at);
  return (
    n >= 1 && n <= 2 && text.charCodeAt(at + n) === sep && isDigit(text.charCodeAt(at + n + 1))
  );
}

/** What may follow a postcode's first digits at `at` (see SHAPE.POSTCODE). */
function postcodeFollows(text: string, at: number): boolean {
  let c = text.charCodeAt(at);
  if (c === 45 || (c >= 65 && c <= 90)) return true;
  if (c !== 32 && c !== 9) return false;
  do c = text.charCodeAt(++at);
  while (c === 32 || c === 9);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c >= 0xc0;
}

/** The SHAPE bits of the digit run text[start, start + length) whose chain holds `chain` digits. */
export function classifyRun(text: string, start: number, length: number, chain: number): number {
  const first = text.charCodeAt(start);
  const next = text.charCodeAt(start + length);
  let shape = 0;
  if (length <= 6) shape |= SHAPE.HOUSE;
  if (length <= 2) {
    shape |= SHAPE.DAY;
    if (isDateSeparator(next) && dateGroupThen(text, start + length + 1, next))
      shape |= SHAPE.NUMERIC_DATE;
    if (next === 47 && digitsAt(text, start + length + 1) <= 2) shape |= SHAPE.SHORT_DATE;
    if (length === 2 && first === 57) {
      shape |= SHAPE.AGE;
      if (text.charCodeAt(start + 1) === 48 && (next | 32) === 115) shape |= SHAPE.DECADE;
    }
    if (length === 1 && next >= 65 && next <= 90) shape |= SHAPE.MBI;
    if (next === 46 && text.charCodeAt(start + length + 1) === 32) shape |= SHAPE.SPACED_DOTS;
  } else if (length === 3) {
    if (next === 45) shape |= SHAPE.SSN | SHAPE.LOCAL;
    else if (next === 32) shape |= SHAPE.SSN;
    if (first === 49) {
      const second = text.charCodeAt(start + 1);
      if (second === 48 || second === 49 || (second === 50 && text.charCodeAt(start + 2) === 48))
        shape |= SHAPE.AGE;
    }
  } else if (length === 4) {
    const century =
      (first === 49 && text.charCodeAt(start + 1) === 57) ||
      (first === 50 && text.charCodeAt(start + 1) === 48);
    if (century && isDateSeparator(next) && dateGroupThen(text, start + 5, next))
      shape |= SHAPE.ISO_DATE;
  } else if (length === 5) shape |= SHAPE.FIVE;
  if (length <= 3 && next === 46 && chain >= 4) shape |= SHAPE.IPV4;
  if (chain >= 12) shape |= SHAPE.CARD;
  if (chain >= 10) shape |= SHAPE.NANP;
  if (chain >= 6) shape |= SHAPE.CHAIN;
  // Six-digit postcodes too: India, Russia, Romania, China, Kazakhstan, Singapore. Every form
  // of CODE_CITY (postal.ts) continues the run so.
  if (length >= 2 && length <= 6 && postcodeFollows(text, start + length)) shape |= SHAPE.POSTCODE;
  if (chain >= 6 && first === 48) shape |= SHAPE.TRUNK;
  if (chain >= 3 && text.charCodeAt(start - 1) === 43) shape |= SHAPE.INTERNATIONAL;
  // "0044 20 …": the international prefix dialled from most of the world.
  if (chain >= 8 && length >= 3 && first === 48 && text.charCodeAt(start + 1) === 48)
    shape |= SHAPE.INTERNATIONAL;
  return shape;
}
