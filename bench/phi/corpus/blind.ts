// A fifth evaluation corpus, written without reading the detector (only the bench's corpus shape
// and its type names), so its figures are not shaped by knowing which cues the detector keys on.
// Values come from @faker-js/faker in 27 locales of the scripts the product claims (Latin, Greek,
// Cyrillic); the voices are ones the other corpora do not use: forum and review posts, clinical
// intake notes, voicemail transcripts, form dumps, CSV and JSON lines, lower-case unpunctuated
// SMS, quoted e-mail replies, lists of people, and notes that switch between two languages.
// About 35% of the messages are clean, written to be hard: firms named after people ("Johnson &
// Johnson", "Morgan Stanley"), products, places, prices, order and tracking numbers, dosages,
// ICD-10 codes, versions, and capitalised words that are also given names or months.
import { type Faker, allFakers } from "@faker-js/faker";
import { type PhiType } from "@frontdesk/phi";
import { type CorpusMessage } from "./generate";

const LOCALES = [
  "en_US",
  "de",
  "fr",
  "es",
  "it",
  "pt_BR",
  "nl",
  "pl",
  "cs_CZ",
  "sv",
  "tr",
  "ru",
  "el",
  "en_GB",
  "de_AT",
  "de_CH",
  "fr_CA",
  "es_MX",
  "sk",
  "da",
  "nb_NO",
  "fi",
  "hu",
  "ro",
  "hr",
  "lv",
  "uk",
  "en_CA",
] as const;
type Locale = (typeof LOCALES)[number];

/** The BCP 47 tag Intl knows each locale by (for month names written the local way). */
const INTL_TAG: Record<Locale, string> = {
  en_US: "en-US",
  de: "de",
  fr: "fr",
  es: "es",
  it: "it",
  pt_BR: "pt-BR",
  nl: "nl",
  pl: "pl",
  cs_CZ: "cs",
  sv: "sv",
  tr: "tr",
  ru: "ru",
  el: "el",
  en_GB: "en-GB",
  de_AT: "de-AT",
  de_CH: "de-CH",
  fr_CA: "fr-CA",
  es_MX: "es-MX",
  sk: "sk",
  da: "da",
  nb_NO: "nb",
  fi: "fi",
  hu: "hu",
  ro: "ro",
  hr: "hr",
  lv: "lv",
  uk: "uk",
  en_CA: "en-CA",
};

/** A labelled span that remembers the value inserted, so a test can check the offsets. */
export interface BlindSpan {
  type: PhiType;
  start: number;
  end: number;
  value: string;
}
export interface BlindMessage {
  text: string;
  spans: BlindSpan[];
}

type Part = string | [PhiType, string];

interface Ctx {
  f: Faker;
  locale: Locale;
}

function pick<T>(f: Faker, xs: readonly T[]): T {
  return f.helpers.arrayElement(xs);
}

