import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { type PhiType } from "./types";

const found = (text: string): [PhiType, string][] =>
  detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)]);
const typesIn = (text: string): PhiType[] => detectPhi(text).map((f) => f.type);

describe("detectPhi by type", () => {
  it("finds names after context words and keeps titles outside the span", () => {
    expect(found("Hi, this is Maria Lopez.")).toEqual([["NAME", "Maria Lopez"]]);
    expect(found("Dr. Okonkwo asked me to book")).toEqual([["NAME", "Okonkwo"]]);
    expect(found("my name is kwabena mensah")).toEqual([["NAME", "kwabena mensah"]]);
    expect(found("Thanks, Priya")).toEqual([["NAME", "Priya"]]);
    expect(found("see you then. - Jane")).toEqual([["NAME", "Jane"]]);
  });

  it("does not read sentence starts, drugs, months, weekdays, cities or clinics as names", () => {
    for (const text of [
      "Please refill my Lisinopril before Monday.",
      "Hello! Fax machine is broken.",
      "We are closed in March and April.",
      "The Houston office moved to Dallas.",
      "Sunrise Family Clinic will call you.",
      "Dr. is running late today.",
      "St. Mary's Hospital is on the left.",
    ]) {
      expect(typesIn(text), text).not.toContain("NAME");
    }
  });

  it("finds calendar dates in many formats but not years, weekdays or times", () => {
    for (const date of [
      "03/14/1962",
      "1962-03-14",
      "March 14, 1962",
      "14 Mar 1962",
      "Mar 14th",
      "14.03.1962",
    ]) {
      expect(found(`DOB ${date} ok`), date).toEqual([["DATE", date]]);
    }
    expect(typesIn("We opened in 2019, see you Tuesday at 3:45 PM")).toEqual([]);
  });

  it("tells phones from faxes by the words around them", () => {
    expect(found("call me at (555) 123-4567 or fax 555.123.9999")).toEqual([
      ["PHONE", "(555) 123-4567"],
      ["FAX", "555.123.9999"],
    ]);
    expect(found("Our office fax number is +1 415 555 0110")).toEqual([["FAX", "+1 415 555 0110"]]);
    expect(found("whatsapp +44 20 7946 0958")).toEqual([["PHONE", "+44 20 7946 0958"]]);
  });

  it("does not read order numbers, prices or times as phones", () => {
    expect(typesIn("order #123-456-7890 total $1,299.00 at 10:30")).toEqual([]);
    expect(typesIn("ref 5551234567")).toEqual([]);
  });

  it("finds emails, URLs and valid IP addresses", () => {
    expect(found("mail jane.doe@example.com or see https://portal.example.org/p/1.")).toEqual([
      ["EMAIL", "jane.doe@example.com"],
      ["URL", "https://portal.example.org/p/1"],
    ]);
    expect(found("from 192.168.1.10 and 2001:db8::1")).toEqual([
      ["IP_ADDRESS", "192.168.1.10"],
      ["IP_ADDRESS", "2001:db8::1"],
    ]);
    expect(typesIn("build 999.1.1.1 on v1.2.3.4")).toEqual([]);
  });

  it("finds SSNs that follow SSA rules and skips impossible areas", () => {
    expect(found("SSN 123-45-6789")).toEqual([["SSN", "123-45-6789"]]);
    expect(found("it is 219-09-9999 ok")).toEqual([["SSN", "219-09-9999"]]);
    expect(typesIn("ticket 666-12-3456 and 912-34-5678 and 000-12-3456")).toEqual([]);
  });

  it("finds labelled MRNs, member ids, accounts, licences, vehicles and devices", () => {
    expect(found("MRN: 00123456")).toEqual([["MRN", "00123456"]]);
    expect(found("medical record #A1234567 please")).toEqual([["MRN", "A1234567"]]);
    expect(found("member ID on the card is W123456789")).toEqual([
      ["HEALTH_PLAN_ID", "W123456789"],
    ]);
    expect(found("acct 4432-198877 overdue")).toEqual([["ACCOUNT_NUMBER", "4432-198877"]]);
    expect(found("Driver's license D1234567")).toEqual([["LICENSE_NUMBER", "D1234567"]]);
    expect(found("plate ABC-1234")).toEqual([["VEHICLE_ID", "ABC-1234"]]);
    expect(found("pump serial number SN-88812345")).toEqual([["DEVICE_ID", "SN-88812345"]]);
  });

  it("finds structured identifiers without a label when their checksum holds", () => {
    expect(found("1EG4-TE5-MK73")).toEqual([["HEALTH_PLAN_ID", "1EG4-TE5-MK73"]]);
    expect(found("AB1234563")).toEqual([["LICENSE_NUMBER", "AB1234563"]]);
    expect(found("car 1HGCM82633A004352")).toEqual([["VEHICLE_ID", "1HGCM82633A004352"]]);
    expect(found("IBAN GB82WEST12345698765432")).toEqual([
      ["ACCOUNT_NUMBER", "GB82WEST12345698765432"],
    ]);
    expect(found("mac 00:1A:2B:3C:4D:5E")).toEqual([["DEVICE_ID", "00:1A:2B:3C:4D:5E"]]);
  });

  it("finds Luhn-valid cards with spaces or dashes and ignores invalid ones", () => {
    expect(found("card 4111 1111 1111 1111")).toEqual([["CREDIT_CARD", "4111 1111 1111 1111"]]);
    expect(found("use 5500-0000-0000-0004")).toEqual([["CREDIT_CARD", "5500-0000-0000-0004"]]);
    expect(typesIn("test 4111 1111 1111 1112 declined")).toEqual([]);
  });

  it("finds a street and city as one address and the ZIP separately", () => {
    expect(found("Ship to 42 Oak Street, Apt 4B, Springfield, IL 62704.")).toEqual([
      ["ADDRESS", "42 Oak Street, Apt 4B, Springfield, IL"],
      ["ZIP_CODE", "62704"],
    ]);
    expect(typesIn("take 2 tablets with Dr. Lee")).not.toContain("ADDRESS");
  });

  it("finds ages of 90 and over only", () => {
    expect(found("she is 92 years old")).toEqual([["AGE_OVER_89", "92 years old"]]);
    expect(found("Patient age 95, aged 101")).toEqual([
      ["AGE_OVER_89", "age 95"],
      ["AGE_OVER_89", "aged 101"],
    ]);
    expect(typesIn("my dad is 67 years old")).toEqual([]);
  });
});

