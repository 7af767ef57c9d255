// A second blind corpus: written without reading the detector or the other corpora's templates
// (only the corpus shape and the type names), and measured before anyone read its misses. Its
// voices are the formats a clinic's or a shop's back office pastes into a conversational
// assistant: WhatsApp and Telegram exports, Slack threads, speaker-labelled chat logs in other
// languages, appointment SMS, referral letters, discharge summaries, claim forms, refill requests,
// lab notices, HL7 v2 segments, vCards, YAML, markdown and HTML tables, URL query strings, portal
// audit lines, calendar invites, fax cover sheets, dictation, shipping labels and vet notes.
// Names come in the shapes that break simple patterns: hyphenated, O'/D'/Mc, with suffixes and
// credentials, initials, "SMITH, John", romanised East-Asian, Arabic, Hebrew, Persian, CJK and
// Thai script, lower-case nicknames. 35% of the messages are clean but dense with look-alikes.
//
// Labelling: every person's name is NAME (staff too; titles and credentials outside the span,
// generational suffixes inside); every date more specific than a year is DATE (year alone is
// never used); an address is street to city (and state), its postcode a separate ZIP_CODE where
// it is written after the city, inside ADDRESS where it comes before it; a postcode alone is
// ZIP_CODE; every phone is PHONE unless a fax cue makes it FAX. Countries stay outside spans.
import { type Faker, allFakers } from "@faker-js/faker";
import { type PhiType } from "@frontdesk/phi";
import { luhnDigit } from "./blind";
import { type CorpusMessage } from "./generate";
import { MONTHS } from "./values";

/** A labelled span that remembers the value inserted, so a test can check the offsets. */
export interface Blind2Span {
  type: PhiType;
  start: number;
  end: number;
  value: string;
}
export interface Blind2Message {
  text: string;
  spans: Blind2Span[];
}

type Part = string | [PhiType, string];

class Builder {
  text = "";
  spans: Blind2Span[] = [];
  add(parts: Part[]): this {
    for (const p of parts) {
      if (typeof p === "string") this.text += p;
      else {
        const [type, value] = p;
        const start = this.text.length;
        this.text += value;
        this.spans.push({ type, start, end: this.text.length, value });
      }
    }
    return this;
  }
}

/** Latin-script locales the messages rotate through (names, addresses, phones). */
const LOCALES = [
  "en_US",
  "en_GB",
  "en_CA",
  "en_AU",
  "en_IE",
  "en_IN",
  "en_NG",
  "en_GH",
  "en_ZA",
  "de",
  "de_CH",
  "fr",
  "fr_CA",
  "es",
  "es_MX",
  "it",
  "pt_BR",
  "nl",
  "pl",
  "tr",
  "vi",
  "id_ID",
  "az",
  "uz_UZ_latin",
  "ro",
  "sv",
] as const;
type Locale = (typeof LOCALES)[number];

/** Non-Latin scripts, used for a share of the names only. */
const SCRIPT_LOCALES = ["ar", "he", "fa", "ur", "ja", "ko", "zh_CN", "zh_TW", "th"] as const;

interface Ctx {
  f: Faker;
  locale: Locale;
  /** A faker of another locale, reseeded deterministically from this message. */
  other: (locale: keyof typeof allFakers) => Faker;
}

const pick = <T>(f: Faker, xs: readonly T[]): T => f.helpers.arrayElement(xs);
const chance = (f: Faker, p: number): boolean => f.number.float({ min: 0, max: 1 }) < p;
const int = (f: Faker, min: number, max: number): number => f.number.int({ min, max });
const digits = (f: Faker, n: number): string =>
  f.string.numeric({ length: n, allowLeadingZeros: true });
const upperAlpha = (f: Faker, n: number): string => f.string.alpha({ length: n, casing: "upper" });
const pad2 = (n: number): string => String(n).padStart(2, "0");

