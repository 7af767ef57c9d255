// Labelled fields in the forms, payloads and letters a back office pastes: a line's label
// ("Attending:", "1a. INSURED'S I.D. NUMBER:", "Hosp No:", "TO:"), a YAML or JSON key
// ("member_id: …", `"dob": "…"`), an HTML input (`name="ssn" value="…"`) or a query parameter
// (`&zip=…`). The label says what the value is; the value must still have that type's shape. A
// label is read from the separator backwards, so text with no ":" and no "=" pays two indexOf.
import { FIRST_NAMES, SURNAMES } from "../names";
import { VOCABULARY_HASHES } from "../name-lexicon";
import { isSpace } from "./chars";
import { type Candidate, type PhiType } from "../types";
import { endings, endsWithAny, hashWord } from "./words";

// Labels, written as letters and digits only ("Insured's I.D. Number" → "insuredsidnumber").
// A Map, not an object literal: a label such as "constructor:" or "__proto__:" must not find
// Object.prototype's members.
const LABELS = new Map<string, PhiType>();
const label = (type: PhiType, keys: string): void => {
  for (const k of keys.trim().split(/\s+/)) LABELS.set(k, type);
};
label(
  "NAME",
  `attending attendingphysician attendingdoctor referring referringphysician referringprovider
  referringdoctor admitting admittingphysician consultant pcp primarycarephysician
  primarycareprovider surgeon physician provider to from re attn patientname patientsname
  insuredname insuredsname subscribername guarantorname policyholder fullname firstname
  givenname lastname surname familyname first last emergencycontact nextofkin`,
);
label(
  "HEALTH_PLAN_ID",
  `memberid membernumber memberno subscriberid subscribernumber insuredid insuredsid
  insuredidnumber insuredsidnumber policynumber policyno policyid medicarenumber medicareid
  medicaidnumber medicaidid versichertennummer krankenversichertennummer healthplanid`,
);
label(
  "MRN",
  `mrn medicalrecordnumber hospno hospitalno hospitalnumber nhsno nhsnumber chno chino unitno`,
);
label("SSN", "ssn socialsecuritynumber");
label(
  "ACCOUNT_NUMBER",
  "iban accountno accountnumber patientsaccountno patientaccountno patientaccountnumber acctno",
);
label("ZIP_CODE", "zip zipcode postcode postalcode plz cep");
label("DATE", "dob dateofbirth birthdate birthday patientsbirthdate");
label("PHONE", "phone mobile cell telephone tel");

const LONGEST_LABEL = Math.max(...[...LABELS.keys()].map((k) => k.length));

// Letters after which a name stops: credentials and a department written after a comma.
const CREDENTIALS = new Set(
  `md do phd rn np pa pa-c dds dmd mbbs frcp frcs mrcp mrcgp dnp crnp lpn od dpm dc mph msc bsc
  jr sr ii iii iv`.split(/\s+/),
);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isKeyChar = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 95 || c === 45;

// The last three characters of every label key, and the keys of two: a label's key ends in the
// last letters and digits before its separator, so most separators are ruled out by reading
// those few characters. Both sets hold the ASCII codes packed into one number, a byte each, so no string is made per separator.
const KEY_ENDS = new Set<number>();
const SHORT_KEYS = new Set<number>();
const packed = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) n = (n << 8) | s.charCodeAt(i);
  return n;
};
for (const key of LABELS.keys()) {
  if (key.length >= 3) KEY_ENDS.add(packed(key.slice(-3)));
  else SHORT_KEYS.add(packed(key));
}

/**
 * Whether the label before the separator at `sep` may be a key of LABELS: false only when its
 * last letters and digits end no key. Parentheses, which the key leaves out, and characters
 * outside ASCII, whose lower case may be longer, leave the question to labelBefore.
 */
