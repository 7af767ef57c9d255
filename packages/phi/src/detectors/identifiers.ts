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
} from "../checksums.js";
import { type Candidate, type PhiType } from "../types.js";
import {
  NEGATIVE_LABEL,
  type TextFeatures,
  before,
  candidate,
  firstMatch,
  matchesAt,
} from "./util.js";
import { hashSet } from "./words.js";

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
  `(?:${LABELS.map(([type, src]) => `(?<${type}>\\b(?:${src}))`).join("|")})(?![a-z])`,
  "iy",
);
// First words of the labels above: LABEL is only tried where one of these starts.
const LABEL_HEADS = hashSet(
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
const GAP_PUNCT = /[\s:#=\-–—().'"]/;
const WORD_AT = /[A-Za-z\u00C0-\u024F'’#]+\.?/y;
const VALUE_AT = /[A-Za-z0-9](?:[A-Za-z0-9]|[-\/.](?=[A-Za-z0-9]))*/y;
const DATE_OR_TIME =
  /^\d{1,2}[\/.-]\d{1,2}(?:[\/.-](?:\d{2}|\d{4}))?$|^\d{4}[\/.-]\d{1,2}[\/.-]\d{1,2}$|^\d{1,2}:\d{2}|^v?\d+\.\d+(?:\.\d+)*$/i;
const YEAR = /^(?:19|20)\d\d$/;

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
    const ch = text.charAt(p);
    // A full stop ends the sentence unless it closes an abbreviation: "Lic.", "no.", "acct."
    if (ch === "." && p !== from && !ABBREVIATIONS.has(lastWord)) return null;
    if (GAP_PUNCT.test(ch)) {
      p++;
      continue;
    }
    VALUE_AT.lastIndex = p;
    const v = VALUE_AT.exec(text);
    if (v && /\d/.test(v[0]))
      return { start: p, end: joinSpacedGroups(text, p + v[0].length), gap: text.slice(from, p) };
    WORD_AT.lastIndex = p;
    const w = WORD_AT.exec(text);
    if (!w) return null;
    const word = w[0].toLowerCase().replace(/\.$/, "");
    lastWord = word;
    if (w[0].endsWith(".") && !ABBREVIATIONS.has(word)) return null;
    const capitalised = /^[A-Z\u00C0-\u00DE]/.test(w[0]);
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
    const next = /^ ([A-Za-z0-9]{3,6})(?![\w-])/.exec(text.slice(e, e + 8));
    if (!next?.[1] || !/\d/.test(next[1]) || !/\d/.test(text.charAt(e - 1) + text.charAt(e - 2)))
      return e;
    e += next[0].length;
  }
}

function acceptValue(type: LabelKind, value: string, gap: string): number {
  const alnum = value.replace(/[^A-Za-z0-9]/g, "");
  if (DATE_OR_TIME.test(value) || YEAR.test(alnum)) return 0;
  if (type === "SSN") {
    if (alnum.length === 9 && /^\d+$/.test(alnum)) return 0.97;
    return alnum.length === 4 && /^\d+$/.test(alnum) && /last|ending|ends/i.test(gap) ? 0.9 : 0;
  }
  if (alnum.length < 4 || alnum.length > 24) return 0;
  if (alnum.length === 4 && type !== "VEHICLE_ID" && !/ending|ends|last/i.test(gap)) return 0;
  return 0.93;
}

const SSN_SHAPE = /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-]|\.\d)/y;
const CARD_SHAPE = /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-]|\.\d)/y;
const MBI_SHAPE = /\b[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}\b/y;
const DEA_SHAPE = /\b[A-Z][A-Z9]\d{7}\b/g;
const VIN_CANDIDATE = /\b[A-HJ-NPR-Z0-9]{17}\b/g;
const IBAN_SHAPE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const MAC_SHAPE = /(?<![\w:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])/g;

