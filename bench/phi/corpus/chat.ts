// A third evaluation corpus, written to resemble text nobody on this team wrote: support chat
// transcripts (turns, lower-case typing, CRLF, quoted replies), e-mail signature blocks and
// intake prose. Values come from libraries, not from lists kept here: names, streets, cities and
// postcodes from @faker-js/faker in 37 locales (Latin, Cyrillic and Greek scripts), phone
// numbers from libphonenumber-js's example number of each country (last digits varied, kept
// only while the library still calls the number valid) plus the US directory forms with
// extensions, card numbers from every issuer range with a valid Luhn digit. Its templates were
// written without reading the detector's patterns or the other two generators' templates.
// Nearly two fifths of the messages are clean and dense with numbers that are not PHI
// (prices, order and tracking numbers, times, quantities, dosages, vitals, codes) or with
// capitalised words that are not people (companies, drugs, places), so precision stays honest.
//
// Span conventions are the repository's: titles (Dr., Mrs.) stay outside NAME; a ZIP code
// written after a US state, a Canadian province or a UK/Irish town is its own ZIP_CODE span;
// elsewhere the postcode is part of the ADDRESS span.
import { type Faker, type SexType, allFakers } from "@faker-js/faker";
import { type PhiType } from "@frontdesk/phi";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import examples from "libphonenumber-js/examples.mobile.json";
import { type CorpusMessage, type CorpusSpan } from "./generate";

const LOCALES = {
  en_US: "US",
  en_GB: "GB",
  en_CA: "CA",
  en_AU: "AU",
  en_IE: "IE",
  en_IN: "IN",
  en_ZA: "ZA",
  en_NG: "NG",
  de: "DE",
  de_AT: "AT",
  de_CH: "CH",
  fr: "FR",
  fr_CH: "CH",
  fr_BE: "BE",
  fr_CA: "CA",
  es: "ES",
  es_MX: "MX",
  it: "IT",
  pt_BR: "BR",
  pt_PT: "PT",
  nl: "NL",
  pl: "PL",
  cs_CZ: "CZ",
  sk: "SK",
  hu: "HU",
  ro: "RO",
  hr: "HR",
  sv: "SE",
  nb_NO: "NO",
  da: "DK",
  fi: "FI",
  tr: "TR",
  vi: "VN",
  id_ID: "ID",
  lv: "LV",
  ru: "RU",
  uk: "UA",
  el: "GR",
} as const satisfies Record<string, CountryCode>;
type Locale = keyof typeof LOCALES;
const LOCALE_LIST = Object.keys(LOCALES) as Locale[];
/** US text (extensions, APO/DPO, state + ZIP) is the external corpus' largest share: weight it. */
const WEIGHTED: Locale[] = [...LOCALE_LIST, "en_US", "en_US", "en_US", "en_US", "en_GB", "en_CA"];

/** Where the postcode follows the town or state as an identifier of its own. */
const ZIP_APART = new Set<Locale>(["en_US", "en_CA", "fr_CA", "en_GB", "en_IE", "en_AU"]);

interface Tagged {
  type: PhiType;
  value: string;
}
type Piece = string | Tagged;
const tag = (type: PhiType, value: string): Tagged => ({ type, value });

interface Ctx {
  f: Faker;
  locale: Locale;
  region: CountryCode;
}

const pick = <T>(f: Faker, xs: readonly T[]): T => f.helpers.arrayElement(xs);
const digits = (f: Faker, n: number): string =>
  f.string.numeric({ length: n, allowLeadingZeros: true });
