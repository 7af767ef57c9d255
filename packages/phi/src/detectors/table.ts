// Delimited tables pasted into a message (CSV, semicolon- or tab-separated, pipes): when a header
// line names its columns ("last;first;birth;mrn", "name,dob,phone,city"), every cell under a
// column that holds an identifier is that identifier, whatever its shape: a surname with no cue,
// a date in any format, a record number with no prefix. Rows count only while they have the
// header's number of cells, so the prose after a table is read as prose.
import { type Candidate, type PhiType } from "../types";
import { candidate } from "./util";

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

const DELIMITERS = [",", ";", "\t", "|"] as const;
/** Longest header or row read, and most rows: a table in a message is small. */
const MAX_LINE = 2000;
const MAX_ROWS = 5000;

interface Header {
  delimiter: string;
  types: (PhiType | undefined)[];
}

function normalLabel(cell: string): string {
  return cell
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase()
    .replace(/[_\-.#]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The header a line is, if it is one: label cells only, one of them naming an identifier. */
function headerOf(line: string): Header | undefined {
  if (line.length > MAX_LINE) return undefined;
  // One pass counts the delimiters (a header has three cells or more) and rejects digits.
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) return undefined;
    const d = c === 44 ? 0 : c === 59 ? 1 : c === 9 ? 2 : c === 124 ? 3 : -1;
    if (d >= 0) counts[d] = (counts[d] ?? 0) + 1;
  }
  let most = 1;
  let delimiter: string | undefined;
  counts.forEach((count, k) => {
    if (count > most) {
      most = count;
      delimiter = DELIMITERS[k];
    }
  });
  if (!delimiter) return undefined;
  const cells = line.split(delimiter).map(normalLabel);
  if (
    cells.length < 3 ||
    cells.some((c) => c.length === 0 || c.length > 32 || c.split(" ").length > 3)
  )
    return undefined;
  // In a table of goods ("sku,name,qty,price") the name is a product's.
  const goods = cells.some((c) => GOODS.test(c));
  const types = cells.map((c) => (goods && c === "name" ? undefined : COLUMN_TYPES[c]));
  return types.some((t) => t !== undefined) ? { delimiter, types } : undefined;
}

/** Cells of a row: [start, end) of each value inside its quotes, or undefined if not a row. */
function cellsOf(
  text: string,
  from: number,
  to: number,
  header: Header,
): [number, number][] | undefined {
  const cells: [number, number][] = [];
  let start = from;
  let quoted = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charAt(i) : header.delimiter;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === header.delimiter || i === to)) {
      let a = start;
      let b = i;
      while (a < b && /\s/.test(text.charAt(a))) a++;
      while (b > a && /\s/.test(text.charAt(b - 1))) b--;
      if (b - a >= 2 && text.charAt(a) === '"' && text.charAt(b - 1) === '"') {
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
      row.forEach(([a, b], k) => {
        const type = header?.types[k];
        if (type && b > a && (CELL_CHECK[type] ?? hasDigit)(text.slice(a, b)))
          out.push(candidate(type, a, b, 0.8));
      });
    } else {
      // A header has at least two delimiters: counted in place before any string is made.
      let delimiters = 0;
      for (let i = lineStart; i < end && delimiters < 2; i++) {
        const c = text.charCodeAt(i);
        if (c === 44 || c === 59 || c === 9 || c === 124) delimiters++;
      }
      header = delimiters >= 2 ? headerOf(text.slice(lineStart, end)) : undefined;
      rows = 0;
    }
    lineStart = lineEnd + 1;
  }
}
