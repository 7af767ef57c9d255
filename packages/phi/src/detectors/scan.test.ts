import { describe, expect, it } from "vitest";
import { detectPhi } from "../detect";
import { SHAPE, classifyRun } from "./numbers";
import { Marks, matchesAtNumbers, matchesAtTokens, runsWith, scanFeatures } from "./util";
import { HashSet, LowerWords, categoriesOf, hashWord, wordCategory } from "./words";

/** SHAPE names set for the first digit run of `text`. */
function shapesOf(text: string): string[] {
  const f = scanFeatures(text);
  const bits = f.runShapes[0] ?? 0;
  return Object.entries(SHAPE)
    .filter(([, bit]) => (bits & bit) !== 0)
    .map(([name]) => name)
    .sort();
}

function runs(text: string): [string, number][] {
  const f = scanFeatures(text);
  const out: [string, number][] = [];
  for (let k = 0; k < f.runCount; k++) {
    const start = f.runStarts[k] ?? 0;
    out.push([text.slice(start, start + (f.runLengths[k] ?? 0)), f.chainDigits[k] ?? 0]);
  }
  return out;
}

describe("digit-run scanner", () => {
  it("splits digit runs and counts the digits left in each chain", () => {
    expect(runs("call (555) 123-4567 at 3")).toEqual([
      ["555", 10],
      ["123", 7],
      ["4567", 4],
      ["3", 1],
    ]);
    // More than three separators, or a letter, end a chain.
    expect(runs("12 -- - 34 5a6")).toEqual([
      ["12", 2],
      ["34", 3],
      ["5", 1],
      ["6", 1],
    ]);
    expect(runs("+44 (0) 20 7946 0958")).toEqual([
      ["44", 13],
      ["0", 11],
      ["20", 10],
      ["7946", 8],
      ["0958", 4],
    ]);
    expect(runs("")).toEqual([]);
  });

  it("classifies a run by length, neighbours and chain", () => {
    expect(shapesOf("123-45-6789")).toEqual(["CHAIN", "HOUSE", "LOCAL", "POSTCODE", "SSN"]);
    expect(shapesOf("555 123 4567")).toEqual(["CHAIN", "HOUSE", "NANP", "POSTCODE", "SSN"]);
    expect(shapesOf("4111 1111 1111 1111")).toEqual(["CARD", "CHAIN", "HOUSE", "NANP", "POSTCODE"]);
    expect(shapesOf("12/31/1999")).toEqual(["CHAIN", "DAY", "HOUSE", "NUMERIC_DATE", "SHORT_DATE"]);
    expect(shapesOf("1999-12-31")).toEqual(["CHAIN", "HOUSE", "ISO_DATE", "POSTCODE"]);
    expect(shapesOf("192.168.1.10")).toEqual(["CHAIN", "HOUSE", "IPV4"]);
    expect(shapesOf("02139")).toEqual(["FIVE", "HOUSE"]);
    expect(shapesOf("020 7946 0958")).toEqual([
      "CHAIN",
      "HOUSE",
      "NANP",
      "POSTCODE",
      "SSN",
      "TRUNK",
    ]);
    expect(shapesOf("1EG4TE5MK73")).toEqual(["DAY", "HOUSE", "MBI"]);
    expect(shapesOf("1234567")).toEqual(["CHAIN"]);
  });

  it("marks a postcode before its city only where what follows can continue one", () => {
    for (const code of ["10115 Berlin", "02-035 Mława", "536 60 Zlín", "9015IF Calslagenhoven"])
      expect(shapesOf(code), code).toContain("POSTCODE");
    for (const text of [
      "10115, Berlin",
      "10115.",
      "12:30",
      "1234567 Berlin",
      "7 Berlin",
      "10 days",
      "2024  and",
    ])
      expect(shapesOf(text), text).not.toContain("POSTCODE");
  });

  it("marks numeric dates only where the middle group and the second separator follow", () => {
    expect(shapesOf("3.4.2024")).toContain("NUMERIC_DATE");
    expect(shapesOf("2024-1-31")).toContain("ISO_DATE");
    expect(shapesOf("7/8")).toContain("SHORT_DATE");
    for (const text of ["2.5 mg", "3-4 days", "12/345", "1.2"])
      expect(shapesOf(text), text).not.toContain("NUMERIC_DATE");
    for (const text of ["2024-12 report", "3024-1-1", "2024.1"])
      expect(shapesOf(text), text).not.toContain("ISO_DATE");
    expect(shapesOf("1/100")).not.toContain("SHORT_DATE");
  });

  it("marks the day of a date written with dots and spaces", () => {
    expect(shapesOf("24. 10. 1970")).toContain("SPACED_DOTS");
    for (const text of ["24.10.1970", "124. 10.", "2.5 mg"])
      expect(shapesOf(text), text).not.toContain("SPACED_DOTS");
  });

  it("marks the numbers an age over 89 can be, and the nineties", () => {
    for (const age of ["90", "99", "100", "119", "120"])
      expect(shapesOf(age), age).toContain("AGE");
    for (const n of ["89", "121", "130", "9", "0099"]) expect(shapesOf(n), n).not.toContain("AGE");
    expect(shapesOf("90s")).toContain("DECADE");
    expect(shapesOf("90S")).toContain("DECADE");
    expect(shapesOf("1990s")).not.toContain("DECADE");
  });

  it("only marks international numbers after a plus sign", () => {
    const f = scanFeatures("x +1 415 555 0110 and 1 415 555 0110");
    expect(f.runShapes[0] ?? 0).toSatisfy((b: number) => (b & SHAPE.INTERNATIONAL) !== 0);
    expect(f.runShapes[4] ?? 0).toSatisfy((b: number) => (b & SHAPE.INTERNATIONAL) === 0);
    expect(classifyRun("+12", 1, 2, 2) & SHAPE.INTERNATIONAL).toBe(0);
  });

  it("tries number patterns at their leading ( or + only when asked", () => {
    const text = "home (555) 123-4567";
    const f = scanFeatures(text);
    const withLeads = matchesAtNumbers(/\(?\d{3}\)?/y, text, f, SHAPE.HOUSE, true);
    expect(withLeads.map((m) => [m.index, m[0]])).toEqual([
      [5, "(555)"],
      [11, "123"],
      [15, "456"],
    ]);
    const digitsOnly = matchesAtNumbers(/\d{3}/y, text, f, SHAPE.HOUSE, false);
    expect(digitsOnly.map((m) => m.index)).toEqual([6, 11, 15]);
    // Only the run with ten digits left in its chain can start a North American number.
    expect(matchesAtNumbers(/\(?\d+/y, text, f, SHAPE.NANP, true).map((m) => m[0])).toEqual([
      "(555",
    ]);
    expect(runsWith(f, SHAPE.LOCAL)).toEqual([11]);
  });

  it("finds letter-and-digit tokens at their boundaries", () => {
    const text = "vin 1HGCM82633A004352, dea AB1234563_x ok";
    const f = scanFeatures(text);
    const tokens: string[] = [];
    for (let i = 0; i < f.tokenCount; i++) {
      const start = f.tokenStarts[i] ?? 0;
      tokens.push(text.slice(start, start + (f.tokenLengths[i] ?? 0)));
    }
    expect(tokens).toEqual(["1HGCM82633A004352", "AB1234563"]);
    const nine = matchesAtTokens(/[A-Z]{2}\d{7}\b/y, text, f, (_t, _s, length) => length === 9);
    // The token is followed by "_", a word character: \b fails, as it would for a global scan.
    expect(nine).toEqual([]);
  });

  it("keeps UTF-16 offsets after emoji, accents and other wide characters", () => {
    const text = "😀🙏 é call 555-123-4567 😀 SSN 219-09-9999";
    const f = scanFeatures(text);
    expect(text.slice(f.runStarts[0] ?? 0, (f.runStarts[0] ?? 0) + 3)).toBe("555");
    expect(detectPhi(text).map((x) => [x.type, text.slice(x.start, x.end)])).toEqual([
      ["PHONE", "555-123-4567"],
      ["SSN", "219-09-9999"],
    ]);
    const words = f.words;
    const found: string[] = [];
    for (let i = 0; i < words.length; i++)
      found.push(text.slice(words.starts[i] ?? 0, words.ends[i] ?? 0));
    expect(found).toEqual(["é", "call", "SSN"]);
  });

  it("reuses its tables without leaking a longer text into a shorter one", () => {
    const long = `${"word 12 ".repeat(400)}MRN 4471902`;
    expect(detectPhi(long).some((x) => x.type === "MRN")).toBe(true);
    const f = scanFeatures("call me at 555-123-4567");
    expect(f.runCount).toBe(3);
    expect(f.words.length).toBe(3);
    expect(detectPhi("hi there")).toEqual([]);
    // A text longer than the shared tables gets its own.
    const huge = `${"a".repeat(70_000)} SSN 219-09-9999`;
    expect(detectPhi(huge).map((x) => x.type)).toEqual(["SSN"]);
  });
});

describe("word categories", () => {
  it("hash words case-insensitively, with curly and straight apostrophes alike", () => {
    expect(hashWord("O’Brien")).toBe(hashWord("o'brien"));
    expect(hashWord("JOSÉ")).toBe(hashWord("josé"));
  });

  it("look words up through the shared table, in a text or by hash", () => {
    const bit = wordCategory(["zebrafish", "Quokka"]);
    expect(categoriesOf(hashWord("ZEBRAFISH")) & bit).toBe(bit);
    expect(categoriesOf(hashWord("zebra")) & bit).toBe(0);
    const f = scanFeatures("a Quokka, a zebrafish-like fish");
    expect(f.words.hasAny(bit)).toBe(true);
    expect(f.words.startsOf(bit)).toEqual([2]);
  });
});

describe("normalising", () => {
  it("is needed, the scan says, only for text holding a character normalising may change", () => {
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join("");
    for (const text of [ascii, "José Ramírez", "Ελένη, Жанна — 5 €"])
      expect(scanFeatures(text).stable, JSON.stringify(text)).toBe(true);
    for (const text of ["ﬁne", "1\u200b2", "Rene\u0301e", "１２", "٣", "x\u2010y"])
      expect(scanFeatures(text).stable, JSON.stringify(text)).toBe(false);
  });
});

describe("table headers", () => {
  it("can only be a line with no digit and one delimiter twice or more", () => {
    for (const text of [
      "hi\nname,dob,phone\n1,2,3",
      "last;first;mrn",
      "a\tb\tc\r\n1\t2\t3",
      "x|y|z",
    ])
      expect(scanFeatures(text).headerLine, JSON.stringify(text)).toBe(true);
    for (const text of ["name,dob\nphone,1", "a,b;c|d\te", "name,dob,mrn 1", "call me\nat 5"])
      expect(scanFeatures(text).headerLine, JSON.stringify(text)).toBe(false);
  });
});

describe("word hashes", () => {
  it("are hashWord's for words of every script the index reads, final sigma and İ included", () => {
    // Capitals and small letters of Latin-1, Latin Extended, Greek, Cyrillic and Latin Extended
    // Additional, combining marks, apostrophes and hyphens inside words.
    const pieces = [
      ..."aZßÿÀĀāŁłǅǈȀΣσςΆΐΩωЁёЖжӀӁḀẞỳ",
      "İ",
      "\u0301",
      "\u0345",
      "'",
      "’",
      "-",
      " ",
      ". ",
    ];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      let text = "";
      for (let i = 0, n = 1 + next(14); i < n; i++) text += pieces[next(pieces.length)];
      const { words } = scanFeatures(text);
      for (let i = 0; i < words.length; i++) {
        const word = text.slice(words.starts[i], words.ends[i]);
        expect(words.hashes[i], JSON.stringify(word)).toBe(hashWord(word));
      }
    }
  });
});