function safe(g: () => string, fallback: string): string {
  try {
    const v = g();
    return v.trim() === "" ? fallback : v;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// Values.

const first = ({ f }: Ctx): string => f.person.firstName();
const last = ({ f }: Ctx): string => f.person.lastName();
const full = (c: Ctx): string => `${first(c)} ${last(c)}`;

/** "Lastname, Firstname", as registers and spreadsheets write it. */
const inverted = (c: Ctx): string => `${last(c)}, ${first(c)}`;

function dateOf(c: Ctx, d: Date): string {
  const { f, locale } = c;
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  const y = d.getUTCFullYear();
  const local = (style: "long" | "medium"): string =>
    safe(
      () =>
        new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: style, timeZone: "UTC" })
          .format(d)
          // "4 марта 1956 г.", "4. ožujka 1956.": the trailing abbreviation and dot are left
          // outside the span, where a sentence's full stop would also be.
          .replace(/ [гр]\.$/u, "")
          .replace(/\.$/u, ""),
      `${dd}.${mm}.${y}`,
    );
  const monthEn = new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" }).format(d);
  switch (f.number.int(9)) {
    case 0:
    case 1:
      return local("long");
    case 2:
      return local("medium");
    case 3:
      return `${y}-${mm}-${dd}`;
    case 4:
      return `${mm}/${dd}/${y}`;
    case 5:
      return `${dd}.${mm}.${y}`;
    case 6:
      return `${d.getUTCDate()}-${monthEn}-${y}`;
    case 7:
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${String(y).slice(2)}`;
    case 8:
      return `${dd}/${mm}/${y}`;
    default:
      return `${monthEn} ${d.getUTCDate()}, ${y}`;
  }
}

const dob = (c: Ctx): string =>
  dateOf(c, c.f.date.birthdate({ mode: "age", min: 1, max: 88, refDate: "2026-01-01" }));
const visit = (c: Ctx): string =>
  dateOf(c, c.f.date.between({ from: "2023-01-01", to: "2026-12-31" }));

function phone(c: Ctx): string {
  const style = pick(c.f, ["human", "national", "national", "international"] as const);
  return safe(() => c.f.phone.number({ style }), "+1 555 201 7788");
}

/** Phones with extensions, in the US directory forms and the "ext." / "Durchwahl" forms. */
function phoneExt(c: Ctx): string {
  const { f } = c;
  const area = f.number.int({ min: 201, max: 989 });
  const exch = f.number.int({ min: 200, max: 999 });
  const line = String(f.number.int(9999)).padStart(4, "0");
  const ext = String(f.number.int({ min: 1, max: 9999 }));
  return pick(f, [
    `+1-${area}-${exch}-${line}x${ext}`,
    `(${area})${exch}-${line}x${ext}`,
    `${area}-${exch}-${line} ext. ${ext}`,
    `${area}.${exch}.${line} x${ext}`,
    `(${area}) ${exch}-${line} ext ${ext}`,
    `${safe(() => f.phone.number({ style: "national" }), `${area} ${exch} ${line}`)} ext. ${ext}`,
    `${safe(() => f.phone.number({ style: "international" }), `+1${area}${exch}${line}`)} x${ext}`,
  ]);
}

const email = ({ f }: Ctx): string => f.internet.email();

/** A valid-looking US SSN: area 001–899 except 666, group and serial not zero. */
function ssn({ f }: Ctx): string {
  let area = f.number.int({ min: 1, max: 899 });
  if (area === 666) area = 667;
  const a = String(area).padStart(3, "0");
  const g = String(f.number.int({ min: 1, max: 99 })).padStart(2, "0");
  const s = String(f.number.int({ min: 1, max: 9999 })).padStart(4, "0");
  return pick(f, [`${a}-${g}-${s}`, `${a}-${g}-${s}`, `${a} ${g} ${s}`, `${a}${g}${s}`]);
}

/** Record numbers as clinics print them; the cue is written by the template. */
function mrn({ f }: Ctx): string {
  return pick(f, [
    f.string.numeric(8),
    f.string.numeric(7),
    `${f.string.alpha({ length: 1, casing: "upper" })}${f.string.numeric(7)}`,
    `${f.number.int({ min: 2015, max: 2026 })}-${f.string.numeric(6)}`,
    `MR-${f.string.numeric(6)}`,
    `${f.string.numeric(3)}-${f.string.numeric(3)}-${f.string.numeric(3)}`,
  ]);
}

/** A Luhn check digit for `body` (the digits without it). */
export function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

// Issuer prefixes with their lengths, 12 to 19 digits: Maestro 12–19, Visa 13/16/19, Diners 14,
// Amex 15, UATP 15, JCB 16 (and 15 for the old 1800/2131), Mastercard 51–55 and 2221–2720,
// Discover 6011/644–649/65 (16 and 19), UnionPay 62 (16–19), Mir 2200–2204, RuPay 60/65/81/82,
// Troy 9792, Verve 506099, InstaPayment 637–639, Dankort 5019, Elo 636368.
const ISSUERS: [string, number, string][] = [
  ["5018", 12, "Maestro"],
  ["6759", 13, "Maestro"],
  ["4", 13, "Visa"],
  ["36", 14, "Diners Club"],
  ["3005", 14, "Diners Club"],
  ["34", 15, "Amex"],
  ["37", 15, "American Express"],
  ["1", 15, "UATP"],
  ["2131", 15, "JCB"],
  ["4", 16, "Visa"],
  ["4", 16, "VISA"],
  ["53", 16, "Mastercard"],
  ["55", 16, "MasterCard"],
  ["2300", 16, "Mastercard"],
  ["6011", 16, "Discover"],
  ["645", 16, "Discover"],
  ["3530", 16, "JCB"],
  ["2201", 16, "Mir"],
  ["6521", 16, "RuPay"],
  ["9792", 16, "Troy"],
  ["5019", 16, "Dankort"],
  ["636368", 16, "Elo"],
  ["638", 16, "InstaPayment"],
  ["62", 17, "UnionPay"],
  ["6304", 18, "Maestro"],
  ["506099", 18, "Verve"],
  ["4", 19, "Visa"],
  ["6011", 19, "Discover"],
  ["62", 19, "UnionPay"],
  ["2204", 19, "Mir"],
];

function card({ f }: Ctx): { number: string; scheme: string } {
  const [prefix, length, scheme] = pick(f, ISSUERS);
  let body = prefix;
  while (body.length < length - 1) body += String(f.number.int(9));
  const digits = body + String(luhnDigit(body));
  const style = f.number.int(4);
  if (style <= 1) return { number: digits, scheme };
  const sep = style === 2 ? " " : "-";
  if (length === 15 && /^3[47]/.test(prefix))
    return {
      number: [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep),
      scheme,
    };
  if (length === 14 && prefix.startsWith("3"))
    return {
      number: [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep),
      scheme,
    };
  return { number: digits.match(/.{1,4}/g)?.join(sep) ?? digits, scheme };
}

/** Locales whose postcode follows "City, ST" and is labelled on its own, as the bench does. */
const US_STYLE = new Set<Locale>(["en_US", "en_CA", "fr_CA"]);
const CYRILLIC = new Set<Locale>(["ru", "uk"]);

/** ADDRESS parts (and ZIP_CODE where it stands apart) in the locale's own order. */
function address(c: Ctx, sep: string): Part[] {
  const { f, locale } = c;
  const street = safe(() => f.location.streetAddress(f.datatype.boolean()), "12 Main St");
  const city = safe(() => f.location.city(), "Springfield");
  const zip = safe(() => f.location.zipCode(), "12345");
  if (US_STYLE.has(locale)) {
    const state = safe(() => f.location.state({ abbreviated: true }), "TX");
    if (f.number.int(2) === 0) {
      // Unit first: "Apt. 4, 123 Main St".
      const unit = safe(() => f.location.secondaryAddress(), "Apt. 4");
      const bare = safe(() => f.location.streetAddress(false), "12 Main St");
      return [["ADDRESS", `${unit}${sep}${bare}${sep}${city}, ${state}`], " ", ["ZIP_CODE", zip]];
    }
    return [["ADDRESS", `${street}${sep}${city}, ${state}`], " ", ["ZIP_CODE", zip]];
  }
  if (locale === "en_GB") {
    if (f.datatype.boolean()) {
      const unit = pick(f, ["Flat 3", "Flat 12B", "Unit 7", "Flat 2/1"]);
      return [
        [
          "ADDRESS",
          `${unit}${sep}${safe(() => f.location.streetAddress(false), "1 High St")}${sep}${city}`,
        ],
        sep,
        ["ZIP_CODE", zip],
      ];
    }
    return [["ADDRESS", `${street}${sep}${city}`], sep, ["ZIP_CODE", zip]];
  }
  if (CYRILLIC.has(locale)) {
    const g = locale === "ru" ? "г." : "м.";
    return [["ADDRESS", `${zip}, ${g} ${city}${sep}${street}`]];
  }
  return [["ADDRESS", `${street}${sep}${zip} ${city}`]];
}

/** Military mail: APO/DPO/FPO with a PSC, unit or ship line. */
function military({ f }: Ctx, sep: string): Part[] {
  const region = pick(f, ["AE", "AP", "AA"]);
  const zip =
    region === "AP"
      ? `96${f.number.int({ min: 201, max: 698 })}`
      : region === "AA"
        ? `340${f.number.int({ min: 10, max: 99 })}`
        : `09${f.number.int({ min: 100, max: 898 })}`;
  const line = pick(f, [
    `PSC ${f.number.int({ min: 1000, max: 9999 })}, Box ${f.number.int({ min: 1, max: 9999 })}`,
    `Unit ${f.number.int({ min: 1000, max: 9999 })} Box ${f.number.int({ min: 1, max: 9999 })}`,
    `CMR ${f.number.int({ min: 400, max: 499 })} Box ${f.number.int({ min: 1, max: 999 })}`,
  ]);
  return [
    ["ADDRESS", `${line}${sep}${pick(f, ["APO", "DPO", "FPO"])} ${region}`],
    " ",
    ["ZIP_CODE", zip],
  ];
}

const anyAddress = (c: Ctx, sep: string): Part[] =>
  c.f.number.int(9) === 0 ? military(c, sep) : address(c, sep);

// ---------------------------------------------------------------------------------------------
// Messages with PHI, by voice. Each returns parts; a part [type, value] is one labelled span.

type Template = (c: Ctx) => Part[];

const FORUM: Template[] = [
  (c) => [
    "★★★★★ ",
    ["NAME", full(c)],
    " at the front desk sorted out my insurance mess in ten minutes. Parking is a nightmare though.",
  ],
  (c) => [
    "Went in for a cleaning last week. ",
    ["NAME", full(c)],
    " was gentle and explained everything. Would recommend.",
  ],
  (c) => [
    "1/5. Waited 90 minutes, then ",
    ["NAME", full(c)],
    " told me to come back Thursday. Never again.",
  ],
  (c) => [
    "Re: best physio in town?\n\nMy mum swears by ",
    ["NAME", full(c)],
    ". Ask for an early slot, the afternoons are packed.",
  ],
  (c) => [
    ["NAME", full(c)],
    " and I went there after the ski accident and both got seen the same day. Decent coffee too.",
  ],
  (c) => [
    "UPDATE: they finally called back (from ",
    ["PHONE", phone(c)],
    ") and moved me to the morning list. Thanks ",
    ["NAME", first(c)],
    "!",
  ],
  (c) => [
    "Does anyone know if ",
    ["NAME", full(c)],
    " still works there? She moved practices in the spring I think.",
  ],
  (c) => [
    "Posted by ",
    ["NAME", full(c)],
    " · ",
    ["DATE", visit(c)],
    "\nGreat team, clean rooms, they even remembered my son's birthday.",
  ],
  (c) => [
    "Honestly ",
    ["NAME", full(c)],
    " is the only reason we stay with this clinic. 4 stars because the app keeps logging me out.",
  ],
  (c) => ["if anyone wants the referral letter template msg me, or email ", ["EMAIL", email(c)]],
  (c) => [
    "We moved to ",
    ...anyAddress(c, ", "),
    " last spring and this practice is a five-minute walk. Five stars.",
  ],
  (c) => {
    const k = card(c);
    return [
      `They charged my ${k.scheme} `,
      ["CREDIT_CARD", k.number],
      " twice for one visit and nobody answers the phone. Avoid.",
    ];
  },
];

const INTAKE: Template[] = [
  (c) => [
    "INTAKE ",
    ["DATE", visit(c)],
    "\n",
    c.f.number.int({ min: 24, max: 85 }).toString(),
    " y/o presenting w/ lower back pain x3 wks. Accompanied by daughter ",
    ["NAME", full(c)],
    ". MRN ",
    ["MRN", mrn(c)],
    ". NKDA.",
  ],
  (c) => [
    "Pt ",
    ["NAME", full(c)],
    ", DOB ",
    ["DATE", dob(c)],
    ", seen for f/u of HTN. BP 142/88, HR 76. Cont. lisinopril 10 mg qd.",
  ],
  (c) => [
    "CC: cough x5d. Hx asthma (J45.909). Lives at ",
    ...anyAddress(c, ", "),
    " with partner ",
    ["NAME", full(c)],
    ". Smoker, 10 pack-yrs.",
  ],
  (c) => [
    "New pt intake — referred by Dr. ",
    ["NAME", last(c)],
    ". Emergency contact: ",
    ["NAME", full(c)],
    " ",
    ["PHONE", phone(c)],
    ". Chart #",
    ["MRN", mrn(c)],
  ],
  (c) => [
    "S: pt reports dizziness since ",
    ["DATE", visit(c)],
    ".\nO: T 37.2, SpO2 97%.\nA/P: labs, recheck 2 wks. Pt's son ",
    ["NAME", full(c)],
    " to drive.",
  ],
  (c) => [
    "Address on file:\n",
    ...anyAddress(c, "\n"),
    "\nVerified with pt at check-in ",
    ["DATE", visit(c)],
    ".",
  ],
  (c) => [
    "Triage note: ",
    ["NAME", full(c)],
    " brought in by ",
    ["NAME", full(c)],
    " (neighbour). Med rec no. ",
    ["MRN", mrn(c)],
    ". Allergies: penicillin, latex.",
  ],
  (c) => [
    "Intake: insurance card photocopied, SSN ",
    ["SSN", ssn(c)],
    " verified, MRN: ",
    ["MRN", mrn(c)],
    ". Co-pay $25 collected.",
  ],
];

const VOICEMAIL: Template[] = [
  (c) => [
    "hi this is ",
    ["NAME", full(c)],
    " calling about my appointment on Tuesday, um, could you call me back at ",
    ["PHONE", phone(c)],
    ", thanks, bye",
  ],
  (c) => {
    const p = phone(c);
    return [
      "Voicemail (0:42): Hi, it's ",
      ["NAME", first(c)],
      " ",
      ["NAME", last(c)],
      ", I need to reschedule. My number is ",
      ["PHONE", p],
      ", again that's ",
      ["PHONE", p],
      ". Thank you.",
    ];
  },
  (c) => [
    "hello yes this message is for ",
    ["NAME", full(c)],
    " this is the lab calling about results please call ",
    ["PHONE", phoneExt(c)],
    " thank you",
  ],
  (c) => [
    'Transcript: "Hi there, this is ',
    ["NAME", full(c)],
    ", date of birth ",
    ["DATE", dob(c)],
    ", I'm calling for a refill of my inhaler.\"",
  ],
  (c) => [
    "[voicemail] hey it's ",
    ["NAME", first(c).toLowerCase()],
    " from next door, ",
    ["NAME", full(c)],
    " fell again, she's fine but can someone call her at ",
    ["PHONE", phone(c)],
  ],
  (c) => [
    "Hi, this is ",
    ["NAME", full(c)],
    " from the billing office, you can reach me directly at ",
    ["PHONE", phoneExt(c)],
    " or fax us at ",
    ["FAX", phone(c)],
    ".",
  ],
  (c) => {
    const k = card(c);
    return [
      "hi it's ",
      ["NAME", full(c)],
      `, I'd like to pay the bill with my ${k.scheme}, the number is `,
      ["CREDIT_CARD", k.number],
      ", expiry oh nine twenty-eight, thanks",
    ];
  },
  (c) => [
    "Hi, this is ",
    ["NAME", full(c)],
    ", I moved, the new address is ",
    ...address(c, ", "),
    ", please update it, bye.",
  ],
];

