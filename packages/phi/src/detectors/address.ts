// ADDRESS and ZIP_CODE. A street line plus its city (and state) is one ADDRESS; the ZIP or
// postcode after it is a separate ZIP_CODE.
import { type Candidate } from "../types";
import { CHAR, LETTER as LETTER_CLASS, SPACE } from "./chars";
import { SHAPE } from "./numbers";
import { detectCuedAddresses } from "./cued-address";
import { type ZipSink, detectPostalAddresses } from "./postal";
import {
  type TextFeatures,
  candidate,
  firstMatch,
  matchesAt,
  matchesAtNumbers,
  matchesAtTokens,
  runsWith,
  splitOnSpace,
} from "./util";
import { wordCategory } from "./words";

// Latin letters with accents, without the cost of \p{L} and the u flag.
const LETTER = "A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F";
const UPPER = "A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE";
// The same letters for a pattern with the i flag, which folds case itself (ß and ÿ have no
// single-character capital in this mode, and \u00F8-\u024F holds both cases of the rest).
const LETTER_I = "A-Z\\u00DF-\\u00F6\\u00F8-\\u024F";

const STATE_CODES =
  "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|ON|QC|BC|AB|MB|NS";
const STATE_NAMES =
  "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|British Columbia";
// Read only right after a separator or the start of the tail, where a word boundary always holds.
const STATE = `(?:${STATE_CODES})\\b\\.?|(?:${STATE_NAMES})\\b`;

// USPS Publication 28's street suffixes, and the ones British streets end in.
const SUFFIX =
  "Street|St|Str|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Crescent|Cres|Close|Row|Plaza|Plz|Alley|Path|Pike|Run|Walk|Grove|Gardens|Heights|Hts|Ridge|Crossing|Xing|Expressway|Expy|Freeway|Fwy|Mews|Broadway|Turnpike|Tpke|Center|Ctr|Point|Commons|Estates|Park|Hollow|Landing|Glen|Bend|Annex|Arcade|Bayou|Beach|Bluff|Bluffs|Bottom|Branch|Bridge|Brook|Brooks|Burg|Burgs|Bypass|Camp|Canyon|Cape|Causeway|Cliff|Cliffs|Club|Common|Corner|Corners|Course|Courts|Cove|Coves|Creek|Crest|Curve|Dale|Dam|Divide|Estate|Extension|Extensions|Falls|Ferry|Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge|Forges|Fork|Forks|Fort|Garden|Gateway|Glens|Green|Greens|Harbor|Harbors|Haven|Hill|Hills|Inlet|Island|Islands|Isle|Junction|Junctions|Key|Keys|Knoll|Knolls|Lake|Lakes|Light|Lights|Lock|Locks|Lodge|Manor|Manors|Meadow|Meadows|Mill|Mills|Mission|Motorway|Mount|Mountain|Mountains|Neck|Orchard|Oval|Overpass|Parks|Parkways|Pass|Passage|Pine|Pines|Plain|Plains|Port|Ports|Prairie|Radial|Ramp|Ranch|Rapid|Rapids|Rest|River|Roads|Route|Shoal|Shoals|Shore|Shores|Skyway|Spring|Springs|Spur|Spurs|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|Track|Trafficway|Tunnel|Underpass|Union|Unions|Valley|Valleys|Viaduct|View|Views|Village|Villages|Ville|Vista|Wall|Ways|Well|Wells|Centers|Circles|Crossroad|Crossroads|Drives|Fall|Groves|Land|Loaf|Mall|Points|Ridges|Rue|Squares|Trailer|Walks|Rise|Approach|Copse|Parade|Wynd|Chase|Vale|Quay|Wharf|Esplanade|Embankment|Circus";
