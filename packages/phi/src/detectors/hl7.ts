// HL7 v2 messages pasted from an interface log. A segment is a line that starts with a
// three-character segment id and the field separator ("PID|1||…"); its fields sit at positions the
// standard fixes (HL7 v2.5, chapters 2, 3 and 6), so a value's type comes from where it stands,
// not from its shape: PID-3 is the patient's identifier list, PID-5 the name as
// Family^Given^Middle, PID-7 the birth date as YYYYMMDD, PID-11 the address with the postal code
// as its fifth component. Text with no "|" pays one indexOf.
import { type Candidate, type PhiType } from "../types";
import {
  FIELD_CONFIDENCE,
  NotNames,
  compactDateLength,
  digitCount,
  hasLetter,
  pushTrimmed,
} from "./structured";

/**
 * What a field holds, by the data type the standard gives it: a timestamp (DTM), a person's name
 * (XPN), a person with an id in front (XCN: ID^Family^Given^Middle…), an extended identifier
 * (CX, typed by its fifth component), an address (XAD), a telephone (XTN), or a plain identifier.
 */
type FieldKind = "DTM" | "XPN" | "XCN" | "CX" | "XAD" | "XTN" | "SYSTEM" | PhiType;

// Field number → kind, per segment. Only fields that carry a person's data (or, for MSH, the
// systems that are no person) are listed; any other field is left to the other detectors.
const SEGMENTS: Record<string, Record<number, FieldKind>> = {
  // MSH-3..6 sending/receiving application and facility; MSH-7 the message's date/time.
  MSH: { 3: "SYSTEM", 4: "SYSTEM", 5: "SYSTEM", 6: "SYSTEM", 7: "DTM" },
  // EVN-2 recorded, EVN-3 planned, EVN-6 occurred; EVN-5 the operator.
  EVN: { 2: "DTM", 3: "DTM", 5: "XCN", 6: "DTM" },
  PID: {
    2: "CX",
    3: "CX",
    4: "CX",
    5: "XPN",
    6: "XPN",
    7: "DTM",
    9: "XPN",
    11: "XAD",
    13: "XTN",
    14: "XTN",
    18: "ACCOUNT_NUMBER",
    19: "SSN",
    20: "LICENSE_NUMBER",
    21: "CX",
    29: "DTM",
  },
  // PD1-4 the patient's primary care provider.
  PD1: { 4: "XCN" },
  // Next of kin: name, address, phones, birth date, contact person, SSN.
  NK1: {
    2: "XPN",
    4: "XAD",
    5: "XTN",
    6: "XTN",
    16: "DTM",
    30: "XPN",
    31: "XTN",
    32: "XAD",
    37: "SSN",
  },
  // Attending, referring, consulting and admitting doctors; admit and discharge date/time.
  PV1: { 7: "XCN", 8: "XCN", 9: "XCN", 17: "XCN", 44: "DTM", 45: "DTM" },
  // Expected admit and discharge dates.
  PV2: { 8: "DTM", 9: "DTM" },
  // Guarantor: number, name, spouse, address, phones, birth date, SSN.
  GT1: {
    2: "ACCOUNT_NUMBER",
    3: "XPN",
    4: "XPN",
    5: "XAD",
    6: "XTN",
    7: "XTN",
    8: "DTM",
    12: "SSN",
  },
  // Insurance: insured's name, birth date, address; policy number; insured's ID number.
  IN1: { 16: "XPN", 18: "DTM", 19: "XAD", 36: "HEALTH_PLAN_ID", 49: "HEALTH_PLAN_ID" },
  // IN2-2 insured's SSN, IN2-6 Medicare number, IN2-8 Medicaid case number.
  IN2: { 2: "SSN", 6: "HEALTH_PLAN_ID", 8: "HEALTH_PLAN_ID" },
  // Merge: prior patient identifiers, prior account, prior name.
  MRG: { 1: "CX", 3: "ACCOUNT_NUMBER", 7: "XPN" },
  // Ordering provider of an order and of a request.
  ORC: { 12: "XCN" },
  OBR: { 16: "XCN" },
};