const FORM: Template[] = [
  (c) => [
    "Patient: ",
    ["NAME", full(c)],
    "\nDOB: ",
    ["DATE", dob(c)],
    "\nSex: ",
    pick(c.f, ["F", "M", "X"]),
    "\nPhone: ",
    ["PHONE", phone(c)],
    "\nAddress: ",
    ...anyAddress(c, ", "),
    "\nAllergies: none known",
  ],
  (c) => [
    "Name: ",
    ["NAME", inverted(c)],
    "\nDate of birth: ",
    ["DATE", dob(c)],
    "\nMRN: ",
    ["MRN", mrn(c)],
    "\nPCP: Dr. ",
    ["NAME", full(c)],
    "\nReason for visit: annual physical",
  ],
  (c) => [
    "--- Registration ---\nFirst name: ",
    ["NAME", first(c)],
    "\nLast name: ",
    ["NAME", last(c)],
    "\nE-mail: ",
    ["EMAIL", email(c)],
    "\nMobile: ",
    ["PHONE", phone(c)],
    "\nFax: ",
    ["FAX", phone(c)],
  ],
  (c) => [
    "Mailing address:\n",
    ["NAME", full(c)],
    "\n",
    ...anyAddress(c, "\n"),
    "\nPreferred contact: e-mail",
  ],
  (c) => {
    const k = card(c);
    return [
      "Payment\nCardholder: ",
      ["NAME", full(c)],
      `\nCard type: ${k.scheme}\nCard no.: `,
      ["CREDIT_CARD", k.number],
      "\nExpiry: 08/29",
    ];
  },
  (c) => [
    "Guarantor: ",
    ["NAME", full(c)],
    "\nSSN: ",
    ["SSN", ssn(c)],
    "\nRelationship: spouse\nEmployer: Morgan Stanley",
  ],
];

