import { describe, expect, it } from "vitest";
import { detectPhi } from "./detect";
import { type PhiType } from "./types";

// Shapes an outside corpus showed the detector missing: each case names the value it must find.
const found = (text: string): [PhiType, string][] =>
  detectPhi(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe("phones in every layout", () => {
  it("keeps an extension with the number", () => {
    for (const value of [
      "+1-903-140-4508x769",
      "(898)666-3621x0135",
      "001-213-359-8690x37716",
      "415.555.0199 ext. 12",
    ])
      expect(found(`Office line ${value} for billing.`), value).toContainEqual(["PHONE", value]);
  });

  it("reads other countries' layouts after a phone word, or before 'is my mobile'", () => {
    expect(found("Phone: 01 9327686")).toEqual([["PHONE", "01 9327686"]]);
    expect(found("Tel.: 0460/255 042")).toEqual([["PHONE", "0460/255 042"]]);
    expect(found("Tel.: 00381 50 666 136")).toEqual([["PHONE", "00381 50 666 136"]]);
    expect(found("93 57 39 28 is my mobile, text first")).toEqual([["PHONE", "93 57 39 28"]]);
  });

  it("takes a fax label on the line above", () => {
    expect(found("Our fax number is\n0241 0874 6552\nThanks.")).toEqual([
      ["FAX", "0241 0874 6552"],
    ]);
    expect(found("Fax:\n+49-2491-84377246")).toEqual([["FAX", "+49-2491-84377246"]]);
  });

  it("reads 00-dialled numbers, 'that's my cell' and a signature's T and F lines", () => {
    expect(found("0045 34 41 25 26")).toEqual([["PHONE", "0045 34 41 25 26"]]);
    expect(found("07400.123425 that's my cell")).toEqual([["PHONE", "07400.123425"]]);
    expect(found("Ana Lima\nPractice Manager\nT 512.345.908\nF 0265352277")).toContainEqual([
      "FAX",
      "0265352277",
    ]);
    expect(found("Ana\nT 512.345.908\nF 0265352277")).toContainEqual(["PHONE", "512.345.908"]);
    // A "Fax:" label opening the next line names the next number, not this one.
    expect(found("Phone: 545.489.4038 x5076\nFax:\n(978) 555-0142")).toEqual([
      ["PHONE", "545.489.4038 x5076"],
      ["FAX", "(978) 555-0142"],
    ]);
    expect(found("Reference number 4102 0016 5899 8905 was declined")).toEqual([]);
  });

  it("leaves unlabelled digit runs and order numbers alone", () => {
    expect(found("Order 0241 0874 6552 shipped")).toEqual([]);
    expect(found("we sold 93 57 39 28 units")).toEqual([]);
  });
});

describe("cards of every issuer range", () => {
  it("finds 15-digit 1800/2131 and 16-digit 35xx JCB numbers", () => {
    for (const value of ["213174054480898", "1800-0162-4098-695", "3566 0020 2036 0505"])
      expect(found(`card number ${value}`), value).toEqual([["CREDIT_CARD", value]]);
  });

  it("takes any Luhn-valid 12-19 digits next to a card word, in any grouping", () => {
    for (const value of ["5018-0151-7670", "4232-7774-3064-1", "6256-6432-8432-2407-748"])
      expect(found(`Pay with my card ${value} exp 09/29`), value).toContainEqual([
        "CREDIT_CARD",
        value,
      ]);
    // The schemes' own names are card words too.
    for (const [scheme, value] of [
      ["mir", "2200 6337 7634 0442"],
      ["rupay", "6058-9769-0977-4621"],
      ["uatp", "132792229595825"],
      ["troy", "9792737348907890"],
    ])
      expect(found(`use my ${scheme} ${value} pls`), value).toEqual([["CREDIT_CARD", value]]);
    // Without a card word an unusual grouping stays unread.
    expect(found("ref 5018-0151-7670")).toEqual([]);
  });
});

describe("dates with other languages' month names", () => {
  it("reads a day, a month name and a year in the languages Intl knows", () => {
    for (const value of [
      "4 Mai 1986",
      "15 de enero de 2000",
      "27 октября 1995",
      "12 Agosto 1946",
      "Februar 4, 2021",
    ])
      expect(found(`date of birth ${value}`), value).toEqual([["DATE", value]]);
    // Without both a day and a year a month name that is also a word stays a word.
    expect(found("we sold 3 set 2020 units")).toEqual([]);
    expect(found("Mai 1986")).toEqual([]);
  });
});

describe("names in every script", () => {
  it("reads Cyrillic and Greek names after a greeting or a sign-off", () => {
    expect(found("Dear Людмила Александрова,\n\nyour results are ready.")).toEqual([
      ["NAME", "Людмила Александрова"],
    ]);
    expect(found("Thank you Παναγιώτα Αργυριάδη!")).toEqual([["NAME", "Παναγιώτα Αργυριάδη"]]);
  });
});

describe("names from the library's lexicon", () => {
  it("knows given names the hand lists lack", () => {
    expect(found("Yesterday Aaliyah Okonjo brought in the forms.")).toEqual([
      ["NAME", "Aaliyah Okonjo"],
    ]);
  });

  it("reads unknown names after verbs that take a person, or before what people do", () => {
    expect(found("I've noted Nahil Aykurt as the emergency contact.")).toEqual([
      ["NAME", "Nahil Aykurt"],
    ]);
    expect(found("can Ilva Mazzoleno pick up the results?")).toEqual([["NAME", "Ilva Mazzoleno"]]);
    expect(found("Contact Melanio Califano about the invoice.")).toEqual([
      ["NAME", "Melanio Califano"],
    ]);
    expect(found("Yesterday Ulfo Manti brought in the forms.")).toEqual([["NAME", "Ulfo Manti"]]);
    // Things arrive too: a verb that objects share is no evidence.
    expect(found("The Apple Watch arrived broken.")).toEqual([]);
  });

  it("reads an addressee's line, a signature under '--' and a name under 'Ship to:'", () => {
    expect(found("Mozell Greenholt\n1847 Penny Trail")).toContainEqual([
      "NAME",
      "Mozell Greenholt",
    ]);
    expect(found("--\nKlara Chojnowski\nPractice Manager")).toEqual([["NAME", "Klara Chojnowski"]]);
    expect(found("Ship to:\nNimród Sipos\nplease")).toEqual([["NAME", "Nimród Sipos"]]);
    expect(found("Emergency contact — Skylar Bogan")).toEqual([["NAME", "Skylar Bogan"]]);
    // A heading over an address line is no person.
    expect(found("Clinic Hours\n9 to 5 on weekdays")).toEqual([]);
  });

  it("reads names typed in lower case after 'this is', 'my name is' or 'my mum'", () => {
    expect(found("hi this is davon quigley, i had an appointment")).toEqual([
      ["NAME", "davon quigley"],
    ]);
    expect(found("its for my mum νικόλαος γιαννόπουλος, she cant type")).toEqual([
      ["NAME", "νικόλαος γιαννόπουλος"],
    ]);
    // English words, and words with English endings, are no names.
    for (const text of [
      "this is urgent, please call",
      "this is ridiculous, i waited 2 hours",
      "hi this is a reminder",
      "my son has a fever",
      "hello, anyone here?",
      "ok thanks bye",
      "the patient leaflet is here",
    ])
      expect(found(text), text).toEqual([]);
  });

  it("reads 'Cole, Rolfson and Robinson' as one firm, not a person", () => {
    expect(found("Cole, Rolfson and Robinson recalled the gloves")).toEqual([]);
  });
});

describe("addresses read from their postal tail", () => {
  it("finds streets of many countries, multi-line and unit first", () => {
    const cases: [string, string][] = [
      ["Address: Laaksonenraitti 71, 58581 Helsinki", "Laaksonenraitti 71, 58581 Helsinki"],
      [
        "We moved! skwer Bartnik 28a m. 792, 02-035 Mława",
        "skwer Bartnik 28a m. 792, 02-035 Mława",
      ],
      ["ship it to\nZara Madsen\nDrieňová 46\n536 60 Humenné", "Drieňová 46\n536 60 Humenné"],
      [
        "We moved! Suite 388, 32 Jade Pass, Lake Stephanie, VIC 6758",
        "Suite 388, 32 Jade Pass, Lake Stephanie, VIC",
      ],
      [
        "billing addr: 5564 Jared Streets Suite 852, O'Haraworth, Y77 6V36",
        "5564 Jared Streets Suite 852, O'Haraworth",
      ],
    ];
    for (const [text, value] of cases) expect(found(text), text).toContainEqual(["ADDRESS", value]);
  });

  it("finds APO, DPO and FPO addresses with their ZIP apart", () => {
    expect(found("Mailing address PSC 5627, Box 2371, DPO AA 34068 (deployed)")).toEqual([
      ["ADDRESS", "PSC 5627, Box 2371, DPO AA"],
      ["ZIP_CODE", "34068"],
    ]);
    expect(found("Send it to:\nUSNS Otte\nAPO AE 09123")).toEqual([
      ["ADDRESS", "USNS Otte\nAPO AE"],
      ["ZIP_CODE", "09123"],
    ]);
    // The ship's name on the same line as the prose before it.
    expect(found("Mailing address USS Harber\nDPO AP 96374 (deployed until May)")).toEqual([
      ["ADDRESS", "USS Harber\nDPO AP"],
      ["ZIP_CODE", "96374"],
    ]);
    expect(found("Send to USS de Vries, APO AE 09717")).toEqual([
      ["ADDRESS", "USS de Vries, APO AE"],
      ["ZIP_CODE", "09717"],
    ]);
  });

  it("reads Cyrillic and Greek streets, six-digit codes and '-str.' streets", () => {
    const cases: [string, string][] = [
      [
        "Address on file is Винників майдан, 8, 85896 Лисичанськ.",
        "Винників майдан, 8, 85896 Лисичанськ",
      ],
      ["send it to\nΛούπη 35\n805 23 Θεσσαλονίκη\nthanks", "Λούπη 35\n805 23 Θεσσαλονίκη"],
      ["Strada Morii 12\n681949 Cajvana", "Strada Morii 12\n681949 Cajvana"],
      ["Ship to:\nDieselstr. 81b\n55644 Siljaburg", "Dieselstr. 81b\n55644 Siljaburg"],
    ];
    for (const [text, value] of cases) expect(found(text), text).toContainEqual(["ADDRESS", value]);
  });

  it("reads a Canadian postcode after its province, and military mail typed in lower case", () => {
    expect(found("Patient lives at 78210 Hill Rue Apt. 123, South Derrick, NB J1G 1G9")).toEqual([
      ["ADDRESS", "78210 Hill Rue Apt. 123, South Derrick, NB"],
      ["ZIP_CODE", "J1G 1G9"],
    ]);
    expect(found("mail goes to psc 9520, box 9808, dpo aa 34015")).toEqual([
      ["ADDRESS", "psc 9520, box 9808, dpo aa"],
      ["ZIP_CODE", "34015"],
    ]);
    expect(found("mail goes to USNS Боровська\nFPO AA 34044")).toEqual([
      ["ADDRESS", "USNS Боровська\nFPO AA"],
      ["ZIP_CODE", "34044"],
    ]);
  });

  it("leaves postcodes without a street line alone", () => {
    expect(found("We ship to 10115 Berlin and 75011 Paris.")).toEqual([]);
  });
});

describe("names without a title or greeting", () => {
  it("reads what people do after their name", () => {
    expect(found("Catinca Calin says the new time works.")).toEqual([["NAME", "Catinca Calin"]]);
    expect(found("Zenaide Deiana, born 21.04.2002, new patient.")).toContainEqual([
      "NAME",
      "Zenaide Deiana",
    ]);
    expect(found("Toma Burđak (Joško's mother) called twice.")).toEqual([
      ["NAME", "Toma Burđak"],
      ["NAME", "Joško"],
    ]);
    expect(found("Can you ask Guilherme to bring the x-rays")).toEqual([["NAME", "Guilherme"]]);
  });

  it("does not read firms made of surnames, or a car make, as people", () => {
    for (const text of [
      "Supplier: Walsh - Cummings (Streamlined concept).",
      "Grimes, Williamson and Kutch sent an invoice.",
      "Renault et Legrand and Rey et Fontaine both quoted 357.77.",
      "The Ferrari van needs new tyres.",
    ])
      expect(found(text), text).toEqual([]);
    // A sign-off dash is not a firm's hyphen.
    expect(found("Thx! - Mei")).toEqual([["NAME", "Mei"]]);
  });
});

describe("names written in other alphabets' Latin letters, and names listed together", () => {
  it("reads a capital from Latin Extended-A and Vietnamese letters as a capital", () => {
    expect(found("Guardian: Đurica Gagić")).toEqual([["NAME", "Đurica Gagić"]]);
    expect(found("Diễm Chi Đào says the new time works")).toEqual([["NAME", "Diễm Chi Đào"]]);
    expect(found("Matjaž Črešnik (Erik's mother) called")).toContainEqual([
      "NAME",
      "Matjaž Črešnik",
    ]);
  });

  it("takes an unknown name joined by 'and' to a name it found, not a firm or a lone word", () => {
    expect(found("Visitors today: Poppy Tillman and Audrey Rowe.")).toEqual([
      ["NAME", "Poppy Tillman"],
      ["NAME", "Audrey Rowe"],
    ]);
    expect(found("Greenfelder, Pagac and Schmidt sent an invoice")).not.toContainEqual([
      "NAME",
      "Greenfelder",
    ]);
    expect(found("Rock Paper and Scissors is a game")).toEqual([]);
    expect(found("Blue Cross and Blue Shield pay for it")).toEqual([]);
  });
});

// Rules measured on the blind corpus (written without reading the detector): each case is one of
// its shapes, reworded.
describe("addresses after a phrase that announces one, in any country's form", () => {
  it("reads the lines after the cue, with the postcode inside or as a ZIP of its own", () => {
    expect(found("i moved, new address harman yolu sokak 99c, 70475 bingöl")).toContainEqual([
      "ADDRESS",
      "harman yolu sokak 99c, 70475 bingöl",
    ]);
    expect(found("send the letter to\nλούπη 35\n805 23 θεσσαλονίκη\nagent: ok")).toContainEqual([
      "ADDRESS",
      "λούπη 35\n805 23 θεσσαλονίκη",
    ]);
    expect(
      found("Please update my address to 2210 Pine Street, Unit 4, San Francisco, CA 94115."),
    ).toEqual([
      ["ADDRESS", "2210 Pine Street, Unit 4, San Francisco, CA"],
      ["ZIP_CODE", "94115"],
    ]);
    expect(
      found("Please ship it to\nZara Madsen\nUlstrupvej 18A, 8. th\n4848 Broager"),
    ).toContainEqual(["ADDRESS", "Ulstrupvej 18A, 8. th\n4848 Broager"]);
  });

  it("is no address without a number, or with a time, an e-mail or plain English", () => {
    for (const text of [
      "Meeting moved to Lundi at 15:30, room 210.",
      "send it to my email please",
      "email address: ana.lima@example.com",
      "ship it to 2 people, thanks",
      "IP address 10.0.0.1, subnet 24",
    ])
      expect(
        found(text).filter(([type]) => type === "ADDRESS"),
        text,
      ).toEqual([]);
  });
});

describe("names the blind corpus showed", () => {
  it("finds every person of a list once one is a name, but not a list of firms", () => {
    expect(found("Attendees: Viola Čapkovič; Júlia Lukáčová; Pavol Heretik")).toEqual([
      ["NAME", "Viola Čapkovič"],
      ["NAME", "Júlia Lukáčová"],
      ["NAME", "Pavol Heretik"],
    ]);
    expect(found("Shortlist: Fresenius, Hugo Boss, and Boston Scientific – all quoted")).toEqual(
      [],
    );
  });

  it('reads "it\'s …", JSON fields and labels; not banners, cue words or firms', () => {
    expect(found("Hi, it's Eduards Matisone, I need to reschedule")).toEqual([
      ["NAME", "Eduards Matisone"],
    ]);
    expect(found('{"contact":{"name":"Rubén Melgar Terán"}}')).toEqual([
      ["NAME", "Rubén Melgar Terán"],
    ]);
    expect(found("Guarantor: Jette Dalgaard")).toEqual([["NAME", "Jette Dalgaard"]]);
    for (const text of [
      "-----Original Message-----",
      "--- Registration ---",
      "Relationship: spouse\nEmployer: Morgan Stanley",
      "Yes, Dr. Oetker covers it up to $130",
      "it's me, it's Pfizer calling",
      "Flight 0042 to Veľký Krtíš boards at 19:30",
      "Mark the boxes in red.",
      "reference KOI2JO26.",
      // A title glued to digits is part of a code: "4SR" is no "Sr." before a name.
      "Ipswich\nIP7 4SR\nPh: 01473 960 210",
      "Lot 12MR Ward delivered",
    ])
      expect(
        found(text).filter(([type]) => type === "NAME"),
        text,
      ).toEqual([]);
  });
});

describe("tables, repeated values and numbers after names", () => {
  it("types the cells under a header that names its columns", () => {
    expect(found("last;first;birth;mrn\nBajer;Darek;24. 10. 1970;990-197-250")).toEqual([
      ["NAME", "Bajer"],
      ["NAME", "Darek"],
      ["DATE", "24. 10. 1970"],
      ["MRN", "990-197-250"],
    ]);
    // In a table of goods the name is a product's.
    expect(found("sku,name,qty,price\nA0WU0GHJ,Tylenol Extra Strength,2,9.99")).toEqual([]);
  });

  it("finds a value again where its cue is gone, and a number after a listed name", () => {
    expect(found("my number is 0355509343, again that's 0355509343. Thank you.")).toEqual([
      ["PHONE", "0355509343"],
      ["PHONE", "0355509343"],
    ]);
    expect(found("Carpool: Ole Knudsen 97 26 92 34; John Pallesen +45 22 33 44 55")).toEqual([
      ["NAME", "Ole Knudsen"],
      ["PHONE", "97 26 92 34"],
      ["NAME", "John Pallesen"],
      ["PHONE", "+45 22 33 44 55"],
    ]);
  });

  it("reads phone words of other languages; not a tracking number's tail or a dose", () => {
    expect(found("Su número: 939 78 73 01")).toEqual([["PHONE", "939 78 73 01"]]);
    expect(found("called, νέο τηλέφωνο 2430 536536")).toEqual([["PHONE", "2430 536536"]]);
    expect(found("tracking 9400 7983 4899 0097 0142 87 says out for delivery")).toEqual([]);
    expect(found("P: amoxicillin 875/125 mg q12h")).toEqual([]);
  });

  it("reads three-letter foreign months between a day and a year", () => {
    for (const value of ["12 ott 2025", "23 déc. 1982", "18 июл. 2023", "2 Oca 2024"])
      expect(found(`Verified at check-in ${value}.`), value).toEqual([["DATE", value]]);
    expect(found('{"version":"8.4.15"}')).toEqual([]);
  });
});

describe("names in rosters, headers and other languages", () => {
  it("reads a semicolon roster of 'Surname, Given', but not places or firms", () => {
    expect(
      found("Waiting list (in order): Schwuchow, Said; Schonberg, Sascha; Lufft, Markus."),
    ).toEqual([
      ["NAME", "Schwuchow, Said"],
      ["NAME", "Schonberg, Sascha"],
      ["NAME", "Lufft, Markus"],
    ]);
    expect(found("Offices: Paris, France; Berlin, Germany; Rome, Italy")).toEqual([]);
  });

  it("reads patient and relation words of other languages, mail headers and verbs after a name", () => {
    expect(found("Пациентка Нина Медведева звонила")).toContainEqual(["NAME", "Нина Медведева"]);
    expect(found("Tochter Eddy Steffny übersetzt")).toEqual([["NAME", "Eddy Steffny"]]);
    expect(found("cc: Tine Juhl")).toEqual([["NAME", "Tine Juhl"]]);
    expect(found("On 2 Oca 2024, Güher Aykaç <g.aykac@example.com> wrote:")).toContainEqual([
      "NAME",
      "Güher Aykaç",
    ]);
    expect(found("Frederique Pagac-Murazik llamó — wants a call")).toEqual([
      ["NAME", "Frederique Pagac-Murazik"],
    ]);
    expect(found("noted, will pass it to Maren van de Veen\nThanks")).toEqual([
      ["NAME", "Maren van de Veen"],
    ]);
  });
});
