// Shapes that look like a person or an address to the other detectors and are neither, each
// decided by what stands around the finding:
// - a time zone id ("Asia/Ho_Chi_Minh", "America/Port_of_Spain"): IANA's Area/Location form;
// - an eponymous disease, sign or test ("Addison's disease", "Graves' ophthalmopathy");
// - a pet described as one ("Biscuit (beagle, 3y)", "Pepper the clinic cat");
// - a product in a table cell: a cell holding a person holds the name alone, so a cell that
//   goes on in lower case after the "name" ("Chelsea boots", "Jack Russell dog bed") is an item;
// - the first words of an utterance after a speaker label in a dialogue ("Patientin: Bitte an
//   …", "Paciente: Mi teléfono es …"): a sentence's capitalised first word is no name unless it is
//   a known one;
// - a price written with its ISO 4217 currency code ("6808 TRY") is no house number;
// - a firm's name read from its second word ("Thermo Fisher"), a breed ("Jack Russell terrier",
//   "Jack Russell dog bed") and a pet's records ("wants Milo's records", with an owner, a vet or a
//   species in the message);
// - a shop's link whose query holds only goods, paging and campaign keys ("/cart?sku=…&qty=2&
//   utm_campaign=…") identifies no one.
import { FIRST_NAMES, NAME_PARTICLES, ORGANIZATIONS, SURNAMES } from "../names";
import { CHAR, LETTER, UPPER, isSpace } from "./chars";
import { type Candidate } from "../types";
import { FIELD_CONFIDENCE } from "./structured";
import { truncate } from "./util";

// IANA time zone areas (the tz database's continents and oceans).
const TIME_ZONE =
  /\b(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z_+-]{2,30}(?:\/[A-Za-z_+-]{2,30})?/g;

// Head nouns that follow an eponym in medicine.
const EPONYM_AFTER =
  /^['’]s?\s+(?:disease|syndrome|thyroiditis|palsy|disorder|sarcoma|lymphoma|ulcer|phenomenon|anomaly|encephalopathy|ophthalmopathy|contracture|neuroma|fracture|sign|test|maneuver|manoeuvre|reflex|triad|law|score|scale|criteria|operation|procedure|classification|cyst|node|tumou?r)\b/i;

const SPECIES =
  "dog|cat|puppy|kitten|rabbit|bunny|parrot|budgie|hamster|guinea pig|ferret|horse|pony|tortoise|turtle|lizard|snake|chinchilla|labrador|retriever|poodle|beagle|bulldog|terrier|spaniel|shepherd|collie|dachshund|husky|chihuahua|pug|boxer|corgi|schnauzer|siamese|tabby|maine coon|ragdoll";
// "Biscuit (beagle, 3y)": a species in parentheses after the name, with an age.
const PET_PARENS = new RegExp(
  String.raw`^\s*\((?:[\w ]{0,30}\b)?(?:${SPECIES})\b[^()\n]{0,30}\)`,
  "i",
);
// "Pepper the clinic cat", "Pepper, our office dog".
const PET_APPOSITION = new RegExp(
  String.raw`^,?\s+(?:the|our|my|a)\s+(?:[a-z]+\s+){0,2}(?:${SPECIES})\b`,
  "i",
);

const PARTICLES = new Set([...NAME_PARTICLES, "los", "las", "y", "e", "i"]);

const CURRENCIES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [],
);

// The areas again, to find by indexOf whether any "Area/" is in the text before TIME_ZONE runs.
const TIME_ZONE_AREAS = [
  "Africa",
  "America",
  "Antarctica",
  "Arctic",
  "Asia",
  "Atlantic",
  "Australia",
  "Europe",
  "Indian",
  "Pacific",
  "Etc",
];

/** Whether an area of TIME_ZONE stands right before a "/" of the text. */
function hasTimeZoneArea(text: string): boolean {
  for (let s = text.indexOf("/"); s >= 0; s = text.indexOf("/", s + 1)) {
    // Every area ends in a lower-case letter: a date's "12/" is ruled out by one comparison.
    const last = text.charCodeAt(s - 1);
    if (last < 97 || last > 122) continue;
    for (const area of TIME_ZONE_AREAS) if (text.startsWith(area, s - area.length)) return true;
  }
  return false;
}

/**
 * Removes the NAME and ADDRESS candidates that the shapes above explain. What the text holds (a
 * time zone, a table cell's "|" or ">", a dialogue) is worked out for the first candidate that
 * needs it: a text with no name pays nothing for it.
 */
