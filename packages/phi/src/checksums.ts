// Structural validators: a checksum or a numbering rule is far stronger evidence than a regex shape,
// so detectors use these to tell real identifiers from order numbers and random digits.

function digitsOnly(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s.charAt(i);
  }
  return out;
}

/** Luhn over the digits of the input, whatever separates them. */
export function luhnValid(input: string): boolean {
  let count = 0;
  let sum = 0;
  let double = false;
  for (let i = input.length - 1; i >= 0; i--) {
    let d = input.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    count++;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return count >= 2 && sum % 10 === 0;
}

/** NPI check digits are Luhn over the number prefixed with the 80840 health-industry issuer code. */
export function npiValid(input: string): boolean {
  const digits = digitsOnly(input);
  return digits.length === 10 && /^[12]/.test(digits) && luhnValid(`80840${digits}`);
}

const DEA_REGISTRANT = /^[A-HJ-MPR-UX][A-Z9]\d{7}$/;

export function deaValid(input: string): boolean {
  const s = input.toUpperCase();
  if (!DEA_REGISTRANT.test(s)) return false;
  const d = (i: number): number => s.charCodeAt(i) - 48;
  const check = (d(2) + d(4) + d(6) + 2 * (d(3) + d(5) + d(7))) % 10;
  return check === d(8);
}

const VIN_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
export const VIN_SHAPE = /^[A-HJ-NPR-Z0-9]{17}$/;

/**
 * The check character a 17-character VIN must carry in position 9: the weighted sum mod 11, "X" for
 * 10 (position 9 itself has weight 0, so any placeholder there works).
 */
export function vinCheckCharacter(vin: string): string {
  const s = vin.toUpperCase();
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = s.charAt(i);
    const value = ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : (VIN_VALUES[ch] ?? 0);
    sum += value * (VIN_WEIGHTS[i] ?? 0);
  }
  const rem = sum % 11;
  return rem === 10 ? "X" : String(rem);
}

/** North American VINs carry a mod-11 check digit in position 9 ("X" for 10). */
export function vinValid(input: string): boolean {
  const s = input.toUpperCase();
  return VIN_SHAPE.test(s) && s.charAt(8) === vinCheckCharacter(s);
}

/** SSA never issues area 000, 666 or 9xx, group 00 or serial 0000. */
export function ssnValid(input: string): boolean {
  const digits = digitsOnly(input);
  if (digits.length !== 9) return false;
  const area = digits.slice(0, 3);
  if (area === "000" || area === "666" || area.startsWith("9")) return false;
  return digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

export function ipv4Valid(input: string): boolean {
  const parts = input.split(".");
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function ipv6Valid(input: string): boolean {
  if (input.length < 2 || input.length > 45) return false;
  let groups = input.split(":");
  let maxGroups = 8;
  const last = groups[groups.length - 1] ?? "";
  if (last.includes(".")) {
    // An embedded IPv4 tail ("::ffff:192.0.2.1") stands for two groups.
    if (!ipv4Valid(last)) return false;
    groups = groups.slice(0, -1).concat("0", "0");
    maxGroups = 8;
  }
  const joined = groups.join(":");
  const halves = joined.split("::");
  if (halves.length > 2) return false;
  const hex = /^[0-9A-F]{1,4}$/i;
  const parse = (part: string): string[] | null => {
    if (part === "") return [];
    const gs = part.split(":");
    return gs.every((g) => hex.test(g)) ? gs : null;
  };
  const head = parse(halves[0] ?? "");
  if (head === null) return false;
  if (halves.length === 1) return head.length === maxGroups;
  const tail = parse(halves[1] ?? "");
  if (tail === null) return false;
  return head.length + tail.length < maxGroups;
}

// CMS excludes S, L, O, I, B and Z from MBI letters so they cannot be misread as digits.
const MBI_SHAPE =
  /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/;

export function mbiValid(input: string): boolean {
  return MBI_SHAPE.test(input.replace(/[-\s]/g, "").toUpperCase());
}

/** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
export function ibanValid(input: string): boolean {
  const s = input.replace(/\s/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) rem = (rem * 10 + digit.charCodeAt(0) - 48) % 97;
  }
  return rem === 1;
}

/** Issuer prefixes of the card networks in use, so Luhn-valid serials are not read as cards. */
export function cardIssuerPlausible(digits: string): boolean {
  const n = digits.length;
  if (/^4/.test(digits)) return n === 13 || n === 16 || n === 19;
  if (/^(?:5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return n === 16;
  if (/^3[47]/.test(digits)) return n === 15;
  if (/^(?:6011|65|64[4-9]|622)/.test(digits)) return n >= 16 && n <= 19;
  if (/^35(?:2[89]|[3-8]\d)/.test(digits)) return n >= 16 && n <= 19;
  // JCB's older 15-digit ranges, and UnionPay.
  if (/^(?:1800|2131)/.test(digits)) return n === 15;
  if (/^62/.test(digits)) return n >= 16 && n <= 19;
  if (/^3(?:0[0-5]|[68])/.test(digits)) return n >= 14 && n <= 19;
  if (/^(?:5018|5020|5038|6304|6759|676[1-3])/.test(digits)) return n >= 12 && n <= 19;
  // Mir, Troy, Verve and InstaPayment. RuPay's and UATP's ranges are too wide to read a card
  // into a number with no card word near it; next to one, any Luhn-valid number counts.
  if (/^(?:220[0-4]|9792|506099|5061[0-8]|63[7-9])/.test(digits)) return n >= 16 && n <= 19;
  return false;
}