const WORD = `[${LETTER}0-9][${LETTER}0-9'.-]*`;
const WORD_I = `[${LETTER_I}0-9][${LETTER_I}0-9'.-]*`;
const UNIT =
  "(?:,?\\s*(?:Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Bldg|Building|Rm|Room|Dept|Lot|Flat|#)\\.?\\s*(?:#\\s*)?[A-Z0-9-]{1,6}\\b)";
const DIRECTION =
  "(?:(?:[NS][EW]?|[EW])\\.?|North|South|East|West|Northeast|Northwest|Southeast|Southwest)";

const STREET = new RegExp(
  `(?<![\\w#$.,/-])\\d{1,6}[A-Z]?(?:-\\d{1,4})?\\s+(?:${DIRECTION}\\s+)?(?:${WORD_I}\\s+){0,4}(?:${SUFFIX})\\b\\.?(?:\\s+${DIRECTION}\\b\\.?)?${UNIT}?`,
  "iy",
);
const PO_BOX = /\bP\.?\s*O\.?\s*Box\s+\d{1,6}\b/gi;
// Streets named before the number, as in much of Europe and Latin America.
const NUMBER_AFTER = new RegExp(
  `\\b(?:Calle|Avenida|Av\\.|Carrera|Rua|Via|Viale|Piazza|Plaza|Paseo|Camino|Rambla)\\s+(?:${WORD}\\s+){0,4}?\\d{1,5}[A-Za-z]?\\b|\\b[${UPPER}][${LETTER}-]*(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|laan|gracht|plein|vej|gatan|gata|veien)\\s+\\d{1,4}[a-z]?\\b`,
  "g",
);
const FRENCH =
  /\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|chemin|place|allée|impasse|quai|cours)\s+[^,\n.;!?]{2,40}/gi;
// Words that make the European street forms above worth running.
const EUROPEAN_WORDS = wordCategory(
  "calle avenida av carrera rua via viale piazza plaza paseo camino rambla rue avenue boulevard bd chemin place allée impasse quai cours".split(
    " ",
  ),
);
const EUROPEAN_SUFFIX =
  /(?:stra(?:ß|ss)e|str|weg|allee|platz|gasse|ring|damm|laan|gracht|plein|vej|gata|gatan|veien)$/;

function europeanHint(f: TextFeatures): boolean {
  const words = f.words;
  if (words.hasAny(EUROPEAN_WORDS)) return true;
  // Compound street names ("Hauptstraße 5") are capitalised and followed, after white space,
  // by the house number: look only at the word right before each digit run.
  const text = words.text;
  let j = 0;
  for (let k = 0; k < f.runCount; k++) {
    const run = f.runStarts[k] ?? 0;
    let q = run;
    while (q > 0 && ((CHAR[text.charCodeAt(q - 1)] ?? 0) & SPACE) !== 0) q--;
    if (q === run) continue;
    while (j < words.length && (words.ends[j] ?? 0) < q) j++;
    if (j >= words.length) return false;
    if (words.ends[j] !== q) continue;
    const start = words.starts[j] ?? 0;
    const code = text.charCodeAt(start);
    if (code < 65 || code > 90 || q - start <= 5) continue;
    if (EUROPEAN_SUFFIX.test(words.lowerAt(j))) return true;
  }
  return false;
}

const ZIP_WORDS = wordCategory(["zip", "zipcode", "postal", "post", "postcode"]);
const BOX_WORDS = wordCategory(["box"]);
// The words a cued address follows (cued-address.ts): the pattern runs only when one is present.
const CUE_WORDS = wordCategory(
  "address addresses addr adress adresse ship shipping send mail deliver delivery delivered moved moving relocated live lives living reside resides residing stay staying".split(
    " ",
  ),
);

// Words that look like street-name words but show the number is a quantity ("take 2 with Dr").
const QUANTITY_WORDS = new Set(
  "with and or the a of for at to in on my your his her our their take every per by from is are was pills pill tablets tablet times days hours minutes boxes items units mg ml doses refills bottles packs weeks months years more less than about".split(
    " ",
  ),
);