function consistentCardGroups(value: string): boolean {
  if (!/[ -]/.test(value)) return true;
  const groups = value.split(/[ -]/).map((g) => g.length);
  const shape = groups.join(",");
  return /^(?:4,4,4,4(?:,[1-3])?|4,6,5|4,6,4|4,4,4,1,3|4,4,4,4,3|4,4,5)$/.test(shape);
}

function labelled(text: string, m: RegExpExecArray, out: Candidate[]): void {
  const groups = m.groups ?? {};
  let type: LabelKind | undefined;
  for (const [t] of LABELS) if (groups[t] !== undefined) type = type ?? t;
  if (!type) return;
  const found = valueAfter(text, m.index + m[0].length);
  if (!found) return;
  const confidence = acceptValue(type, text.slice(found.start, found.end), found.gap);
  if (confidence > 0) out.push(candidate(type, found.start, found.end, confidence));
}

function negated(text: string, index: number): boolean {
  return NEGATIVE_LABEL.test(before(text, index, 32));
}

export function detectIdentifiers(text: string, f: TextFeatures): Candidate[] {
  const out: Candidate[] = [];
  // Every identifier value carries a digit (MAC addresses aside, which carry separators).
  if (f.digits === 0 && f.colons < 5) return out;
  const words = f.words;
  for (let i = 0; i < words.length; i++) {
    if (!LABEL_HEADS.has(words.hashes[i] ?? 0)) continue;
    LABEL.lastIndex = words.starts[i] ?? 0;
    const m = LABEL.exec(text);
    if (!m) continue;
    labelled(text, m, out);
  }

  if (f.maxDigitRun >= 9)
    for (const m of matchesAt(SSN_SHAPE, text, f.numberStarts)) {
      if (ssnValid(m[0]) && !negated(text, m.index))
        out.push(candidate("SSN", m.index, m.index + m[0].length, 0.85));
    }
  if (f.maxDigitRun >= 12)
    for (const m of matchesAt(CARD_SHAPE, text, f.numberStarts)) {
      const digits = m[0].replace(/\D/g, "");
      if (!luhnValid(digits) || !cardIssuerPlausible(digits) || !consistentCardGroups(m[0]))
        continue;
      if (!negated(text, m.index))
        out.push(candidate("CREDIT_CARD", m.index, m.index + m[0].length, 0.96));
    }
  if (f.digitUpper && f.digits >= 5)
    for (const m of matchesAt(MBI_SHAPE, text, f.numberStarts)) {
      if (mbiValid(m[0]))
        out.push(candidate("HEALTH_PLAN_ID", m.index, m.index + m[0].length, 0.9));
    }
  if (f.maxMixedRun >= 9 && f.digitUpper)
    for (let m = firstMatch(DEA_SHAPE, text); m !== null; m = DEA_SHAPE.exec(text)) {
      if (deaValid(m[0]))
        out.push(candidate("LICENSE_NUMBER", m.index, m.index + m[0].length, 0.88));
    }
  if (f.maxMixedRun >= 17)
    for (let m = firstMatch(VIN_CANDIDATE, text); m !== null; m = VIN_CANDIDATE.exec(text)) {
      const v = m[0];
      const letters = v.replace(/[^A-Z]/g, "").length;
      if (letters === 0 || letters === 17) continue;
      if (vinValid(v)) out.push(candidate("VEHICLE_ID", m.index, m.index + 17, 0.92));
      else if (letters >= 3 && 17 - letters >= 5)
        out.push(candidate("VEHICLE_ID", m.index, m.index + 17, 0.6));
    }
  if (f.digitUpper && f.digits >= 10)
    for (let m = firstMatch(IBAN_SHAPE, text); m !== null; m = IBAN_SHAPE.exec(text)) {
      if (ibanValid(m[0]))
        out.push(candidate("ACCOUNT_NUMBER", m.index, m.index + m[0].length, 0.94));
    }
  if (f.colons >= 5 || f.dashes >= 5)
    for (let m = firstMatch(MAC_SHAPE, text); m !== null; m = MAC_SHAPE.exec(text)) {
      out.push(candidate("DEVICE_ID", m.index, m.index + m[0].length, 0.85));
    }
  return out;
}
