// Identifier numbers. Most have no shape of their own (an MRN looks like an order number), so the
// label in front of them decides; the ones with a checksum or a strict structure (cards, SSNs,
// MBIs, DEA numbers, VINs, IBANs) are also found without a label.
import {
  cardIssuerPlausible,
  deaValid,
  ibanValid,
  luhnValid,
  mbiValid,
  ssnValid,
  vinValid,
} from "../checksums";
import { type Candidate, type PhiType } from "../types";
import { CHAR, SPACE } from "./chars";
import {
  negativeLabel,
  type TextFeatures,
  before,
  candidate,
  firstMatch,
  matchesAtNumbers,
  matchesAtTokens,
} from "./util";
import { SHAPE } from "./numbers";
import { wordCategory } from "./words";

type LabelKind = Exclude<
  PhiType,
  "NAME" | "DATE" | "EMAIL" | "URL" | "IP_ADDRESS" | "ADDRESS" | "ZIP_CODE" | "AGE_OVER_89"
>;

// Order matters inside the alternation: the longer, more specific label must come first.
const LABELS: [LabelKind, string][] = [
  [
    "VEHICLE_ID",
    "licen[cs]e\\s+plate|number\\s+plate|vehicle\\s+identification\\s+number|vin|(?:car\\s+|vehicle\\s+)?plates?|tag\\s*(?:number|no|#)|vehicle\\s*(?:id|#|reg(?:istration)?)|car\\s+reg(?:istration)?|reg(?:istration)?\\s*(?:plate|no\\b|#)",
  ],
  [
    "LICENSE_NUMBER",
    "driver['’]?s?\\s+licen[cs]e|driving\\s+licen[cs]e|(?:state\\s+|medical\\s+|nursing\\s+|professional\\s+)?licen[cs]e|lic\\b\\.?|d\\.l\\.|dl|dea|npi|permit\\s*(?:number|no|#)",
  ],
  ["SSN", "ssn|ss#|social\\s+security|soc\\.?\\s*sec|social|itin"],
  [
    "MRN",
    "mrn|mr#|medical\\s+record|med\\.?\\s*rec(?:ord)?|chart|(?:patient|pt)\\s*(?:id|#|no|number)|hospital\\s*(?:id|#|no|number)|health\\s+record|record|emr|ehr",
  ],
  [
    "ACCOUNT_NUMBER",
    "patient\\s+account|account|acct|acc\\.?\\s*(?:no|#|number)|a\\/c|iban|routing|bank|billing\\s*(?:id|#|number|no)|(?:customer|client|guarantor)\\s*(?:id|#|no|number)",
  ],
  [
    "HEALTH_PLAN_ID",
    "member|subscriber|policy|insurance|insured\\s+id|plan|group|medicare|medicaid|mbi|beneficiary|hicn|coverage\\s*id|insurer",
  ],
  [
    "DEVICE_ID",
    "serial|s\\/n|sn|device|imei|udid|meid|udi|mac\\s+address|pump\\s*(?:id|#|sn)|pacemaker|implant|transmitter|hearing\\s+aid|defibrillator",
  ],
];

const LABEL = new RegExp(
  `(?:${LABELS.map(([, src]) => `(\\b(?:${src}))`).join("|")})(?![a-z])`,
  "iy",
);
// First words of the labels above: LABEL is only tried where one of these starts.
const LABEL_HEADS = wordCategory(
  `licence license number vehicle vin car plate plates tag reg registration driver driver's driver’s
  drivers driving state medical nursing professional lic d dl dea npi permit ssn ss social soc itin
  mrn mr med chart patient pt hospital health record emr ehr account acct acc a iban routing bank
  billing customer client guarantor member subscriber policy insurance insured plan group medicare
  medicaid mbi beneficiary hicn coverage insurer serial s sn device imei udid meid udi mac pump
  pacemaker implant transmitter hearing defibrillator`.split(/\s+/),
);