// Each city word must end at a word boundary, so "Leeds LS6 2AB" does not eat half a postcode.
const CITY_WORD = `[${LETTER}][${LETTER}'.-]*(?![${LETTER}0-9'.-])`;
const CITY_WORDS = new RegExp(`^(,\\s*|\\s+)(${CITY_WORD}(?:\\s+${CITY_WORD}){0,2})`);
const STATE_TAIL = new RegExp(`^,?\\s*(?:${STATE})`);
const ZIP_SHAPE =
  "(?:\\d{5}(?:-\\d{4})?|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d|[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2})(?![\\w-])";
const ZIP = `(${ZIP_SHAPE})`;
const ZIP_TAIL = new RegExp(`^,?\\s*${ZIP_SHAPE}`);
const LOWER_STATE_ZIP_TAIL = new RegExp(`^,?\\s*(?:[a-z]{2}\\s+)?${ZIP}`);
const STATE_WORD = new RegExp(`^(?:${STATE_CODES}|${STATE_NAMES})$`);
const CITY_STOP = new Set(
  "please thanks thank and but or so the i we you my our can could would should will call text see let is are was near by at on in for to from".split(
    " ",
  ),
);

const CAPITALISED = new RegExp(`^[${UPPER}]`);

/** Length of the city (and state) that follows a street, or 0 when what follows is not a city. */
function cityLength(rest: string): number {
  const m = CITY_WORDS.exec(rest);
  if (!m) return STATE_TAIL.exec(rest)?.[0].length ?? 0;
  const sep = m[1] ?? "";
  const kept: string[] = [];
  for (const w of splitOnSpace(m[2] ?? "")) {
    if (CITY_STOP.has(w.toLowerCase()) || STATE_WORD.test(w)) break;
    kept.push(w);
  }
  let capitalised = kept.length > 0;
  for (const w of kept) if (!CAPITALISED.test(w)) capitalised = false;
  const cityEnd = kept.length > 0 ? sep.length + kept.join(" ").length : 0;
  // Words must be separated by single spaces for the join above to measure the original text.
  if (kept.length > 0 && !rest.slice(sep.length).startsWith(kept.join(" "))) return 0;
  const afterCity = rest.slice(cityEnd);
  const state = STATE_TAIL.exec(afterCity);
  const afterState = state ? afterCity.slice(state[0].length) : afterCity;
  const zipFollows = ZIP_TAIL.test(afterState);
  if (kept.length === 0) return state ? state[0].length : 0;
  if (capitalised && (sep.includes(",") || state || zipFollows))
    return cityEnd + (state?.[0].length ?? 0);
  if (!capitalised && LOWER_STATE_ZIP_TAIL.test(afterCity)) {
    const lowerState = /^,?\s*[a-z]{2}(?=\s+\d)/.exec(afterCity);
    return cityEnd + (lowerState?.[0].length ?? 0);
  }
  return state && sep.includes(",") === false && capitalised ? cityEnd + state[0].length : 0;
}