const CSV: Template[] = [
  (c) => [
    "name,dob,phone,city\n",
    ["NAME", full(c)],
    ",",
    ["DATE", dob(c)],
    ",",
    ["PHONE", phone(c)],
    `,${safe(() => c.f.location.city(), "Lyon")}`,
  ],
  (c) => [
    '"',
    ["NAME", inverted(c)],
    '","',
    ["EMAIL", email(c)],
    '","',
    ["MRN", mrn(c)],
    '","active"',
  ],
  (c) => [
    "last;first;birth;mrn\n",
    ["NAME", last(c)],
    ";",
    ["NAME", first(c)],
    ";",
    ["DATE", dob(c)],
    ";",
    ["MRN", mrn(c)],
  ],
  (c) => [
    `${c.f.number.int({ min: 1, max: 400 })},`,
    ["NAME", full(c)],
    ",",
    ["PHONE", phoneExt(c)],
    ",follow-up,",
    String(c.f.number.int({ min: 8, max: 17 })),
    ":00",
  ],
  (c) => {
    const k = card(c);
    return [
      "txn_id,card_scheme,card_number,amount\n",
      c.f.string.numeric(9),
      `,${k.scheme},`,
      ["CREDIT_CARD", k.number],
      `,${c.f.finance.amount({ min: 10, max: 400 })}`,
    ];
  },
];

