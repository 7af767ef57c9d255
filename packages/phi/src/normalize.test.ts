import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { maskPhi } from "./mask";
import { normalizeForDetection } from "./normalize";
import { type PhiFinding, type PhiType } from "./types";

const found = (text: string): [PhiType, string][] =>
  detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)]);

const fullWidth = (s: string): string =>
  Array.from(s, (ch) => {
    const c = ch.charCodeAt(0);
    if (c === 32) return "\u3000";
    return c > 32 && c < 127 ? String.fromCharCode(c + 0xfee0) : ch;
  }).join("");

describe("detectPhi on disguised text", () => {
  it("finds an SSN written in full-width digits, masking the characters as written", () => {
    const text = "my ssn is １２３-４５-６７８９ ok";
    expect(found(text)).toEqual([["SSN", "１２３-４５-６７８９"]]);
    expect(maskPhi(text, detectPhi(text), { style: "type" })).toBe("my ssn is [SSN] ok");
  });

  it("finds an SSN with a zero-width space, a soft hyphen or a bidi control inside", () => {
    for (const mark of ["\u200b", "\u00ad", "\u202e", "\u2066", "\ufeff", "\u200d"]) {
      const value = `123-45${mark}-6789`;
      expect(found(`SSN: ${value}.`), JSON.stringify(mark)).toEqual([["SSN", value]]);
    }
  });

  it("finds phone numbers and cards in other scripts' digits and with look-alike hyphens", () => {
    expect(found("call me at ٥٥٥-١٢٣-٤٥٦٧")).toEqual([["PHONE", "٥٥٥-١٢٣-٤٥٦٧"]]);
    expect(found("call me at ५५५‐१२३‐४५६७")).toEqual([["PHONE", "५५५‐१२३‐४५६७"]]);
    expect(found("card 4111\u00a01111\u00a01111\u00a01111")).toEqual([
      ["CREDIT_CARD", "4111\u00a01111\u00a01111\u00a01111"],
    ]);
    expect(found(fullWidth("email jane.doe@example.com"))).toEqual([
      ["EMAIL", fullWidth("jane.doe@example.com")],
    ]);
  });

  it("maps findings after expanded or composed characters back to the right offsets", () => {
    // "ﬁ" expands to two characters and "e" + U+0301 composes to one: offsets must still fit.
    const text = "ﬁne, Rene\u0301e paid; SSN 123-45-6789";
    expect(found(text)).toContainEqual(["SSN", "123-45-6789"]);
  });

  it("leaves ASCII and already-normal text untouched", () => {
    for (const text of [
      "plain ascii 123-45-6789",
      "José Ramírez, Zürich",
      "Ελένη Παπαδοπούλου – Łódź, «Žižkov» €5",
      "Пациентка Анна Сергеевна, тел. 8 (495) 123-45-67",
    ])
      expect(normalizeForDetection(text)).toEqual({ text, starts: null, ends: null });
  });

  it("leaves text untouched only when NFKC and the folding would not change it", () => {
    const SPECIAL =
      /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2010-\u2012\u2212\uFE63]|(?!\d)\p{Nd}/u;
    // The fast path takes text whose characters are each stable on their own; a character
    // that composes with the one before it, or changes under NFKC, must still be normalised.
    const followers = ["a", "\u0301", "\u0345", "\u200b", "１"];
    for (let c = 0; c < 0x20d0; c++) {
      const ch = String.fromCharCode(c);
      if (c >= 0xd800 && c <= 0xdfff) continue;
      for (const next of followers) {
        const text = `x${ch}${next}${ch}`;
        const n = normalizeForDetection(text);
        if (n.starts === null) {
          expect(text.normalize("NFKC"), JSON.stringify(text)).toBe(text);
          expect(SPECIAL.test(text), JSON.stringify(text)).toBe(false);
        }
      }
    }
  });
});

// Plain ASCII messages that carry PHI of many types, and ways to disguise them that a reader
// would not notice.
const FRAGMENTS = [
  "Hi, this is Maria Lopez. ",
  "Dr. Okonkwo asked me to book. ",
  "SSN 219-09-9999 ",
  "call 555-123-4567 ",
  "fax: (212) 555-0199 ",
  "card 4111 1111 1111 1111 ",
  "email jane.doe@example.com ",
  "DOB 04/22/1979 ",
  "MRN 4471902 ",
  "lives at 1400 W Roosevelt Rd, Chicago, IL 60608 ",
  "ip 203.0.113.77 ",
  "she is 94 ",
  "see https://results.example.com/r/8f2k ",
  "thanks, ",
  "ok ",
];
const plainText = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(""));
const FORMAT_CHARACTERS = [
  "\u200b",
  "\u200c",
  "\u200d",
  "\u00ad",
  "\u2060",
  "\ufeff",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202c",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u034f",
];
const DIGIT_ZEROS = [0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x1d7ce];

interface Disguise {
  text: string;
  /** Where each character of the plain text went. */
  at: number[];
}

/** Rewrites the plain text character by character: full-width forms, other digits, insertions. */
function disguise(
  plain: string,
  choices: { width: boolean; digits: number; insert: string }[],
): Disguise {
  let text = "";
  const at: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    const ch = plain.charAt(i);
    const choice = choices[i % choices.length] ?? { width: false, digits: -1, insert: "" };
    text += choice.insert;
    at.push(text.length);
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57 && choice.digits >= 0)
      text += String.fromCodePoint((DIGIT_ZEROS[choice.digits] ?? 0x30) + c - 48);
    else if (choice.width) text += fullWidth(ch);
    else text += ch;
  }
  return { text, at };
}

const choice = fc.record({
  width: fc.boolean(),
  digits: fc.integer({ min: -3, max: DIGIT_ZEROS.length - 1 }),
  insert: fc.oneof(fc.constant(""), fc.constant(""), fc.constantFrom(...FORMAT_CHARACTERS)),
});

describe("normalisation properties", () => {
  it("a disguise never hides a finding of the plain text, and its mask covers every character", () => {
    fc.assert(
      fc.property(
        plainText,
        fc.array(choice, { minLength: 1, maxLength: 40 }),
        (plain, choices) => {
          const d = disguise(plain, choices);
          const plainFindings = detectPhi(plain);
          const findings = detectPhi(d.text);
          for (const f of plainFindings) {
            const first = d.at[f.start] ?? -1;
            const last = d.at[f.end - 1] ?? -1;
            const cover = (g: PhiFinding): boolean =>
              g.type === f.type && g.start <= first && g.end > last;
            expect(findings.some(cover), `${f.type} ${plain.slice(f.start, f.end)}`).toBe(true);
          }
          // Masking the disguised text leaves none of the characters a finding covered.
          const masked = maskPhi(d.text, findings, { style: "type" });
          for (const f of findings) {
            const value = d.text.slice(f.start, f.end);
            if (value.length >= 4) expect(masked).not.toContain(value);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("findings of any text are sorted, non-overlapping and within the original text", () => {
    const noisy = fc.array(
      fc.oneof(
        fc.constantFrom(...FRAGMENTS, ...FORMAT_CHARACTERS, "ﬁ", "½", "e\u0301", "１２", "٣", "𝟗"),
        fc.string({ unit: "grapheme", maxLength: 4 }),
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(noisy, (parts) => {
        const text = parts.join("");
        let lastEnd = 0;
        for (const f of detectPhi(text)) {
          expect(f.start).toBeGreaterThanOrEqual(lastEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          lastEnd = f.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});
