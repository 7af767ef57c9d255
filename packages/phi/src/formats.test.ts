import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { PHI_TYPES, type PhiType } from "./types";

// Published formats (HL7 v2, vCard, iCalendar, chat exports, labelled forms): the value's place
// in the format says what it is. Examples written from the specifications, not from a corpus.
const found = (text: string): [PhiType, string][] =>
  detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe("HL7 v2 segments", () => {
  // A segment with the given fields at their standard positions (1-based).
  const segment = (id: string, fields: Record<number, string>): string => {
    const last = Math.max(...Object.keys(fields).map(Number));
    const parts = Array.from({ length: last }, (_, k) => fields[k + 1] ?? "");
    return [id, ...parts].join("|");
  };
  const message = [
    "MSH|^~\\&|EPICADT|GOODHOPE|LABSYS|NORTHLAB|20250312084510-0500||ADT^A04|77812|P|2.5",
    "EVN|A04|20250312084500",
    segment("PID", {
      1: "1",
      3: "4482910^^^GH^MR~123-45-6789^^^SSA^SS",
      5: "QUILLFEATHER^ROSAMUND^T^^^^L",
      7: "19700815",
      8: "F",
      11: "742 Larkspur Ave^^Penwick^OR^97035^USA",
      13: "^PRN^PH^^^503^5550142",
      18: "A90017723",
    }),
    segment("NK1", {
      1: "1",
      2: "QUILLFEATHER^THADDEUS",
      3: "SPO",
      4: "742 Larkspur Ave^^Penwick^OR^97035",
    }),
    segment("PV1", {
      1: "1",
      2: "O",
      3: "CLINIC^12^A",
      7: "9921^ABERNETHY^CORDELIA^^^DR",
      44: "20250312",
    }),
    segment("IN1", {
      1: "1",
      2: "PPO1",
      4: "ACME HEALTH",
      8: "G-1001",
      16: "QUILLFEATHER^ROSAMUND",
      18: "19700815",
      36: "XZP88812345",
    }),
  ].join("\r");

  it("types each field by its position: identifiers, names, dates, address, account", () => {
    const f = found(message);
    expect(f).toContainEqual(["MRN", "4482910"]);
    expect(f).toContainEqual(["SSN", "123-45-6789"]);
    expect(f).toContainEqual(["NAME", "QUILLFEATHER^ROSAMUND^T"]);
    expect(f).toContainEqual(["DATE", "19700815"]);
    expect(f).toContainEqual(["ZIP_CODE", "97035"]);
    expect(f).toContainEqual(["ACCOUNT_NUMBER", "A90017723"]);
    expect(f).toContainEqual(["NAME", "QUILLFEATHER^THADDEUS"]);
    expect(f).toContainEqual(["NAME", "ABERNETHY^CORDELIA"]);
    expect(f).toContainEqual(["HEALTH_PLAN_ID", "XZP88812345"]);
    expect(f).toContainEqual(["DATE", "20250312084510-0500"]);
    expect(f).toContainEqual(["DATE", "20250312084500"]);
    expect(f.some(([t, v]) => t === "ADDRESS" && v.startsWith("742 Larkspur Ave"))).toBe(true);
  });

  it("reads no sending system, facility or segment id as a name", () => {
    const f = found(
      "MSH|^~\\&|MERIDIAN|STLUKES|CAMPBELL|FD|20240101||ADT^A01|1|P|2.5\nEVN|A01|20240101",
    );
    expect(f.filter(([t]) => t === "NAME")).toEqual([]);
  });

  it("leaves pipes in ordinary text alone", () => {
    expect(found("Totals | 12 | 30\nMSA is fine | ok")).toEqual([]);
  });
});

