// vCards (RFC 6350) and calendar entries (RFC 5545) pasted from a contacts app or an invite.
// Each content line is `[group.]NAME[;param=value…]:value`, and the property name says what the
// value is: FN and N a person's name (N as Family;Given;Additional;Prefix;Suffix), TEL a phone,
// ADR an address as PO box;extended;street;locality;region;postal code;country, BDAY a date;
// ATTENDEE and ORGANIZER name a person in their CN parameter, DTSTART/DTEND date the visit. ORG
// and TITLE name no person. Text without "BEGIN:V" pays two indexOf calls.
import { type Candidate, type PhiType } from "../types";
import { NotNames, compactDateLength, digitCount, hasLetter, pushTrimmed } from "./structured";

type Kind = "FN" | "N" | "ADR" | "DATE" | "CAL_DATE" | "PERSON_PARAM" | "NOT_NAME" | PhiType;

const PROPERTIES: Record<string, Kind> = {
  FN: "FN",
  N: "N",
  NICKNAME: "FN",
  TEL: "PHONE",
  EMAIL: "EMAIL",
  ADR: "ADR",
  BDAY: "DATE",
  ANNIVERSARY: "DATE",
  DEATHDATE: "DATE",
  ORG: "NOT_NAME",
  TITLE: "NOT_NAME",
  ROLE: "NOT_NAME",
  PRODID: "NOT_NAME",
  TZID: "NOT_NAME",
  ATTENDEE: "PERSON_PARAM",
  ORGANIZER: "PERSON_PARAM",
  DTSTART: "CAL_DATE",
  DTEND: "CAL_DATE",
  DUE: "CAL_DATE",
  "RECURRENCE-ID": "CAL_DATE",
};

/**
 * Whether the text holds a vCard or an iCalendar object ("BEGIN:VCARD", "BEGIN:VEVENT"), given
 * where its first ":" is: "BEGIN:V" starts at most five characters before it.
 */
function triggered(text: string, colon: number): boolean {
  if (colon < 0) return false;
  const from = Math.max(0, colon - 5);
  return text.includes("BEGIN:V", from) || text.includes("begin:v", from);
}

/** `colon`: where the text's first ":" is, when the caller has looked for it already. */
export function detectVcard(text: string, out: Candidate[], colon = text.indexOf(":")): void {
  if (!triggered(text, colon)) return;
  const before = out.length;
  const notNames = new NotNames();
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let end = lineEnd;
    if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
    contentLine(text, lineStart, end, out, notNames);
    lineStart = lineEnd + 1;
  }
  notNames.apply(text, out, before);
}

/**
 * The property name's end: letters, digits and "-", after at most one "group." prefix, within 64
 * characters (a line of "a.a.a…" is no content line).
 */
function nameEnd(text: string, start: number, end: number): number {
  const limit = Math.min(end, start + 64);
  let p = start;
  let groups = 0;
  for (; p < limit; p++) {
    const c = text.charCodeAt(p);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
    if (ok) continue;
    // "item1.TEL": one group prefix, then the name.
    if (c === 46 && p > start && groups === 0 && text.charCodeAt(p - 1) !== 46) {
      groups++;
      continue;
    }
    break;
  }
  return p;
}