export function dropFalseAlarms(text: string, out: Candidate[]): void {
  // Characters inside a time zone id, marked once: a check per name stays constant.
  let zones: Uint8Array | undefined;
  let cells: boolean | undefined;
  let dialogue: boolean | undefined;
  let pets: boolean | undefined;
  let w = 0;
  for (const c of out) {
    if (c.type === "ADDRESS") {
      if (priceWithCurrency(text, c.start, c.end)) continue;
    } else if (c.type === "URL") {
      if (text.charCodeAt(c.end - 1) !== 47 && goodsLink(text, c.start, c.end)) continue;
    } else if (lowName(c)) {
      if ((zones ??= timeZones(text))[c.start] === 1) continue;
      if (describedAfter(text, c.end)) continue;
      if (breedAfter(text, c.end) || firmBefore(text, c.start, c.end)) continue;
      if (recordsAfter(text, c.end) && (pets ??= PET_WORD.test(text))) continue;
      if ((cells ??= text.includes("|") || text.includes(">")) && productCell(text, c)) continue;
      if (sentenceStart(text, c) && (dialogue ??= dialogueLabels(text))) continue;
    }
    out[w++] = c;
  }
  truncate(out, w);
}

/** A NAME that no format's own field found (an HL7 name, a vCard FN is certain). */
const lowName = (c: Candidate): boolean => c.type === "NAME" && c.confidence < FIELD_CONFIDENCE;

/** Marks no character: the time zones of a text that holds none. */
const NO_ZONES = new Uint8Array(0);

/** The characters inside a time zone id, marked 1 (NO_ZONES when the text holds none). */
function timeZones(text: string): Uint8Array {
  let zones = NO_ZONES;
  if (hasTimeZoneArea(text))
    for (const m of text.matchAll(TIME_ZONE)) {
      if (zones === NO_ZONES) zones = new Uint8Array(text.length);
      zones.fill(1, m.index, m.index + m[0].length);
    }
  return zones;
}

/** Whether what follows a name makes it an eponym or a pet. */
function describedAfter(text: string, end: number): boolean {
  // An eponym's head noun follows an apostrophe; a pet's description a space, "," or "(".
  const next = text.charCodeAt(end);
  if (next === 39 || next === 0x2019) return EPONYM_AFTER.test(text.slice(end, end + 60));
  if (!petMayFollow(text, end)) return false;
  const after = text.slice(end, end + 60);
  return PET_PARENS.test(after) || PET_APPOSITION.test(after);
}

/**
 * Whether PET_PARENS or PET_APPOSITION can match at `at`: after an optional "," and white space,
 * a "(" or one of "the", "our", "my", "a" and white space.
 */
function petMayFollow(text: string, at: number): boolean {
  let p = at;
  if (text.charCodeAt(p) === 44) p++;
  while (p < at + 60 && isSpace(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) === 40) return true;
  if (p === at) return false;
  for (const word of PET_DETERMINERS) {
    let k = 0;
    while (k < word.length && (text.charCodeAt(p + k) | 32) === word.charCodeAt(k)) k++;
    if (k === word.length && isSpace(text.charCodeAt(p + k))) return true;
  }
  return false;
}

const PET_DETERMINERS = ["the", "our", "my", "a"];

/**
 * Whether text[start, end) ends in a price ("6808 TRY"): within its last 24 characters a digit,
 * an optional white space, and three capitals that are an ISO 4217 code. Read in place: most
 * addresses are ruled out by their last character.
 */