describe("vCard and iCalendar", () => {
  it("reads FN, N, TEL, ADR with its postal code, and BDAY from a vCard", () => {
    const card = [
      "BEGIN:VCARD",
      "VERSION:4.0",
      "N:Okonkwo-Baird;Temperance;Ada;;",
      "FN:Temperance Okonkwo-Baird",
      "item1.TEL;TYPE=work,voice:tel:+1-206-555-0147",
      "ADR;TYPE=home:;Flat 3;18 Thornbury Close;Millbrook;WA;98362;USA",
      "BDAY:19860214",
      "ORG:Hartwell Orthotics",
      "TITLE:Office Manager",
      "END:VCARD",
    ].join("\r\n");
    const f = found(card);
    expect(f).toContainEqual(["NAME", "Okonkwo-Baird;Temperance;Ada"]);
    expect(f).toContainEqual(["NAME", "Temperance Okonkwo-Baird"]);
    expect(f).toContainEqual(["PHONE", "+1-206-555-0147"]);
    expect(f).toContainEqual(["ADDRESS", "Flat 3;18 Thornbury Close;Millbrook"]);
    expect(f).toContainEqual(["ZIP_CODE", "98362"]);
    expect(f).toContainEqual(["DATE", "19860214"]);
    expect(f.filter(([, v]) => v.includes("Hartwell") || v.includes("Manager"))).toEqual([]);
  });

  it("reads an attendee's CN and the visit's DTSTART from an invite, not its time zone", () => {
    const invite = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;TZID=America/Los_Angeles:20260419T151500",
      'ATTENDEE;ROLE=REQ-PARTICIPANT;CN="Ignatius Frobisher":mailto:ifro@example.org',
      "ORGANIZER;CN=Marisol Quintanar:mailto:desk@example.org",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\n");
    const f = found(invite);
    expect(f).toContainEqual(["DATE", "20260419T151500"]);
    expect(f).toContainEqual(["NAME", "Ignatius Frobisher"]);
    expect(f).toContainEqual(["NAME", "Marisol Quintanar"]);
    expect(f.filter(([, v]) => v.includes("Angeles"))).toEqual([]);
  });
});

describe("chat export headers", () => {
  it("reads the speaker of WhatsApp, Telegram and Slack header lines, lower case too", () => {
    const whatsapp =
      "[03/11/25, 18:02:44] perpetua nwachukwu: is saturday ok?\n[03/11/25, 18:05:10] Front Desk: yes, 10am";
    expect(found(whatsapp)).toContainEqual(["NAME", "perpetua nwachukwu"]);
    const android = "2025-11-03, 18:02 - Osvaldo Brightwater: running late";
    expect(found(android)).toContainEqual(["NAME", "Osvaldo Brightwater"]);
    const telegram = "Henrike Sollmann, [03.11.2025 18:02]\nwhere do I park?";
    expect(found(telegram)).toContainEqual(["NAME", "Henrike Sollmann"]);
    const slack = "Bartholomew Quist  4:17 PM\ncan someone call the lab back";
    expect(found(slack)).toContainEqual(["NAME", "Bartholomew Quist"]);
  });

  it("does not read the business, its bot or an ordinary line as a speaker", () => {
    const chat =
      "[03/11/25, 18:05:10] Front Desk: yes\nSunrise Dental Clinic, [03.11.2025 18:06]\nok\nCheckout  4:17 PM\nLunch break  12:30";
    expect(found(chat).filter(([t]) => t === "NAME")).toEqual([]);
  });
});