function safe(get: () => string, fallback: string): string {
  try {
    const v = get().trim();
    return v === "" ? fallback : v;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// Names

interface Person {
  first: string;
  last: string;
  middle?: string;
}

// Surnames written with an apostrophe or a Mc/Mac prefix, and hyphen-joined pairs.
const APOSTROPHE_SURNAMES = [
  "O'Neil",
  "O'Sullivan",
  "O'Callaghan",
  "D'Angelo",
  "D'Souza",
  "Dell'Olio",
  "N'Diaye",
  "O'Hara",
  "D'Amico",
  "L'Estrange",
  "McAllister",
  "MacGregor",
  "McKenna",
  "MacLeod",
  "FitzGerald",
];
const PARTICLES = [
  "van der",
  "van den",
  "de",
  "de la",
  "von",
  "da",
  "dos",
  "ter",
  "Al-",
  "bin",
  "ibn",
];
// Romanised East-Asian names, family name first or last depending on the message.
const EAST_ASIAN: { family: string[]; given: string[] }[] = [
  {
    family: ["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Xu", "Sun", "Zhou"],
    given: ["Wei", "Xiuying", "Jing", "Hao", "Yufei", "Zihan", "Mingyu", "Lei", "Na", "Jie"],
  },
  {
    family: ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Nakamura", "Kobayashi"],
    given: ["Haruto", "Yuki", "Sota", "Aoi", "Hina", "Ren", "Yui", "Kenji", "Emi", "Daichi"],
  },
  {
    family: ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"],
    given: ["Min-jun", "Seo-yeon", "Ji-woo", "Ha-eun", "Do-yun", "Eun-ji", "Jae-hyun", "Soo-ah"],
  },
  {
    family: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
    given: ["Thi Lan", "Van An", "Minh Chau", "Thu Ha", "Duc Anh", "Ngoc Mai", "Quoc Bao"],
  },
];
const SUFFIXES = ["Jr.", "Sr.", "II", "III", "IV"];
const CREDENTIALS = ["MD", "DO", "PhD", "RN", "NP", "PA-C", "DDS", "MBBS", "FRCP", "DVM", "PharmD"];
const TITLES = ["Mr.", "Mrs.", "Ms.", "Dr.", "Mx.", "Prof.", "Miss"];
const NICKNAMES = [
  "bex",
  "jonno",
  "lizzie",
  "tommo",
  "mags",
  "deb",
  "sully",
  "kat",
  "benji",
  "gaz",
  "nat",
  "robbie",
  "steph",
  "mo",
  "trish",
  "dom",
];

function person(c: Ctx): Person {
  const { f } = c;
  const roll = f.number.int(99);
  if (roll < 10) {
    const g = pick(f, EAST_ASIAN);
    return { first: pick(f, g.given), last: pick(f, g.family) };
  }
  const first = safe(() => c.f.person.firstName(), "Maria");
  if (roll < 18) return { first, last: pick(f, APOSTROPHE_SURNAMES) };
  if (roll < 25) {
    const a = safe(() => f.person.lastName(), "Lopez");
    const b = safe(() => f.person.lastName(), "Garcia");
    return { first, last: a === b || a.includes("-") ? a : `${a}-${b}` };
  }
  if (roll < 31) {
    const p = pick(f, PARTICLES);
    const l = safe(() => f.person.lastName(), "Berg");
    return { first, last: p.endsWith("-") ? `${p}${l}` : `${p} ${l}` };
  }
  const last = safe(() => f.person.lastName(), "Novak");
  if (roll < 40) return { first, last, middle: safe(() => f.person.firstName(), "Ann") };
  return { first, last };
}

/** A name in non-Latin script, from a faker of that script. */
function scriptName(c: Ctx): string {
  const g = c.other(pick(c.f, SCRIPT_LOCALES));
  const first = safe(() => g.person.firstName(), "Nour");
  const last = safe(() => g.person.lastName(), "Haddad");
  return `${first} ${last}`;
}

type NameStyle =
  | "plain"
  | "middle"
  | "suffix"
  | "initials"
  | "lastFirst"
  | "capsLastFirst"
  | "caps"
  | "lower"
  | "familyFirst";

/** One person's name in one written style. */
function styled(f: Faker, p: Person, style: NameStyle): string {
  const initial = (s: string): string => `${s.charAt(0).toUpperCase()}.`;
  switch (style) {
    case "plain":
      return `${p.first} ${p.last}`;
    case "middle":
      return p.middle
        ? `${p.first} ${p.middle} ${p.last}`
        : `${p.first} ${initial(p.last)} ${p.last}`;
    case "suffix":
      return `${p.first} ${p.last} ${pick(f, SUFFIXES)}`;
    case "initials":
      return pick(f, [
        `${initial(p.first)} ${initial(p.middle ?? "R")} ${p.last}`,
        `${initial(p.first)}${initial(p.middle ?? "J")} ${p.last}`,
        `${initial(p.first)} ${p.last}`,
        `${p.last} ${p.first.charAt(0)}${(p.middle ?? "").charAt(0)}`,
      ]);
    case "lastFirst":
      return `${p.last}, ${p.first}`;
    case "capsLastFirst":
      return pick(f, [`${p.last.toUpperCase()}, ${p.first}`, `${p.last.toUpperCase()} ${p.first}`]);
    case "caps":
      return `${p.first} ${p.last}`.toUpperCase();
    case "lower":
      return `${p.first} ${p.last}`.toLowerCase();
    case "familyFirst":
      return `${p.last} ${p.first}`;
  }
}

/** A full name, in a style drawn for the message (a share in non-Latin script). */
function fullName(
  c: Ctx,
  styles: readonly NameStyle[] = ["plain", "plain", "middle", "suffix", "initials"],
): string {
  if (chance(c.f, 0.07)) return scriptName(c);
  return styled(c.f, person(c), pick(c.f, styles));
}

const firstName = (c: Ctx): string => safe(() => c.f.person.firstName(), "Sam");

// ---------------------------------------------------------------------------------------------
// Dates

const ordinal = (d: number): string => {
  const teen = d % 100 >= 11 && d % 100 <= 13;
  const suffix = teen ? "th" : (["th", "st", "nd", "rd"][d % 10] ?? "th");
  return `${d}${suffix}`;
};
const INTL_TAGS: Partial<Record<Locale, string>> = {
  de: "de-DE",
  de_CH: "de-CH",
  fr: "fr-FR",
  fr_CA: "fr-CA",
  es: "es-ES",
  es_MX: "es-MX",
  it: "it-IT",
  pt_BR: "pt-BR",
  nl: "nl-NL",
  pl: "pl-PL",
  tr: "tr-TR",
  vi: "vi-VN",
  id_ID: "id-ID",
  ro: "ro-RO",
  sv: "sv-SE",
  az: "az-AZ",
};

interface Ymd {
  y: number;
  m: number;
  d: number;
}
function birth(f: Faker): Ymd {
  return { y: int(f, 1931, 2019), m: int(f, 1, 12), d: int(f, 1, 28) };
}
function recent(f: Faker): Ymd {
  return { y: int(f, 2022, 2026), m: int(f, 1, 12), d: int(f, 1, 28) };
}

type DateForm =
  | "iso"
  | "ordinalOf"
  | "dmyShort"
  | "mdyLong"
  | "dmyLong"
  | "dashMon"
  | "dotted"
  | "compact"
  | "monthYear"
  | "apostrophe"
  | "locale"
  | "slashYmd"
  | "mdySlash"
  | "spaced";

function dateText(f: Faker, t: Ymd, form: DateForm, locale: Locale = "en_US"): string {
  const mon = MONTHS[t.m - 1] ?? "May";
  switch (form) {
    case "iso":
      return `${t.y}-${pad2(t.m)}-${pad2(t.d)}`;
    case "ordinalOf":
      return `${ordinal(t.d)} of ${mon} ${t.y}`;
    case "dmyShort":
      return `${pad2(t.d)}/${pad2(t.m)}/${String(t.y).slice(2)}`;
    case "mdyLong":
      return `${mon} ${t.d}, ${t.y}`;
    case "dmyLong":
      return `${t.d} ${chance(f, 0.5) ? mon : mon.slice(0, 3)} ${t.y}`;
    case "dashMon":
      return `${pad2(t.d)}-${chance(f, 0.5) ? mon.slice(0, 3).toUpperCase() : mon.slice(0, 3)}-${t.y}`;
    case "dotted":
      return `${t.d}.${t.m}.${t.y}`;
    case "compact":
      return `${t.y}${pad2(t.m)}${pad2(t.d)}`;
    case "monthYear":
      return chance(f, 0.5) ? `${pad2(t.m)}/${t.y}` : `${mon} ${t.y}`;
    case "apostrophe":
      return `${mon.slice(0, 3)} ${ordinal(t.d)} '${String(t.y).slice(2)}`;
    case "locale": {
      const tag = INTL_TAGS[locale];
      if (!tag) return `${mon} ${t.d}, ${t.y}`;
      return new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(Date.UTC(t.y, t.m - 1, t.d)),
      );
    }
    case "slashYmd":
      return `${t.y}/${pad2(t.m)}/${pad2(t.d)}`;
    case "mdySlash":
      return `${t.m}/${t.d}/${t.y}`;
    case "spaced":
      return `${pad2(t.m)} ${pad2(t.d)} ${t.y}`;
  }
}

const TYPED_FORMS: DateForm[] = [
  "iso",
  "ordinalOf",
  "dmyShort",
  "mdyLong",
  "dmyLong",
  "dashMon",
  "dotted",
  "monthYear",
  "apostrophe",
  "locale",
  "slashYmd",
  "mdySlash",
];
const dob = (c: Ctx): string => dateText(c.f, birth(c.f), pick(c.f, TYPED_FORMS), c.locale);
const visitDate = (c: Ctx): string =>
  dateText(
    c.f,
    recent(c.f),
    pick(c.f, ["iso", "mdyLong", "dmyLong", "mdySlash", "dotted", "locale"]),
    c.locale,
  );

// ---------------------------------------------------------------------------------------------
// Phones

/** A phone in one of the shapes people paste: E.164, 00-prefixed, dotted, with extensions. */
function phone(c: Ctx): string {
  const { f } = c;
  const national = safe(() => f.phone.number({ style: "national" }), "(415) 555-0142");
  const intl = safe(() => f.phone.number({ style: "international" }), "+14155550142");
  const area = int(f, 201, 989);
  const exch = int(f, 210, 989);
  const line = digits(f, 4);
  switch (f.number.int(10)) {
    case 0:
    case 1:
      return national;
    case 2:
      return intl;
    case 3:
      return intl.replace(/^\+/, "00");
    case 4:
      return `${area}.${exch}.${line}`;
    case 5:
      return `(${area}) ${exch}-${line} ${pick(f, ["ext. ", "ext ", "x", "Ext.", "#"])}${int(f, 2, 4999)}`;
    case 6:
      return `+1 ${area} ${exch} ${line}`;
    case 7:
      return `+44 (0)${int(f, 20, 29)} ${digits(f, 4)} ${digits(f, 4)}`;
    case 8:
      return `${area}-${exch}-${line} x${int(f, 10, 99)}`;
    case 9:
      return `0${int(f, 7400, 7999)} ${digits(f, 3)} ${digits(f, 3)}`;
    default:
      return `+${pick(f, ["49", "33", "34", "39", "31", "90", "84", "91", "234", "971"])} ${digits(f, 3)} ${digits(f, 3)} ${digits(f, 4)}`;
  }
}

/** A business line written with letters, as on a flyer. */
function vanity(f: Faker): string {
  const word = pick(f, ["PET-MEDS", "FLORIST", "DENTIST", "GET-WELL", "BAKE-NOW", "2-SMILE"]);
  return `1-${pick(f, ["800", "888", "877", "866"])}-${word}`;
}

// ---------------------------------------------------------------------------------------------
// Addresses

const US_STYLE = new Set<Locale>(["en_US", "en_CA", "en_AU"]);
const POST_CITY = new Set<Locale>(["en_GB", "en_IE", "en_IN", "en_NG", "en_GH", "en_ZA"]);

function state(f: Faker): string {
  return safe(() => f.location.state({ abbreviated: true }), "NY");
}

/** An address as parts: ADDRESS, with ZIP_CODE separate where the postcode follows the city. */
function address(c: Ctx, sep = ", "): Part[] {
  const { f, locale } = c;
  const zip = safe(() => f.location.zipCode(), "10001");
  const city = safe(() => f.location.city(), "Springfield");
  const kind = f.number.int(9);
  if (US_STYLE.has(locale)) {
    const st = state(f);
    if (kind === 0)
      return [
        ["ADDRESS", `PO Box ${int(f, 12, 9999)}${sep}${city}, ${st}`],
        " ",
        ["ZIP_CODE", zip],
      ];
    if (kind === 1)
      return [
        [
          "ADDRESS",
          `${pick(f, ["RR", "Rural Route", "HC"])} ${int(f, 1, 9)} Box ${int(f, 10, 999)}${sep}${city}, ${st}`,
        ],
        " ",
        ["ZIP_CODE", zip],
      ];
    if (kind === 2) {
      const unit = safe(() => f.location.secondaryAddress(), "Apt 4");
      return [
        ["ADDRESS", `${f.location.streetAddress(false)} ${unit}${sep}${city} ${st}`],
        " ",
        ["ZIP_CODE", zip],
      ];
    }
    return [
      ["ADDRESS", `${f.location.streetAddress(chance(f, 0.3))}${sep}${city}, ${st}`],
      " ",
      ["ZIP_CODE", zip],
    ];
  }
  const street = safe(() => f.location.streetAddress(chance(f, 0.3)), "12 High Street");
  if (POST_CITY.has(locale)) {
    if (kind === 0)
      return [["ADDRESS", `PO Box ${int(f, 12, 9999)}${sep}${city}`], sep, ["ZIP_CODE", zip]];
    return [
      ["ADDRESS", `${street}${sep}${city}`],
      sep === "\n" ? "\n" : pick(f, [" ", sep]),
      ["ZIP_CODE", zip],
    ];
  }
  if (locale === "pt_BR")
    return [["ADDRESS", `${street} - ${city}/${state(f)}`], sep, "CEP ", ["ZIP_CODE", zip]];
  if (kind === 0 && (locale === "de" || locale === "de_CH"))
    return [["ADDRESS", `Postfach ${int(f, 100, 9999)}${sep}${zip} ${city}`]];
  if (kind === 0 && (locale === "fr" || locale === "fr_CA"))
    return [["ADDRESS", `BP ${int(f, 10, 999)}${sep}${zip} ${city}`]];
  return [["ADDRESS", `${street}${sep}${zip} ${city}`]];
}

/** A postcode on its own, with the word people use for it. */
function postcodeAlone(c: Ctx): Part[] {
  const { f, locale } = c;
  const zip = safe(() => f.location.zipCode(), "10001");
  const word: Partial<Record<Locale, string[]>> = {
    en_US: ["zip", "ZIP code", "zipcode"],
    en_CA: ["postal code"],
    en_AU: ["postcode"],
    en_GB: ["postcode", "post code"],
    en_IE: ["Eircode"],
    en_IN: ["PIN", "pincode"],
    de: ["PLZ"],
    de_CH: ["PLZ"],
    fr: ["code postal", "CP"],
    es: ["CP", "código postal"],
    it: ["CAP"],
    pt_BR: ["CEP"],
    nl: ["postcode"],
    pl: ["kod pocztowy"],
    tr: ["posta kodu"],
  };
  return [`${pick(f, word[locale] ?? ["postcode", "zip"])} `, ["ZIP_CODE", zip]];
}

// ---------------------------------------------------------------------------------------------
// Identifiers

function email(c: Ctx, p?: Person): string {
  const { f } = c;
  if (p && chance(f, 0.5)) {
    const clean = (s: string): string =>
      s
        .normalize("NFD")
        .replace(/[^a-z]/gi, "")
        .toLowerCase();
    const local = pick(f, [
      `${clean(p.first)}.${clean(p.last)}`,
      `${clean(p.first).charAt(0)}${clean(p.last)}`,
      `${clean(p.first)}_${clean(p.last)}${int(f, 1, 99)}`,
      `${clean(p.first)}+clinic`,
    ]);
    if (local.replace(/[^a-z]/g, "").length > 1)
      return `${local}@${pick(f, ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "web.de", "proton.me", "hotmail.fr", "gmx.at"])}`;
  }
  return safe(() => f.internet.email(), "sam.lee@example.org");
}

const CARD_PREFIXES: [string, number, string][] = [
  ["4", 16, "Visa"],
  ["51", 16, "Mastercard"],
  ["53", 16, "MC"],
  ["2223", 16, "Mastercard"],
  ["37", 15, "Amex"],
  ["34", 15, "American Express"],
  ["6011", 16, "Discover"],
  ["3530", 16, "JCB"],
  ["36", 14, "Diners"],
  ["62", 16, "UnionPay"],
];
function card(f: Faker): { number: string; brand: string } {
  const [prefix, length, brand] = pick(f, CARD_PREFIXES);
  const body = prefix + digits(f, length - 1 - prefix.length);
  const n = body + String(luhnDigit(body));
  const style = f.number.int(3);
  if (style === 0) return { number: n, brand };
  const sep = style === 1 ? " " : style === 2 ? "-" : " ";
  const groups =
    length === 15
      ? [n.slice(0, 4), n.slice(4, 10), n.slice(10)]
      : length === 14
        ? [n.slice(0, 4), n.slice(4, 10), n.slice(10)]
        : (n.match(/.{1,4}/g) ?? [n]);
  return { number: groups.join(sep), brand };
}

function ssn(f: Faker): string {
  const area = String(pick(f, [int(f, 1, 665), int(f, 667, 899)])).padStart(3, "0");
  const group = pad2(int(f, 1, 99));
  const serial = String(int(f, 1, 9999)).padStart(4, "0");
  return pick(f, [
    `${area}-${group}-${serial}`,
    `${area} ${group} ${serial}`,
    `${area}${group}${serial}`,
  ]);
}

function mrn(f: Faker): string {
  return pick(f, [
    digits(f, 8),
    `${int(f, 1, 9)}${digits(f, 6)}`,
    `H${digits(f, 7)}`,
    `P-${int(f, 2000, 2026)}-${digits(f, 4)}`,
    `${upperAlpha(f, 2)}${digits(f, 6)}`,
    `00${digits(f, 7)}`,
  ]);
}
function memberId(f: Faker): string {
  return pick(f, [
    `${upperAlpha(f, 3)}${digits(f, 9)}`,
    `${int(f, 1, 9)}${upperAlpha(f, 2)}${int(f, 1, 9)}-${upperAlpha(f, 2)}${int(f, 1, 9)}-${upperAlpha(f, 2)}${digits(f, 2)}`,
    `W${digits(f, 9)}`,
    `${upperAlpha(f, 1)}${digits(f, 9)}`,
    `${digits(f, 3)}${upperAlpha(f, 2)}${digits(f, 5)}`,
  ]);
}
function accountNo(f: Faker): string {
  return pick(f, [
    `${digits(f, 4)}-${digits(f, 6)}`,
    `${int(f, 1, 9)}${digits(f, 9)}`,
    `DE${digits(f, 2)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 2)}`,
    `GB${digits(f, 2)} ${upperAlpha(f, 4)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 2)}`,
    `A${digits(f, 8)}`,
  ]);
}
function licence(f: Faker): string {
  return pick(f, [
    `${upperAlpha(f, 1)}${digits(f, 7)}`,
    `${upperAlpha(f, 1)}${digits(f, 3)}-${digits(f, 4)}-${digits(f, 4)}`,
    `${upperAlpha(f, 5)}${digits(f, 6)}${upperAlpha(f, 2)}${digits(f, 1)}${upperAlpha(f, 2)}`,
    `${digits(f, 3)} ${digits(f, 3)} ${digits(f, 3)}`,
  ]);
}
function deaNumber(f: Faker): string {
  const body = digits(f, 6);
  const d = body.split("").map(Number);
  const check =
    ((d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0) + 2 * ((d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0))) % 10;
  return `${pick(f, ["A", "B", "F", "M"])}${upperAlpha(f, 1)}${body}${check}`;
}
const vin = (f: Faker): string => safe(() => f.vehicle.vin(), "1HGCM82633A004352");
function plate(c: Ctx): string {
  const { f } = c;
  return pick(f, [
    safe(() => f.vehicle.vrm(), "AB12 CDE"),
    `${int(f, 1, 9)}${upperAlpha(f, 3)}${digits(f, 3)}`,
    `${upperAlpha(f, 1)}-${upperAlpha(f, 2)} ${int(f, 10, 9999)}`,
    `${upperAlpha(f, 3)}-${digits(f, 4)}`,
  ]);
}
function deviceId(f: Faker): string {
  return pick(f, [
    `${upperAlpha(f, 3)}${digits(f, 6)}`,
    `${digits(f, 2)}${upperAlpha(f, 1)}${digits(f, 1)}-${digits(f, 5)}`,
    `${digits(f, 4)}-${upperAlpha(f, 2)}${digits(f, 4)}`,
    digits(f, 15),
    `(01)${digits(f, 14)}(21)${upperAlpha(f, 2)}${digits(f, 6)}`,
  ]);
}
function publicIp(f: Faker): string {
  if (chance(f, 0.2))
    return `2a02:${f.string.hexadecimal({ length: 4, prefix: "", casing: "lower" })}:${f.string.hexadecimal({ length: 3, prefix: "", casing: "lower" })}::${f.string.hexadecimal({ length: 2, prefix: "", casing: "lower" })}`;
  return `${pick(f, [24, 31, 46, 62, 73, 81, 92, 103, 151, 176, 188, 203])}.${int(f, 0, 255)}.${int(f, 0, 255)}.${int(f, 1, 254)}`;
}
function personalUrl(c: Ctx, p: Person): string {
  const { f } = c;
  const slug = `${p.first}-${p.last}`
    .normalize("NFD")
    .replace(/[^a-z-]/gi, "")
    .toLowerCase();
  return pick(f, [
    `https://www.facebook.com/${slug.replace("-", ".")}.${int(f, 1, 99)}`,
    `https://www.linkedin.com/in/${slug}-${f.string.alphanumeric(6).toLowerCase()}`,
    `https://portal.${pick(f, ["northside-clinic", "smile-dental", "pawsvet", "citypharmacy"])}.com/patients/${digits(f, 6)}/records`,
    `https://drive.google.com/file/d/${f.string.alphanumeric(22)}/view`,
    `https://instagram.com/${slug.replace("-", "_")}`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Small shared look-alikes, used in clean messages and around PHI

const FIRMS = [
  "Ford",
  "Dell",
  "Philips",
  "Merck",
  "Bayer",
  "Siemens Healthineers",
  "Braun",
  "Abbott",
  "Baxter",
  "Pfizer",
  "Stryker",
  "McKesson",
  "Cardinal Health",
  "Hill-Rom",
  "Welch Allyn",
  "Dyson",
  "Hoover",
  "Heinz",
  "Cadbury",
  "Peugeot",
  "Porsche",
  "Harley-Davidson",
  "Tiffany",
  "Boots",
  "Walgreens",
  "Sainsbury's",
  "Marks & Spencer",
  "Wells Fargo",
  "Goldman Sachs",
  "Barclays",
  "Lloyds",
  "Deloitte",
  "Ernst & Young",
  "Hilton",
  "Marriott",
  "Disney",
  "Boeing",
  "Kellogg's",
  "Becton Dickinson",
  "Thermo Fisher",
  "Carl Zeiss",
  "Bosch",
  "Miele",
  "Michelin",
];
const DRUGS = [
  "atorvastatin 20 mg",
  "metformin 500 mg",
  "Eliquis 5 mg",
  "amoxicillin 875 mg",
  "lisinopril 10 mg",
  "Percocet 5/325",
  "levothyroxine 75 mcg",
  "Ozempic 0.5 mg",
  "sertraline 50 mg",
  "Allegra 180 mg",
  "Lyrica 75 mg",
  "Ambien 5 mg",
  "prednisone 20 mg",
  "Xarelto 15 mg",
  "omeprazole 40 mg",
];
const EPONYMS = [
  "Hashimoto's thyroiditis",
  "Crohn's disease",
  "Addison's disease",
  "Graves' disease",
  "Bell's palsy",
  "Parkinson's",
  "Alzheimer's",
  "Raynaud's",
  "Sjögren's syndrome",
  "Down syndrome",
  "Tourette's",
  "Hodgkin lymphoma",
  "Cushing's",
  "Meniere's disease",
];
const TESTS = [
  "Holter monitor",
  "Foley catheter",
  "Epley manoeuvre",
  "Apgar score",
  "Glasgow Coma Scale",
  "Pap smear",
  "Doppler scan",
  "Babinski sign",
  "Heimlich manoeuvre",
  "Snellen chart",
  "Kegel exercises",
  "Swan-Ganz catheter",
];
const PRODUCTS = [
  "Abbey Road box set",
  "Madison Avenue tote",
  "Baker Street desk lamp",
  "Sunset Blvd candle",
  "Park Lane armchair",
  "Fifth Avenue eau de parfum",
  "Beverly Hills tee",
  "Victoria sponge mix",
  "Earl Grey loose leaf",
  "Rose gold frames",
  "Hunter wellies",
  "Chelsea boots",
  "Oxford shirt",
  "Sterling silver hoops",
  "Jack Russell dog bed",
  "Amber glass bottles",
  "Dr. Scholl's insoles",
  "St. John's wort capsules",
  "Chester drawers",
  "Florence flask",
  "Lincoln Park hoodie",
  "Kensington lock",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const time = (f: Faker): string =>
  pick(f, [
    `${int(f, 8, 17)}:${pick(f, ["00", "15", "30", "45"])}`,
    `${pick(f, [8, 9, 10, 11])}${pick(f, ["am", " AM", ":30am"])}`,
    `${int(f, 1, 5)}${pick(f, ["pm", " PM", ":30pm"])}`,
  ]);
const hours = (f: Faker): string =>
  `${int(f, 7, 9)}:${pick(f, ["00", "30"])}–${int(f, 16, 19)}:${pick(f, ["00", "30"])}`;
const price = (f: Faker): string =>
  pick(f, [
    `$${int(f, 3, 2400)}.${pad2(int(f, 0, 99))}`,
    `€${int(f, 3, 900)},${pad2(int(f, 0, 99))}`,
    `£${int(f, 2, 600)}.${pad2(int(f, 0, 99))}`,
    `${int(f, 100, 9000)} TRY`,
    `₹${int(f, 1, 99)},${digits(f, 3)}`,
  ]);
const sku = (f: Faker): string =>
  pick(f, [
    `${upperAlpha(f, 2)}-${digits(f, 4)}-${pick(f, ["BLK", "WHT", "RED", "NVY", "S", "M", "XL"])}`,
    `SKU${digits(f, 7)}`,
    `${upperAlpha(f, 3)}${digits(f, 3)}${upperAlpha(f, 1)}`,
  ]);
const tracking = (f: Faker): string =>
  pick(f, [
    `1Z${upperAlpha(f, 3)}${digits(f, 3)}${digits(f, 10)}`,
    `94${digits(f, 20)}`,
    digits(f, 12),
    `${upperAlpha(f, 2)}${digits(f, 9)}GB`,
    `JD${digits(f, 16)}`,
  ]);
const orderNo = (f: Faker): string =>
  pick(f, [
    `#${digits(f, 6)}`,
    `SO-${digits(f, 6)}`,
    `${int(f, 100, 999)}-${digits(f, 7)}-${digits(f, 7)}`,
    `INV-${int(f, 2022, 2026)}-${digits(f, 4)}`,
  ]);
const icd = (f: Faker): string =>
  pick(f, [
    "E11.65",
    "I10",
    "J45.909",
    "M54.5",
    "Z00.00",
    "K21.9",
    "F41.1",
    "N39.0",
    "R51.9",
    "E78.5",
    "Z23",
    "S93.401A",
  ]);
const cpt = (f: Faker): string =>
  pick(f, [
    "99213",
    "99214",
    "90471",
    "85025",
    "80053",
    "93000",
    "36415",
    "97110",
    "D1110",
    "G0439",
  ]);
const labValue = (f: Faker): string =>
  pick(f, [
    `HbA1c ${int(f, 5, 11)}.${int(f, 0, 9)}%`,
    `K ${int(f, 3, 5)}.${int(f, 0, 9)} mmol/L`,
    `eGFR ${int(f, 30, 110)} mL/min/1.73m²`,
    `TSH ${int(f, 0, 6)}.${digits(f, 2)} mIU/L`,
    `LDL ${int(f, 60, 190)} mg/dL`,
    `Hb ${int(f, 9, 17)}.${int(f, 0, 9)} g/dL`,
    `WBC ${int(f, 3, 14)}.${int(f, 0, 9)} x10^9/L`,
    `INR ${int(f, 1, 3)}.${int(f, 0, 9)}`,
    `BP ${int(f, 100, 160)}/${int(f, 60, 100)}`,
    `SpO2 ${int(f, 90, 100)}%`,
  ]);
const ndc = (f: Faker): string => `${digits(f, 5)}-${digits(f, 4)}-${digits(f, 2)}`;
const lot = (f: Faker): string =>
  pick(f, [`LOT ${upperAlpha(f, 2)}${digits(f, 4)}`, `Lot# ${digits(f, 6)}${upperAlpha(f, 1)}`]);
const version = (f: Faker): string => `v${int(f, 1, 14)}.${int(f, 0, 30)}.${int(f, 0, 9)}`;

// ---------------------------------------------------------------------------------------------
// Voices with PHI

type Template = (c: Ctx) => Part[];

/** A sender line in a chat export: WhatsApp's or Telegram's header, or a bare time. */
function whatsapp(c: Ctx): Part[] {
  const { f } = c;
  const patient = person(c);
  const patientName = styled(f, patient, pick(f, ["plain", "plain", "lower", "familyFirst"]));
  const staff: Part = chance(f, 0.2)
    ? ["NAME", firstName(c)]
    : pick(f, ["Reception", "Front Desk", "Dr Office", "Clinic", "Shop"]);
  const d = recent(f);
  const dateForm = pick(f, ["dd/mm/yyyy", "m/d/yy", "yyyy-mm-dd", "dd.mm.yy"] as const);
  const stamp = (): string =>
    dateForm === "dd/mm/yyyy"
      ? `${pad2(d.d)}/${pad2(d.m)}/${d.y}`
      : dateForm === "m/d/yy"
        ? `${d.m}/${d.d}/${String(d.y).slice(2)}`
        : dateForm === "yyyy-mm-dd"
          ? `${d.y}-${pad2(d.m)}-${pad2(d.d)}`
          : `${pad2(d.d)}.${pad2(d.m)}.${String(d.y).slice(2)}`;
  let minute = int(f, 7 * 60, 17 * 60);
  const hm = (): string => {
    minute += int(f, 1, 25);
    return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
  };
  const telegram = chance(f, 0.3);
  const header = (who: Part): Part[] =>
    telegram
      ? [who, ", [", ["DATE", stamp()], " ", hm(), "]\n"]
      : ["[", ["DATE", stamp()], ", ", hm(), "] ", who, ": "];
  const patientPart: Part = ["NAME", patientName];
  const [question, answer] = pick<[string, Part[]]>(f, [
    ["Sure, can you confirm your date of birth?", [["DATE", dob(c)]]],
    ["Of course. Which number should we call?", [["PHONE", phone(c)]]],
    ["Happy to help, what's the delivery address?", address(c)],
    ["No problem — your email please?", [["EMAIL", email(c, patient)]]],
    [
      "Can I have your DOB and a contact number?",
      ["dob ", ["DATE", dob(c)], " and my mobile is ", ["PHONE", phone(c)]],
    ],
  ]);
  const lines: Part[][] = [
    [
      ...header(patientPart),
      pick(f, [
        "hi is there anything free tomorrow",
        "Hello, I need to move my appointment",
        "hey can I order the blue one again",
        "Good morning! Question about my bill",
      ]),
    ],
    [...header(staff), question],
    [...header(patientPart), ...answer],
  ];
  if (chance(f, 0.4))
    lines.push([
      ...header(staff),
      pick(f, [
        "Thanks, you're booked for Tuesday at 9:15 👍",
        "Great, it ships Monday.",
        "Got it, see you then",
        "<Media omitted>",
      ]),
    ]);
  return lines.flatMap((l, i) => (i === 0 ? l : ["\n", ...l]));
}

function slack(c: Ctx): Part[] {
  const { f } = c;
  const poster = person(c);
  const p = person(c);
  const head: Part[] = [
    ["NAME", `${poster.first} ${poster.last}`],
    `  ${int(f, 7, 11)}:${pad2(int(f, 0, 59))} ${pick(f, ["AM", "PM"])}\n`,
  ];
  const body = pick<Part[]>(f, [
    [
      pick(f, ["@here ", "@channel ", "@frontdesk ", "@billing-team "]),
      "can someone call back ",
      ["NAME", styled(f, p, pick(f, ["plain", "lastFirst", "initials"]))],
      " on ",
      ["PHONE", phone(c)],
      "? re: ",
      pick(f, ["refund", "her MRI", "the cot delivery", "a late cancellation fee"]),
    ],
    [
      "<@U0",
      f.string.alphanumeric({ length: 8, casing: "upper" }),
      "> chart for ",
      ["NAME", styled(f, p, pick(f, ["capsLastFirst", "plain"]))],
      " is MRN ",
      ["MRN", mrn(f)],
      ", DOB ",
      ["DATE", dob(c)],
      " :thread:",
    ],
    [
      "heads up — ",
      ["NAME", `${p.first} ${p.last}`],
      " (",
      ["EMAIL", email(c, p)],
      ") is asking for a copy of the ",
      pick(f, ["invoice", "op notes", "vaccination card", "warranty"]),
      " :eyes:",
    ],
    [
      "*Escalation*: ",
      ["NAME", styled(f, p, "suffix")],
      " says portal login from ",
      ["IP_ADDRESS", publicIp(f)],
      " wasn't them. pls lock the account",
    ],
    [
      "`",
      ["NAME", styled(f, p, "plain")],
      "` moved to ",
      pick(f, WEEKDAYS),
      " ",
      time(f),
      ", new mobile ",
      ["PHONE", phone(c)],
    ],
  ]);
  return [...head, ...body];
}

const SPEAKERS: Record<
  string,
  { patient: string; staff: string; lines: ((c: Ctx, p: Person) => Part[])[] }
> = {
  es: {
    patient: "Paciente",
    staff: "Recepción",
    lines: [
      (c, p) => [
        "Me llamo ",
        ["NAME", `${p.first} ${p.last}`],
        ", nací el ",
        ["DATE", dateText(c.f, birth(c.f), "locale", "es")],
      ],
      (c) => ["Mi teléfono es el ", ["PHONE", phone(c)], " y vivo en ", ...address(c)],
      (c, p) => ["Soy ", ["NAME", p.first], ", el correo es ", ["EMAIL", email(c, p)]],
    ],
  },
  de: {
    patient: "Patientin",
    staff: "Praxis",
    lines: [
      (c, p) => [
        "Guten Tag, hier ist ",
        ["NAME", `${p.first} ${p.last}`],
        ", geb. ",
        ["DATE", dateText(c.f, birth(c.f), pick(c.f, ["dotted", "locale"]), "de")],
      ],
      (c) => [
        "Meine Versichertennummer ist ",
        ["HEALTH_PLAN_ID", `${upperAlpha(c.f, 1)}${digits(c.f, 9)}`],
        ", Tel. ",
        ["PHONE", phone(c)],
      ],
      (c) => ["Bitte an ", ...address(c), " schicken, danke"],
    ],
  },
  fr: {
    patient: "Patient",
    staff: "Secrétariat",
    lines: [
      (c, p) => [
        "Bonjour, ",
        ["NAME", `${p.first} ${p.last.toUpperCase()}`],
        ", né le ",
        ["DATE", dateText(c.f, birth(c.f), pick(c.f, ["locale", "dmyShort"]), "fr")],
      ],
      (c) => [
        "Vous pouvez me joindre au ",
        [
          "PHONE",
          `0${int(c.f, 1, 7)} ${digits(c.f, 2)} ${digits(c.f, 2)} ${digits(c.f, 2)} ${digits(c.f, 2)}`,
        ],
      ],
      (c) => ["Mon adresse : ", ...address(c)],
    ],
  },
  it: {
    patient: "Paziente",
    staff: "Segreteria",
    lines: [
      (c, p) => [
        "Sono ",
        ["NAME", `${p.last} ${p.first}`],
        ", data di nascita ",
        ["DATE", dateText(c.f, birth(c.f), "dotted")],
      ],
      (c) => [
        "il mio cellulare è ",
        ["PHONE", `3${digits(c.f, 2)} ${digits(c.f, 3)} ${digits(c.f, 4)}`],
      ],
    ],
  },
  pt: {
    patient: "Cliente",
    staff: "Atendente",
    lines: [
      (c, p) => [
        "Meu nome é ",
        ["NAME", `${p.first} ${p.last}`],
        " e meu e-mail é ",
        ["EMAIL", email(c, p)],
      ],
      (c) => ["Entrega em ", ...address(c)],
    ],
  },
  tr: {
    patient: "Hasta",
    staff: "Danışma",
    lines: [
      (c, p) => [
        "Adım ",
        ["NAME", `${p.first} ${p.last}`],
        ", doğum tarihim ",
        ["DATE", dateText(c.f, birth(c.f), pick(c.f, ["dotted", "locale"]), "tr")],
      ],
      (c) => [
        "Telefonum ",
        ["PHONE", `0${int(c.f, 500, 559)} ${digits(c.f, 3)} ${digits(c.f, 2)} ${digits(c.f, 2)}`],
      ],
    ],
  },
  vi: {
    patient: "Bệnh nhân",
    staff: "Lễ tân",
    lines: [
      (c, p) => [
        "Tôi là ",
        ["NAME", `${p.last} ${p.first}`],
        ", sinh ngày ",
        ["DATE", dateText(c.f, birth(c.f), pick(c.f, ["dotted", "dmyShort"]), "vi")],
      ],
      (c) => [
        "Số điện thoại của tôi là ",
        ["PHONE", `0${int(c.f, 90, 98)} ${digits(c.f, 3)} ${digits(c.f, 4)}`],
      ],
    ],
  },
  nl: {
    patient: "Patiënt",
    staff: "Assistente",
    lines: [
      (c, p) => [
        "Met ",
        ["NAME", `${p.first} ${p.last}`],
        ", geboren ",
        ["DATE", dateText(c.f, birth(c.f), pick(c.f, ["locale", "dotted"]), "nl")],
      ],
      (c) => [
        "BSN ",
        ["SSN", `${digits(c.f, 4)}.${digits(c.f, 2)}.${digits(c.f, 3)}`],
        ", mobiel ",
        ["PHONE", `06-${digits(c.f, 8)}`],
      ],
    ],
  },
  pl: {
    patient: "Pacjent",
    staff: "Rejestracja",
    lines: [
      (c, p) => [
        "Nazywam się ",
        ["NAME", `${p.first} ${p.last}`],
        ", PESEL ",
        ["SSN", digits(c.f, 11)],
        ", tel. ",
        ["PHONE", `${digits(c.f, 3)} ${digits(c.f, 3)} ${digits(c.f, 3)}`],
      ],
    ],
  },
};
const STAFF_LINES: Record<string, string[]> = {
  es: [
    "¿Me confirma sus datos, por favor?",
    "Perfecto, queda registrada la cita.",
    "¿A qué dirección lo enviamos?",
  ],
  de: [
    "Wie ist Ihr Geburtsdatum?",
    "Danke, ich trage das ein.",
    "Wohin dürfen wir das Rezept schicken?",
  ],
  fr: [
    "Pouvez-vous confirmer vos coordonnées ?",
    "Merci, c'est noté pour mardi à 10h30.",
    "Très bien.",
  ],
  it: ["Mi conferma i dati?", "Grazie, appuntamento fissato per giovedì alle 9:00."],
  pt: ["Pode confirmar o endereço?", "Obrigada, pedido registrado."],
  tr: ["Bilgilerinizi alabilir miyim?", "Teşekkürler, randevunuz salı 14:30."],
  vi: ["Anh/chị cho em xin thông tin ạ.", "Cảm ơn, lịch hẹn thứ Ba 9 giờ."],
  nl: ["Mag ik uw gegevens?", "Dank u, de afspraak staat op donderdag 11:15."],
  pl: ["Poproszę dane pacjenta.", "Dziękuję, wizyta w środę o 8:40."],
};

const LANG_LOCALE: Record<string, Locale> = {
  es: "es",
  de: "de",
  fr: "fr",
  it: "it",
  pt: "pt_BR",
  tr: "tr",
  vi: "vi",
  nl: "nl",
  pl: "pl",
};

function foreignLog(c: Ctx): Part[] {
  const { f } = c;
  const lang = pick(f, Object.keys(SPEAKERS));
  const s = SPEAKERS[lang];
  if (!s) return [];
  const own = LANG_LOCALE[lang] ?? c.locale;
  const lc: Ctx = { ...c, f: c.other(own), locale: own };
  const p = person(lc);
  const staffLines = STAFF_LINES[lang] ?? ["…"];
  const out: Part[] = [`${s.staff}: ${pick(f, staffLines)}\n`];
  const chosen = f.helpers.arrayElements(s.lines, { min: 1, max: Math.min(2, s.lines.length) });
  for (const line of chosen) out.push(`${s.patient}: `, ...line(lc, p), "\n");
  out.push(`${s.staff}: ${pick(f, staffLines)}`);
  return out;
}

function reminderSms(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const doctor = person(c);
  const clinic = pick(f, [
    "Riverside Family Practice",
    "Bright Smile Dental",
    "Northgate Physio",
    "Oakwood Vet Clinic",
    "City Eye Care",
  ]);
  return pick<Part[]>(f, [
    [
      "Hi ",
      ["NAME", p.first],
      ", this is a reminder of your appt with Dr. ",
      ["NAME", doctor.last],
      " on ",
      ["DATE", visitDate(c)],
      " at ",
      time(f),
      ". Reply C to confirm, R to reschedule. ",
      clinic,
    ],
    [
      clinic.toUpperCase(),
      ": ",
      ["NAME", `${p.first} ${p.last}`],
      " - your appointment is ",
      ["DATE", visitDate(c)],
      " ",
      time(f),
      ". Questions? Call ",
      ["PHONE", chance(f, 0.4) ? vanity(f) : phone(c)],
      ". Txt STOP to opt out",
    ],
    [
      "Dear ",
      pick(f, TITLES),
      " ",
      ["NAME", p.last],
      ", your prescription is ready for collection at ",
      clinic,
      ". Ref: ",
      ["ACCOUNT_NUMBER", accountNo(f)],
    ],
    [
      "Reminder for ",
      ["NAME", styled(f, p, "lower")],
      ": fasting bloods ",
      pick(f, WEEKDAYS),
      " ",
      time(f),
      " — no food after midnight. Reschedule: ",
      ["PHONE", phone(c)],
    ],
    [
      "Your order for ",
      ["NAME", p.first],
      " is out for delivery today to ",
      ...address(c),
      ". Track: ",
      tracking(f),
    ],
  ]);
}

function referral(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const to = person(c);
  const from = person(c);
  return [
    "Dear Dr ",
    ["NAME", to.last],
    ",\n\nRe: ",
    ["NAME", styled(f, p, pick(f, ["plain", "capsLastFirst", "middle"]))],
    "  DOB: ",
    ["DATE", dob(c)],
    chance(f, 0.5) ? "  NHS No: " : "  Hosp No: ",
    ["MRN", chance(f, 0.5) ? `${digits(f, 3)} ${digits(f, 3)} ${digits(f, 4)}` : mrn(f)],
    "\n",
    ...address(c),
    "\n\nThank you for seeing this ",
    String(int(f, 19, 88)),
    "-year-old with ",
    pick(f, EPONYMS),
    ", currently on ",
    pick(f, DRUGS),
    " od. Recent bloods: ",
    labValue(f),
    ", ",
    labValue(f),
    ". I would value your opinion regarding ",
    pick(f, ["further imaging", "a trial of biologics", "surgical options", "management"]),
    ".\n\nYours sincerely,\n",
    ["NAME", `${from.first} ${from.last}`],
    ", ",
    pick(f, CREDENTIALS),
    "\nFax ",
    ["FAX", phone(c)],
  ];
}

function discharge(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const att = person(c);
  const adm = recent(f);
  const dis = { ...adm, d: Math.min(28, adm.d + int(f, 1, 6)) };
  const form = pick(f, ["iso", "mdySlash", "dmyLong", "dashMon"] as const);
  const born = { y: int(f, 1922, 2006), m: int(f, 1, 12), d: int(f, 1, 28) };
  const years = adm.y - born.y - (adm.m < born.m ? 1 : 0);
  const age: Part[] = years >= 90 ? [["AGE_OVER_89", String(years)]] : [String(years)];
  return [
    "DISCHARGE SUMMARY\nPatient: ",
    ["NAME", styled(f, p, pick(f, ["capsLastFirst", "lastFirst", "plain"]))],
    "\nMRN: ",
    ["MRN", mrn(f)],
    "    DOB: ",
    ["DATE", dateText(f, born, pick(f, TYPED_FORMS), c.locale)],
    "    Age: ",
    ...age,
    "\nAdmitted: ",
    ["DATE", dateText(f, adm, form)],
    "    Discharged: ",
    ["DATE", dateText(f, dis, form)],
    "\nAttending: ",
    ["NAME", styled(f, att, pick(f, ["plain", "initials"]))],
    `, ${pick(f, CREDENTIALS)}\nDx: ${pick(f, EPONYMS)} (${icd(f)}); ${icd(f)}\nMeds on discharge: ${pick(f, DRUGS)} BID, ${pick(f, DRUGS)} nocte\nFollow-up: `,
    pick(f, [
      "GP in 2 weeks",
      "clinic in 6/52",
      "phone review in 10 days",
      "repeat " + labValue(f).split(" ")[0] + " in 1 week",
    ]),
  ];
}

function claimForm(outer: Ctx): Part[] {
  const c: Ctx = { ...outer, f: outer.other("en_US"), locale: "en_US" };
  const { f } = c;
  const p = person(c);
  const parts: Part[] = [
    "HEALTH INSURANCE CLAIM FORM\n1a. INSURED'S I.D. NUMBER: ",
    ["HEALTH_PLAN_ID", memberId(f)],
    "\n2. PATIENT'S NAME (Last, First, MI): ",
    [
      "NAME",
      `${p.last.toUpperCase()}, ${p.first.toUpperCase()}${p.middle ? `, ${p.middle.charAt(0).toUpperCase()}` : ""}`,
    ],
    "\n3. PATIENT'S BIRTH DATE: ",
    ["DATE", dateText(f, birth(f), "spaced")],
    `   SEX: ${pick(f, ["M", "F"])}\n5. PATIENT'S ADDRESS: `,
    ...address(c),
    "\n   TELEPHONE: ",
    ["PHONE", phone(c)],
    "\n11. INSURED'S POLICY GROUP: ",
    `GRP-${digits(f, 5)}`,
    "\n21. DIAGNOSIS: A. ",
    icd(f),
    "  B. ",
    icd(f),
    "\n24D. PROCEDURES: ",
    cpt(f),
    " ",
    price(f),
    "\n26. PATIENT'S ACCOUNT NO.: ",
    ["ACCOUNT_NUMBER", accountNo(f)],
  ];
  if (chance(f, 0.4)) parts.push("\nSSN: ", ["SSN", ssn(f)]);
  return parts;
}

function refill(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  return pick<Part[]>(f, [
    [
      "Refill request: ",
      ["NAME", styled(f, p, pick(f, ["lastFirst", "capsLastFirst", "plain"]))],
      " DOB ",
      ["DATE", dob(c)],
      " — ",
      pick(f, DRUGS),
      `, qty 90, ${int(f, 0, 3)} refills left. Pharmacy fax `,
      ["FAX", phone(c)],
    ],
    [
      "hi it's ",
      ["NAME", styled(f, p, "lower")],
      " can i get my ",
      pick(f, DRUGS).split(" ")[0]?.toLowerCase() ?? "meds",
      " refilled, same pharmacy. my bday is ",
      ["DATE", dateText(f, birth(f), pick(f, ["mdySlash", "dmyShort", "mdyLong"]))],
    ],
    [
      "Please send a 90-day supply of ",
      pick(f, DRUGS),
      " for ",
      ["NAME", `${p.first} ${p.last}`],
      " (member ",
      ["HEALTH_PLAN_ID", memberId(f)],
      ") to the mail-order pharmacy. Prescriber DEA ",
      ["LICENSE_NUMBER", deaNumber(f)],
    ],
    [
      "Auto-refill failed for ",
      pick(f, TITLES),
      " ",
      ["NAME", p.last],
      ": card ending in ",
      digits(f, 4),
      " declined. New card on file: ",
      ["CREDIT_CARD", card(f).number],
      " exp ",
      `${pad2(int(f, 1, 12))}/${int(f, 26, 31)}`,
    ],
  ]);
}

function labNotice(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  return pick<Part[]>(f, [
    [
      "Your lab results are ready. Patient: ",
      ["NAME", styled(f, p, "plain")],
      " | Collected: ",
      ["DATE", visitDate(c)],
      " | ",
      labValue(f),
      " (ref ",
      pick(f, ["4.0–5.6", "3.5–5.1", "<100", ">60"]),
      ") | ",
      labValue(f),
      "\nLog in to view: ",
      [
        "URL",
        `https://results.${pick(f, ["questlab", "synlab", "labcorp-portal", "medilab"])}.com/r/${f.string.alphanumeric(10)}`,
      ],
    ],
    [
      "LAB NOTICE — ",
      ["NAME", styled(f, p, "capsLastFirst")],
      " (MRN ",
      ["MRN", mrn(f)],
      "): ",
      labValue(f),
      " flagged HIGH. Please call the patient on ",
      ["PHONE", phone(c)],
      " today.",
    ],
    [
      "Hi ",
      ["NAME", p.first],
      ", Dr ",
      ["NAME", person(c).last],
      " reviewed your ",
      pick(f, ["thyroid panel", "lipid profile", "CBC", "urine culture"]),
      " from ",
      ["DATE", visitDate(c)],
      ": all normal (",
      labValue(f),
      "). No action needed.",
    ],
  ]);
}

function hl7(outer: Ctx): Part[] {
  const c: Ctx = { ...outer, f: outer.other("en_US"), locale: "en_US" };
  const { f } = c;
  const p = person(c);
  const zip = safe(() => f.location.zipCode(), "62704");
  const city = safe(() => f.location.city(), "Springfield");
  const street = safe(() => f.location.streetAddress(false), "12 Main St");
  const stamp = `${recent(f).y}${pad2(int(f, 1, 12))}${pad2(int(f, 1, 28))}${pad2(int(f, 0, 23))}${pad2(int(f, 0, 59))}`;
  const msh = `MSH|^~\\&|${pick(f, ["EPIC", "CERNER", "MEDITECH", "ATHENA"])}|${pick(f, ["MERCY", "STMARYS", "NGH", "CLINIC01"])}|FRONTDESK|FD|`;
  return [
    msh,
    ["DATE", stamp],
    `||ADT^A0${int(f, 1, 8)}|MSG${digits(f, 8)}|P|2.5.1\rEVN|A01|`,
    ["DATE", stamp],
    "\rPID|1||",
    ["MRN", digits(f, 7)],
    `^^^${pick(f, ["MERCY", "NGH", "HOSP"])}^MR||`,
    [
      "NAME",
      `${p.last.toUpperCase()}^${p.first.toUpperCase()}${p.middle ? `^${p.middle.charAt(0).toUpperCase()}` : ""}`,
    ],
    "^^^^L||",
    ["DATE", dateText(f, birth(f), "compact")],
    `|${pick(f, ["M", "F", "U"])}|||`,
    ["ADDRESS", `${street}^^${city}^${state(f)}`],
    "^",
    ["ZIP_CODE", zip],
    "^USA||",
    ["PHONE", `(${int(f, 201, 989)})${int(f, 210, 989)}-${digits(f, 4)}`],
    "|||||",
    ["ACCOUNT_NUMBER", `${digits(f, 9)}`],
    "|",
    ["SSN", `${int(f, 100, 665)}-${pad2(int(f, 1, 99))}-${digits(f, 4)}`],
    `\rPV1|1|I|${pick(f, ["4W", "ICU", "MED2"])}^${int(f, 100, 499)}^B|||${digits(f, 6)}^`,
    ["NAME", `${person(c).last.toUpperCase()}^${firstName(c).toUpperCase()}`],
    "^^^^^MD",
  ];
}

const COUNTRY: Partial<Record<Locale, string>> = {
  en_US: "USA",
  en_CA: "Canada",
  en_AU: "Australia",
  en_GB: "United Kingdom",
  de: "Germany",
  fr: "France",
  es_MX: "Mexico",
  it: "Italy",
  nl: "Netherlands",
  tr: "Türkiye",
};

function vcard(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const full = `${p.first} ${p.last}`;
  const zip = safe(() => f.location.zipCode(), "10001");
  const street = safe(() => f.location.streetAddress(false), "12 Main St");
  const city = safe(() => f.location.city(), "Springfield");
  const parts: Part[] = [
    "BEGIN:VCARD\nVERSION:3.0\nN:",
    ["NAME", `${p.last};${p.first}`],
    ";;;\nFN:",
    ["NAME", full],
    "\nTEL;TYPE=cell:",
    ["PHONE", phone(c)],
  ];
  if (chance(f, 0.4)) parts.push("\nTEL;TYPE=fax,work:", ["FAX", phone(c)]);
  parts.push("\nEMAIL;TYPE=home:", ["EMAIL", email(c, p)]);
  parts.push(
    "\nADR;TYPE=home:;;",
    ["ADDRESS", US_STYLE.has(c.locale) ? `${street};${city};${state(f)}` : `${street};${city}`],
    US_STYLE.has(c.locale) ? ";" : ";;",
    ["ZIP_CODE", zip],
    ";",
    COUNTRY[c.locale] ?? "",
  );
  if (chance(f, 0.4))
    parts.push("\nBDAY:", ["DATE", dateText(f, birth(f), pick(f, ["iso", "compact"]))]);
  parts.push(`\nORG:${pick(f, FIRMS)}\nEND:VCARD`);
  return parts;
}

function yamlDump(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const parts: Part[] = [
    "patient:\n  name: ",
    ["NAME", styled(f, p, pick(f, ["plain", "lastFirst", "middle"]))],
    "\n  dob: ",
    ["DATE", dateText(f, birth(f), pick(f, ["iso", "mdySlash", "dotted"]))],
    "\n  contact:\n    mobile: ",
  ];
  const quote = chance(f, 0.5) ? "'" : "";
  parts.push(quote, ["PHONE", phone(c)], quote);
  parts.push("\n    email: ", ["EMAIL", email(c, p)]);
  parts.push(
    `\n  insurance:\n    payer: ${pick(f, ["Aetna", "Cigna", "AOK", "Bupa", "Humana", "Allianz"])}\n    member_id: `,
    ["HEALTH_PLAN_ID", memberId(f)],
  );
  if (chance(f, 0.5))
    parts.push("\n  vehicle:\n    plate: ", ["VEHICLE_ID", plate(c)], "\n    vin: ", [
      "VEHICLE_ID",
      vin(f),
    ]);
  parts.push(
    `\nappointment:\n  slot: "${time(f)}"\n  cpt: ${cpt(f)}\n  duration_min: ${pick(f, [15, 20, 30, 45])}`,
  );
  return parts;
}

function markdownTable(c: Ctx): Part[] {
  const { f } = c;
  const rows = int(f, 2, 4);
  const tsv = chance(f, 0.3);
  const cells = (xs: Part[][]): Part[] =>
    tsv
      ? xs.flatMap((x, i) => (i === 0 ? x : ["\t", ...x]))
      : ["| ", ...xs.flatMap((x, i) => (i === 0 ? x : [" | ", ...x])), " |"];
  const out: Part[] = tsv
    ? ["Name\tDOB\tPhone\tVisit\n"]
    : ["| Name | DOB | Phone | Visit |\n|---|---|---|---|\n"];
  for (let i = 0; i < rows; i++) {
    const p = person(c);
    out.push(
      ...cells([
        [
          [
            "NAME",
            styled(
              f,
              p,
              pick(f, ["plain", "lastFirst", "capsLastFirst", "initials", "familyFirst"]),
            ),
          ],
        ],
        [["DATE", dateText(f, birth(f), pick(f, ["iso", "mdySlash", "dotted", "dmyShort"]))]],
        [["PHONE", phone(c)]],
        [`${pick(f, WEEKDAYS).slice(0, 3)} ${time(f)}`],
      ]),
      "\n",
    );
  }
  out.push(
    pick(f, [
      "can you dedupe these?",
      "these three no-showed",
      "pls send reminders",
      "import into the calendar",
    ]),
  );
  return out;
}

function htmlSnippet(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  return pick<Part[]>(f, [
    [
      "<table><tr><th>Patient</th><td>",
      ["NAME", styled(f, p, "plain")],
      "</td></tr><tr><th>DOB</th><td>",
      ["DATE", dob(c)],
      "</td></tr><tr><th>Phone</th><td>",
      ["PHONE", phone(c)],
      "</td></tr></table>",
    ],
    [
      "<p>Ship to: <b>",
      ["NAME", `${p.first} ${p.last}`],
      "</b><br>",
      ...address(c, "<br>"),
      "</p>",
    ],
    [
      '<a href="mailto:',
      ["EMAIL", email(c, p)],
      '">',
      ["NAME", `${p.first} ${p.last}`],
      "</a> wrote:<br><blockquote>my card ",
      ["CREDIT_CARD", card(f).number],
      " was charged twice</blockquote>",
    ],
    [
      '<input name="ssn" value="',
      ["SSN", ssn(f)],
      '"> <input name="member_id" value="',
      ["HEALTH_PLAN_ID", memberId(f)],
      '">',
    ],
  ]);
}

function queryString(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, "+");
  const d = birth(f);
  const host = pick(f, [
    "https://book.northside-clinic.com/confirm",
    "https://shop.pawsandco.com/checkout",
    "https://forms.smiledental.co.uk/intake",
    "/api/v1/leads",
  ]);
  return pick<Part[]>(f, [
    [
      `${host}?name=`,
      ["NAME", enc(`${p.first} ${p.last}`)],
      "&phone=",
      ["PHONE", enc(phone(c))],
      `&slot=${pick(f, WEEKDAYS).toLowerCase()}&utm_source=sms`,
    ],
    [
      `GET ${host}?first=`,
      ["NAME", enc(p.first)],
      "&last=",
      ["NAME", enc(p.last)],
      "&dob=",
      ["DATE", `${d.y}-${pad2(d.m)}-${pad2(d.d)}`],
      "&email=",
      ["EMAIL", enc(email(c, p))],
      ` 200 ${int(f, 4, 90)}ms`,
    ],
    [
      "webhook payload: email=",
      ["EMAIL", email(c, p)],
      "&zip=",
      ["ZIP_CODE", safe(() => f.location.zipCode(), "10001")],
      `&sku=${sku(f)}&qty=${int(f, 1, 4)}`,
    ],
  ]);
}

function auditLog(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const ts = `${recent(f).y}-${pad2(int(f, 1, 12))}-${pad2(int(f, 1, 28))}`;
  return pick<Part[]>(f, [
    [
      ["DATE", ts],
      `T${pad2(int(f, 0, 23))}:${pad2(int(f, 0, 59))}:${pad2(int(f, 0, 59))}Z INFO portal.login ok user=`,
      ["EMAIL", email(c, p)],
      " ip=",
      ["IP_ADDRESS", publicIp(f)],
      ` ua="Mozilla/5.0" latency_ms=${int(f, 20, 900)}`,
    ],
    [
      "login failed x",
      String(int(f, 3, 9)),
      " for ",
      ["NAME", `${p.first} ${p.last}`],
      " from ",
      ["IP_ADDRESS", publicIp(f)],
      ", device ",
      ["DEVICE_ID", digits(f, 15)],
      " (IMEI) — locked for 15 min",
    ],
    [
      "The patient ",
      ["NAME", styled(f, p, "plain")],
      " says the pump (serial ",
      ["DEVICE_ID", deviceId(f)],
      ") alarms at night; firmware ",
      version(f),
      ", pairing code ",
      digits(f, 4),
    ],
  ]);
}

function calendarInvite(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const d = recent(f);
  const stamp = `${d.y}${pad2(d.m)}${pad2(d.d)}T${pad2(int(f, 8, 17))}${pick(f, ["00", "15", "30", "45"])}00`;
  return [
    "BEGIN:VEVENT\nSUMMARY:",
    pick(f, ["Consult", "Cleaning", "Fitting", "Follow-up", "Vaccination"]),
    " – ",
    ["NAME", styled(f, p, pick(f, ["lastFirst", "plain", "familyFirst"]))],
    "\nDTSTART;TZID=Europe/London:",
    ["DATE", stamp],
    "\nLOCATION:Room ",
    String(int(f, 1, 12)),
    "\nATTENDEE;CN=",
    ["NAME", `${p.first} ${p.last}`],
    ":mailto:",
    ["EMAIL", email(c, p)],
    `\nDESCRIPTION:${pick(f, ["bring insurance card", "new patient forms", "x-rays from " + pick(f, FIRMS), "fasting"])}\nEND:VEVENT`,
  ];
}

function faxCover(c: Ctx): Part[] {
  const { f } = c;
  const to = person(c);
  const from = person(c);
  const p = person(c);
  return [
    "FAX COVER SHEET\nTO: ",
    ["NAME", `${to.first} ${to.last}`],
    `, ${pick(f, ["Medical Records", "Billing", "Prior Auth Dept"])}\nFAX: `,
    ["FAX", phone(c)],
    "\nFROM: ",
    ["NAME", styled(f, from, "initials")],
    "\nPHONE: ",
    ["PHONE", phone(c)],
    `\nPAGES: ${int(f, 2, 14)} (incl. cover)\nRE: records request for `,
    ["NAME", styled(f, p, "capsLastFirst")],
    ", DOB ",
    ["DATE", dob(c)],
    "\nCONFIDENTIALITY NOTICE: this facsimile contains privileged information.",
  ];
}

function dictation(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const d = { y: int(f, 1925, 2004), m: int(f, 1, 12), d: int(f, 1, 28) };
  const mon = (MONTHS[d.m - 1] ?? "may").toLowerCase();
  const spoken = pick(f, [
    `${mon} ${ordinal(d.d)} ${d.y}`,
    `${mon} ${d.d} ${d.y}`,
    `the ${ordinal(d.d)} of ${mon} ${d.y}`,
  ]);
  const years = 2025 - d.y;
  const age: Part[] =
    years >= 90 ? [["AGE_OVER_89", String(years)], " year old"] : [`${years} year old`];
  return [
    "this is dictation for patient ",
    ["NAME", styled(f, p, "lower")],
    " date of birth ",
    ["DATE", spoken],
    " period ",
    ...age,
    ` ${pick(f, ["male", "female", "gentleman", "lady"])} seen today for ${pick(f, EPONYMS).toLowerCase()} follow up comma continue ${pick(f, DRUGS).toLowerCase()} period callback number `,
    ["PHONE", `${int(f, 201, 989)} ${int(f, 210, 989)} ${digits(f, 4)}`],
    " end of dictation",
  ];
}

function shippingLabel(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const careOf = chance(f, 0.35);
  const parts: Part[] = [
    pick(f, ["SHIP TO:\n", "Deliver to\n", "Recipient:\n"]),
    ["NAME", styled(f, p, pick(f, ["plain", "caps", "suffix", "middle"]))],
    "\n",
  ];
  if (careOf) parts.push("c/o ", ["NAME", fullName(c, ["plain", "caps"])], "\n");
  parts.push(...address(c, "\n"), "\n");
  parts.push(pick(f, ["Tel ", "Ph: ", "Mobile: "]), ["PHONE", phone(c)]);
  parts.push(
    `\nOrder ${orderNo(f)} · ${int(f, 1, 5)} item(s) · ${price(f)}\nGift note: "${pick(f, ["Get well soon!", "Happy birthday Mum x", "Thinking of you", "Congrats on the new job"])}"`,
  );
  return parts;
}

function vetNote(c: Ctx): Part[] {
  const { f } = c;
  const owner = person(c);
  const pet = pick(f, [
    "Bella",
    "Max",
    "Luna",
    "Charlie",
    "Daisy",
    "Oscar",
    "Milo",
    "Rosie",
    "Teddy",
    "Coco",
  ]);
  return pick<Part[]>(f, [
    [
      `${pet} (${pick(f, ["Labrador", "tabby", "Cavalier King Charles", "Border collie", "rabbit"])}, ${int(f, 1, 14)}y) — owner `,
      ["NAME", styled(f, owner, pick(f, ["plain", "lastFirst", "initials"]))],
      ", ",
      ["PHONE", phone(c)],
      `. Rabies booster due ${pick(f, MONTHS)}. Microchip `,
      ["DEVICE_ID", digits(f, 15)],
    ],
    [
      "Owner ",
      ["NAME", `${owner.first} ${owner.last}`],
      " wants ",
      pet,
      "'s records sent to ",
      ["EMAIL", email(c, owner)],
      `; last weight ${int(f, 3, 40)}.${int(f, 0, 9)} kg`,
    ],
    [
      "pls bill ",
      ["NAME", styled(f, owner, "lower")],
      ` for ${pet}'s dental (${price(f)}), acct `,
      ["ACCOUNT_NUMBER", accountNo(f)],
    ],
  ]);
}

function shortChat(c: Ctx): Part[] {
  const { f } = c;
  const p = person(c);
  const nick = pick(f, NICKNAMES);
  return pick<Part[]>(f, [
    [
      "tell ",
      ["NAME", nick],
      " the ",
      time(f),
      " with ",
      ["NAME", styled(f, p, "plain")],
      " is confirmed",
    ],
    ["can u ring ", ["NAME", nick], " back, she left her number: ", ["PHONE", phone(c)]],
    [
      "Mrs ",
      ["NAME", pick(f, APOSTROPHE_SURNAMES)],
      " rang — she turns ",
      ["AGE_OVER_89", String(int(f, 90, 102))],
      " this week, daughter ",
      ["NAME", firstName(c)],
      " will bring her in",
    ],
    [
      "new patient ",
      ["NAME", styled(f, p, pick(f, ["suffix", "initials", "middle"]))],
      " — ",
      ...postcodeAlone(c),
      ", prefers text on ",
      ["PHONE", phone(c)],
    ],
    [
      ["NAME", scriptName(c)],
      " ",
      pick(f, [
        "called about the invoice",
        "is here for the 10:00",
        "needs an interpreter (Arabic)",
        "paid in cash",
      ]),
      ", mobile ",
      ["PHONE", phone(c)],
    ],
    [
      "Driver's licence ",
      ["LICENSE_NUMBER", licence(f)],
      " and plate ",
      ["VEHICLE_ID", plate(c)],
      " for the parking permit of ",
      ["NAME", `${p.first} ${p.last}`],
    ],
    ["Patient ", ["NAME", styled(f, p, "plain")], " shared a link: ", ["URL", personalUrl(c, p)]],
    [
      "IBAN for the refund to ",
      ["NAME", styled(f, p, "plain")],
      ": ",
      [
        "ACCOUNT_NUMBER",
        `${pick(f, ["DE", "NL", "FR", "ES"])}${digits(f, 2)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 4)} ${digits(f, 2)}`,
      ],
    ],
    (() => {
      const k = card(f);
      return [
        "paying with ",
        k.brand,
        " ",
        ["CREDIT_CARD", k.number],
        " for ",
        ["NAME", p.first],
        "'s ",
        pick(f, PRODUCTS),
      ] as Part[];
    })(),
    ["SSN on the W-9 is ", ["SSN", ssn(f)], ", name ", ["NAME", styled(f, p, "capsLastFirst")]],
    [
      "Hi, I'm ",
      ["NAME", `${p.first} ${p.last}`],
      " — ",
      ["AGE_OVER_89", String(int(f, 90, 99))],
      "-year-old mum needs a home visit at ",
      ...address(c),
    ],
    [
      "email ",
      [
        "EMAIL",
        email(c, p)
          .replace("@", " (at) ")
          .replace(/\.(\w+)$/, " (dot) $1"),
      ],
      " if the ",
      pick(f, PRODUCTS),
      " comes back in stock",
    ],
  ]);
}

const VOICES: { weight: number; make: Template }[] = [
  { weight: 10, make: whatsapp },
  { weight: 6, make: slack },
  { weight: 8, make: foreignLog },
  { weight: 7, make: reminderSms },
  { weight: 4, make: referral },
  { weight: 4, make: discharge },
  { weight: 4, make: claimForm },
  { weight: 5, make: refill },
  { weight: 5, make: labNotice },
  { weight: 4, make: hl7 },
  { weight: 4, make: vcard },
  { weight: 4, make: yamlDump },
  { weight: 4, make: markdownTable },
  { weight: 4, make: htmlSnippet },
  { weight: 4, make: queryString },
  { weight: 4, make: auditLog },
  { weight: 3, make: calendarInvite },
  { weight: 3, make: faxCover },
  { weight: 4, make: dictation },
  { weight: 5, make: shippingLabel },
  { weight: 4, make: vetNote },
  { weight: 14, make: shortChat },
];

// ---------------------------------------------------------------------------------------------
// Clean messages: the same voices and formats, no identifier of a person

const CLEAN: ((f: Faker) => string)[] = [
  (f) =>
    `[${time(f)}] Front Desk: ${pick(f, WEEKDAYS)} ${time(f)} slot is free again\n[${time(f)}] Billing: ok, offering it to the waitlist`,
  (f) =>
    `@here ${pick(f, FIRMS)} rep is in at ${time(f)}, demo of the new ${pick(f, ["Sonicare", "Latitude 7440", "Transit van", "infusion pump", "otoscope"])} in room ${int(f, 1, 9)}`,
  (f) =>
    `<@U0${f.string.alphanumeric({ length: 8, casing: "upper" })}> order ${orderNo(f)} (${sku(f)} × ${int(f, 1, 6)}) shipped, tracking ${tracking(f)}`,
  (f) =>
    `OBX|1|NM|${pick(f, ["2345-7^Glucose", "2160-0^Creatinine", "718-7^Hemoglobin", "2823-3^Potassium"])}^LN||${int(f, 3, 140)}|${pick(f, ["mg/dL", "g/dL", "mmol/L"])}|${int(f, 1, 70)}-${int(f, 71, 140)}|N|||F`,
  (f) =>
    `ORC|NW|${digits(f, 8)}^LAB||||||||||${cpt(f)}\nOBR|1|${digits(f, 8)}||${cpt(f)}^${pick(f, ["CBC", "CMP", "LIPID PANEL", "TSH"])}`,
  (f) =>
    `clinic:\n  timezone: ${pick(f, ["Europe/Berlin", "America/Chicago", "Asia/Ho_Chi_Minh", "Europe/Istanbul"])}\n  slot_minutes: ${pick(f, [10, 15, 20])}\n  reminder_hours: ${pick(f, [24, 48])}\n  opens: "${pad2(int(f, 7, 9))}:00"\n  closes: "${int(f, 17, 20)}:30"`,
  (f) =>
    `| SKU | Item | Qty | Price |\n|---|---|---|---|\n| ${sku(f)} | ${pick(f, PRODUCTS)} | ${int(f, 1, 40)} | ${price(f)} |\n| ${sku(f)} | ${pick(f, PRODUCTS)} | ${int(f, 1, 40)} | ${price(f)} |`,
  (f) =>
    `<table><tr><td>${pick(f, PRODUCTS)}</td><td>${price(f)}</td></tr><tr><td>${pick(f, PRODUCTS)}</td><td>${price(f)}</td></tr></table>`,
  (f) =>
    `https://shop.example.com/cart?sku=${sku(f)}&qty=${int(f, 1, 5)}&coupon=${pick(f, ["SPRING", "WELCOME10", "VIP"])}${int(f, 10, 30)}&utm_campaign=${pick(f, MONTHS).toLowerCase()}`,
  (f) =>
    `Restocked: ${pick(f, DRUGS)} (NDC ${ndc(f)}, ${lot(f)}), ${int(f, 2, 30)} boxes at ${price(f)} each.`,
  (f) => `${pick(f, EPONYMS)} ${icd(f)}, billed ${cpt(f)} + ${cpt(f)} — payer wants modifier 25.`,
  (f) =>
    `Pt (${int(f, 18, 88)} y/o) ${labValue(f)}, ${labValue(f)}; start ${pick(f, DRUGS)} and recheck in ${int(f, 2, 12)} weeks.`,
  (f) =>
    `${pick(f, TESTS)} booked for ${pick(f, WEEKDAYS)} ${time(f)}; ${pick(f, FIRMS)} loaner unit returns ${pick(f, ["Friday", "next week", "end of month"])}.`,
  (f) =>
    `The ${pick(f, FIRMS)} van is in for service until ${pick(f, WEEKDAYS)} — deliveries go with ${pick(f, ["DHL", "UPS", "Royal Mail", "FedEx", "PostNL"])} instead.`,
  (f) =>
    `${pick(f, PRODUCTS)} is back in stock (${sku(f)}), ${price(f)}, limit ${int(f, 1, 4)} per order.`,
  (f) =>
    `Kiosk build ${version(f)} fixed the printer bug; rollout ${pick(f, WEEKDAYS)} ${time(f)}, ${int(f, 2, 14)} sites.`,
  (f) =>
    `${pick(f, ["Rose", "Amber", "Ruby", "Jade", "Iris", "Ivy", "Hazel", "Olive"])} ${pick(f, ["frames", "tint", "scrubs", "mugs", "labels"])} sold out in ${pick(f, MONTHS)}; reorder ${int(f, 20, 200)} units.`,
  (f) =>
    pick(f, [
      `Will do — sending the ${pick(f, PRODUCTS)} quote now`,
      `Bill the insurer directly for ${cpt(f)}`,
      `Mark order ${orderNo(f)} as urgent please`,
      `Pat dry and apply the dressing ${pick(f, ["BID", "daily"])}`,
      `Sue them for the late fee? ${pick(f, FIRMS)} owes ${price(f)}`,
      `Frank feedback from the ${pick(f, FIRMS)} rep: too many SKUs`,
      `Grant application due ${pick(f, WEEKDAYS)}, budget ${price(f)}`,
      `Max dose is ${int(f, 2, 4)} g/day for ${pick(f, DRUGS).split(" ")[0] ?? "paracetamol"}`,
      `Chase the ${pick(f, FIRMS)} invoice before ${pick(f, MONTHS)}`,
    ]),
  (f) =>
    `Invoice ${orderNo(f)} from ${pick(f, FIRMS)}: ${price(f)}, due in ${pick(f, [14, 30, 45])} days, PO ${digits(f, 6)}.`,
  (f) =>
    `${pick(f, MONTHS)} numbers: ${int(f, 200, 900)} visits, ${int(f, 1, 20)}% no-shows, NPS ${int(f, 30, 80)}.`,
  (f) =>
    `Dose check: ${pick(f, DRUGS)} ${pick(f, ["BID", "TDS", "q8h", "PRN", "nocte"])}, max ${int(f, 2, 4)} g/24h; ${pick(f, ["5/325", "10/325", "1:1000", "2.5/500"])} strength in stock.`,
  (f) =>
    `Turn ${pick(f, ["left", "right"])} at ${pick(f, ["Main Street", "Harley Street", "King's Road", "Elm Avenue"])} pharmacy, we're the ${pick(f, ["blue", "green"])} door next to ${pick(f, FIRMS)}.`,
  (f) =>
    `Vaccination clinic ${pick(f, WEEKDAYS)}s ${hours(f)}; ${pick(f, ["flu", "COVID", "shingles", "HPV"])} stock ${int(f, 20, 400)} doses, ${lot(f)}.`,
  (f) =>
    `Screen ${int(f, 1, 5)} shows error E${int(f, 100, 999)} after update ${version(f)}; ticket ${upperAlpha(f, 3)}-${int(f, 100, 9999)}.`,
  (f) =>
    `Gift card balance ${price(f)} — code ends ${upperAlpha(f, 2)}${digits(f, 2)}, valid through ${pick(f, MONTHS)}.`,
  (f) =>
    `${pick(f, ["Luna", "Milo", "Bella", "Oscar", "Daisy"])} the clinic cat knocked over the ${pick(f, PRODUCTS)} display again 🙃`,
  (f) =>
    `Per ${pick(f, ["ISO 13485", "HIPAA §164.514(b)", "GDPR Art. 9", "CLIA", "USP <797>"])}, logs are kept ${int(f, 2, 10)} years; audit ${pick(f, ["Q1", "Q2", "Q3", "Q4"])} FY${int(f, 24, 27)}.`,
  (f) =>
    `Waiting room TV: ${pick(f, ["Disney", "Planet Earth", "the Hilton ad", "Tom & Jerry"])} on loop, volume ${int(f, 5, 20)}. Wi-Fi code ${f.string.alphanumeric(8)}.`,
  (f) =>
    `Sterilise tray ${upperAlpha(f, 1)}${int(f, 1, 30)} at ${int(f, 121, 134)}°C for ${int(f, 3, 18)} min; ${pick(f, TESTS)} kit goes to bay ${int(f, 1, 8)}.`,
  (f) =>
    `Phone tree: press ${int(f, 1, 9)} for billing, ${int(f, 1, 9)} for refills, 0 for reception. Hours Mon–Fri ${hours(f)}.`,
];

/** The corpus with each span's inserted value, for the corpus' own test. */
export function blind2Messages({ size, seed }: { size: number; seed: number }): Blind2Message[] {
  const weights = VOICES.flatMap((v, i) => Array<number>(v.weight).fill(i));
  const out: Blind2Message[] = [];
  for (let i = 0; i < size; i++) {
    const locale = LOCALES[(i * 11) % LOCALES.length] ?? "en_US";
    const f = allFakers[locale];
    const base = seed * 31 + i * 17;
    f.seed(base);
    let n = 0;
    const c: Ctx = {
      f,
      locale,
      other: (l) => {
        const g = allFakers[l];
        g.seed(base + 1 + n++);
        return g;
      },
    };
    // 7 in every 20 clean: 35%, spread through each block of 20.
    if ((i * 7) % 20 < 7) {
      out.push({ text: pick(f, CLEAN)(f), spans: [] });
      continue;
    }
    const voice = VOICES[pick(f, weights)] ?? VOICES[0];
    if (!voice) continue;
    const b = new Builder().add(voice.make(c));
    out.push({ text: b.text, spans: b.spans });
  }
  return out;
}

/** `size` messages (default 1,500), 35% clean; deterministic for a seed. */
export function generateBlind2Corpus({
  size = 1500,
  seed,
}: {
  size?: number;
  seed: number;
}): CorpusMessage[] {
  return blind2Messages({ size, seed }).map((m) => ({
    text: m.text,
    spans: m.spans.map(({ type, start, end }) => ({ type, start, end })),
  }));
}