describe("detectPhi offsets and ordering", () => {
  it("reports UTF-16 offsets that stay right after emoji and accents", () => {
    const text = "🙏 José Ñúñez — café ☕ call 555-123-4567";
    const phone = detectPhi(text).find((f) => f.type === "PHONE");
    expect(phone && text.slice(phone.start, phone.end)).toBe("555-123-4567");
    expect(found("Gracias 👍🏽, soy Lucía García")).toEqual([["NAME", "Lucía García"]]);
  });

  it("returns sorted, non-overlapping findings", () => {
    const text = "Maria Lopez, 42 Oak St, Springfield, IL 62704, DOB 03/14/1962, SSN 123-45-6789";
    const findings = detectPhi(text);
    expect(findings.length).toBeGreaterThan(3);
    for (let i = 1; i < findings.length; i++) {
      const prev = findings[i - 1];
      const cur = findings[i];
      if (prev && cur) expect(cur.start).toBeGreaterThanOrEqual(prev.end);
    }
  });

  it("returns nothing for empty or PHI-free text", () => {
    expect(detectPhi("")).toEqual([]);
    expect(detectPhi("Your Metformin refill is ready, SKU-AB-1234, v2.10.3")).toEqual([]);
  });
});

describe("detectPhi boundaries", () => {
  it("leaves a sentence's full stop out of a street written in full, not after an abbreviation", () => {
    expect(found("I moved to 2595 Bayshore Drive. Ship it there")).toEqual([
      ["ADDRESS", "2595 Bayshore Drive"],
    ]);
    expect(found("I moved to 4085 Prospect Ln. Please call")).toEqual([
      ["ADDRESS", "4085 Prospect Ln."],
    ]);
    expect(found("I moved to 12 Oak Lane.")).toEqual([["ADDRESS", "12 Oak Lane"]]);
  });

  it("reads a short date after 'to' but not a fraction", () => {
    expect(found("can u move me to 6/12? thx")).toEqual([["DATE", "6/12"]]);
    expect(typesIn("cut the dose to 1/2 please")).toEqual([]);
  });

  it("takes a lower-case known name after a closing dash at the end of a message", () => {
    expect(found("whatsapp me +27 82 555 0199 - thabo")).toEqual([
      ["PHONE", "+27 82 555 0199"],
      ["NAME", "thabo"],
    ]);
    expect(found("Thanks, Renata Appreciate it")).toEqual([["NAME", "Renata"]]);
  });
});