const ZIP_LABEL =
  /\b(?:zip(?:\s*code)?|postal\s*code|post\s*code)\s*(?:(?:is|[:#\-])\s*)?(\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b/gi;
const SUFFIX_WORDS = wordCategory(SUFFIX.split("|"));
const FIVE_DIGITS = /(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])/y;
const STATE_BEFORE = new RegExp(`(?:\\b(?:${STATE_CODES})|\\b(?:${STATE_NAMES})),?\\s+$`);
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/y;
const CA_POSTCODE = /\b[A-Z]\d[A-Z]\s\d[A-Z]\d\b/y;
/** The outward half of a UK or Canadian postcode: a short token with a capital, then a space. */
const outwardCode = (text: string, start: number, length: number): boolean => {
  const c = text.charCodeAt(start);
  return (
    length >= 2 &&
    length <= 4 &&
    c >= 65 &&
    c <= 90 &&
    ((CHAR[text.charCodeAt(start + length)] ?? 0) & SPACE) !== 0
  );
};
const EU_ZIP_CITY = new RegExp(`(?<![\\w-])(\\d{4,5})\\s+(?=[${UPPER}][a-z\\u00DF-\\u00FF])`, "g");

/**
 * What the address passes found so far: where each ZIP code starts (a set, as a long text can
 * hold thousands) and where each street ends, for the postcode that may follow it. The sets are
 * made on first use: most texts with a digit hold no street and no ZIP code.
 */
class Seen implements ZipSink {
  private zips: Set<number> | undefined;
  private streetEnds: Set<number> | undefined;

  constructor(private readonly out: Candidate[]) {}

  /** Adds a ZIP_CODE unless one starting at `start` was found already. */
  addZip(start: number, end: number, confidence: number): void {
    if (this.zips?.has(start)) return;
    (this.zips ??= new Set()).add(start);
    this.out.push(candidate("ZIP_CODE", start, end, confidence));
  }

  addStreetEnd(end: number): void {
    (this.streetEnds ??= new Set()).add(end);
  }

  hasStreetEnd(end: number): boolean {
    return this.streetEnds?.has(end) ?? false;
  }

  get anyStreet(): boolean {
    return this.streetEnds !== undefined;
  }
}

/** Records a street found at start..end, grown over the city and state, and the ZIP after it. */
/**
 * Where a street that ends in "." really ends, when no city follows: the full stop after a
 * whole word ("Drive.") or closing the message ends the sentence, not the address.
 */
// Street suffixes and directions written short, whose full stop may belong to the address.
const ABBREVIATED = new Set(
  "st str ave av rd blvd ln dr ct pl ter cir pkwy hwy trl sq cres plz hts xing expy fwy tpke ctr apt ste fl bldg rm dept n s e w ne nw se sw".split(
    " ",
  ),
);

function withoutSentenceStop(text: string, start: number, end: number): number {
  if (end - start < 2 || text.charCodeAt(end - 1) !== 46) return end;
  let w = end - 1;
  while (w > start && ((CHAR[text.charCodeAt(w - 1)] ?? 0) & LETTER_CLASS) !== 0) w--;
  const next = text.charCodeAt(end);
  const closes = Number.isNaN(next) || next === 10 || next === 13;
  return closes || !ABBREVIATED.has(text.slice(w, end - 1).toLowerCase()) ? end - 1 : end;
}

function extend(text: string, out: Candidate[], seen: Seen, start: number, end: number): void {
  const city = cityLength(text.slice(end, end + 80));
  const e = city > 0 ? end + city : withoutSentenceStop(text, start, end);
  // Just below labelled phones and ids: an address shape inside one of those is the weaker reading.
  out.push(candidate("ADDRESS", start, e, 0.88));
  seen.addStreetEnd(e);
  const zip = LOWER_STATE_ZIP_TAIL.exec(text.slice(e, e + 16));
  if (zip?.[1]) {
    const zs = e + zip[0].length - zip[1].length;
    seen.addZip(zs, zs + zip[1].length, 0.92);
  }
}

/**
 * The words between a house number and a street suffix must read as a street name: not a
 * quantity ("2 tablets with Dr"), not more numbers ("+1 320 763 2066. Dr."), and no sentence
 * end inside ("9 days. Dr. Lee").
 */
function allDigits(w: string): boolean {
  if (w.length === 0) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** End of the text start..end without trailing white space and commas. */
function trimSpaceAndCommas(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c !== 44 && ((CHAR[c] ?? 0) & SPACE) === 0) break;
    e--;
  }
  return e;
}

function plausibleStreetWords(words: string[], capitalisedSuffix: boolean): boolean {
  for (const w of words) {
    if (QUANTITY_WORDS.has(w.toLowerCase())) return false;
    if (allDigits(w) || (w.length > 2 && w.endsWith("."))) return false;
    // Mixed case ("555-0199 attn Dr.") is prose; a street is all capitalised or all lower case.
    const c = w.charCodeAt(0);
    if (capitalisedSuffix && c >= 97 && c <= 122) return false;
  }
  return true;
}

export function detectAddresses(text: string, f: TextFeatures, out: Candidate[] = []): Candidate[] {
  // Streets, boxes and postcodes all carry a digit.
  if (f.digits === 0) return out;
  const seen = new Seen(out);
  detectPostalAddresses(text, f, out, seen);
  // A street runs from its number to a suffix word after it.
  const lastSuffix = f.words.lastStartOf(SUFFIX_WORDS);
  const streetStarts: number[] = [];
  if (lastSuffix >= 0)
    for (const p of runsWith(f, SHAPE.HOUSE)) if (p < lastSuffix) streetStarts.push(p);
  for (const m of matchesAt(STREET, text, streetStarts)) {
    const parts = splitOnSpace(m[0]);
    const words = parts.slice(1, -1);
    const suffixHead = (parts[parts.length - 1] ?? "").charCodeAt(0);
    const suffixCapitalised = suffixHead >= 65 && suffixHead <= 90;
    if (!plausibleStreetWords(words, suffixCapitalised)) continue;
    if (words.length === 0 && /^\d+\s+(?:Dr|St|Ct|Pl|Run|Walk|Way|Park|Center|Point)\b/i.test(m[0]))
      continue;
    extend(text, out, seen, m.index, trimSpaceAndCommas(text, m.index, m.index + m[0].length));
  }
  if (f.words.hasAny(BOX_WORDS))
    for (let m = firstMatch(PO_BOX, text); m !== null; m = PO_BOX.exec(text)) {
      extend(text, out, seen, m.index, m.index + m[0].length);
    }
  if (europeanHint(f)) {
    for (let m = firstMatch(NUMBER_AFTER, text); m !== null; m = NUMBER_AFTER.exec(text)) {
      extend(text, out, seen, m.index, m.index + m[0].length);
    }
    for (let m = firstMatch(FRENCH, text); m !== null; m = FRENCH.exec(text)) {
      extend(text, out, seen, m.index, m.index + m[0].trimEnd().length);
    }
  }
  if (f.words.hasAny(ZIP_WORDS)) {
    for (let m = firstMatch(ZIP_LABEL, text); m !== null; m = ZIP_LABEL.exec(text)) {
      const v = m[1] ?? "";
      const s = m.index + m[0].length - v.length;
      seen.addZip(s, s + v.length, 0.9);
    }
  }
  if (f.maxDigitRun >= 5 && f.upper >= 2) {
    for (const m of matchesAtNumbers(FIVE_DIGITS, text, f, SHAPE.FIVE, false)) {
      if (STATE_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) {
        seen.addZip(m.index, m.index + m[0].length, 0.85);
      }
    }
  }
  if (f.digitUpper) {
    for (const re of [UK_POSTCODE, CA_POSTCODE]) {
      for (const m of matchesAtTokens(re, text, f, outwardCode)) {
        seen.addZip(m.index, m.index + m[0].length, 0.7);
      }
    }
  }
  // "10115 Berlin": a European postcode before the city, only right after a street we found.
  if (seen.anyStreet)
    for (let m = firstMatch(EU_ZIP_CITY, text); m !== null; m = EU_ZIP_CITY.exec(text)) {
      let near = false;
      for (let d = 0; d <= 3 && !near; d++) near = seen.hasStreetEnd(m.index - d);
      if (near) seen.addZip(m.index, m.index + (m[1] ?? "").length, 0.85);
    }
  if (f.words.hasAny(CUE_WORDS)) detectCuedAddresses(text, f.words.startsOf(CUE_WORDS), out);
  return out;
}
