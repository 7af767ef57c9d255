// The adversarial inputs of adversarial.ts: floods of pieces that start, continue or break a
// pattern, every pair of them, and near-matches that fail at the very end.

/** `unit` repeated to exactly `size` characters. */
export const flood = (unit: string, size: number): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

// Pieces that start, continue or break a pattern: separators, digits, letters, the characters
// emails, URLs and numbers are built from, and words that make a detector look closer.
const PIECES = [
  " ",
  "\n",
  ".",
  "-",
  "@",
  "/",
  ":",
  "+",
  "(",
  ")",
  ",",
  "1",
  "0",
  "a",
  "A",
  "é",
  "1A",
  "12 ",
  "1.",
  "a.",
  "ab.",
  "www.",
  "http://",
  "John ",
  "Dr. ",
  "May 1 ",
  "1 Main St ",
  "Calle ",
  "straße ",
  "mrn ",
  "fax ",
  "90 ",
  "zip ",
  "Apt ",
  "１",
  "\u200b",
  "٣",
  // Triggers of the format detectors: HL7 segments, vCards, chat headers, labels, table cells.
  "|",
  "PID|",
  "^",
  ";",
  "=",
  "&",
  "BEGIN:VCARD\n",
  "[1/2/24, 10:00] ",
  "Asia/",
  "<td>",
  "TO: ",
  // Triggers of the cued-name rules: cue words, capitals before a given name, labels after a
  // name, a title before particles, an HTML header cell, a calendar summary, another script.
  "patient ",
  "it's ",
  "HAMILL ",
  "DOB ",
  "Dr van ",
  "<th>Patient</th><td>",
  "SUMMARY:a – ",
  "ساغر ",
];

// Words that open every detector's cheap gate, so no flood is skipped for want of a keyword.
const PREAMBLE =
  "Dr. Jane Smith, MRN 12345678, fax 555-123-4567, DOB 01/02/1950, age 95, zip 62704, 1 Main St, Calle Mayor 5, rue, box, www.x.com, jane@x.com, 10.0.0.1, BEGIN:VCARD\nPID|1||42^^^H^MR|\n[1/2/24, 10:00] Ana Lima: hi\nTO: Ana \nSUMMARY:Visit – Ana Lima\n<th>Patient</th><td>Ana</td>";

export interface Case {
  name: string;
  text: string;
}

/** Every adversarial input of `size` characters, with a name that says how it was built. */
export function adversarialCases(size: number): Case[] {
  const out: Case[] = [];
  const show = (s: string): string => JSON.stringify(s);
  for (const p of PIECES) {
    out.push({ name: `${show(p)}×`, text: flood(p, size) });
    out.push({ name: `preamble + ${show(p)}×`, text: PREAMBLE + flood(p, size - PREAMBLE.length) });
  }
  for (const p of PIECES)
    for (const q of PIECES) {
      if (p === q) continue;
      out.push({ name: `${show(p + q)}×`, text: flood(p + q, size) });
      out.push({ name: `${show(p)} + ${show(q)}×`, text: p + flood(q, size - p.length) });
    }
  // A flood that almost matches, then fails at the very end (the reported attack and its kin).
  for (const [unit, tail] of [
    ["a.", "@"],
    ["a", "@"],
    ["a-", "@a"],
    ["a.", "@a."],
    ["ab.", "x"],
    ["1", "@"],
    ["1 ", "x"],
    ["1-", "x"],
    ["1.", ".x"],
    ["John ", "Clinic"],
    ["a:", ":"],
    ["12:", "g"],
  ] as const)
    out.push({
      name: `${show(unit)}× + ${show(tail)}`,
      text: flood(unit, size - tail.length) + tail,
    });
  const half = size / 2;
  out.push({ name: "nested ( … )", text: `${"(".repeat(half)}${")".repeat(half)}` });
  out.push({ name: "nested [{( … )}]", text: flood("[{(", half) + flood(")}]", half) });
  out.push({ name: "digits then letters", text: `${"7".repeat(half)}${"q".repeat(half)}` });
  return out;
}