function mayBeLabel(text: string, sep: number): boolean {
  let p = sep;
  while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
  if (p > 0 && (text.charCodeAt(p - 1) === 34 || text.charCodeAt(p - 1) === 39)) p--;
  const end = p;
  // The last three letters or digits, lower-cased, the last one first.
  let a = 0;
  let b = 0;
  let c = 0;
  let n = 0;
  for (let s = end; s > 0 && end - s < 60 && n < 3; s--) {
    let ch = text.charCodeAt(s - 1);
    if (ch === 10 || ch === 13 || ch === 58 || ch === 124 || ch === 61 || ch === 38 || ch === 63)
      break;
    if (ch >= 128 || ch === 40 || ch === 41) return true;
    if (ch >= 65 && ch <= 90) ch += 32;
    if (!((ch >= 97 && ch <= 122) || isDigit(ch))) continue;
    if (n === 0) a = ch;
    else if (n === 1) b = ch;
    else c = ch;
    n++;
  }
  if (n < 2) return false;
  return SHORT_KEYS.has((b << 8) | a) || (n === 3 && KEY_ENDS.has((c << 16) | (b << 8) | a));
}

/** The label before a separator: its normalised key, and whether it opens its line. */
function labelBefore(text: string, sep: number): { key: string; lineStart: boolean } | null {
  let p = sep;
  while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
  if (p > 0 && (text.charCodeAt(p - 1) === 34 || text.charCodeAt(p - 1) === 39)) p--;
  const end = p;
  // A line's label may hold spaces, dots, apostrophes and a parenthesis ("PATIENT'S NAME (Last,
  // First, MI)"); a key inside a payload is one token.
  // Two spaces or a tab separate fields on one line ("DOB: 23 Nov 1950  Hosp No: H0394296"):
  // the label starts after the last of them, which the way back meets first.
  let s = end;
  let wide = -1;
  while (s > 0 && end - s < 60) {
    const c = text.charCodeAt(s - 1);
    if (c === 10 || c === 13 || c === 58 || c === 124 || c === 61 || c === 38 || c === 63) break;
    if (wide < 0 && (c === 9 || (c === 32 && s < end && text.charCodeAt(s) === 32))) wide = s - 1;
    s--;
  }
  let lineStart = s === 0 || text.charCodeAt(s - 1) === 10 || text.charCodeAt(s - 1) === 13;
  let from = s;
  if (wide >= 0) {
    from = wide + 1;
    lineStart = true;
  }
  if (!lineStart) {
    // One token: member_id, "zip", name="ssn".
    let t = end;
    while (t > 0 && end - t < 40 && isKeyChar(text.charCodeAt(t - 1))) t--;
    from = t;
  }
  const raw = text.slice(from, end);
  const key = fastKey(raw) ?? keyOf(raw);
  return key.length > 0 && key.length <= 40 ? { key, lineStart } : null;
}

/** A label's key: no parenthesised part, no list marker or item number, letters and digits only. */
export function keyOf(raw: string): string {
  return raw
    .replace(/\([^()]*\)/g, "")
    .replace(/^\s*(?:-\s+|\d{1,2}[a-z]?\.\s*)/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

const isAsciiLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * keyOf, read in one pass for a label with no parenthesis (nearly every label), without the
 * four regular expressions and the strings between them; null for a label with one.
 */
export function fastKey(raw: string): string | null {
  const n = raw.length;
  // The item number keyOf strips ("12a. "). Its "- " marker needs no stripping: the dash and the
  // spaces are no letters or digits, and nothing else is stripped with them.
  let p = 0;
  while (p < n && isSpace(raw.charCodeAt(p))) p++;
  let from = 0;
  if (isDigit(raw.charCodeAt(p))) {
    let q = p + 1;
    if (isDigit(raw.charCodeAt(q))) q++;
    if (isAsciiLetter(raw.charCodeAt(q))) q++;
    if (raw.charCodeAt(q) === 46) from = q + 1;
  }
  // While raw[from, i) is all lower-case letters and digits it is the key itself, and no string
  // is built.
  let key: string | null = null;
  for (let i = from; i < n; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 97 && c <= 122) || isDigit(c)) {
      if (key !== null) key += raw.charAt(i);
      continue;
    }
    if (c === 40 || c === 41) return null;
    key ??= raw.slice(from, i);
    if (c >= 65 && c <= 90) key += String.fromCharCode(c + 32);
    // The only characters outside ASCII whose lower case holds an ASCII letter: "İ" is "i" and a
    // combining dot, the Kelvin sign "k".
    else if (c === 0x130) key += "i";
    else if (c === 0x212a) key += "k";
  }
  return key ?? raw.slice(from);
}