const JSONISH: Template[] = [
  (c) => [
    '{"patient": "',
    ["NAME", full(c)],
    '", "dob": "',
    ["DATE", dob(c)],
    '", "mrn": "',
    ["MRN", mrn(c)],
    '"}',
  ],
  (c) => [
    '{"contact":{"name":"',
    ["NAME", full(c)],
    '","email":"',
    ["EMAIL", email(c)],
    '","phone":"',
    ["PHONE", phone(c)],
    '"},"source":"webform"}',
  ],
  (c) => {
    const parts = address(c, ", ");
    return ['{"type":"address_change","new":"', ...parts, '","verified":false}'];
  },
  (c) => {
    const k = card(c);
    return [
      `{"payment_method":"card","brand":"${k.scheme.toLowerCase()}","card_number":"`,
      ["CREDIT_CARD", k.number],
      '","holder":"',
      ["NAME", full(c)],
      '"}',
    ];
  },
  (c) => ['{"ssn":"', ["SSN", ssn(c)], '","fax":"', ["FAX", phoneExt(c)], '"}'],
];

/** Lower-case, unpunctuated texting; every part is lower-cased before insertion. */
const SMS: Template[] = [
  (c) => ["hey its ", ["NAME", full(c)], " running late be there in 10"],
  (c) => ["new number ", ["PHONE", phone(c)], " save it"],
  (c) => ["im at ", ...address(c, " "), " can u pick me up"],
  (c) => ["mum says ", ["NAME", full(c)], " already picked up the prescription"],
  (c) => ["ok ", ["NAME", first(c)], " and ", ["NAME", full(c)], " are coming too"],
  (c) => {
    const k = card(c);
    return [`use my ${k.scheme} `, ["CREDIT_CARD", k.number], " for the copay thx"];
  },
  (c) => ["dob is ", ["DATE", dob(c)], " if they ask"],
  (c) => ["text ", ["NAME", full(c)], " at ", ["PHONE", phone(c)], " shes the new nurse"],
  (c) => ["send it to ", ["EMAIL", email(c)], " not my work one"],
  (c) => ["moving to ", ...anyAddress(c, " "), " on ", weekday(c), " finally"],
  (c) => {
    const k = card(c);
    return [`${k.scheme} card `, ["CREDIT_CARD", k.number], " exp 11 28"];
  },
  (c) => ["its ", ["NAME", full(c)], " from 3b my new address ", ...address(c, " ")],
];

const QUOTED: Template[] = [
  (c) => {
    const n = full(c);
    return [
      "Sounds good, I've updated the file.\n\nOn ",
      ["DATE", visit(c)],
      ", ",
      ["NAME", n],
      " <",
      ["EMAIL", email(c)],
      "> wrote:\n> Hi, my new address is\n> ",
      ...address(c, "\n> "),
      "\n> Thanks",
    ];
  },
  (c) => [
    "> Could you send me the invoice again?\n> ",
    ["NAME", first(c)],
    "\n\nDone, sent to ",
    ["EMAIL", email(c)],
    " a minute ago.",
  ],
  (c) => [
    "> > please call ",
    ["PHONE", phone(c)],
    " after 5\n> noted, will pass it to ",
    ["NAME", full(c)],
    "\nThanks both.",
  ],
  (c) => {
    const k = card(c);
    return [
      "-----Original Message-----\nFrom: ",
      ["NAME", full(c)],
      "\nSent: ",
      ["DATE", visit(c)],
      `\n\n> please charge the ${k.scheme} card `,
      ["CREDIT_CARD", k.number],
      " for the balance\n\nWe can't take card numbers by e-mail, please call us.",
    ];
  },
  (c) => [
    "> record number is ",
    ["MRN", mrn(c)],
    "\n\nThanks, found it. Fax the consent to ",
    ["FAX", phoneExt(c)],
    ".",
  ],
];