function contentLine(
  text: string,
  start: number,
  end: number,
  out: Candidate[],
  notNames: NotNames,
): void {
  const ne = nameEnd(text, start, end);
  if (ne === start || ne >= end) return;
  const sep = text.charCodeAt(ne);
  if (sep !== 58 && sep !== 59) return;
  let nameStart = start;
  for (let p = ne - 1; p >= start; p--)
    if (text.charCodeAt(p) === 46) {
      nameStart = p + 1;
      break;
    }
  const kind = PROPERTIES[text.slice(nameStart, ne).toUpperCase()];
  // The value starts after the first ":" outside a quoted parameter value.
  let colon = -1;
  let quoted = false;
  for (let p = ne; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === 34) quoted = !quoted;
    else if (c === 58 && !quoted) {
      colon = p;
      break;
    }
  }
  if (colon < 0) return;
  // Parameters (TYPE=home, TZID=Europe/London) are codes, not names.
  notNames.add(start, kind === "PERSON_PARAM" ? ne : colon);
  if (!kind) return;
  const vs = colon + 1;
  switch (kind) {
    case "FN":
      if (hasLetter(text, vs, end)) pushTrimmed(text, out, "NAME", vs, end);
      return;
    case "N": {
      const span = componentSpan(text, vs, end, 1, 3);
      if (span && hasLetter(text, span[0], span[1]))
        pushTrimmed(text, out, "NAME", span[0], span[1]);
      return;
    }
    case "ADR": {
      const street = componentSpan(text, vs, end, 1, 4);
      if (street && hasLetter(text, street[0], street[1]))
        pushTrimmed(text, out, "ADDRESS", street[0], street[1]);
      const zip = componentSpan(text, vs, end, 6, 6);
      if (zip && digitCount(text, zip[0], zip[1]) > 0)
        pushTrimmed(text, out, "ZIP_CODE", zip[0], zip[1]);
      return;
    }
    case "DATE":
      // 19840503, 1984-05-03, --0503 (no year): anything finer than a year.
      if (digitCount(text, vs, end) >= 4 && !/^\s*\d{4}\s*$/.test(text.slice(vs, end)))
        pushTrimmed(text, out, "DATE", vs, end);
      return;
    case "CAL_DATE": {
      const length = compactDateLength(text, vs, end);
      if (length > 0) pushTrimmed(text, out, "DATE", vs, vs + length);
      return;
    }
    case "PERSON_PARAM": {
      const cn = commonName(text, ne, colon);
      if (cn && hasLetter(text, cn[0], cn[1])) pushTrimmed(text, out, "NAME", cn[0], cn[1]);
      return;
    }
    case "NOT_NAME":
      notNames.add(vs, end);
      return;
    default:
      if (kind === "PHONE" && digitCount(text, vs, end) < 7) return;
      pushTrimmed(text, out, kind, valueStart(text, vs, end), end);
  }
}

/** Skips a URI scheme written before a phone or address ("tel:", "mailto:"). */
function valueStart(text: string, start: number, end: number): number {
  const head = text.slice(start, Math.min(end, start + 7)).toLowerCase();
  if (head.startsWith("tel:")) return start + 4;
  if (head.startsWith("mailto:")) return start + 7;
  return start;
}

/** The span of the value's `;`-separated components first..last (1-based) that are not empty. */
function componentSpan(
  text: string,
  start: number,
  end: number,
  first: number,
  last: number,
): [number, number] | null {
  let index = 1;
  let from = start;
  let s = -1;
  let e = -1;
  for (let p = start; p <= end && index <= last; p++) {
    // "\;" is an escaped semicolon inside a component.
    const boundary = p === end || (text.charCodeAt(p) === 59 && text.charCodeAt(p - 1) !== 92);
    if (!boundary) continue;
    if (index >= first && p > from && /\S/.test(text.slice(from, p))) {
      if (s < 0) s = from;
      e = p;
    }
    index++;
    from = p + 1;
  }
  return s < 0 ? null : [s, e];
}

/** The CN="…" or CN=… parameter between a property's name and its value. */
function commonName(text: string, from: number, to: number): [number, number] | null {
  const params = text.slice(from, to);
  const at = params.toUpperCase().indexOf(";CN=");
  if (at < 0) return null;
  let s = from + at + 4;
  let e: number;
  if (text.charCodeAt(s) === 34) {
    s++;
    e = text.indexOf('"', s);
    if (e < 0 || e > to) return null;
  } else {
    e = s;
    while (e < to && text.charCodeAt(e) !== 59) e++;
  }
  return e > s ? [s, e] : null;
}