describe("labelled form fields, payload keys and query parameters", () => {
  it("reads a name after a form label, stopping at a credential or a department", () => {
    const letter =
      "TO: Wendeline Aragorn-Pike, Claims Dept\nFROM: Ottoline Vasquez-Reyes\nRe: Ignatius Quarrie  DOB: 07 30 1961\nReferring physician: P. K. Ambrose-Teller, MD";
    const f = found(letter);
    expect(f).toContainEqual(["NAME", "Wendeline Aragorn-Pike"]);
    expect(f).toContainEqual(["NAME", "Ottoline Vasquez-Reyes"]);
    expect(f).toContainEqual(["NAME", "Ignatius Quarrie"]);
    expect(f).toContainEqual(["DATE", "07 30 1961"]);
    expect(f).toContainEqual(["NAME", "P. K. Ambrose-Teller"]);
  });

  it("reads no name where the label's value is plain English", () => {
    const memo = "TO: All clinical staff\nAttending: Night registrar on call\nRe: Claims backlog";
    expect(found(memo)).toEqual([]);
  });

  it("types identifiers by their label: insured's ID, hospital and NHS numbers, IBAN", () => {
    const form =
      "1a. INSURED'S I.D. NUMBER: QKT5512093\nHosp No: RX448120\nNHS Number: 943 476 5919\nIBAN: FR76 3000 6000 0112 3456 7890 189";
    const f = found(form);
    expect(f).toContainEqual(["HEALTH_PLAN_ID", "QKT5512093"]);
    expect(f).toContainEqual(["MRN", "RX448120"]);
    expect(f).toContainEqual(["MRN", "943 476 5919"]);
    expect(f).toContainEqual(["ACCOUNT_NUMBER", "FR76 3000 6000 0112 3456 7890 189"]);
    // The value ends where the next word starts.
    expect(found("Hosp No: 55120847 Thanks.")).toEqual([["MRN", "55120847"]]);
  });

  it("finds only PHI types after labels named like Object.prototype's members", () => {
    const types = new Set<string>(PHI_TYPES);
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      for (const text of [
        `${key}: 4482910 Ana Lima`,
        `{"${key}": "Ana Lima", "zip": "97035"}`,
        `<input name="${key}" value="4482910">`,
      ]) {
        for (const f of detectPhi(text))
          expect(types.has(f.type), `${text} → ${String(f.type)}`).toBe(true);
      }
    }
  });

  it("reads YAML and JSON keys, HTML inputs and query parameters", () => {
    expect(found("coverage:\n  subscriber_id: ZQH30019284\n")).toContainEqual([
      "HEALTH_PLAN_ID",
      "ZQH30019284",
    ]);
    expect(found('{"postal_code": "94110", "dob": "1979-02-28"}')).toEqual([
      ["ZIP_CODE", "94110"],
      ["DATE", "1979-02-28"],
    ]);
    expect(found('<input type="text" name="member_id" value="HXQ4410027">')).toContainEqual([
      "HEALTH_PLAN_ID",
      "HXQ4410027",
    ]);
    const query = "POST /intake?first=Leocadia&last=Farnsworth-Obi&zip=30307&plan=gold";
    const f = found(query);
    expect(f).toContainEqual(["NAME", "Leocadia"]);
    expect(f).toContainEqual(["NAME", "Farnsworth-Obi"]);
    expect(f).toContainEqual(["ZIP_CODE", "30307"]);
  });
});

describe("what looks like a person and is not", () => {
  const names = (text: string): string[] =>
    found(text)
      .filter(([t]) => t === "NAME")
      .map(([, v]) => v);

  it("reads no name in a time zone id", () => {
    expect(names("settings:\n  tz: America/Santa_Isabel\n  tz2: Australia/Lord_Howe")).toEqual([]);
  });

  it("reads no name in an eponymous disease or sign", () => {
    expect(names("Wilson's disease, rule out Raynaud's phenomenon")).toEqual([]);
  });

  it("reads no name in a pet described as one", () => {
    expect(names("Charlie (rabbit, 2y) needs nails clipped")).toEqual([]);
    expect(names("Luna the office cat sat on the keyboard")).toEqual([]);
  });

  it("reads a product, not a person, in a table cell that goes on in lower case", () => {
    const table = "| Item | Qty |\n|---|---|\n| Oxford brogues | 2 |\n| Wellington boots | 1 |";
    expect(names(table)).toEqual([]);
    expect(names("<table><tr><td>Winston armchair</td><td>£90</td></tr></table>")).toEqual([]);
    expect(names("| Patient | DOB |\n|---|---|\n| Marguerite Okafor | 1971-03-02 |")).toEqual([
      "Marguerite Okafor",
    ]);
  });

  it("reads no name in the first word of an utterance after a speaker label", () => {
    const dialogue =
      "Recepción: ¿Nombre?\nPaciente: Quiero cambiar la cita\nRecepción: Claro.\nPatientin: Meine Nummer ist 612 334 556";
    expect(names(dialogue)).toEqual([]);
  });

  it("reads a price with its currency code as no address", () => {
    expect(found("Order 5521 · 3 item(s) · 4410 TRY").filter(([t]) => t === "ADDRESS")).toEqual([]);
  });
});

describe("the format detectors on floods", () => {
  it("reads a vCard whose lines are a flood of group prefixes without exhausting the stack", () => {
    expect(() => detectPhi(`BEGIN:VCARD\n${"a.".repeat(50_000)}`)).not.toThrow();
  });
});