const PEOPLE_LIST: Template[] = [
  (c) => ["Attendees: ", ["NAME", full(c)], "; ", ["NAME", full(c)], "; ", ["NAME", full(c)]],
  (c) => [
    "On call this weekend: ",
    ["NAME", full(c)],
    ", ",
    ["NAME", full(c)],
    ", and ",
    ["NAME", full(c)],
    ".",
  ],
  (c) => ["cc: ", ["NAME", full(c)], ", ", ["NAME", full(c)], "\nbcc: ", ["NAME", full(c)]],
  (c) => [
    "Waiting list (in order): ",
    ["NAME", inverted(c)],
    "; ",
    ["NAME", inverted(c)],
    "; ",
    ["NAME", inverted(c)],
    ".",
  ],
  (c) => [["NAME", full(c)], ", ", ["NAME", full(c)], " – both no-shows, send reminder."],
  (c) => [
    "Carpool: ",
    ["NAME", full(c)],
    " ",
    ["PHONE", phone(c)],
    "; ",
    ["NAME", full(c)],
    " ",
    ["PHONE", phone(c)],
  ],
];

/** Notes that switch between the locale's language and English. */
function mixed(c: Ctx): Part[] {
  const { f, locale } = c;
  const n = full(c);
  switch (locale) {
    case "de":
    case "de_AT":
    case "de_CH":
      return pick(f, [
        (): Part[] => [
          "Pat. spricht nur Deutsch, Tochter ",
          ["NAME", n],
          " übersetzt. Tel. ",
          ["PHONE", phone(c)],
          ". Follow-up in 2 Wochen.",
        ],
        (): Part[] => ["Frau ", ["NAME", n], ", geb. ", ["DATE", dob(c)], ", called re: Rezept."],
      ])();
    case "fr":
    case "fr_CA":
      return pick(f, [
        (): Part[] => [
          "La patiente ",
          ["NAME", n],
          " called back, elle habite maintenant ",
          ...address(c, ", "),
          ".",
        ],
        (): Part[] => ["RDV confirmed avec ", ["NAME", n], ", née le ", ["DATE", dob(c)], "."],
      ])();
    case "es":
    case "es_MX":
      return [
        "La señora ",
        ["NAME", n],
        " called, quiere cambiar la cita. Su número: ",
        ["PHONE", phone(c)],
      ];
    case "pt_BR":
      return [
        "Paciente ",
        ["NAME", n],
        " ligou, wants the results by email: ",
        ["EMAIL", email(c)],
      ];
    case "it":
      return ["Il signor ", ["NAME", n], " (nato il ", ["DATE", dob(c)], ") needs a wheelchair."];
    case "pl":
      return ["Pani ", ["NAME", n], " dzwoniła, please call back: ", ["PHONE", phone(c)]];
    case "cs_CZ":
    case "sk":
      return [
        "Pacientka ",
        ["NAME", n],
        " – přišla bez kartičky, MRN ",
        ["MRN", mrn(c)],
        ", will bring it tomorrow.",
      ];
    case "ru":
    case "uk":
      return [
        "Пациентка ",
        ["NAME", n],
        ", д.р. ",
        ["DATE", dob(c)],
        ", asked for a Russian-speaking nurse.",
      ];
    case "el":
      return ["Ο ασθενής ", ["NAME", n], " called, νέο τηλέφωνο ", ["PHONE", phone(c)]];
    case "tr":
      return ["Hasta ", ["NAME", n], " aradı, new address: ", ...address(c, ", ")];
    case "nl":
      return ["Mevrouw ", ["NAME", n], " belde, appointment verzet naar ", ["DATE", visit(c)]];
    case "sv":
    case "da":
    case "nb_NO":
    case "fi":
      return [["NAME", n], " ringde, please send the forms to ", ["EMAIL", email(c)]];
    case "hu":
      return [
        "A beteg, ",
        ["NAME", n],
        ", telefonált – wants a call back on ",
        ["PHONE", phone(c)],
      ];
    case "ro":
      return ["Pacienta ", ["NAME", n], " a sunat, new e-mail: ", ["EMAIL", email(c)]];
    case "hr":
      return [
        "Pacijentica ",
        ["NAME", n],
        " je zvala, rođena ",
        ["DATE", dob(c)],
        ", needs a new card.",
      ];
    case "lv":
      return ["Paciente ", ["NAME", n], " zvanīja, moved to ", ...address(c, ", ")];
    default:
      return [["NAME", n], " llamó — wants a call back on ", ["PHONE", phone(c)]];
  }
}

const VOICES: { weight: number; templates: Template[]; lower?: boolean }[] = [
  { weight: 3, templates: FORUM },
  { weight: 3, templates: INTAKE },
  { weight: 2, templates: VOICEMAIL },
  { weight: 2, templates: FORM },
  { weight: 2, templates: CSV },
  { weight: 2, templates: JSONISH },
  { weight: 3, templates: SMS, lower: true },
  { weight: 2, templates: QUOTED },
  { weight: 2, templates: PEOPLE_LIST },
  { weight: 2, templates: [mixed] },
];

// ---------------------------------------------------------------------------------------------
// Clean messages: no PHI, but dense with what looks like it.