describe("hash sets", () => {
  it("hold what a Set of the same hashes holds", () => {
    const members = Array.from({ length: 3000 }, (_, k) => hashWord(`word${k}`));
    const set = new HashSet(members);
    const plain = new Set(members);
    for (let k = 0; k < 6000; k++) {
      const h = hashWord(`word${k}`);
      expect(set.has(h), `word${k}`).toBe(plain.has(h));
    }
    expect(set.has((members[0] ?? 0) | 0x40000000)).toBe(false);
    expect(() => new HashSet([-1])).toThrow();
  });
});

describe("lower-case word sets", () => {
  it("answer as a Set of the stretch lower-cased would, ASCII or not", () => {
    const words = ["is:", "p.o. box", "apt", "k9", "mailing"];
    const set = new LowerWords(words);
    const plain = new Set(words);
    const text = "Is: P.O. Box APT apt. k9 \u212a9 İs: Mailing mailingX";
    for (let a = 0; a <= text.length; a++)
      for (let b = a; b <= text.length; b++)
        expect(set.has(text, a, b), JSON.stringify(text.slice(a, b))).toBe(
          plain.has(text.slice(a, b).toLowerCase()),
        );
  });

  it("refuse words that are not lower-case ASCII", () => {
    expect(() => new LowerWords(["Apt"])).toThrow();
    expect(() => new LowerWords(["café"])).toThrow();
  });
});

describe("span marks", () => {
  it("tell whether a stretch touches a marked span, with few spans or many", () => {
    for (const count of [3, 40]) {
      const marks = new Marks(200);
      const flags = new Uint8Array(200);
      for (let k = 0; k < count; k++) {
        const start = (k * 37) % 190;
        const end = start + (k % 4);
        marks.mark(start, end);
        flags.fill(1, start, end);
      }
      for (let a = 0; a < 200; a += 3)
        for (let b = a; b <= 200; b += 7)
          expect(marks.touches(a, b), `${count}: ${a}-${b}`).toBe(flags.subarray(a, b).includes(1));
    }
  });
});
