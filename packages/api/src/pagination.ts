// Keyset pagination shared by every list: `{ cursor?, limit? }` → `{ items, nextCursor }`. A list
// orders by (sort key, id) and reads `limit + 1` rows; the cursor is the last row's (sort value, id),
// base64url-encoded, so paging is stable under inserts. `keyset()` builds the three parts a list
// query needs, and `decodeCursor` is the one place a cursor is checked: a forged or stale one is
// BAD_REQUEST, never a failed cast (a 500).
import { asc, desc, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import { isUuid } from "@frontdesk/db";
import { AppError } from "./errors";
import { phiField } from "./phi-fields";

export const listInput = z.object({
  cursor: phiField("lookup", z.string().min(1).max(512)).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPosition {
  /** The sort key's value in the last row (for keyset lists, an instant as `exactInstant` prints it). */
  value: string;
  id: string;
}

const BAD_CURSOR = "The cursor is not valid; pass back the nextCursor of a previous page";

/** An instant exactly as `exactInstant` prints it: UTC, to the microsecond. */
const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), "utf8").toString("base64url");
}

/** The two strings inside a cursor, unchecked (for a list whose sort key is not an instant). */
export function parseCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      typeof parsed[1] === "string"
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", BAD_CURSOR);
}

/** A keyset cursor whose parts are safe to cast: an exact instant and a UUID. */
export function decodeCursor(cursor: string): CursorPosition {
  const position = parseCursor(cursor);
  if (
    !EXACT_INSTANT.test(position.value) ||
    Number.isNaN(Date.parse(position.value)) ||
    !isUuid(position.id)
  ) {
    throw new AppError("BAD_REQUEST", BAD_CURSOR);
  }
  return position;
}

/** Given `limit + 1` rows, the page and the cursor of its last row. */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}

/**
 * A timestamp as text, exact to the microsecond: PostgreSQL stores microseconds and rows written in
 * one transaction share `now()`, so a cursor holding a JavaScript Date (milliseconds) would skip or
 * repeat rows at a page boundary.
 */
export function exactInstant(column: SQLWrapper): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface Keyset {
  /** The rows after the cursor (undefined on the first page): AND it with the list's filter. */
  after: SQL | undefined;
  /** ORDER BY (sort key, id), both in the list's direction. */
  orderBy: [SQL, SQL];
  /** Select it beside the row (as `position`) and build the next cursor from it. */
  position: SQL<string>;
}

/**
 * Keyset pagination on (a timestamptz sort key, a uuid id), newest first unless `order: "asc"`:
 *
 *   const page = keyset(t.createdAt, t.id, input);
 *   const rows = await db.select({ ...columns, position: page.position }).from(t)
 *     .where(and(...filter, page.after)).orderBy(...page.orderBy).limit(input.limit + 1);
 *   return toPage(rows, input.limit, (r) => ({ value: r.position, id: r.id }));
 */
export function keyset(
  sortKey: SQLWrapper,
  id: SQLWrapper,
  input: { cursor?: string | undefined; order?: "asc" | "desc" | undefined },
): Keyset {
  const ascending = input.order === "asc";
  const from = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  const after =
    from &&
    (ascending
      ? sql`(${sortKey}, ${id}) > (${from.value}::timestamptz, ${from.id}::uuid)`
      : sql`(${sortKey}, ${id}) < (${from.value}::timestamptz, ${from.id}::uuid)`);
  const direction = ascending ? asc : desc;
  return { after, orderBy: [direction(sortKey), direction(id)], position: exactInstant(sortKey) };
}
