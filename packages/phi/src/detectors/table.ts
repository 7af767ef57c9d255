// Delimited tables pasted into a message (CSV, semicolon- or tab-separated, pipes): when a header
// line names its columns ("last;first;birth;mrn", "name,dob,phone,city"), every cell under a
// column that holds an identifier is that identifier, whatever its shape: a surname with no cue,
// a date in any format, a record number with no prefix. Rows count only while they have the
// header's number of cells, so the prose after a table is read as prose.
import { type Candidate, type PhiType } from "../types";
import { CHAR, SPACE } from "./chars";
import { candidate } from "./util";

/** What the pattern \s matches (see chars.ts). */
const isSpace = (c: number): boolean => ((CHAR[c] ?? 0) & SPACE) !== 0;

const COLUMN_TYPES: Record<string, PhiType> = {};
const columns = (type: PhiType, labels: string): void => {
  for (const label of labels.split("|")) COLUMN_TYPES[label] = type;
};
columns(
  "NAME",
  "name|full name|fullname|patient|patient name|first|first name|firstname|given|given name|last|last name|lastname|surname|family name|guarantor|cardholder|card holder|contact|contact name|emergency contact|next of kin|member|member name|subscriber|insured|attendee|guest|customer|customer name|client|client name|holder|parent|guardian|spouse|recipient|nombre|apellido|nom|prénom|prenom|vorname|nachname|nome|cognome",
);
columns(
  "DATE",
  "dob|d o b|birth|birthdate|birth date|date of birth|birthday|born|fecha de nacimiento|geburtsdatum|date de naissance|data di nascita",
);
columns(
  "PHONE",
  "phone|tel|telephone|mobile|cell|cell phone|phone number|contact number|home phone|work phone|mobile phone|teléfono|telefono|telefon|téléphone",
);
columns("FAX", "fax|fax number");
columns("EMAIL", "email|e mail|email address|mail|correo|courriel");
columns(
  "MRN",
  "mrn|mr|mr number|mr no|medical record|medical record number|record|record number|chart|chart no|chart number|patient id|patient number",
);
columns("SSN", "ssn|social security|social security number");
columns(
  "ADDRESS",
  "address|addr|street|street address|home address|mailing address|address1|address 1|address line 1|dirección|direccion|adresse|indirizzo|endereço",
);
columns("ZIP_CODE", "zip|zipcode|zip code|postcode|post code|postal code|plz|cp");
columns("CREDIT_CARD", "card|card number|card no|card num|cc|cc number|pan|credit card");
columns("ACCOUNT_NUMBER", "account|account number|account no|acct|acct no|iban");
columns("HEALTH_PLAN_ID", "member id|policy|policy number|policy no|insurance id|plan id");

const GOODS =
  /^(?:sku|qty|quantity|price|unit price|item|product|amount|total|stock|brand|vendor|supplier)$/;
// What a cell must hold to be read as its column's type (an empty or "n/a" cell is nothing).
const CELL_CHECK: Partial<Record<PhiType, (cell: string) => boolean>> = {
  NAME: (cell) => !/[\d@]/.test(cell) && /\p{L}/u.test(cell),
  EMAIL: (cell) => cell.includes("@"),
  ADDRESS: (cell) => /\p{L}/u.test(cell),
};
const hasDigit = (cell: string): boolean => /\d/.test(cell);

type Delimiter = "," | ";" | "\t" | "|";
/** Longest header or row read, and most rows: a table in a message is small. */
const MAX_LINE = 2000;
const MAX_ROWS = 5000;

interface Header {
  delimiter: Delimiter;
  types: (PhiType | undefined)[];
  /** A markdown table's rows open and close with the pipe ("| Name | DOB |"). */
  outer: boolean;
}

/**
 * text[start, end) without white space around it and, for a markdown (GFM) pipe table's line,
 * without the pipes that open and close it; null when a markdown row lacks them.
 */
function innerOf(text: string, start: number, end: number): [number, number] | null {
  let a = start;
  let b = end;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (b - a < 2 || text.charCodeAt(a) !== 124 || text.charCodeAt(b - 1) !== 124) return null;
  return [a + 1, b - 1];
}

/**
 * A header cell as a column label: trimmed, without quotes around it, lower case, with _ - . #
 * and white space runs as one space. Each replacement runs only when it has something to do.
 */
