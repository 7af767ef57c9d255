// Keyset pagination shared by every list: `{ cursor?, limit? }` → `{ items, nextCursor }`, newest
// first. The cursor is the last row's (sort value, id), base64url-encoded; stable under inserts.
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
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
  /** The sort column's value of the last row (an ISO instant or a number, as text). */
  value: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition {
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
  throw new AppError(
    "BAD_REQUEST",
    "The cursor is not valid; pass back the nextCursor of a previous page",
  );
}

/** Given `limit + 1` rows, the page and the cursor of its last row. */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}

/**
 * A list's newest-first keyset on (created_at, id), exact to the microsecond: PostgreSQL stores
 * microseconds and rows written in one transaction share `now()`, so a cursor holding a JavaScript
 * Date (milliseconds) would skip or repeat rows at a page boundary. Select `cursorTime(createdAt)`
 * beside the row and build the cursor from it.
 */
export function cursorTime(createdAt: AnyPgColumn): SQL<string> {
  return sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The rows after `cursor` in (createdAt desc, id desc) order, or undefined for the first page. */
export function afterCursor(
  createdAt: AnyPgColumn,
  id: AnyPgColumn,
  cursor: string | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor);
  return sql`(${createdAt}, ${id}) < (${after.value}::timestamptz, ${after.id}::uuid)`;
}
