// Display formatting in the tenant's time zone (IANA, via @date-fns/tz) and money in minor units.
import { TZDate } from "@date-fns/tz";

// Making an Intl.NumberFormat costs tens of microseconds, formatting with one about one: a metrics
// page formats ~1,000 numbers (table cells, the charts' hidden tables and hover titles), and making a
// formatter for each was a fifth of its server render. One formatter per option set, kept.
const FORMATTERS_KEPT = 64;
const formatters = new Map<string, Intl.NumberFormat | null>();

/** The formatter for `options` ("en"), or null when Intl refuses them (an unknown currency). */
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat | null {
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    try {
      formatter = new Intl.NumberFormat("en", options);
    } catch {
      formatter = null;
    }
    // Keys come from a handful of digit counts and currencies; the bound only guards odd data.
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Digits after the decimal point for a currency (JPY 0, USD 2, BHD 3), from Intl itself. */
export function currencyDigits(currency: string): number {
  return (
    numberFormat(`currency:${currency}`, { style: "currency", currency })?.resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** 1999 USD → "$19.99"; 500 JPY → "¥500". */
export function formatMoney(minor: number | bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const major = Number(minor) / 10 ** digits;
  const formatter = numberFormat(`money:${currency}:${digits}`, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return formatter ? formatter.format(major) : `${major.toFixed(digits)} ${currency}`;
}

/** "19.99" (major units, as typed in a form) → 1999 minor units; null when not a valid amount. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const trimmed = text.trim();
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = "0", fraction = ""] = trimmed.split(".");
  const value = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(value) ? value : null;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad2 = (n: number) => String(n).padStart(2, "0");

// The date-fns pattern tokens the console uses, in English. date-fns' own `format` brought its whole
// token table and locale (~28 kB) into every console page's JavaScript for these.
const TOKENS: Record<string, (d: TZDate) => string> = {
  yyyy: (d) => String(d.getFullYear()).padStart(4, "0"),
  MMMM: (d) => MONTHS[d.getMonth()] ?? "",
  MMM: (d) => (MONTHS[d.getMonth()] ?? "").slice(0, 3),
  MM: (d) => pad2(d.getMonth() + 1),
  dd: (d) => pad2(d.getDate()),
  d: (d) => String(d.getDate()),
  EEEE: (d) => WEEKDAYS[d.getDay()] ?? "",
  EEE: (d) => (WEEKDAYS[d.getDay()] ?? "").slice(0, 3),
  HH: (d) => pad2(d.getHours()),
  H: (d) => String(d.getHours()),
  mm: (d) => pad2(d.getMinutes()),
  m: (d) => String(d.getMinutes()),
  ss: (d) => pad2(d.getSeconds()),
};

/**
 * A date-fns style pattern applied to an instant as seen in `timeZone`: the tokens in TOKENS, text
 * in single quotes, any other character as is. A letter outside quotes that is not a known token
 * throws (date-fns would have given it a meaning this does not).
 */
export function formatInZone(
  value: Date | string | number,
  timeZone: string,
  pattern: string,
): string {
  const date = new TZDate(toDate(value).getTime(), timeZone);
  return pattern.replace(/'([^']*)'|(\p{L})\2*/gu, (match, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    const token = TOKENS[match];
    if (!token) throw new RangeError(`unsupported date pattern token "${match}" in "${pattern}"`);
    return token(date);
  });
}

/** "Mar 8, 2026, 09:30" in the zone. */
export function formatDateTime(value: Date | string | number, timeZone: string): string {
  return formatInZone(value, timeZone, "MMM d, yyyy, HH:mm");
}

export function formatDay(value: Date | string | number, timeZone: string): string {
  return formatInZone(value, timeZone, "EEE, MMM d");
}

export function formatTime(value: Date | string | number, timeZone: string): string {
  return formatInZone(value, timeZone, "HH:mm");
}

/** The instant at local midnight of the zone's calendar day `days` after the day of `value`. */
export function startOfZonedDay(value: Date | string | number, timeZone: string, days = 0): Date {
  const local = new TZDate(toDate(value).getTime(), timeZone);
  const midnight = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() + days,
    0,
    0,
    0,
    0,
    timeZone,
  );
  return new Date(midnight.getTime());
}

/** "yyyy-MM-dd" for `<input type="date">` in the zone. */
export function toDateInput(value: Date | string | number, timeZone: string): string {
  return formatInZone(value, timeZone, "yyyy-MM-dd");
}

/** `<input type="date">` value ("2026-03-08") → the instant of that local midnight in the zone. */
export function fromDateInput(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0, timeZone);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime());
}

export function formatNumber(value: number, maximumFractionDigits = 2): string {
  const formatter = numberFormat(`number:${maximumFractionDigits}`, { maximumFractionDigits });
  // Intl refuses only digit counts outside 0..100, which callers never pass.
  if (!formatter) throw new RangeError(`maximumFractionDigits ${maximumFractionDigits}`);
  return formatter.format(value);
}
