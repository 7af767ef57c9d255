// Value generators for the synthetic corpus. Identifiers that have a checksum get a valid one,
// so the corpus exercises the detector's validators rather than its shape regexes alone.
import { vinCheckCharacter } from "@frontdesk/phi";
import { type Rng } from "./rng";

export const FIRST = [
  "Maria",
  "Jose",
  "Priya",
  "Kwame",
  "Wei",
  "Ana",
  "David",
  "Sarah",
  "Fatima",
  "Ahmed",
  "Emily",
  "Carlos",
  "Thandeka",
  "Oksana",
  "Rustam",
  "Bongani",
  "Ekaterina",
  "Mehmet",
  "Aylin",
  "Nia",
  "Dario",
  "Siddharth",
  "Marisela",
  "Yesenia",
  "Tobias",
  "Ngozi",
  "Hyejin",
  "Lucinda",
  "Rashad",
  "Esperanza",
  "Dmitri",
  "Kalani",
  "Anneliese",
  "Xiomara",
  "Obinna",
  "Meera",
  "Leilani",
  "Bartholomew",
  "Keanu",
  "Soraya",
  "Jun-ho",
  "Marguerite",
  "Ifeanyi",
  "Renata",
  "Callum",
  "Zainab",
  "Hamid",
  "Lorena",
];
export const LAST = [
  "Garcia",
  "Nguyen",
  "Patel",
  "Okafor",
  "Smith",
  "Kim",
  "Lopez",
  "Abernathy",
  "Oyelaran",
  "Vukovic",
  "Castellanos",
  "Szabo",
  "Ferreira",
  "Lindqvist",
  "Achterberg",
  "Mbeki",
  "Huerta",
  "Quispe",
  "Tanaka",
  "Rahimi",
  "Demir",
  "Yilmaz",
  "Kovacs",
  "Oduya",
  "Bergstrom",
  "Villalobos",
  "Sandhu",
  "Grewal",
  "Takeda",
  "Nakashima",
  "Mwale",
  "Banda",
  "Phiri",
  "O'Sullivan",
  "García-Márquez",
  "Van der Berg",
  "Delacroix",
  "Haddad",
  "Brennan",
  "Whitfield",
  "Osei",
  "Iwu",
  "Cho",
  "Petrossian",
  "Mahlaba",
];
export const STREET_NAMES = [
  "Maple",
  "Juniper",
  "Cedar Hollow",
  "Old Mill",
  "Kensington",
  "Lakeview",
  "Magnolia",
  "Briarwood",
  "5th",
  "Willow Creek",
  "Sycamore",
  "Harbor View",
  "Elm",
  "Prospect",
  "Chestnut Hill",
  "Granite",
  "Sunset",
  "Mission",
  "Alder",
  "Bayshore",
  "N Central",
  "Martin Luther King Jr",
];
export const STREET_SUFFIX = [
  "St",
  "Street",
  "Ave",
  "Avenue",
  "Blvd",
  "Rd",
  "Road",
  "Ln",
  "Lane",
  "Dr",
  "Drive",
  "Ct",
  "Way",
  "Pl",
  "Terrace",
  "Circle",
  "Pkwy",
];
export const CITIES = [
  "Fairview",
  "Riverton",
  "Oak Park",
  "Lakewood",
  "San Mateo",
  "Bellevue",
  "Tacoma",
  "El Paso",
  "Fort Collins",
  "Ann Arbor",
  "Cedar Rapids",
  "St. Paul",
  "Greenville",
  "Kalamazoo",
  "Boise",
  "Scottsdale",
  "Provo",
  "Duluth",
  "Chula Vista",
  "Macon",
];
export const STATES = [
  "CA",
  "TX",
  "NY",
  "FL",
  "IL",
  "WA",
  "OR",
  "MI",
  "GA",
  "CO",
  "AZ",
  "MN",
  "OH",
  "NC",
];
export const MONTHS = [
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

const luhnCheckDigit = (payload: string): string => {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload.charAt(payload.length - 1 - i));
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};

export function name(r: Rng): { first: string; last: string } {
  return { first: r.pick(FIRST), last: r.pick(LAST) };
}

export function phone(r: Rng): string {
  const a = `${r.int(2, 9)}${r.digits(2)}`;
  const b = `${r.int(2, 9)}${r.digits(2)}`;
  const c = r.digits(4);
  return r.pick([
    `(${a}) ${b}-${c}`,
    `+1 ${a} ${b} ${c}`,
    `${a}.${b}.${c}`,
    `${a}-${b}-${c}`,
    `1-${a}-${b}-${c}`,
    `+1 (${a}) ${b}-${c}`,
    `+44 20 ${r.digits(4)} ${r.digits(4)}`,
    `+91 ${r.int(7, 9)}${r.digits(4)} ${r.digits(5)}`,
  ]);
}