// HL7 table 0203 (identifier type), for the codes that are not a medical record number.
const ID_TYPES: Record<string, PhiType> = {
  SS: "SSN",
  MA: "HEALTH_PLAN_ID",
  MC: "HEALTH_PLAN_ID",
  MB: "HEALTH_PLAN_ID",
  SN: "HEALTH_PLAN_ID",
  NH: "HEALTH_PLAN_ID",
  AN: "ACCOUNT_NUMBER",
  DL: "LICENSE_NUMBER",
};

interface Separators {
  field: number;
  component: number;
  repetition: number;
}

const DEFAULT_SEPARATORS: Separators = { field: 124, component: 94, repetition: 126 };

/** Whether text[at, at + 3) is a segment id: an upper-case letter, then letters or digits. */
function segmentIdAt(text: string, at: number): boolean {
  if (at < 0) return false;
  if (at > 0 && text.charCodeAt(at - 1) !== 10 && text.charCodeAt(at - 1) !== 13) return false;
  const a = text.charCodeAt(at);
  if (a < 65 || a > 90) return false;
  for (let i = at + 1; i < at + 3; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** Calls `each(start, end)` for the pieces of text[start, end) between `separator`s. */
function split(
  text: string,
  start: number,
  end: number,
  separator: number,
  each: (start: number, end: number, index: number) => void,
): void {
  let from = start;
  let index = 0;
  for (let i = start; i <= end; i++) {
    if (i === end || text.charCodeAt(i) === separator) {
      each(from, i, index++);
      from = i + 1;
    }
  }
}

/** Component boundaries of one repetition of a field: [start, end] pairs, 1-based by index. */
function components(text: string, start: number, end: number, sep: Separators): number[] {
  const bounds: number[] = [];
  split(text, start, end, sep.component, (s, e) => bounds.push(s, e));
  return bounds;
}

/** The span from the first to the last non-empty component among components first..last. */
function componentSpan(bounds: number[], first: number, last: number): [number, number] | null {
  let s = -1;
  let e = -1;
  for (let k = first; k <= last; k++) {
    const a = bounds[(k - 1) * 2];
    const b = bounds[(k - 1) * 2 + 1];
    if (a === undefined || b === undefined || b <= a) continue;
    if (s < 0) s = a;
    e = b;
  }
  return s < 0 ? null : [s, e];
}

function component(bounds: number[], k: number): [number, number] {
  return [bounds[(k - 1) * 2] ?? 0, bounds[(k - 1) * 2 + 1] ?? 0];
}

function field(
  text: string,
  kind: FieldKind,
  start: number,
  end: number,
  sep: Separators,
  out: Candidate[],
  notNames: NotNames,
): void {
  if (kind === "SYSTEM") {
    notNames.add(start, end);
    return;
  }
  // Repeated values ("id1^^^A^MR~id2^^^B^SS") are read one by one.
  split(text, start, end, sep.repetition, (s, e) => {
    if (e <= s) return;
    const bounds = components(text, s, e, sep);
    const [c1s, c1e] = component(bounds, 1);
    switch (kind) {
      case "DTM": {
        const length = compactDateLength(text, c1s, c1e);
        if (length > 0)
          out.push({ type: "DATE", start: c1s, end: c1s + length, confidence: FIELD_CONFIDENCE });
        return;
      }
      case "XPN":
      case "XCN": {
        const span = kind === "XPN" ? componentSpan(bounds, 1, 3) : componentSpan(bounds, 2, 4);
        if (span && hasLetter(text, span[0], span[1])) {
          pushTrimmed(text, out, "NAME", span[0], span[1]);
          notNames.add(s, e);
        }
        return;
      }
      case "CX": {
        const [t5s, t5e] = component(bounds, 5);
        const type = ID_TYPES[text.slice(t5s, t5e).trim().toUpperCase()] ?? "MRN";
        if (digitCount(text, c1s, c1e) > 0) pushTrimmed(text, out, type, c1s, c1e);
        return;
      }
      case "XAD": {
        const street = componentSpan(bounds, 1, 4);
        if (street && hasLetter(text, street[0], street[1]))
          pushTrimmed(text, out, "ADDRESS", street[0], street[1]);
        const [zs, ze] = component(bounds, 5);
        if (digitCount(text, zs, ze) > 0) pushTrimmed(text, out, "ZIP_CODE", zs, ze);
        notNames.add(s, e);
        return;
      }
      case "XTN": {
        if (digitCount(text, c1s, c1e) >= 7) pushTrimmed(text, out, "PHONE", c1s, c1e);
        const [es, ee] = component(bounds, 4);
        if (text.slice(es, ee).includes("@")) pushTrimmed(text, out, "EMAIL", es, ee);
        // XTN-6 area code and XTN-7 local number, written apart.
        const local = componentSpan(bounds, 6, 7);
        if (local && digitCount(text, local[0], local[1]) >= 7)
          pushTrimmed(text, out, "PHONE", local[0], local[1]);
        return;
      }
      default:
        if (digitCount(text, c1s, c1e) > 0) pushTrimmed(text, out, kind, c1s, c1e);
    }
  });
}

/**
 * Finds the person's data in HL7 v2 segments. Call after the other detectors: names they read
 * in fields the standard types otherwise (a sending application "ATHENA", a facility) are
 * dropped from `out`.
 */
export function detectHl7(text: string, out: Candidate[]): void {
  let bar = text.indexOf("|");
  if (bar < 0) return;
  const before = out.length;
  const notNames = new NotNames();
  let sep = DEFAULT_SEPARATORS;
  for (; bar >= 0; bar = text.indexOf("|", bar + 1)) {
    if (!segmentIdAt(text, bar - 3)) continue;
    const id = text.slice(bar - 3, bar);
    let end = bar;
    while (end < text.length && text.charCodeAt(end) !== 13 && text.charCodeAt(end) !== 10) end++;
    if (id === "MSH") sep = separatorsOf(text, bar, end);
    const fields = SEGMENTS[id];
    if (fields) {
      // MSH-1 is the field separator itself, so MSH's n-th field is the (n-1)-th piece after the id.
      const offset = id === "MSH" ? 1 : 0;
      split(text, bar + 1, end, sep.field, (s, e, index) => {
        const kind = fields[index + 1 + offset] ?? (xcnShaped(text, s, e, sep) ? "XCN" : undefined);
        if (kind) field(text, kind, s, e, sep, out, notNames);
      });
    }
    // The segment id is a code, not a name ("EVN", "PID").
    notNames.add(bar - 3, bar);
    bar = end;
  }
  notNames.apply(text, out, before);
}

// Degrees an XCN's seventh component holds ("MD", "DO", "RN").
const DEGREES = new Set("MD DO RN NP PA DDS DMD MBBS PHARMD PHD DPM OD CNM CRNA LPN".split(" "));

/**
 * Whether a field the table above does not type has a clinician's XCN shape anyway: an id,
 * Family^Given in letters, and a degree among the later components ("701470^SMITH^ANN^^^^^MD").
 */
function xcnShaped(text: string, start: number, end: number, sep: Separators): boolean {
  if (end - start > 120 || !isDigitAt(text, start)) return false;
  // The id's digits, then the component separator: most fields are read no further.
  let p = start;
  while (p < end && isDigitAt(text, p)) p++;
  if (text.charCodeAt(p) !== sep.component) return false;
  const bounds = components(text, start, end, sep);
  const [c1s, c1e] = component(bounds, 1);
  if (digitCount(text, c1s, c1e) !== c1e - c1s) return false;
  for (const k of [2, 3]) {
    const [a, b] = component(bounds, k);
    if (b <= a || !hasLetter(text, a, b) || digitCount(text, a, b) > 0) return false;
  }
  for (let k = 5; k * 2 <= bounds.length; k++) {
    const [a, b] = component(bounds, k);
    if (DEGREES.has(text.slice(a, b).toUpperCase())) return true;
  }
  return false;
}

const isDigitAt = (text: string, i: number): boolean =>
  text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;

/** MSH-2 declares the component, repetition, escape and sub-component characters. */
function separatorsOf(text: string, bar: number, end: number): Separators {
  const component = text.charCodeAt(bar + 1);
  const repetition = text.charCodeAt(bar + 2);
  if (bar + 2 >= end || component === 124 || repetition === 124) return DEFAULT_SEPARATORS;
  return { field: text.charCodeAt(bar), component, repetition };
}
