// DATE and AGE_OVER_89. Every explicit calendar date counts; a year alone, a weekday or a time
// of day does not (Safe Harbor keeps the year). Patterns are sticky and tried only where a
// month word, a birth-date label or a number starts.
import { VOCABULARY_HASHES } from "../name-lexicon";
import { type Candidate } from "../types";
import { CHAR, SPACE } from "./chars";
import {
  type TextFeatures,
  before,
  candidate,
  firstMatch,
  matchesAt,
  matchesAtNumbers,
  runsWith,
} from "./util";
import { SHAPE } from "./numbers";
import { type WordIndex, hashWord, wordCategory } from "./words";

const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY = "(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR = "(?:1[89]\\d\\d|20\\d\\d|'\\d\\d)";
const words = (list: string): number => wordCategory(list.split(" "));

const MONTH_WORDS = words(
  "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december",
);
// Month names of other languages, as the platform's Intl data writes them (nominative and the
// genitive used after a day: "октябрь", "октября"), long and short; built once at load (~70 ms).
// Read only with a day and a year around them, as many are also words ("mar", "mai").
const FOREIGN_MONTH_LOCALES =
  "de fr es it pt nl pl cs sk hu ro hr sl sv nb da fi tr id lv lt et ru uk el bg sr-Latn ca".split(
    " ",
  );
function foreignMonthNames(): { names: string[]; short3: string[] } {
  const names = new Set<string>();
  const short3 = new Set<string>();
  const dates = Array.from({ length: 12 }, (_, month) => new Date(Date.UTC(2001, month, 15)));
  for (const locale of FOREIGN_MONTH_LOCALES)
    for (const style of ["long", "short"] as const)
      for (const day of [undefined, "numeric"] as const) {
        // One formatter per locale and form: constructing one is the expensive part.
        const format = new Intl.DateTimeFormat(locale, { month: style, day, timeZone: "UTC" });
        for (const date of dates) {
          const part = format.formatToParts(date).find((p) => p.type === "month");
          const name = part?.value.toLowerCase().replace(/\.$/, "") ?? "";
          if (!/^\p{L}+$/u.test(name)) continue;
          // Three-letter short forms are too often words of their own ("set", "led", "gen"): they
          // get a list of their own, read only between a day and a year.
          if (name.length >= (style === "long" ? 3 : 4)) names.add(name);
          else if (style === "short" && name.length === 3) short3.add(name);
        }
      }
  return { names: [...names], short3: [...short3] };
}
const FOREIGN_MONTHS = foreignMonthNames();
const FOREIGN_MONTH_WORDS = wordCategory(FOREIGN_MONTHS.names);
// Three-letter forms ("ott", "abr", "Ιαν", "июл."), read only between a day and a year, and
// never one that is an English word ("we sold 3 set 2020 units").
const FOREIGN_MONTH_SHORT = wordCategory(
  FOREIGN_MONTHS.short3.filter((m) => !VOCABULARY_HASHES.has(hashWord(m))),
);
// "4 Mai 1986", "15 de enero de 2000", "27 октября 1995"; "Februar 4, 2021", "enero 15, 2000".
const DAY_BEFORE = /(?<![\w.,/-])(?:[12]\d|3[01]|0?[1-9])\.?(?:\s+de)?\s+$/;
const YEAR_AFTER = /^\.?,?(?:\s+de)?\s+(?:1[89]\d\d|20\d\d)(?![\w-])/;
const DAY_YEAR_AFTER = /^\.?\s+(?:[12]\d|3[01]|0?[1-9])\.?,?\s+(?:1[89]\d\d|20\d\d)(?![\w-])/;

function foreignDates(text: string, index: WordIndex, out: Candidate[]): void {
  for (let i = 0; i < index.length; i++) {
    const flags = index.flags[i] ?? 0;
    if ((flags & (FOREIGN_MONTH_WORDS | FOREIGN_MONTH_SHORT)) === 0) continue;
    const start = index.starts[i] ?? 0;
    const end = index.ends[i] ?? 0;
    const after = text.slice(end, end + 16);
    const day = DAY_BEFORE.exec(text.slice(Math.max(0, start - 10), start));
    const year = YEAR_AFTER.exec(after);
    if (day && year) out.push(candidate("DATE", start - day[0].length, end + year[0].length, 0.85));
    else if ((flags & FOREIGN_MONTH_WORDS) !== 0) {
      const dayYear = DAY_YEAR_AFTER.exec(after);
      if (dayYear) out.push(candidate("DATE", start, end + dayYear[0].length, 0.85));
    }
  }
}

const MONTH_FIRST = new RegExp(`${MONTH}\\.?[\\s-]+${DAY}\\b(?:(?:,\\s*|\\s+|-)${YEAR}\\b)?`, "iy");
const MONTH_YEAR = new RegExp(`${MONTH}\\.?,?\\s+(?:of\\s+)?(?:1[89]\\d\\d|20\\d\\d)\\b`, "iy");
const DAY_FIRST = new RegExp(
  `${DAY}(?:\\s+of)?[\\s/-]+${MONTH}\\b\\.?(?:(?:,\\s*|[\\s/-]+)${YEAR}\\b)?`,
  "iy",
);
const NUMERIC = /(?<![\w./:$-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)/y;
const ISO = /(?<![\w./:$-])((?:19|20)\d\d)([/.-])(\d{1,2})\2(\d{1,2})(?!\d|[/.-]\d)/y;
const SHORT =
  /(?<![\w./:$-])(\d{1,2})\/(\d{1,2})(?![\w%]|[/.-]\d|\s*(?:mg|ml|tab|pill|cap|dose|unit|cup|of\b))/y;
const SHORT_CONTEXT =
  /\b(?:on|by|to|dob|due|from|until|till|thru|through|since|before|after|date|dated|born|next|this|appt|appointment|scheduled|visit|seen|admitted|discharged|surgery|starting|effective)\s*(?:[:.]\s*)?$/;
const DOB_WORDS = words("dob d date birth birthdate birthday born");
const COMPACT_DOB =
  /(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)\s*(?:[:#-]\s*)?(\d{8}|\d{6})\b/iy;
// Lower-case "may"/"march" are usually verbs; as month-year they are too ambiguous to report.
const VERB_MONTH_YEAR = /^(?:may|march)\b/;
// "v1.2.15", "version 8.4.15", and in JSON `"version":"8.4.15"`.
const VERSIONISH = /(?:\bv|version|ver\.?|build|release|rev\.?)["'\s:=]*$/i;
// "24. 10. 1970": day and month with a dot and a space, as Czech, Slovak and German write them.
const SPACED_DOTS = /(?<![\w.])(\d{1,2})\. (\d{1,2})\. ((?:19|20)\d\d)(?![\d.]\d)/y;

const AGE_VALUES = "9\\d|1[01]\\d|120";
const AGE = `(?:${AGE_VALUES})`;
const NOT_A_QUANTITY =
  "(?!\\s*(?:%|percent|lb|pounds|kg|min|dollars|cents|°|degrees|mg|ml|in\\b|on\\b))";
const AGE_WORD = new RegExp(`age[ds]?\\s*(?:(?::|of|is|was|=)\\s*)?${AGE}\\b(?!\\s*%)`, "iy");
const AGE_NUMBER = [
  new RegExp(`${AGE}\\s*(?:-\\s*)?(?:years?|yrs?)[\\s-]*(?:old|of\\s+age)\\b`, "iy"),
  new RegExp(
    `${AGE}\\s*(?:y\\.?o\\b\\.?|y\\/o\\b|yrs?\\b(?!\\s+(?:ago|later|since|in|of\\b)))`,
    "iy",
  ),
  new RegExp(`${AGE}(?:st|nd|rd|th)\\s+birthday\\b`, "iy"),
];
const TURNED = new RegExp(
  `(?:turned|turning|turns|will\\s+be)\\s+${AGE}\\b${NOT_A_QUANTITY}`,
  "iy",
);
// "she is 94": only the number is the age expression.
const PERSON_IS = new RegExp(
  `(?:he|she|they|who|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|patient|pt)(?:'s|\\s+is|\\s+was|\\s+are)\\s+(?:now\\s+)?(${AGE_VALUES})\\b${NOT_A_QUANTITY}`,
  "iy",
);
const DECADE = /\b(?:late\s+|early\s+|mid[-\s])?(?:90s|nineties)\b/gi;
const DECADE_OWNER = /\b(?:his|her|their|my|our|your)\s+$/;
const AGE_WORDS = words("age aged ages");
const TURN_WORDS = words("turned turning turns will");
const PERSON_WORDS = words(
  "he she they who mom mother dad father grandma grandmother grandpa grandfather patient pt he's she's",
);

const NINETIES = words("nineties");
const NINETIES_LENGTH = 8;

/** "mid-nineties", "nineties-era": a compound word that holds "nineties" between word breaks. */
function ninetiesInCompound(words: WordIndex): boolean {
  for (let i = 0; i < words.length; i++) {
    const start = words.starts[i] ?? 0;
    const end = words.ends[i] ?? 0;
    if (end - start <= NINETIES_LENGTH) continue;
    let joined = false;
    for (let p = start; p < end && !joined; p++) {
      const c = words.text.charCodeAt(p);
      joined = c === 45 || c === 39 || c === 0x2019;
    }
    if (joined && /\bnineties\b/i.test(words.text.slice(start, end))) return true;
  }
  return false;
}

function validMonthDay(a: number, b: number): boolean {
  return (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (a >= 1 && a <= 31 && b >= 1 && b <= 12);
}

function validCompact(d: string): boolean {
  const n = (from: number, to: number): number => Number(d.slice(from, to));
  if (d.length === 8) {
    return (
      (validMonthDay(n(0, 2), n(2, 4)) && /^(?:19|20)/.test(d.slice(4))) ||
      (/^(?:19|20)/.test(d) && validMonthDay(n(4, 6), n(6, 8)))
    );
  }
  return validMonthDay(n(0, 2), n(2, 4));
}

/** Length of `value` without trailing white space, commas, full stops and hyphens. */
function trimmedLength(value: string): number {
  let e = value.length;
  for (;;) {
    const c = value.charCodeAt(e - 1);
    if (c === 44 || c === 46 || c === 45 || ((CHAR[c] ?? 0) & SPACE) !== 0) e--;
    else return e;
  }
}

const add = (out: Candidate[], start: number, value: string, confidence: number): void => {
  out.push(candidate("DATE", start, start + trimmedLength(value), confidence));
};

export function detectDates(text: string, f: TextFeatures, out: Candidate[] = []): Candidate[] {
  // Every date form has a digit.
  if (f.digits === 0) return out;
  const monthStarts = f.words.startsOf(MONTH_WORDS);
  if (monthStarts.length > 0) {
    for (const m of matchesAt(MONTH_FIRST, text, monthStarts)) add(out, m.index, m[0], 0.9);
    for (const m of matchesAtNumbers(DAY_FIRST, text, f, SHAPE.DAY, false))
      add(out, m.index, m[0], 0.9);
    for (const m of matchesAt(MONTH_YEAR, text, monthStarts)) {
      if (!VERB_MONTH_YEAR.test(m[0]))
        out.push(candidate("DATE", m.index, m.index + m[0].length, 0.6));
    }
  }
  if (f.words.hasAny(FOREIGN_MONTH_WORDS | FOREIGN_MONTH_SHORT)) foreignDates(text, f.words, out);
  for (const m of matchesAt(COMPACT_DOB, text, f.words.startsOf(DOB_WORDS))) {
    const digits = m[1] ?? "";
    const start = m.index + m[0].length - digits.length;
    if (validCompact(digits)) out.push(candidate("DATE", start, start + digits.length, 0.85));
  }
  if (f.maxDigitRun < 3) return out;
  for (const m of matchesAtNumbers(NUMERIC, text, f, SHAPE.NUMERIC_DATE, false)) {
    if (!validMonthDay(Number(m[1]), Number(m[3])) || VERSIONISH.test(before(text, m.index, 10)))
      continue;
    out.push(candidate("DATE", m.index, m.index + m[0].length, 0.9));
  }
  for (const m of matchesAtNumbers(SPACED_DOTS, text, f, SHAPE.SPACED_DOTS, false)) {
    if (validMonthDay(Number(m[2]), Number(m[1])))
      out.push(candidate("DATE", m.index, m.index + m[0].length, 0.85));
  }
  for (const m of matchesAtNumbers(ISO, text, f, SHAPE.ISO_DATE, false)) {
    const month = Number(m[3]);
    if (
      month > 12 ||
      !validMonthDay(month, Number(m[4])) ||
      VERSIONISH.test(before(text, m.index, 10))
    )
      continue;
    out.push(candidate("DATE", m.index, m.index + m[0].length, 0.9));
  }
  for (const m of matchesAtNumbers(SHORT, text, f, SHAPE.SHORT_DATE, false)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const context = SHORT_CONTEXT.exec(before(text, m.index, 24));
    if (a < 1 || a > 12 || b < 1 || b > 31 || !context) continue;
    // "cut it to 1/2": after "to", a small proper fraction is an amount, not a date.
    if (context[0].startsWith("to") && a < b && b <= 4) continue;
    out.push(candidate("DATE", m.index, m.index + m[0].length, 0.75));
  }
  return out;
}

function age(out: Candidate[], start: number, end: number): void {
  out.push(candidate("AGE_OVER_89", start, end, 0.9));
}

export function detectAges(text: string, f: TextFeatures, out: Candidate[] = []): Candidate[] {
  const ages = f.digits >= 2 ? runsWith(f, SHAPE.AGE) : [];
  if (ages.length > 0) {
    for (const m of matchesAt(AGE_WORD, text, f.words.startsOf(AGE_WORDS)))
      age(out, m.index, m.index + m[0].length);
    for (const re of AGE_NUMBER) {
      for (const m of matchesAt(re, text, ages)) age(out, m.index, m.index + m[0].length);
    }
    for (const m of matchesAt(TURNED, text, f.words.startsOf(TURN_WORDS)))
      age(out, m.index, m.index + m[0].length);
    for (const m of matchesAt(PERSON_IS, text, f.words.startsOf(PERSON_WORDS))) {
      const n = m[1] ?? "";
      age(out, m.index + m[0].length - n.length, m.index + m[0].length);
    }
  }
  if (
    f.words.hasAny(NINETIES) ||
    (f.allShapes & SHAPE.DECADE) !== 0 ||
    ninetiesInCompound(f.words)
  ) {
    for (let m = firstMatch(DECADE, text); m !== null; m = DECADE.exec(text)) {
      if (DECADE_OWNER.test(before(text, m.index, 8))) age(out, m.index, m.index + m[0].length);
    }
  }
  return out;
}