// Words allowed between a label and its value: "member ID on the card is W123456789".
const FILLER = new Set(
  "is was are be should number num no nbr id ids # of on file the card my our your his her their ending end ends in last four 4 digits reads listed as shows it's its for to new old updated registration identifier code please pls here see and i think just".split(
    " ",
  ),
);
const ABBREVIATIONS = new Set(["no", "num", "nbr", "nos", "id"]);
/** White space or : # = - – — ( ) . ' " between a label and its value. */
function isGapPunct(c: number): boolean {
  if (((CHAR[c] ?? 0) & SPACE) !== 0) return true;
  return (
    c === 58 ||
    c === 35 ||
    c === 61 ||
    c === 45 ||
    c === 0x2013 ||
    c === 0x2014 ||
    c === 40 ||
    c === 41 ||
    c === 46 ||
    c === 39 ||
    c === 34
  );
}
const WORD_AT = /[A-Za-z\u00C0-\u024F'’#]+\.?/y;
const VALUE_AT = /[A-Z0-9](?:[A-Z0-9]|[-/.](?=[A-Z0-9]))*/iy;
const DATE_OR_TIME =
  /^\d{1,2}[/.-]\d{1,2}(?:[/.-](?:\d{2}|\d{4}))?$|^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}$|^\d{1,2}:\d{2}|^v?\d+\.\d+(?:\.\d+)*$/i;

/** Finds the value a label introduces, skipping filler words; null when none follows closely. */
function valueAfter(
  text: string,
  from: number,
): { start: number; end: number; gap: string } | null {
  let p = from;
  let words = 0;
  const limit = Math.min(text.length, from + 48);
  let lastWord = "";
  while (p < limit) {
    const ch = text.charCodeAt(p);
    // A full stop ends the sentence unless it closes an abbreviation: "Lic.", "no.", "acct."
    if (ch === 46 && p !== from && !ABBREVIATIONS.has(lastWord)) return null;
    if (isGapPunct(ch)) {
      p++;
      continue;
    }
    VALUE_AT.lastIndex = p;
    const v = VALUE_AT.exec(text);
    if (v && hasDigit(v[0]))
      return { start: p, end: joinSpacedGroups(text, p + v[0].length), gap: text.slice(from, p) };
    WORD_AT.lastIndex = p;
    const w = WORD_AT.exec(text);
    if (!w) return null;
    const raw = w[0];
    const dotted = raw.charCodeAt(raw.length - 1) === 46;
    const word = (dotted ? raw.slice(0, -1) : raw).toLowerCase();
    lastWord = word;
    if (dotted && !ABBREVIATIONS.has(word)) return null;
    const head = raw.charCodeAt(0);
    const capitalised = (head >= 65 && head <= 90) || (head >= 0xc0 && head <= 0xde);
    if (!FILLER.has(word) && !capitalised) return null;
    if (++words > 5) return null;
    p += w[0].length;
  }
  return null;
}

/** "1EG4 TE5 MK73", "4111 1111 1111 1111": keep digit-bearing groups written with spaces. */
function joinSpacedGroups(text: string, end: number): number {
  let e = end;
  for (;;) {
    // One space, then a group of 3–6 letters and digits holding a digit, after a digit.
    if (text.charCodeAt(e) !== 32) return e;
    let length = 0;
    let digit = false;
    while (length < 7) {
      const c = text.charCodeAt(e + 1 + length);
      if (!isAsciiAlnum(c)) break;
      if (c <= 57) digit = true;
      length++;
    }
    const next = text.charCodeAt(e + 1 + length);
    if (length < 3 || length > 6 || next === 95 || next === 45 || !digit) return e;
    if (!isDigitCode(text.charCodeAt(e - 1)) && !isDigitCode(text.charCodeAt(e - 2))) return e;
    e += 1 + length;
  }
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function digitsOf(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) out += s.charAt(i);
  return out;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) return true;
  return false;
}