const FIRMS = [
  "Pfizer",
  "Johnson & Johnson",
  "Morgan Stanley",
  "Merck",
  "Roche",
  "Bayer",
  "Novartis",
  "Abbott",
  "Baxter",
  "Boston Scientific",
  "Siemens Healthineers",
  "Philips",
  "Procter & Gamble",
  "Ernst & Young",
  "Goldman Sachs",
  "Wells Fargo",
  "Charles Schwab",
  "Marks & Spencer",
  "Smith & Nephew",
  "Hewlett Packard",
  "Dr. Oetker",
  "Ben & Jerry's",
  "Rolls-Royce",
  "Harley-Davidson",
  "Tommy Hilfiger",
  "Hugo Boss",
  "Estée Lauder",
  "Louis Vuitton",
  "Kaiser Permanente",
  "Johns Hopkins Medicine",
  "Mayo Clinic",
  "Eli Lilly",
  "Bristol Myers Squibb",
  "Fresenius",
  "Sanofi",
  "Boehringer Ingelheim",
  "Walgreens",
  "Carrefour",
  "Lidl",
];
const PRODUCTS = [
  "Ozempic 0.5 mg pen",
  "Tylenol Extra Strength",
  "Advil Liqui-Gels",
  "iPhone 15 Pro",
  "Galaxy S24",
  "Dyson V15",
  "Philips Sonicare 9900",
  "Apple Watch Series 9",
  "Omron M7 Intelli IT",
  "FreeStyle Libre 3",
  "Dexcom G7",
  "ResMed AirSense 11",
  "Voltaren gel 2%",
  "Nurofen 400",
  "ThinkPad X1 Carbon",
];
const DOSAGES = [
  "metformin 500 mg bid",
  "amoxicillin 875/125 mg q12h",
  "atorvastatin 20 mg qhs",
  "levothyroxine 75 mcg qd",
  "ibuprofen 400 mg prn",
  "prednisone 40 mg x5d",
  "insulin glargine 18 units",
];
const ICD = ["E11.9", "J45.909", "M54.5", "Z00.00", "I10", "K21.9", "F41.1", "R51.9", "S93.401A"];
const CAP_WORDS = [
  "Grace period ends Friday",
  "Will do",
  "Mark the boxes in red",
  "Bill the insurer, not the patient",
  "Rose garden is closed for repairs",
  "June is fully booked",
  "April's rota is up",
  "Hope you're well",
  "Faith in the new scheduler is low",
  "Joy of Monday mornings",
  "Victoria Station exit is closed",
  "Florence has the best gelato",
  "Jordan crossing times changed",
  "Summer hours start in May",
  "August is always quiet",
];

function price({ f }: Ctx): string {
  return pick(f, [
    `$${f.finance.amount({ min: 5, max: 2000 })}`,
    `€${f.number.int({ min: 2, max: 900 })},${f.string.numeric(2)}`,
    `${f.number.int({ min: 10, max: 900 })},${f.string.numeric(2)} zł`,
    `${f.number.int({ min: 1, max: 9 })} ${f.string.numeric(3)} Kč`,
    `£${f.number.int({ min: 1, max: 300 })}.${f.string.numeric(2)}`,
    `CHF ${f.number.int({ min: 10, max: 400 })}.–`,
  ]);
}

function tracking({ f }: Ctx): string {
  return pick(f, [
    `1Z${f.string.alphanumeric({ length: 6, casing: "upper" })}${f.string.numeric(10)}`,
    `JD${f.string.numeric(18)}`,
    `RR${f.string.numeric(9)}CN`,
    `9400 ${f.string.numeric(4)} ${f.string.numeric(4)} ${f.string.numeric(4)} ${f.string.numeric(4)} ${f.string.numeric(2)}`,
    `${f.string.numeric(12)}`,
  ]);
}

const time = ({ f }: Ctx): string =>
  pick(f, [
    `${f.number.int({ min: 7, max: 19 })}:${pick(f, ["00", "15", "30", "45"])}`,
    `${f.number.int({ min: 1, max: 12 })}.${pick(f, ["00", "30"])} ${pick(f, ["am", "pm"])}`,
    `${f.number.int({ min: 1, max: 12 })}${pick(f, ["am", "pm", "AM", "PM"])}`,
  ]);

const city = ({ f }: Ctx): string => safe(() => f.location.city(), "Lyon");
const weekday = ({ f }: Ctx): string => f.date.weekday();
const month = ({ f }: Ctx): string => f.date.month();
const firm = ({ f }: Ctx): string => pick(f, FIRMS);
const product = ({ f }: Ctx): string => pick(f, PRODUCTS);