function normalLabel(cell: string): string {
  let s = cell.trim();
  if (isQuote(s.charCodeAt(0)) || isQuote(s.charCodeAt(s.length - 1)))
    s = s.replace(/^["']|["']$/g, "");
  s = s.toLowerCase();
  let punct = false;
  let space = false;
  for (let i = 0; i < s.length && !(punct && space); i++) {
    const c = s.charCodeAt(i);
    if (c === 95 || c === 45 || c === 46 || c === 35) punct = true;
    // White space other than a single space between other characters.
    else if (isSpace(c) && (c !== 32 || isSpace(s.charCodeAt(i + 1)))) space = true;
  }
  if (punct) s = s.replace(/[_\-.#]+/g, " ");
  if (punct || space) s = s.replace(/\s+/g, " ");
  return s.trim();
}

const isQuote = (c: number): boolean => c === 34 || c === 39;

/** What normalLabel turns into a space: white space and _ - . # */
const isLabelGap = (c: number): boolean =>
  isSpace(c) || c === 95 || c === 45 || c === 46 || c === 35;

/**
 * Whether a cell of text[start, end) holds more than three words as normalLabel leaves them, seen
 * in place: a line of prose fails here before it is split and its cells lower-cased. A word of
 * quotes alone is not counted (normalLabel may strip it), so the count never exceeds normalLabel's.
 */
function longCell(text: string, start: number, end: number, delimiter: number): boolean {
  let words = 0;
  let inWord = false;
  let counted = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === delimiter) {
      words = 0;
      inWord = false;
    } else if (isLabelGap(c)) inWord = false;
    else {
      if (!inWord) {
        inWord = true;
        counted = false;
      }
      if (!counted && !isQuote(c)) {
        counted = true;
        if (++words > 3) return true;
      }
    }
  }
  return false;
}

/**
 * The header text[start, end) is, if it is one: label cells only, one of them naming an
 * identifier. Read in place until it passes the cheap tests: most lines of prose fail them.
 */
function headerOf(text: string, start: number, end: number): Header | undefined {
  if (end - start > MAX_LINE) return undefined;
  // One pass counts the delimiters (a header has three cells or more) and rejects digits.
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let pipes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return undefined;
    if (c === 44) commas++;
    else if (c === 59) semicolons++;
    else if (c === 9) tabs++;
    else if (c === 124) pipes++;
  }
  // The most frequent delimiter, seen twice or more; on a tie the first of , ; tab |.
  let most = 1;
  let delimiter: Delimiter | undefined;
  if (commas > most) {
    most = commas;
    delimiter = ",";
  }
  if (semicolons > most) {
    most = semicolons;
    delimiter = ";";
  }
  if (tabs > most) {
    most = tabs;
    delimiter = "\t";
  }
  if (pipes > most) delimiter = "|";
  if (!delimiter) return undefined;
  if (longCell(text, start, end, delimiter.charCodeAt(0))) return undefined;
  const inner = delimiter === "|" ? innerOf(text, start, end) : null;
  const raw = (inner ? text.slice(inner[0], inner[1]) : text.slice(start, end)).split(delimiter);
  if (raw.length < 3) return undefined;
  // Cell by cell, so a line of prose stops at its first long cell.
  const cells: string[] = [];
  for (const cell of raw) {
    const c = normalLabel(cell);
    if (c.length === 0 || c.length > 32 || c.split(" ").length > 3) return undefined;
    cells.push(c);
  }
  // In a table of goods ("sku,name,qty,price") the name is a product's.
  const goods = cells.some((c) => GOODS.test(c));
  const types = cells.map((c) => (goods && c === "name" ? undefined : COLUMN_TYPES[c]));
  return types.some((t) => t !== undefined)
    ? { delimiter, types, outer: inner !== null }
    : undefined;
}

/** Cells of a row: [start, end) of each value inside its quotes, or undefined if not a row. */
function cellsOf(
  text: string,
  from: number,
  to: number,
  header: Header,
): [number, number][] | undefined {
  if (header.outer) {
    const inner = innerOf(text, from, to);
    if (!inner) return undefined;
    [from, to] = inner;
  }
  const cells: [number, number][] = [];
  const delimiter = header.delimiter.charCodeAt(0);
  let start = from;
  let quoted = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : delimiter;
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === delimiter || i === to)) {
      let a = start;
      let b = i;
      while (a < b && isSpace(text.charCodeAt(a))) a++;
      while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      if (b - a >= 2 && text.charCodeAt(a) === 34 && text.charCodeAt(b - 1) === 34) {
        a++;
        b--;
      }
      cells.push([a, b]);
      start = i + 1;
      if (cells.length > header.types.length) return undefined;
    }
  }
  return cells.length === header.types.length ? cells : undefined;
}

export function detectTables(text: string, out: Candidate[]): void {
  let header: Header | undefined;
  let rows = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const end = text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const row =
      header && rows < MAX_ROWS && end - lineStart <= MAX_LINE
        ? cellsOf(text, lineStart, end, header)
        : undefined;
    if (header && row) {
      rows++;
      for (let k = 0; k < row.length; k++) {
        const [a, b] = row[k] ?? [0, 0];
        const type = header.types[k];
        if (type && b > a && (CELL_CHECK[type] ?? hasDigit)(text.slice(a, b)))
          out.push(candidate(type, a, b, 0.8));
      }
    } else {
      header = headerOf(text, lineStart, end);
      rows = 0;
    }
    lineStart = lineEnd + 1;
  }
}