function acceptValue(type: LabelKind, value: string, gap: string): number {
  // Letters and digits only, counted without building the stripped string.
  let length = 0;
  let digits = 0;
  let separated = false;
  let first = 0;
  let second = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isAsciiAlnum(c)) {
      if (length === 0) first = c;
      else if (length === 1) second = c;
      length++;
      if (c <= 57) digits++;
    } else if (c === 45 || c === 46 || c === 47) separated = true;
  }
  const allDigits = digits === length;
  // A year on its own: 19xx or 20xx.
  const year =
    length === 4 &&
    allDigits &&
    ((first === 49 && second === 57) || (first === 50 && second === 48));
  if (year || (separated && DATE_OR_TIME.test(value))) return 0;
  if (type === "SSN") {
    if (length === 9 && allDigits) return 0.97;
    return length === 4 && allDigits && /last|ending|ends/i.test(gap) ? 0.9 : 0;
  }
  if (length < 4 || length > 24) return 0;
  if (length === 4 && type !== "VEHICLE_ID" && !/ending|ends|last/i.test(gap)) return 0;
  return 0.93;
}

// Card words, and the names of the schemes people pay with in other countries (Mir, RuPay,
// Troy, Verve, Elo, UATP, Interac, Bancontact, Carte Bleue, Dankort …).
const CARD_CUE =
  /\b(?:card|cards|credit|debit|visa|master\s?card|mc|amex|american\s+express|discover|jcb|diners|maestro|union\s?pay|cc|pan|charge|charged|mir|rupay|troy|verve|elo|hipercard|uatp|interac|bancontact|carte\s+bleue|cartes?\s+bancaires?|dankort|instapayment|cup|eftpos)\b/;
const SSN_SHAPE = /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-]|\.\d)/y;
const CARD_SHAPE = /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-]|\.\d)/y;
const MBI_SHAPE = /\b[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}\b/y;
const DEA_SHAPE = /\b[A-Z][A-Z9]\d{7}\b/y;
const VIN_CANDIDATE = /\b[A-HJ-NPR-Z0-9]{17}\b/y;
const IBAN_SHAPE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/y;
const MAC_SHAPE = /(?<![\w:-])[0-9A-F]{2}([:-])[0-9A-F]{2}(?:\1[0-9A-F]{2}){4}(?![\w:-])/gi;

// These shapes start a token of letters and digits; the token's length and head decide where.
const deaToken = (_text: string, _start: number, length: number): boolean => length === 9;
const vinToken = (_text: string, _start: number, length: number): boolean => length === 17;
const isUpperAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 65 && c <= 90;
};
const isDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const ibanToken = (text: string, start: number, length: number): boolean =>
  length >= 4 &&
  isUpperAt(text, start) &&
  isUpperAt(text, start + 1) &&
  isDigitAt(text, start + 2) &&
  isDigitAt(text, start + 3);

// Group layouts issuers print: 4-4-4-4 (plus a short tail), Amex 4-6-5, Diners 4-6-4, 19 digits.
const CARD_LAYOUTS = new Set([
  "4,4,4,4",
  "4,4,4,4,1",
  "4,4,4,4,2",
  "4,4,4,4,3",
  "4,6,5",
  "4,6,4",
  "4,4,4,1,3",
  "4,4,5",
]);

function consistentCardGroups(value: string): boolean {
  let shape = "";
  let group = 0;
  let separated = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 45) {
      shape += `${group},`;
      group = 0;
      separated = true;
    } else group++;
  }
  return !separated || CARD_LAYOUTS.has(`${shape}${group}`);
}

function labelled(text: string, m: RegExpExecArray, out: Candidate[]): void {
  // Group k holds the label of LABELS[k - 1] (plain groups: named ones allocate per match).
  let type: LabelKind | undefined;
  for (let k = 0; k < LABELS.length && !type; k++)
    if (m[k + 1] !== undefined) type = LABELS[k]?.[0];
  if (!type) return;
  const found = valueAfter(text, m.index + m[0].length);
  if (!found) return;
  const confidence = acceptValue(type, text.slice(found.start, found.end), found.gap);
  if (confidence > 0) out.push(candidate(type, found.start, found.end, confidence));
}