function priceWithCurrency(text: string, start: number, end: number): boolean {
  const from = Math.max(start, end - 24);
  if (end - 4 < from) return false;
  for (let k = end - 3; k < end; k++) {
    const ch = text.charCodeAt(k);
    if (ch < 65 || ch > 90) return false;
  }
  let d = end - 4;
  if (!isDigit(text.charCodeAt(d))) {
    if (d - 1 < from || !isSpace(text.charCodeAt(d))) return false;
    d--;
    if (!isDigit(text.charCodeAt(d))) return false;
  }
  return CURRENCIES.has(text.slice(end - 3, end));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Whether the name sits in a table cell that goes on in lower-case words after it. */
function productCell(text: string, c: Candidate): boolean {
  // The cell's start: "|" or ">" before the name on its line, with at most a title between.
  let p = c.start;
  while (p > 0 && c.start - p < 12 && text.charCodeAt(p - 1) !== 10) {
    const ch = text.charCodeAt(p - 1);
    if (ch === 124 || ch === 62) break;
    p--;
  }
  const open = text.charCodeAt(p - 1);
  // "|" opens a markdown cell; ">" only when it closes a <td> or <th> tag (not a quoted line).
  if (open === 62) {
    if (!/<t[dh]\b[^<>]{0,40}$/i.test(text.slice(Math.max(0, p - 45), p - 1))) return false;
  } else if (open !== 124) return false;
  // The rest of the cell.
  let e = c.end;
  while (e < text.length && e - c.end < 60) {
    const ch = text.charCodeAt(e);
    if (ch === 124 || ch === 60 || ch === 10 || ch === 9) break;
    e++;
  }
  for (const m of text.slice(c.end, e).matchAll(/\p{Ll}[\p{Ll}'’-]{2,}/gu))
    if (!PARTICLES.has(m[0])) return true;
  return false;
}

// "Praxis: …", "Paciente: …": a label of one or two words opening a line.
const SPEAKER_LINE = /^[ \t]*\p{L}[\p{L}'’ ]{0,24}:[ \t]+\S/gmu;

/** Whether the text is a dialogue: three or more lines open with a label, two of them differing. */
function dialogueLabels(text: string): boolean {
  if (!text.includes(":") || !text.includes("\n")) return false;
  const labels = new Set<string>();
  let lines = 0;
  for (const m of text.matchAll(SPEAKER_LINE)) {
    labels.add(m[0].slice(0, m[0].indexOf(":")).trim().toLowerCase());
    if (++lines >= 3 && labels.size >= 2) return true;
  }
  return false;
}

/**
 * Whether the name is the first word(s) of an utterance after a speaker label, goes on in lower
 * case or digits on its line, and holds no known given name or surname.
 */
function sentenceStart(text: string, c: Candidate): boolean {
  let p = c.start;
  while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
  if (text.charCodeAt(p - 1) !== 58) return false;
  let q = p - 1;
  while (q > 0 && p - q < 30 && text.charCodeAt(q - 1) !== 10) q--;
  if (q > 0 && text.charCodeAt(q - 1) !== 10) return false;
  // What follows the name is read first: most names are followed by no "," space or tab at all.
  const next = text.charCodeAt(c.end);
  if (next !== 44 && next !== 32 && next !== 9) return false;
  if (!/^,?[ \t]+[\p{Ll}\d(]/u.test(text.slice(c.end, c.end + 4))) return false;
  const words = text.slice(c.start, c.end).split(/\s+/);
  if (words.length > 2) return false;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (FIRST_NAMES.has(lower) || SURNAMES.has(lower)) return false;
  }
  return true;
}

/**
 * Whether the capitalised word before a one-word name makes a firm with it ("Thermo Fisher"); a
 * name of two words or more is checked against the firms where it is found.
 */
function firmBefore(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start - 1) !== 32) return false;
  for (let k = start; k < end; k++) if (isSpace(text.charCodeAt(k))) return false;
  let p = start - 1;
  while (p > 0 && start - p < 24 && firmChar(text.charCodeAt(p - 1))) p--;
  if (p === start - 1 || ((CHAR[text.charCodeAt(p)] ?? 0) & UPPER) === 0) return false;
  return ORGANIZATIONS.has(text.slice(p, end).toLowerCase());
}

/** A letter, or . ' ’ & - inside a firm's word ("Dr.", "Hill-Rom"). */
const firmChar = (c: number): boolean =>
  ((CHAR[c] ?? 0) & LETTER) !== 0 || c === 46 || c === 39 || c === 0x2019 || c === 38 || c === 45;

// A species or a breed's head noun right after the name: "Jack Russell terrier", "… dog bed".
// Looked up by the next word alone (the first word of "guinea pig", "maine coon").
const BREED_WORDS = new Set(
  `${SPECIES}|setter|hound|pointer`.split("|").map((s) => s.split(" ")[0] ?? ""),
);

function breedAfter(text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 32) return false;
  let e = end + 1;
  while (e < end + 13 && (CHAR[text.charCodeAt(e)] ?? 0) & LETTER) e++;
  if (e === end + 1 || e === end + 13 || (CHAR[text.charCodeAt(e)] ?? 0) & LETTER) return false;
  return BREED_WORDS.has(text.slice(end + 1, e).toLowerCase());
}

// A possessive before what a clinic keeps on file: "Milo's records", "Luna's vaccination card".
const RECORDS_AFTER =
  /^['’]s\s+(?:records?|chart|file|vaccines?|vaccinations?|vaccination\s+card|x-rays?|bloodwork|weight)\b/i;

function recordsAfter(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c === 39 || c === 0x2019) && RECORDS_AFTER.test(text.slice(end, end + 30));
}

// Words that say a message is about an animal: its owner, its vet, its kind.
const PET_WORD = new RegExp(
  String.raw`\b(?:owner|pet|pets|vet|vets|veterinary|veterinarian|${SPECIES})\b`,
  "i",
);

// Query keys that describe goods, paging or a campaign, never a person.
const GOODS_KEYS = new Set(
  `sku qty quantity coupon promo promocode voucher variant size color colour style item product
  page sort order lang locale currency ref gclid fbclid utm_source utm_medium utm_campaign
  utm_term utm_content`.split(/\s+/),
);

/** Whether a link's query holds only GOODS_KEYS, and its path no number of four digits or more. */
function goodsLink(text: string, start: number, end: number): boolean {
  const url = text.slice(start, end);
  const q = url.indexOf("?");
  if (q < 0 || /\d{4}/.test(url.slice(0, q))) return false;
  for (const pair of url.slice(q + 1).split("&")) {
    const eq = pair.indexOf("=");
    if (!GOODS_KEYS.has((eq < 0 ? pair : pair.slice(0, eq)).toLowerCase())) return false;
  }
  return true;
}
