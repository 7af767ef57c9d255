// Money: integer amounts in a currency's minor units (ISO 4217 exponent), formatted for messages, and
// order totals summed with integer arithmetic and a hard cap, so a total can never lose precision.
import { AppError } from "../errors";

/** Currencies whose minor unit is not 1/100 (ISO 4217 exponent 0 or 3). */
// prettier-ignore
const EXPONENT_0 = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];
// prettier-ignore
const EXPONENT_3 = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
// prettier-ignore
const EXPONENT_2 = [
  "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BMD",
  "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CNY", "COP", "CRC", "CUP",
  "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
  "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR",
  "KPW", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP",
  "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN",
  "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP",
  "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD",
  "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
];

export type MinorUnitExponent = 0 | 2 | 3;

/** ISO 4217 code → number of minor-unit digits. */
export const CURRENCIES: ReadonlyMap<string, MinorUnitExponent> = new Map<
  string,
  MinorUnitExponent
>([
  ...EXPONENT_2.map((c) => [c, 2] as const),
  ...EXPONENT_0.map((c) => [c, 0] as const),
  ...EXPONENT_3.map((c) => [c, 3] as const),
]);

export function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** Minor-unit digits of a currency; 2 for a code not in the table. */
export function minorUnitExponent(currency: string): MinorUnitExponent {
  return CURRENCIES.get(currency.toUpperCase()) ?? 2;
}

/** The largest order total accepted, in minor units (fits a bigint column and a JS safe integer with room). */
export const MAX_ORDER_TOTAL = 99_999_999_999;

/** "1234567" → "1,234,567", in one pass (a lookahead pattern would rescan the digits from every position). */
function groupThousands(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3)
    groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.join(",");
}

/** `formatMoney(123456, "USD")` → "USD 1,234.56"; `formatMoney(1500, "JPY")` → "JPY 1,500". Locale-free, exact. */
export function formatMoney(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount))
    throw new TypeError("formatMoney expects an integer amount in minor units");
  const code = currency.toUpperCase();
  const exponent = minorUnitExponent(code);
  const base = 10n ** BigInt(exponent);
  const abs = BigInt(Math.abs(amount));
  const major = groupThousands((abs / base).toString());
  const minor = exponent === 0 ? "" : `.${(abs % base).toString().padStart(exponent, "0")}`;
  return `${amount < 0 ? "-" : ""}${code} ${major}${minor}`;
}

export interface LineAmount {
  sku: string;
  quantity: number;
  unitAmount: number;
}

/**
 * Σ quantity × unitAmount in integer minor units. BAD_REQUEST when a line or the total passes
 * MAX_ORDER_TOTAL (checked after every step, so no intermediate ever leaves the safe-integer range).
 */
export function orderTotal(items: readonly LineAmount[], currency: string): number {
  let total = 0;
  for (const [index, item] of items.entries()) {
    const line = item.quantity * item.unitAmount;
    if (!Number.isSafeInteger(line) || line > MAX_ORDER_TOTAL) {
      throw new AppError(
        "BAD_REQUEST",
        `Item ${index + 1} (${item.sku}): quantity × unitAmount exceeds the maximum order total of ${formatMoney(MAX_ORDER_TOTAL, currency)}`,
      );
    }
    total += line;
    if (!Number.isSafeInteger(total) || total > MAX_ORDER_TOTAL) {
      throw new AppError(
        "BAD_REQUEST",
        `The order total exceeds the maximum of ${formatMoney(MAX_ORDER_TOTAL, currency)}; split the order`,
      );
    }
  }
  return total;
}
