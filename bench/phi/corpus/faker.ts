// A second evaluation corpus, so the detector is not tuned to one generator: values come from
// @faker-js/faker in 40 locales (names with every Latin script's accents, each country's street,
// postcode and phone formats, birth dates written the local way, cards of every issuer range),
// and the sentences around them are prose, chat and form text written for this corpus only
// (none of generate.ts's templates): names with no cue, multi-line and military addresses, unit
// before street, phones with extensions, fax labels on the line above. About a third of the
// messages are clean but full of look-alikes (company names made of surnames, prices, order
// numbers, product names, times).
import { type Faker, allFakers } from "@faker-js/faker";
import { type PhiType } from "@frontdesk/phi";
import { type CorpusMessage, type CorpusSpan } from "./generate";

const LOCALES = [
  "en_US",
  "en_GB",
  "en_CA",
  "en_AU",
  "en_IE",
  "en_IN",
  "en_NG",
  "en_ZA",
  "de",
  "de_AT",
  "de_CH",
  "fr",
  "fr_CA",
  "fr_BE",
  "es",
  "es_MX",
  "it",
  "pt_BR",
  "pt_PT",
  "nl",
  "nl_BE",
  "pl",
  "cs_CZ",
  "sk",
  "hu",
  "ro",
  "hr",
  "sl_SI",
  "sr_RS_latin",
  "sv",
  "nb_NO",
  "da",
  "fi",
  "tr",
  "vi",
  "id_ID",
  "af_ZA",
  "lv",
  "yo_NG",
  "zu_ZA",
] as const;
type Locale = (typeof LOCALES)[number];

/** Locales whose addresses read "street, city, STATE ZIP", with the ZIP a separate identifier. */
const US_STYLE = new Set<Locale>(["en_US", "en_CA", "en_AU"]);

type Part = string | [PhiType, string];

class Builder {
  text = "";
  spans: CorpusSpan[] = [];
  add(...parts: Part[]): this {
    for (const p of parts) {
      if (typeof p === "string") this.text += p;
      else {
        const [type, value] = p;
        this.spans.push({ type, start: this.text.length, end: this.text.length + value.length });
        this.text += value;
      }
    }
    return this;
  }
  done(): CorpusMessage {
    return { text: this.text, spans: this.spans };
  }
}

function pick<T>(f: Faker, xs: readonly T[]): T {
  return f.helpers.arrayElement(xs);
}

function safe(f: () => string, fallback: string): string {
  try {
    return f();
  } catch {
    return fallback;
  }
}

const name = (f: Faker): string => `${f.person.firstName()} ${f.person.lastName()}`;