function attempt(fn: () => string, fallback: string): string {
  try {
    const v = fn();
    return v === "" ? fallback : v;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------- values

/** Given and family name of one person, the family name in the form that goes with the sex. */
function person(c: Ctx): { first: string; last: string; full: string } {
  const sex: SexType = c.f.datatype.boolean() ? "female" : "male";
  const first = c.f.person.firstName(sex);
  let last = c.f.person.lastName(sex);
  if (c.f.number.int(12) === 0) last = `${last}-${c.f.person.lastName(sex)}`;
  const middle = c.f.number.int(9) === 0 ? ` ${c.f.person.firstName(sex)}` : "";
  return { first, last, full: `${first}${middle} ${last}` };
}

function phoneFromExample(c: Ctx): string {
  const ex = (examples as Record<string, string>)[c.region] ?? "2015550123";
  // Vary the last three digits; keep the variation only while the number stays valid.
  let national = ex;
  for (let k = 0; k < 4; k++) {
    const candidate = ex.slice(0, -3) + digits(c.f, 3);
    if (parsePhoneNumberFromString(candidate, c.region)?.isValid()) {
      national = candidate;
      break;
    }
  }
  const p = parsePhoneNumberFromString(national, c.region);
  if (!p) return national;
  const intl = p.formatInternational();
  switch (c.f.number.int(7)) {
    case 0:
    case 1:
      return p.formatNational();
    case 2:
    case 3:
      return intl;
    case 4:
      return p.number; // E.164
    case 5:
      return `00${intl.slice(1)}`;
    case 6:
      return intl.replace(/ /g, "-");
    default:
      return p.formatNational().replace(/ /g, ".");
  }
}

const area = (f: Faker): string =>
  `${f.number.int({ min: 2, max: 9 })}${f.number.int(9)}${f.number.int({ min: 0, max: 8 })}`;

/** US numbers as directories and contact forms print them, extension or not. */
function usPhone(c: Ctx, extension: boolean): string {
  const a = area(c.f);
  const b = `${c.f.number.int({ min: 2, max: 9 })}${digits(c.f, 2)}`;
  const n = digits(c.f, 4);
  const base = pick(c.f, [
    `${a}-${b}-${n}`,
    `(${a})${b}-${n}`,
    `(${a}) ${b}-${n}`,
    `${a}.${b}.${n}`,
    `+1-${a}-${b}-${n}`,
    `001-${a}-${b}-${n}`,
    `+1 ${a} ${b} ${n}`,
    `1-${a}-${b}-${n}`,
  ]);
  if (!extension) return base;
  const ext = digits(c.f, c.f.number.int({ min: 2, max: 5 }));
  return pick(c.f, [
    `${base}x${ext}`,
    `${base} x${ext}`,
    `${base} ext. ${ext}`,
    `${base} ext ${ext}`,
    `${base}, ext. ${ext}`,
  ]);
}

function anyPhone(c: Ctx): string {
  if (c.locale === "en_US" || c.f.number.int(5) === 0) return usPhone(c, c.f.number.int(3) === 0);
  if (c.f.number.int(5) === 0) return attempt(() => c.f.phone.number(), phoneFromExample(c));
  return phoneFromExample(c);
}

/** Luhn check digit appended to `body`. */
function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** [issuer, prefix range low, high, lengths] for every range cards are issued in. */
const ISSUERS: [string, number, number, number[]][] = [
  ["visa", 4, 4, [13, 16, 19]],
  ["mastercard", 51, 55, [16]],
  ["mastercard", 2221, 2720, [16]],
  ["amex", 34, 34, [15]],
  ["amex", 37, 37, [15]],
  ["discover", 6011, 6011, [16, 19]],
  ["discover", 644, 649, [16]],
  ["discover", 65, 65, [16, 19]],
  ["jcb", 3528, 3589, [16, 17, 18, 19]],
  ["jcb", 1800, 1800, [15]],
  ["jcb", 2131, 2131, [15]],
  ["diners", 300, 305, [14, 16]],
  ["diners", 36, 36, [14]],
  ["diners", 38, 39, [14, 16]],
  ["maestro", 5018, 5018, [12, 13, 15, 16, 19]],
  ["maestro", 5020, 5020, [12, 16]],
  ["maestro", 5038, 5038, [16, 19]],
  ["maestro", 5893, 5893, [16, 19]],
  ["maestro", 6304, 6304, [16, 18, 19]],
  ["maestro", 6759, 6763, [12, 16, 19]],
  ["unionpay", 62, 62, [16, 17, 18, 19]],
  ["mir", 2200, 2204, [16]],
  ["rupay", 60, 60, [16]],
  ["rupay", 81, 82, [16]],
  ["verve", 506099, 506198, [16, 19]],
  ["troy", 9792, 9792, [16]],
  ["uatp", 1, 1, [15]],
  ["instapayment", 637, 639, [16]],
];

function card(c: Ctx): { issuer: string; number: string } {
  const [issuer, lo, hi, lengths] = pick(c.f, ISSUERS);
  const prefix = String(c.f.number.int({ min: lo, max: hi }));
  const length = pick(c.f, lengths);
  const raw = withLuhn(prefix + digits(c.f, length - prefix.length - 1));
  const style = c.f.number.int(4);
  if (style <= 1) return { issuer, number: raw };
  const sep = style === 2 ? " " : "-";
  let groups: string[];
  if (length === 15 && issuer === "amex")
    groups = [raw.slice(0, 4), raw.slice(4, 10), raw.slice(10)];
  else if (length === 14) groups = [raw.slice(0, 4), raw.slice(4, 10), raw.slice(10)];
  else groups = raw.match(/.{1,4}/g) ?? [raw];
  return { issuer, number: groups.join(sep) };
}

function birthDate(c: Ctx): string {
  const d = c.f.date.birthdate({ mode: "age", min: 1, max: 88, refDate: "2026-01-01" });
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  const y = d.getUTCFullYear();
  const month = c.f.date.month();
  return pick(c.f, [
    `${mm}/${dd}/${y}`,
    `${dd}.${mm}.${y}`,
    `${y}-${mm}-${dd}`,
    `${d.getUTCDate()} ${month} ${y}`,
    `${month} ${d.getUTCDate()}, ${y}`,
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${String(y).slice(2)}`,
  ]);
}

/** A unit or flat designation, in the language of the locale when faker has none. */
function unit(c: Ctx): string {
  if (c.locale.startsWith("en_")) return attempt(() => c.f.location.secondaryAddress(), "Apt. 4");
  const n = c.f.number.int({ min: 1, max: 60 });
  return pick(c.f, [`Apt ${n}`, `Unit ${n}`, `Flat ${n}`, `#${n}`]);
}

/** ADDRESS (and ZIP_CODE where it stands apart) pieces for one postal address. */
function address(c: Ctx, sep: string): Piece[] {
  const { f } = c;
  const street = f.location.streetAddress(false);
  const city = f.location.city();
  const zip = attempt(() => f.location.zipCode(), "10115");
  const shape = f.number.int(5);
  if (c.locale === "en_AU" && shape === 0) {
    // Australian unit/number: "5/23 Smith Street".
    const line = `${f.number.int({ min: 1, max: 40 })}/${street}`;
    const state = attempt(() => f.location.state({ abbreviated: true }), "NSW");
    return [tag("ADDRESS", `${line}${sep}${city} ${state}`), " ", tag("ZIP_CODE", zip)];
  }
  // Unit first ("Apt. 12, 4 Main St") or last ("4 Main St Apt. 12"), or none.
  const first =
    shape === 1 ? `${unit(c)}${sep}${street}` : shape === 2 ? `${street} ${unit(c)}` : street;
  if (
    c.locale === "en_US" ||
    c.locale === "en_CA" ||
    c.locale === "fr_CA" ||
    c.locale === "en_AU"
  ) {
    const state = attempt(() => f.location.state({ abbreviated: true }), "NY");
    const between = f.datatype.boolean() ? " " : "  ";
    return [tag("ADDRESS", `${first}${sep}${city}, ${state}`), between, tag("ZIP_CODE", zip)];
  }
  if (ZIP_APART.has(c.locale))
    return [tag("ADDRESS", `${first}${sep}${city}`), sep, tag("ZIP_CODE", zip)];
  return [tag("ADDRESS", `${first}${sep}${zip} ${city}`)];
}

/** US military mail, as the Postal Service prints it. */
function military(c: Ctx, sep: string): Piece[] {
  const { f } = c;
  const region = pick(f, ["AA", "AE", "AP"]);
  const zip =
    region === "AA"
      ? `340${digits(f, 2)}`
      : region === "AE"
        ? `09${digits(f, 3)}`
        : `96${digits(f, 3)}`;
  const line = pick(f, [
    `PSC ${digits(f, 4)}, Box ${digits(f, 4)}`,
    `Unit ${digits(f, 4)} Box ${digits(f, 4)}`,
    `USNS ${f.person.lastName()}`,
    `USS ${f.person.lastName()}`,
    `CMR ${digits(f, 3)} Box ${digits(f, 4)}`,
  ]);
  const post = line.startsWith("US") ? "FPO" : pick(f, ["APO", "DPO"]);
  return [tag("ADDRESS", `${line}${sep}${post} ${region}`), " ", tag("ZIP_CODE", zip)];
}

// ---------------------------------------------------------------- templates

type Template = (c: Ctx) => Piece[];
const N = (c: Ctx): Tagged => tag("NAME", person(c).full);

/** One line of a chat turn from the patient side. */
const PATIENT_TURNS: Template[] = [
  (c) => [`hi this is `, N(c), `, i had an appointment tuesday`],
  (c) => [`hello, `, N(c), ` here. can I move my visit?`],
  (c) => [`my name is `, N(c), ` and I need to cancel`],
  (c) => [`booking for my son `, tag("NAME", `${c.f.person.firstName("male")}`), ` please`],
  (c) => [`its for my mum `, N(c), `, she cant type`],
  (c) => [`you can call me back on `, tag("PHONE", anyPhone(c))],
  (c) => [`number is `, tag("PHONE", anyPhone(c)), ` after 5`],
  (c) => [`ring `, tag("PHONE", anyPhone(c)), ` if nobody answers try again`],
  (c) => [tag("PHONE", anyPhone(c)), ` that's my cell`],
  (c) => [`whatsapp works too: `, tag("PHONE", phoneFromExample(c))],
  (c) => [`the office number is `, tag("PHONE", usPhone(c, true))],
  (c) => [`reach me at work `, tag("PHONE", usPhone(c, true)), ` between 9 and 4`],
  (c) => [`I moved, new address `, ...address(c, ", ")],
  (c) => [`send the letter to\n`, ...address(c, "\n")],
  (c) => [`I'm deployed, mail goes to `, ...military(c, ", ")],
  (c) => [`paying with card `, tag("CREDIT_CARD", card(c).number)],
  (c) => {
    const k = card(c);
    return [`use my ${k.issuer} `, tag("CREDIT_CARD", k.number), ` pls`];
  },
  (c) => [
    `cc# `,
    tag("CREDIT_CARD", card(c).number),
    ` exp ${c.f.number.int({ min: 1, max: 12 })}/${c.f.number.int({ min: 27, max: 33 })}`,
  ],
  (c) => [`dob `, tag("DATE", birthDate(c))],
  (c) => [`email me at `, tag("EMAIL", c.f.internet.email())],
  (c) => [`my wife `, N(c), ` will come instead`],
  (c) => [`ok thanks `, tag("NAME", c.f.person.firstName())],
  (c) => [`can `, N(c), ` pick up the results for me?`],
  (c) => [`fax it over to my lawyer, the fax is\n`, tag("FAX", anyPhone(c))],
];

const AGENT_TURNS: Template[] = [
  () => [`Thanks, I can help with that.`],
  () => [`Sure — which day works best?`],
  (c) => [`Hi `, tag("NAME", c.f.person.firstName()), `, I've updated your booking.`],
  (c) => [`I've noted `, N(c), ` as the emergency contact.`],
  (c) => [`Got it, we'll call `, tag("PHONE", anyPhone(c)), ` to confirm.`],
  ({ f }) => [
    `Your visit is at ${pick(f, ["9:15", "10:40", "2:30 pm", "16:00"])}, room ${f.number.int({ min: 1, max: 40 })}.`,
  ],
  (c) => [`Dr. `, tag("NAME", c.f.person.lastName()), ` will see you then.`],
  () => [`Can you confirm the last 4 digits of the card?`],
  (c) => [`Please fax the form to our office\nFax: `, tag("FAX", usPhone(c, false))],
];

/** Whole messages: prose, e-mails, forms, notes. */
const PROSE: Template[] = [
  (c) => [`Spoke to the family this morning, says `, N(c), `, and nothing has changed.`],
  (c) => [`According to `, N(c), ` the invoice was never received.`],
  (c) => [N(c), ` called about the lab results and asked for a call back.`],
  (c) => [`Visitor log: `, N(c), `; `, N(c), `; `, N(c)],
  (c) => [`Dear `, N(c), `,\n\nyour results are ready.\n\nKind regards,\n`, N(c)],
  (c) => [
    `Best,\n`,
    N(c),
    `\nPractice Manager\nT `,
    tag("PHONE", anyPhone(c)),
    `\nF `,
    tag("FAX", anyPhone(c)),
  ],
  (c) => [
    `--\n`,
    N(c),
    `\nPhone: `,
    tag("PHONE", usPhone(c, true)),
    `\nFax:\n`,
    tag("FAX", usPhone(c, false)),
  ],
  (c) => [N(c), `\n`, ...address(c, "\n"), `\n`, tag("PHONE", anyPhone(c))],
  (c) => [`Ship to:\n`, N(c), `\n`, ...address(c, "\n")],
  (c) => [`Correspondence address on file is `, ...address(c, ", "), `.`],
  (c) => [`Patient lives at `, ...address(c, ", "), ` with her daughter.`],
  (c) => [`Please forward mail for `, N(c), ` to\n`, ...military(c, "\n")],
  (c) => [`APO address: `, ...military(c, ", ")],
  (c) => [
    `Referral from `,
    N(c),
    `; fax number\n\n`,
    tag("FAX", anyPhone(c)),
    `\nphone `,
    tag("PHONE", anyPhone(c)),
  ],
  (c) => [`FAX\r\n`, tag("FAX", usPhone(c, false)), `\r\nATTN: billing`],
  (c) => [`Tel. `, tag("PHONE", phoneFromExample(c)), ` / Fax `, tag("FAX", phoneFromExample(c))],
  (c) => [
    `Front desk: `,
    tag("PHONE", usPhone(c, true)),
    `. After hours: `,
    tag("PHONE", usPhone(c, false)),
    `.`,
  ],
  (c) => [
    `Contact `,
    N(c),
    ` on `,
    tag("PHONE", anyPhone(c)),
    ` or `,
    tag("EMAIL", c.f.internet.email()),
    `.`,
  ],
  (c) => [`Card on file: `, tag("CREDIT_CARD", card(c).number), ` (`, N(c), `)`],
  (c) => {
    const k = card(c);
    return [
      `Refund to ${k.issuer.toUpperCase()} card `,
      tag("CREDIT_CARD", k.number),
      ` approved.`,
    ];
  },
  (c) => [`The payment card number is `, tag("CREDIT_CARD", card(c).number), `.`],
  (c) => [`Debit card\n`, tag("CREDIT_CARD", card(c).number)],
  (c) => [`New patient `, N(c), `, date of birth `, tag("DATE", birthDate(c)), `.`],
  (c) => [
    `Name: `,
    N(c),
    `\nDOB: `,
    tag("DATE", birthDate(c)),
    `\nMobile: `,
    tag("PHONE", anyPhone(c)),
    `\nAddress: `,
    ...address(c, ", "),
  ],
  (c) => [`Emergency contact — `, N(c), ` (`, tag("PHONE", anyPhone(c)), `)`],
  (c) => [`I met `, N(c), ` and `, N(c), ` at the reception.`],
  (c) => [`Thank you `, N(c), `!`],
  (c) => [`Yesterday `, N(c), ` brought in the forms signed by `, N(c), `.`],
  (c) => [
    `Family name `,
    tag("NAME", person(c).last),
    `, given name `,
    tag("NAME", person(c).first),
    `.`,
  ],
  (c) => {
    const p = person(c);
    return [`Patient: `, tag("NAME", `${p.last}, ${p.first}`)];
  },
];

/** Clean messages: full of numbers and capitalised words, none of them PHI. */
const CLEAN: ((c: Ctx) => string)[] = [
  ({ f }) =>
    `Order #${digits(f, 8)} total ${f.commerce.price({ symbol: "$" })}, ${f.number.int({ min: 1, max: 9 })} items.`,
  ({ f }) => `order no. ${digits(f, 3)}-${digits(f, 7)}-${digits(f, 7)} was refunded`,
  ({ f }) =>
    `Invoice INV-${digits(f, 6)} due in 30 days: €${f.number.int({ min: 10, max: 9000 })},${digits(f, 2)}`,
  ({ f }) =>
    `take ${f.number.int({ min: 1, max: 3 })} tablets (${pick(f, [250, 500, 850, 1000])} mg) every ${pick(f, [4, 6, 8, 12])} hours, max ${pick(f, [3000, 4000])} mg/day`,
  ({ f }) =>
    `BP ${f.number.int({ min: 100, max: 160 })}/${f.number.int({ min: 60, max: 99 })}, pulse ${f.number.int({ min: 50, max: 110 })}, temp ${f.number.float({ min: 36, max: 39, fractionDigits: 1 })} °C, SpO2 ${f.number.int({ min: 90, max: 100 })}%`,
  ({ f }) =>
    `we're open ${pick(f, ["08:30", "8:00", "7.30"])}–${pick(f, ["17:00", "18:30", "5pm"])}, lunch 12:00-13:00`,
  ({ f }) =>
    `qty ${f.number.int({ min: 2, max: 48 })} x ${pick(f, [5, 10, 50, 250])} ml, lot ${f.string.alphanumeric({ length: 6, casing: "upper" })}`,
  ({ f }) => `Tracking number ${pick(f, ["1Z", "9400"])}${digits(f, 16)} — out for delivery`,
  ({ f }) =>
    `${f.commerce.productName()} now ${f.commerce.price({ symbol: "$" })} (was ${f.commerce.price({ symbol: "$" })}), SKU ${digits(f, 12)}`,
  ({ f }) =>
    `Room ${f.number.int({ min: 100, max: 1299 })}, building ${f.number.int({ min: 1, max: 9 })}, floor ${f.number.int({ min: 1, max: 12 })}`,
  ({ f }) =>
    `${f.number.int({ min: 1000, max: 99999 }).toLocaleString("en-US")} steps today, ${f.number.float({ min: 1, max: 15, fractionDigits: 2 })} km`,
  ({ f }) =>
    `the call volume was ${f.number.int({ min: 200, max: 9000 })} calls and ${f.number.int({ min: 1000, max: 99999 })} messages in Q${f.number.int({ min: 1, max: 4 })}`,
  ({ f }) =>
    `CPT ${f.number.int({ min: 99202, max: 99499 })} and ICD-10 ${pick(f, ["E11.9", "I10", "J45.909", "M54.5", "Z00.00"])} on the claim`,
  ({ f }) =>
    `ticket ${f.number.int({ min: 2020, max: 2030 })}-${digits(f, 5)} closed after ${f.number.int({ min: 2, max: 90 })} minutes`,
  ({ f }) => `Version ${f.system.semver()} (build ${digits(f, 5)}) fixes the printer timeout`,
  ({ f }) =>
    `${f.company.name()} quoted ${f.finance.amount({ min: 100, max: 20000, symbol: "$" })} for ${f.number.int({ min: 2, max: 30 })} chairs`,
  ({ f }) => `${f.company.name()} recalled ${f.commerce.productName()} batch ${digits(f, 7)}`,
  ({ f }) =>
    `Pfizer and Moderna boosters are back; ${f.number.int({ min: 10, max: 200 })} doses left`,
  ({ f }) =>
    `Insulin glargine ${f.number.int({ min: 10, max: 40 })} units at night, metformin ${pick(f, [500, 850])} mg twice daily`,
  ({ f }) =>
    `can we do ${f.date.weekday()} at ${f.number.int({ min: 8, max: 11 })}:${pick(f, ["00", "15", "30", "45"])} instead?`,
  ({ f }) => `ok see you at ${f.number.int({ min: 1, max: 6 })} 👍`,
  ({ f }) =>
    `parking costs £${f.number.int({ min: 1, max: 9 })}.${digits(f, 2)} per hour, card or coins`,
  ({ f }) =>
    `${f.number.int({ min: 12, max: 60 })} payments of $${f.number.int({ min: 20, max: 400 })}.${digits(f, 2)} or $${f.number.int({ min: 1000, max: 9999 })} upfront`,
  ({ f }) =>
    `ISBN 978-${f.number.int(9)}-${digits(f, 2)}-${digits(f, 6)}-${f.number.int(9)} is the patient leaflet`,
  ({ f }) =>
    `Flight ${f.airline.airline().iataCode}${f.number.int({ min: 10, max: 9999 })} departs ${f.number.int({ min: 10, max: 23 })}:${pick(f, ["05", "20", "45"])} from gate ${f.number.int({ min: 1, max: 60 })}`,
  ({ f }) => `The ${f.location.city()} clinic on ${f.location.street()} is closed for renovation`,
  ({ f }) =>
    `Reminder: ${f.commerce.department()} meeting, ${f.number.int({ min: 1, max: 5 })} pm, ${f.number.int({ min: 3, max: 20 })} people`,
  ({ f }) => `conference bridge code ${digits(f, 6)}#, pin ${digits(f, 4)}`,
  ({ f }) =>
    `Weight ${f.number.int({ min: 50, max: 120 })} kg, height ${f.number.int({ min: 150, max: 200 })} cm, BMI ${f.number.float({ min: 18, max: 35, fractionDigits: 1 })}`,
  ({ f }) =>
    `Your total is ${f.finance.amount({ symbol: "€" })}. Thanks for choosing ${f.company.name()}!`,
  ({ f }) =>
    `the ${f.vehicle.manufacturer()} shuttle leaves every ${pick(f, [10, 15, 20])} min from stop ${f.number.int({ min: 1, max: 40 })}`,
  ({ f }) =>
    `HbA1c ${f.number.float({ min: 5, max: 11, fractionDigits: 1 })}%, LDL ${f.number.int({ min: 60, max: 200 })} mg/dL, eGFR ${f.number.int({ min: 30, max: 120 })}`,
];

// ---------------------------------------------------------------- assembly

function chat(c: Ctx): Piece[] {
  const { f } = c;
  const turns = f.number.int({ min: 1, max: 4 });
  const lower = f.number.int(3) === 0;
  const out: Piece[] = [];
  const speaker = pick(f, ["", "user: ", "> ", "[patient] "]);
  for (let t = 0; t < turns; t++) {
    const fromPatient = t % 2 === 0;
    const turn = (fromPatient ? pick(f, PATIENT_TURNS) : pick(f, AGENT_TURNS))(c);
    if (t > 0) out.push(pick(f, ["\n", "\n\n", "\r\n"]));
    out.push(fromPatient ? speaker : speaker === "" ? "" : "agent: ");
    for (const p of turn) {
      // Chat typing: lower-case everything the patient wrote, names included.
      if (!lower || !fromPatient) out.push(p);
      else
        out.push(typeof p === "string" ? p.toLowerCase() : { ...p, value: p.value.toLowerCase() });
    }
  }
  return out;
}

function build(pieces: Piece[]): CorpusMessage {
  let text = "";
  const spans: CorpusSpan[] = [];
  for (const p of pieces) {
    if (typeof p === "string") text += p;
    else {
      spans.push({ type: p.type, start: text.length, end: text.length + p.value.length });
      text += p.value;
    }
  }
  return { text, spans };
}

/**
 * `size` messages: about 38% clean, the rest half chat transcripts and half prose, spread over
 * the locales (US weighted); deterministic for a seed.
 */
export function generateChatCorpus({
  size,
  seed,
}: {
  size: number;
  seed: number;
}): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  for (let i = 0; i < size; i++) {
    const locale = WEIGHTED[(i * 7) % WEIGHTED.length] ?? "en_US";
    const f = allFakers[locale];
    f.seed(seed * 31 + i);
    const c: Ctx = { f, locale, region: LOCALES[locale] };
    const roll = f.number.int(99);
    if (roll < 38) out.push(build([pick(f, CLEAN)(c)]));
    else if (roll < 69) out.push(build(chat(c)));
    else out.push(build(pick(f, PROSE)(c)));
  }
  return out;
}