export function date(r: Rng, birth = false): string {
  const y = birth ? r.int(1931, 2004) : r.int(2023, 2026);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  const mm = String(m).padStart(2, "0");
  const dd = String(d).padStart(2, "0");
  const month = MONTHS[m - 1] ?? "March";
  const ord = `${d}${d === 1 || d === 21 ? "st" : d === 2 || d === 22 ? "nd" : d === 3 || d === 23 ? "rd" : "th"}`;
  return r.pick([
    `${mm}/${dd}/${y}`,
    `${m}/${d}/${String(y).slice(2)}`,
    `${y}-${mm}-${dd}`,
    `${month} ${d}, ${y}`,
    `${d} ${month.slice(0, 3)} ${y}`,
    `${month.slice(0, 3)} ${ord}`,
    `${month} ${d}`,
    `the ${ord} of ${month}`,
    `${dd}.${mm}.${y}`,
    `${month.slice(0, 3)}. ${d}, ${y}`,
    `${d}-${month.slice(0, 3)}-${y}`,
  ]);
}

export function ssn(r: Rng): string {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  const sep = r.pick(["-", "-", " "]);
  return `${String(area).padStart(3, "0")}${sep}${String(r.int(1, 99)).padStart(2, "0")}${sep}${String(r.int(1, 9999)).padStart(4, "0")}`;
}

export function card(r: Rng): string {
  const prefix = r.pick(["4", "51", "55", "2221", "6011", "37"]);
  const length = prefix === "37" ? 15 : 16;
  const payload = prefix + r.digits(length - prefix.length - 1);
  const digits = payload + luhnCheckDigit(payload);
  if (length === 15) return `${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}`;
  const sep = r.pick([" ", "-", ""]);
  return digits.match(/.{4}/g)?.join(sep) ?? digits;
}

/** A 16-digit number that fails Luhn: looks like a card, must not be flagged as one. */
export function invalidCard(r: Rng): string {
  const payload = `4${r.digits(14)}`;
  const bad = (Number(luhnCheckDigit(payload)) + r.int(1, 9)) % 10;
  return (payload + String(bad)).match(/.{4}/g)?.join(" ") ?? payload;
}

export function npi(r: Rng): string {
  const payload = `${r.int(1, 2)}${r.digits(8)}`;
  return payload + luhnCheckDigit(`80840${payload}`);
}

export function dea(r: Rng, surname: string): string {
  const first = r.pick(["A", "B", "F", "M"]);
  const d = r.digits(6);
  const n = (i: number): number => Number(d.charAt(i));
  const check = (n(0) + n(2) + n(4) + 2 * (n(1) + n(3) + n(5))) % 10;
  return `${first}${surname.charAt(0).toUpperCase()}${d}${check}`;
}

const VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
export function vin(r: Rng): string {
  const chars = Array.from({ length: 17 }, () => r.pick(VIN_CHARS.split("")));
  chars[8] = vinCheckCharacter(chars.join(""));
  return chars.join("");
}

const MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";
export function mbi(r: Rng): string {
  const a = (): string => r.pick(MBI_LETTERS.split(""));
  const an = (): string => (r.chance(0.5) ? a() : String(r.int(0, 9)));
  const n = (): string => String(r.int(0, 9));
  const raw = `${r.int(1, 9)}${a()}${an()}${n()}${a()}${an()}${n()}${a()}${a()}${n()}${n()}`;
  return r.chance(0.5) ? `${raw.slice(0, 4)}-${raw.slice(4, 7)}-${raw.slice(7)}` : raw;
}

export function iban(r: Rng): string {
  const bban = `${r.pick(["WEST", "NWBK", "BARC", "LOYD"])}${r.digits(14)}`;
  const numeric = (bban + "GB00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  const check = String(98 - rem).padStart(2, "0");
  return `GB${check}${bban}`;
}

export function ipv4(r: Rng): string {
  return r.pick([
    `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
    `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ]);
}

export function ipv6(r: Rng): string {
  const g = (): string => r.int(0, 0xffff).toString(16);
  return r.pick([
    `2001:db8::${g()}`,
    `fe80::${g()}:${g()}:${g()}:${g()}`,
    `2001:0db8:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`,
  ]);
}

export function address(r: Rng): { street: string; cityLine: string; zip: string } {
  const unit = r.pick([
    "",
    "",
    `, Apt ${r.int(1, 40)}${r.pick(["", "B", "C"])}`,
    `, Unit ${r.int(1, 300)}`,
    ` #${r.int(2, 90)}`,
    `, Suite ${r.int(100, 900)}`,
  ]);
  const street = `${r.int(2, 9999)} ${r.pick(STREET_NAMES)} ${r.pick(STREET_SUFFIX)}${unit}`;
  const cityLine = `${r.pick(CITIES)}, ${r.pick(STATES)}`;
  const zip = r.chance(0.2) ? `${r.digits(5)}-${r.digits(4)}` : `${r.int(1, 9)}${r.digits(4)}`;
  return { street, cityLine, zip };
}