function negated(text: string, index: number): boolean {
  return negativeLabel(before(text, index, 32));
}

export function detectIdentifiers(
  text: string,
  f: TextFeatures,
  out: Candidate[] = [],
): Candidate[] {
  // Every identifier value carries a digit (MAC addresses aside, which carry separators).
  if (f.digits === 0 && f.colons < 5) return out;
  const words = f.words;
  // A labelled value holds a digit after its label: labels after the last digit need no look.
  const lastRun = f.runCount - 1;
  const lastDigit =
    lastRun >= 0 ? (f.runStarts[lastRun] ?? 0) + (f.runLengths[lastRun] ?? 0) - 1 : -1;
  if (words.hasAny(LABEL_HEADS))
    for (let i = 0; i < words.length; i++) {
      if (((words.flags[i] ?? 0) & LABEL_HEADS) === 0) continue;
      const start = words.starts[i] ?? 0;
      if (start > lastDigit) break;
      LABEL.lastIndex = start;
      const m = LABEL.exec(text);
      if (!m) continue;
      labelled(text, m, out);
    }

  if (f.maxDigitRun >= 9)
    for (const m of matchesAtNumbers(SSN_SHAPE, text, f, SHAPE.SSN, false)) {
      if (ssnValid(m[0]) && !negated(text, m.index))
        out.push(candidate("SSN", m.index, m.index + m[0].length, 0.85));
    }
  if (f.maxDigitRun >= 12)
    for (const m of matchesAtNumbers(CARD_SHAPE, text, f, SHAPE.CARD, false)) {
      const digits = digitsOf(m[0]);
      if (!luhnValid(digits) || negated(text, m.index)) continue;
      if (cardIssuerPlausible(digits) && consistentCardGroups(m[0]))
        out.push(candidate("CREDIT_CARD", m.index, m.index + m[0].length, 0.96));
      // Next to a card word, any Luhn-valid number is a card, whatever its issuer or grouping.
      else if (CARD_CUE.test(before(text, m.index, 40)))
        out.push(candidate("CREDIT_CARD", m.index, m.index + m[0].length, 0.94));
    }
  if (f.digitUpper && f.digits >= 5)
    for (const m of matchesAtNumbers(MBI_SHAPE, text, f, SHAPE.MBI, false)) {
      if (mbiValid(m[0]))
        out.push(candidate("HEALTH_PLAN_ID", m.index, m.index + m[0].length, 0.9));
    }
  if (f.maxMixedRun >= 9 && f.digitUpper)
    for (const m of matchesAtTokens(DEA_SHAPE, text, f, deaToken)) {
      if (deaValid(m[0]))
        out.push(candidate("LICENSE_NUMBER", m.index, m.index + m[0].length, 0.88));
    }
  if (f.maxMixedRun >= 17)
    for (const m of matchesAtTokens(VIN_CANDIDATE, text, f, vinToken)) {
      const v = m[0];
      const letters = v.replace(/[^A-Z]/g, "").length;
      if (letters === 0 || letters === 17) continue;
      if (vinValid(v)) out.push(candidate("VEHICLE_ID", m.index, m.index + 17, 0.92));
      else if (letters >= 3 && 17 - letters >= 5)
        out.push(candidate("VEHICLE_ID", m.index, m.index + 17, 0.6));
    }
  if (f.digitUpper && f.digits >= 10)
    for (const m of matchesAtTokens(IBAN_SHAPE, text, f, ibanToken)) {
      if (ibanValid(m[0]))
        out.push(candidate("ACCOUNT_NUMBER", m.index, m.index + m[0].length, 0.94));
    }
  if (f.colons >= 5 || f.dashes >= 5)
    for (let m = firstMatch(MAC_SHAPE, text); m !== null; m = MAC_SHAPE.exec(text)) {
      out.push(candidate("DEVICE_ID", m.index, m.index + m[0].length, 0.85));
    }
  return out;
}