/** A Luhn-valid number of `length` digits starting with `prefix`. */
function luhnNumber(f: Faker, prefix: string, length: number): string {
  let digits = prefix;
  while (digits.length < length - 1) digits += String(f.number.int(9));
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

// Issuer ranges and lengths: Visa 13/16/19, Mastercard 51–55 and 2221–2720, Amex 34/37 (15),
// Discover 6011/65/644–649, JCB 3528–3589 (16) and the old 15-digit 1800/2131, Diners 36/38/300–305
// (14), Maestro 12–19 digits, UnionPay 62 (16–19).
const CARD_RANGES: [string, number][] = [
  ["4", 16],
  ["4", 13],
  ["4", 19],
  ["51", 16],
  ["55", 16],
  ["2221", 16],
  ["2720", 16],
  ["34", 15],
  ["37", 15],
  ["6011", 16],
  ["65", 16],
  ["644", 16],
  ["3528", 16],
  ["3566", 16],
  ["3589", 16],
  ["1800", 15],
  ["2131", 15],
  ["36", 14],
  ["38", 14],
  ["300", 14],
  ["5018", 12],
  ["6304", 18],
  ["6759", 19],
  ["62", 17],
  ["62", 19],
];

function card(f: Faker): string {
  const [prefix, length] = pick(f, CARD_RANGES);
  const digits = luhnNumber(f, prefix, length);
  const style = f.number.int(3);
  if (style === 0) return digits;
  const sep = style === 1 ? " " : "-";
  if (length === 15 && prefix.startsWith("3"))
    return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  return digits.match(/.{1,4}/g)?.join(sep) ?? digits;
}

/** A birth date written the locale's way, or in one of the forms people type everywhere. */
function birthDate(f: Faker, locale: Locale): string {
  const d = f.date.birthdate({ mode: "age", min: 18, max: 88, refDate: "2026-01-01" });
  const tag = locale.replace("_", "-").replace("-latin", "");
  switch (f.number.int(4)) {
    case 0:
      return safe(
        () => new Intl.DateTimeFormat(tag, { dateStyle: "short" }).format(d),
        "01/02/1960",
      );
    case 1:
      return safe(
        () => new Intl.DateTimeFormat(tag, { dateStyle: "long" }).format(d),
        "1 May 1960",
      );
    case 2:
      return d.toISOString().slice(0, 10);
    case 3:
      return new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(d);
    default:
      return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;
  }
}

function phone(f: Faker): string {
  const style = pick(f, ["human", "human", "national", "international"] as const);
  return f.phone.number({ style });
}

/** A phone with an extension, in the forms US directories print. */
function phoneWithExtension(f: Faker): string {
  const area = f.number.int({ min: 201, max: 989 });
  const exchange = f.number.int({ min: 200, max: 999 });
  const line = String(f.number.int(9999)).padStart(4, "0");
  const ext = String(f.number.int({ min: 1, max: 99999 }));
  return pick(f, [
    `+1-${area}-${exchange}-${line}x${ext}`,
    `(${area})${exchange}-${line}x${ext}`,
    `${area}.${exchange}.${line} ext. ${ext}`,
    `001-${area}-${exchange}-${line}x${ext}`,
    `${area}-${exchange}-${line} ext ${ext}`,
  ]);
}

/** ADDRESS (and ZIP_CODE where it is written apart) parts for one address. */
function address(f: Faker, locale: Locale, multiline: boolean): Part[] {
  const street = f.location.streetAddress(f.datatype.boolean());
  const city = f.location.city();
  const zip = safe(() => f.location.zipCode(), "12345");
  const sep = multiline ? "\n" : ", ";
  if (US_STYLE.has(locale)) {
    const state = safe(() => f.location.state({ abbreviated: true }), "NY");
    if (f.datatype.boolean()) {
      // Unit first: "Apt. 4, 123 Main St".
      const unit = safe(() => f.location.secondaryAddress(), "Apt. 4");
      const bare = f.location.streetAddress(false);
      return [["ADDRESS", `${unit}${sep}${bare}${sep}${city}, ${state}`], " ", ["ZIP_CODE", zip]];
    }
    return [["ADDRESS", `${street}${sep}${city}, ${state}`], " ", ["ZIP_CODE", zip]];
  }
  if (locale === "en_GB" || locale === "en_IE")
    return [["ADDRESS", `${street}${sep}${city}`], sep, ["ZIP_CODE", zip]];
  return [["ADDRESS", `${street}${sep}${zip} ${city}`]];
}

/** Military mail: APO/DPO/FPO with a PSC, unit or ship line. */
function military(f: Faker): Part[] {
  const box = f.number.int({ min: 1, max: 9999 });
  const unit = f.number.int({ min: 1000, max: 9999 });
  const region = pick(f, ["AE", "AP", "AA"]);
  const zip =
    region === "AP"
      ? `96${f.number.int({ min: 200, max: 699 })}`
      : region === "AA"
        ? `340${f.number.int({ min: 10, max: 99 })}`
        : `09${f.number.int({ min: 100, max: 899 })}`;
  const line = pick(f, [
    `PSC ${unit}, Box ${box}`,
    `Unit ${unit} Box ${box}`,
    `USNS ${f.person.lastName()}`,
    `USS ${f.person.lastName()}`,
  ]);
  const post = pick(f, ["APO", "DPO", "FPO"]);
  const sep = f.datatype.boolean() ? "\n" : ", ";
  return [["ADDRESS", `${line}${sep}${post} ${region}`], " ", ["ZIP_CODE", zip]];
}

type Template = (f: Faker, locale: Locale) => Part[];

const PHI_TEMPLATES: Template[] = [
  // Names with no cue, and names inside prose.
  (f) => [["NAME", name(f)], " says the new time works for her."],
  (f) => ["Spoke with ", ["NAME", name(f)], " yesterday about the refill."],
  (f) => ["Per ", ["NAME", name(f)], ", the invoice was paid in full."],
  (f) => ["I think ", ["NAME", name(f)], " already signed the consent form?"],
  (f) => ["Visitors today: ", ["NAME", name(f)], " and ", ["NAME", name(f)], "."],
  (f) => ["Can you ask ", ["NAME", f.person.firstName()], " to bring the x-rays"],
  (f) => ["Regards\n", ["NAME", name(f)]],
  (f) => [["NAME", name(f)], " (", ["NAME", f.person.firstName()], "'s mother) called twice."],
  (f) => ["The booking is under ", ["NAME", f.person.lastName()], ", party of three."],
  (f) => ["Guardian: ", ["NAME", name(f)]],
  // Addresses.
  (f, l) => ["Please ship it to\n", ["NAME", name(f)], "\n", ...address(f, l, true)],
  (f, l) => ["New address is ", ...address(f, l, false), ", effective next week."],
  (f, l) => ["We moved! ", ...address(f, l, false)],
  (f, l) => ["billing addr: ", ...address(f, l, false)],
  (f) => ["Send the kit to my unit:\n", ...military(f)],
  (f) => ["Mailing address ", ...military(f), " (deployed until spring)"],
  // Phones, faxes, extensions.
  (f) => ["You can reach me on ", ["PHONE", phone(f)], " most evenings."],
  (f) => ["Tel.: ", ["PHONE", phone(f)]],
  (f) => [["PHONE", phone(f)], " is my mobile, text first please"],
  (f) => ["Office line ", ["PHONE", phoneWithExtension(f)], " — ask for billing."],
  (f) => ["Call ", ["PHONE", phoneWithExtension(f)], " to confirm."],
  (f) => ["Fax:\n", ["FAX", phone(f)]],
  (f) => ["Our fax number is\n", ["FAX", phone(f)], "\nThanks."],
  (f) => ["fax the referral to ", ["FAX", phoneWithExtension(f)]],
  // Dates, emails, cards.
  (f, l) => ["Date of birth ", ["DATE", birthDate(f, l)]],
  (f, l) => [["NAME", name(f)], ", born ", ["DATE", birthDate(f, l)], ", new patient."],
  (f) => ["Write to ", ["EMAIL", f.internet.email()], " with questions."],
  (f) => ["Card number: ", ["CREDIT_CARD", card(f)]],
  (f) => ["Pay with my card ", ["CREDIT_CARD", card(f)], " exp 09/29"],
  (f) => ["charge the credit card on file (", ["CREDIT_CARD", card(f)], ")"],
  // Several identifiers in one form dump.
  (f, l) => [
    "Name: ",
    ["NAME", name(f)],
    "\nPhone: ",
    ["PHONE", phone(f)],
    "\nAddress: ",
    ...address(f, l, false),
  ],
];

const CLEAN_TEMPLATES: ((f: Faker) => string)[] = [
  (f) => `Order ${f.string.numeric(7)} of ${f.commerce.productName()} shipped today.`,
  (f) => `${f.company.name()} sent an invoice for ${f.finance.amount()} EUR.`,
  (f) => `The ${f.commerce.productName()} is back in stock at ${f.commerce.price()}.`,
  (f) =>
    `Meeting moved to ${f.date.weekday()} at ${f.number.int({ min: 8, max: 17 })}:30, room ${f.number.int(400)}.`,
  (f) => `Supplier: ${f.company.name()} (${f.company.catchPhrase()}).`,
  (f) =>
    `Please restock ${f.number.int({ min: 2, max: 40 })} boxes of ${f.commerce.productMaterial()} gloves.`,
  (f) =>
    `Flight ${f.airline.flightNumber({ addLeadingZeros: true })} lands at gate ${f.string.alpha({ length: 1, casing: "upper" })}${f.number.int(40)}.`,
  (f) =>
    `Build ${f.system.semver()} fixed the kiosk crash, commit ${f.git.commitSha({ length: 7 })}.`,
  (f) => `${f.commerce.department()} sales up ${f.number.int(30)}% this quarter.`,
  (f) => `The ${f.vehicle.manufacturer()} van needs new tyres before ${f.date.month()}.`,
  (f) =>
    `Reminder: staff meeting in the ${f.color.human()} room, bring ${f.commerce.product().toLowerCase()} samples.`,
  (f) =>
    `${f.company.name()} and ${f.company.name()} both quoted ${f.finance.amount({ min: 100, max: 900 })} for the repair.`,
];

/**
 * `size` messages, two thirds with PHI, spread evenly over the locales; deterministic for a seed.
 */
export function generateFakerCorpus({
  size,
  seed,
}: {
  size: number;
  seed: number;
}): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  for (let i = 0; i < size; i++) {
    const locale = LOCALES[i % LOCALES.length] ?? "en_US";
    const f = allFakers[locale];
    f.seed(seed + i);
    const b = new Builder();
    if (i % 3 === 2) b.add(pick(f, CLEAN_TEMPLATES)(f));
    else b.add(...pick(f, PHI_TEMPLATES)(f, locale));
    out.push(b.done());
  }
  return out;
}