/** The value after a separator: quoted, or up to the line's end or the next field. */
function valueAfter(text: string, sep: number, query: boolean): [number, number] | null {
  let p = sep + 1;
  while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  const q = text.charCodeAt(p);
  if (q === 34 || q === 39) {
    // Looked for within 100 characters: a flood of opening quotes stays linear.
    const window = text.slice(p + 1, p + 101);
    const close = window.indexOf(String.fromCharCode(q));
    if (close < 0 || window.slice(0, close).includes("\n")) return null;
    return [p + 1, p + 1 + close];
  }
  let e = p;
  while (e < text.length && e - p < 100) {
    const c = text.charCodeAt(e);
    if (c === 10 || c === 13 || c === 124 || c === 9) break;
    if (query && (c === 38 || c === 35 || c === 32 || c === 60 || c === 62)) break;
    // Two spaces start the next field on the same line.
    if (c === 32 && text.charCodeAt(e + 1) === 32) break;
    e++;
  }
  while (e > p && /[\s,;.]/.test(text.charAt(e - 1))) e--;
  return e > p ? [p, e] : null;
}

/** Whether the value after an HTML `name="key"` attribute sits in `value="…"` of the same tag. */
function htmlValue(text: string, sep: number): [number, number] | null {
  // The rest of the tag, within 120 characters.
  let tag = text.slice(sep, sep + 120);
  const close = tag.indexOf(">");
  if (close >= 0) tag = tag.slice(0, close);
  const at = tag.search(/\svalue=["']/i);
  if (at < 0) return null;
  const open = at + 7;
  const end = tag.indexOf(tag.charAt(open), open + 1);
  return end > open ? [sep + open + 1, sep + end] : null;
}

function digits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

const NAME_WORD = /^(?:\p{L}[\p{L}\p{M}'’-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*)$/u;

/** How much of a labelled value is a person's name (0 when none): "Ani Prasasta, Billing" → 12. */
function nameLength(value: string): number {
  if (/\d|@/.test(value)) return 0;
  // Only the first three parts are read.
  const parts = value.split(",", 3);
  let length = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] ?? "";
    const words = part.trim().split(/\s+/);
    if (words.length === 0 || words.length > 5 || words.some((w) => !NAME_WORD.test(w))) break;
    if (k > 0 && (words.length > 2 || CREDENTIALS.has(lowerWord(words[0] ?? "")))) break;
    // "Medical Records", "Claims Dept", "All clinical staff": a word of English that is no known
    // name means the value is no one's name.
    if (words.some((w) => englishWord(lowerWord(w)))) break;
    length += (k > 0 ? 1 : 0) + part.length;
  }
  return value.slice(0, length).trimEnd().length;
}

/** A word lower-cased, without a full stop at its end. */
function lowerWord(w: string): string {
  const lower = w.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

// Endings of English words the vocabulary may lack ("clinical", "management").
const ENGLISH_SUFFIXES = endings(
  "ous ful able ible ive ing ed ly less ness ment tion sion ity ical ship",
);

function englishWord(w: string): boolean {
  if (w.length <= 1 || FIRST_NAMES.has(w) || SURNAMES.has(w)) return false;
  return (
    VOCABULARY_HASHES.has(hashWord(w)) ||
    endsWithAny(ENGLISH_SUFFIXES, w, 0, w.length) ||
    w === "dept"
  );
}

const MONTH_OR_SEPARATOR = /[/.\- ]|[a-z]{3}/i;

/** The accepted span of text[s, e) for the label's type, or null. */
function accept(type: PhiType, value: string, s: number): [number, number, number] | null {
  const lead = value.length - value.trimStart().length;
  const v = value.trim();
  const start = s + lead;
  const d = digits(v);
  switch (type) {
    case "NAME": {
      const n = nameLength(v);
      return n > 0 ? [start, start + n, 0.88] : null;
    }
    case "DATE":
      // Anything finer than a year: "09/2006", "02 16 1961", "19840503", "3 Mai 1986".
      if (d < 5 || d > 14 || v.length > 30 || !(MONTH_OR_SEPARATOR.test(v) || d === 8)) return null;
      return [start, start + v.length, 0.9];
    case "ZIP_CODE":
      if (d < 3 || v.length > 10 || !/^[A-Z0-9][A-Z0-9 -]*$/i.test(v)) return null;
      return [start, start + v.length, 0.9];
    case "PHONE":
      if (d < 7 || d > 16 || /[a-z]{3}/i.test(v)) return null;
      return [start, start + v.length, 0.9];
    case "SSN":
      if (d !== 9 || !/^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v)) return null;
      return [start, start + v.length, 0.93];
    default: {
      // An identifier: letters, digits and hyphens, then more groups after single spaces while
      // they are capitals and digits ("GB29 NWBK 6016", "943 476 5919"), not a next word ("Thanks").
      const head = /^[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9]))*/i.exec(v);
      let length = head?.[0].length ?? 0;
      const group = /^ [A-Z0-9]{1,6}(?![\w-])/;
      // A group of capitals alone continues only an IBAN ("GB29 NWBK …"), not "MRN 123 NPI".
      const iban = /^[A-Z]{2}\d{2}$/.test(v.slice(0, length));
      for (let g = group.exec(v.slice(length)); g; g = group.exec(v.slice(length))) {
        if (!iban && digits(g[0]) === 0) break;
        length += g[0].length;
      }
      const id = v.slice(0, length);
      if (id.length < 4 || id.length > 34 || digits(id) < 4) return null;
      return [start, start + id.length, 0.93];
    }
  }
}