const CLEAN: ((c: Ctx) => string)[] = [
  (c) =>
    `★★★★☆ The ${product(c)} arrived in two days, ${price(c)} well spent. Battery could be better.`,
  (c) =>
    `Re: which clinic takes ${firm(c)} plans?\n\nThe one near ${city(c)} station does, open ${weekday(c)} till ${time(c)}.`,
  (c) =>
    `INTAKE\n${c.f.number.int({ min: 20, max: 85 })} y/o, dx ${pick(c.f, ICD)}, on ${pick(c.f, DOSAGES)}. BP ${c.f.number.int({ min: 100, max: 160 })}/${c.f.number.int({ min: 60, max: 100 })}. Return in ${c.f.number.int({ min: 2, max: 8 })} weeks.`,
  (c) =>
    `S: knee pain after running. O: no effusion. A: ${pick(c.f, ICD)}. P: ${pick(c.f, DOSAGES)}, ice, PT referral.`,
  (c) =>
    `hi this is the pharmacy at ${firm(c)} calling, your order is ready for pickup after ${time(c)}, thanks bye`,
  (c) =>
    `Voicemail (0:18): Hi, calling from ${firm(c)} about the ${product(c)} recall, reference ${c.f.string.alphanumeric({ length: 8, casing: "upper" })}.`,
  (c) =>
    `Item: ${product(c)}\nQty: ${c.f.number.int({ min: 1, max: 40 })}\nUnit price: ${price(c)}\nSupplier: ${firm(c)}\nOrder no.: ${c.f.string.numeric(10)}`,
  (c) =>
    `sku,name,qty,price\n${c.f.string.alphanumeric({ length: 8, casing: "upper" })},${product(c)},${c.f.number.int({ min: 1, max: 99 })},${price(c)}`,
  (c) => `"${firm(c)}","${city(c)}","${c.f.string.numeric(7)}","${month(c)}","open"`,
  (c) =>
    `{"order":"${c.f.string.numeric(10)}","tracking":"${tracking(c)}","carrier":"${pick(c.f, ["UPS", "DHL", "PostNL", "La Poste", "Poczta Polska"])}"}`,
  (c) =>
    `{"drug":"${pick(c.f, DOSAGES)}","icd10":"${pick(c.f, ICD)}","version":"${c.f.system.semver()}"}`,
  (c) =>
    `ok see u at ${time(c).toLowerCase()} at the ${city(c).toLowerCase()} ${pick(c.f, ["lidl", "starbucks", "ikea", "boots"])} dont forget the ${product(c).toLowerCase()}`,
  (c) => `tracking ${tracking(c).toLowerCase()} says out for delivery ${weekday(c).toLowerCase()}`,
  (c) =>
    `> Is the ${product(c)} covered?\n\nYes, ${firm(c)} covers it up to ${price(c)} per ${month(c)}.`,
  (c) =>
    `> > v${c.f.system.semver()} broke the kiosk\n> fixed in build ${c.f.system.semver()}\nConfirmed, thanks.`,
  (c) => `Suppliers: ${firm(c)}; ${firm(c)}; ${firm(c)}.`,
  (c) => `Shortlist: ${firm(c)}, ${firm(c)}, and ${firm(c)} – all quoted around ${price(c)}.`,
  (c) => `${pick(c.f, CAP_WORDS)}. ${pick(c.f, CAP_WORDS)}.`,
  (c) =>
    `${pick(c.f, CAP_WORDS)} – room ${c.f.number.int({ min: 1, max: 40 })}${pick(c.f, ["A", "B", ""])}, ${weekday(c)} ${time(c)}.`,
  (c) => `Termin verschoben auf ${weekday(c)}, ${time(c)} – please bring the ${product(c)}. Danke!`,
  (c) =>
    `La livraison de ${firm(c)} arrive ${weekday(c)}, order ${c.f.string.numeric(9)}, total ${price(c)}.`,
  (c) =>
    `Упаковка ${pick(c.f, DOSAGES)} – in stock again, ${price(c)} per box, ${city(c)} warehouse.`,
  (c) =>
    `Flight ${c.f.airline.flightNumber({ addLeadingZeros: true })} to ${city(c)} boards at ${time(c)}, gate ${c.f.string.alpha({ length: 1, casing: "upper" })}${c.f.number.int({ min: 1, max: 60 })}.`,
  (c) =>
    `${month(c)} newsletter: ${firm(c)} shares up ${c.f.number.int({ min: 1, max: 20 })}%, ${product(c)} sold out in ${city(c)}.`,
];

// ---------------------------------------------------------------------------------------------

class Builder {
  text = "";
  spans: BlindSpan[] = [];
  constructor(private readonly lower: boolean) {}
  add(parts: Part[]): this {
    for (const p of parts) {
      // Each part is lower-cased on its own (not the finished text), so a letter whose lower
      // case is longer ("İ" → "i̇") cannot shift the offsets of the spans after it.
      if (typeof p === "string") this.text += this.lower ? p.toLowerCase() : p;
      else {
        const value = this.lower ? p[1].toLowerCase() : p[1];
        this.spans.push({
          type: p[0],
          start: this.text.length,
          end: this.text.length + value.length,
          value,
        });
        this.text += value;
      }
    }
    return this;
  }
}

/** The corpus with each span's inserted value, for the corpus' own test. */
export function blindMessages({ size, seed }: { size: number; seed: number }): BlindMessage[] {
  const weights = VOICES.flatMap((v, i) => Array<number>(v.weight).fill(i));
  const out: BlindMessage[] = [];
  for (let i = 0; i < size; i++) {
    const locale = LOCALES[i % LOCALES.length] ?? "en_US";
    const f = allFakers[locale];
    f.seed(seed * 7 + i);
    const c: Ctx = { f, locale };
    // 7 in every 20 clean: 35%.
    if (i % 20 < 7) {
      out.push({ text: pick(f, CLEAN)(c), spans: [] });
      continue;
    }
    const voice = VOICES[pick(f, weights)] ?? VOICES[0];
    if (!voice) continue;
    const b = new Builder(voice.lower === true).add(pick(f, voice.templates)(c));
    out.push({ text: b.text, spans: b.spans });
  }
  return out;
}

/** `size` messages (default 1,500), 35% clean; deterministic for a seed. */
export function generateBlindCorpus({
  size = 1500,
  seed,
}: {
  size?: number;
  seed: number;
}): CorpusMessage[] {
  return blindMessages({ size, seed }).map((m) => ({
    text: m.text,
    spans: m.spans.map(({ type, start, end }) => ({ type, start, end })),
  }));
}
