import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { type PhiType } from "./types";

// Names in shapes the contextual rules missed, and people's names that are firms, breeds or
// pets: each case failed before its rule.
const found = (text: string): [PhiType, string][] =>
  detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)]);
const names = (text: string): string[] =>
  found(text)
    .filter(([type]) => type === "NAME")
    .map(([, value]) => value);

describe("published formats", () => {
  it("reads a Slack header's speaker with AM/PM in capitals, and Uzbek ‘ in a speaker", () => {
    expect(names("Siem van Dongen  10:33 AM\nheads up")).toEqual(["Siem van Dongen"]);
    expect(names("[15.04.22, 16:19] Ulug‘bekov Zayd: Hello")).toEqual(["Ulug‘bekov Zayd"]);
  });

  it("reads a markdown table's cells under a name column", () => {
    const table = "| Name | DOB | Visit |\n|---|---|---|\n| Rufina Łapiński | 5/19/1985 | Tue |";
    expect(found(table)).toEqual([
      ["NAME", "Rufina Łapiński"],
      ["DATE", "5/19/1985"],
    ]);
  });

  it("reads an HL7 field of a clinician's XCN shape where the standard puts none", () => {
    expect(names("PV1|1|I|MED2^192^B|||701470^CHAMPLIN^MIREILLE^^^^^MD")).toEqual([
      "CHAMPLIN^MIREILLE",
    ]);
    expect(names("OBR|1||80048^BASIC^PANEL^^^C4")).toEqual([]);
  });
});

describe("people's names that are firms, breeds and pets", () => {
  it("reads no name in a firm named after its founders", () => {
    expect(names("@here Carl Zeiss rep is in at 2pm")).toEqual([]);
    expect(names("Invoice from Welch Allyn: $533.65")).toEqual([]);
    expect(names("The Thermo Fisher van is in for service")).toEqual([]);
    expect(names("the clinic cat knocked over the Dr. Scholl's insoles")).toEqual([]);
  });

  it("reads no name in a breed, nor a pet's records when the message is about a pet", () => {
    expect(names("Jack Russell dog bed is back in stock")).toEqual([]);
    expect(names("Owner Regina Kałuża wants Milo's records sent; last weight 29 kg")).not.toContain(
      "Milo",
    );
    expect(names("Ana Lima wants Milo's records sent to her new GP")).toContain("Milo");
  });
});

describe("links that identify no one", () => {
  it("reads no URL in a cart link whose query holds goods and campaign keys only", () => {
    expect(found("https://shop.example.com/cart?sku=XJD584P&qty=2&utm_campaign=june")).toEqual([]);
    expect(found("https://portal.example.com/records?patient=725660")).toEqual([
      ["URL", "https://portal.example.com/records?patient=725660"],
    ]);
  });
});