/** `firstColon`: where the text's first ":" is, when the caller has looked for it already. */
export function detectFormLabels(
  text: string,
  out: Candidate[],
  firstColon = text.indexOf(":"),
): void {
  // Each ":" and "=" in turn, found by indexOf rather than by reading every character.
  let colon = firstColon;
  let equals = text.indexOf("=");
  while (colon >= 0 || equals >= 0) {
    if (equals < 0 || (colon >= 0 && colon < equals)) {
      labelAt(text, colon, out);
      colon = text.indexOf(":", colon + 1);
    } else {
      labelAt(text, equals, out);
      equals = text.indexOf("=", equals + 1);
    }
  }
}

/** Reads the label before the ":" or "=" at `i` and, when it types a value, that value. */
function labelAt(text: string, i: number, out: Candidate[]): void {
  const c = text.charCodeAt(i);
  // A URL's scheme or a time ("https:", "10:30") is no label.
  if (c === 58 && (text.charCodeAt(i + 1) === 47 || isDigit(text.charCodeAt(i - 1)))) return;
  // An HTML `name="key"` attribute reads its label after the "=": only there may the label
  // before the separator be any word.
  const nameAttr =
    c === 61 &&
    text
      .slice(Math.max(0, i - 5), i)
      .toLowerCase()
      .endsWith("name");
  if (!nameAttr && !mayBeLabel(text, i)) return;
  const found = labelBefore(text, i);
  if (!found) return;
  // A key longer than every label's is none (and is not hashed to find out).
  let type = found.key.length <= LONGEST_LABEL ? LABELS.get(found.key) : undefined;
  let span: [number, number] | null = null;
  if (type === undefined && nameAttr) {
    // name="key": the attribute's value is the label, value="…" the value.
    const attr = /^\s*["']([\w.-]{1,40})["']/.exec(text.slice(i + 1, i + 44));
    if (attr?.[1]) {
      type = LABELS.get(attr[1].toLowerCase().replace(/[^a-z0-9]/g, ""));
      if (type) span = htmlValue(text, i + 1 + attr[0].length);
    }
  }
  if (type === undefined) return;
  // To, From, Re and a bare "first"/"last" only as a line's own label or a payload's key.
  if ((found.key === "to" || found.key === "from" || found.key === "re") && !found.lineStart)
    return;
  span ??= valueAfter(text, i, c === 61);
  if (!span) return;
  let [s, e] = span;
  if (c === 61 && type === "NAME") {
    // Query strings write spaces as "+".
    while (e > s && text.charCodeAt(e - 1) === 43) e--;
  }
  const raw = text.slice(s, e);
  const accepted = accept(type, c === 61 && raw.includes("+") ? raw.replace(/\+/g, " ") : raw, s);
  if (accepted) {
    [s, e] = accepted;
    out.push({ type, start: s, end: e, confidence: accepted[2] });
  }
}
