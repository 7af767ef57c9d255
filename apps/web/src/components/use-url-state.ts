"use client";
// Filters and pagination live in the URL (nuqs), so a filtered page can be reloaded, bookmarked and
// shared, and Back undoes a filter change. Re-exports the nuqs parsers pages need.
import { parseAsArrayOf, parseAsString, useQueryStates } from "nuqs";

export {
  parseAsArrayOf,
  parseAsBoolean,
  parseAsInteger,
  parseAsIsoDateTime,
  parseAsString,
  parseAsStringLiteral,
  useQueryState,
  useQueryStates,
} from "nuqs";

export interface CursorPager {
  /** The cursor to send to the list procedure (undefined on the first page). */
  cursor: string | undefined;
  /** 1-based page number, for "Page 3". */
  page: number;
  hasPrevious: boolean;
  next: (nextCursor: string) => void;
  previous: () => void;
  /** Back to the first page (call when a filter changes). */
  reset: () => void;
}

/**
 * Cursor pagination kept in the URL: `?cursor=…&prev=c1,c2` (the stack of earlier cursors lets
 * "Previous" work with forward-only cursors). `key` namespaces two pagers on one page.
 */
export function useCursorPager(key = ""): CursorPager {
  const cursorKey = `${key}cursor`;
  const prevKey = `${key}prev`;
  const [state, setState] = useQueryStates(
    { [cursorKey]: parseAsString, [prevKey]: parseAsArrayOf(parseAsString).withDefault([]) },
    { history: "push" },
  );
  const cursor = (state[cursorKey] as string | null) ?? undefined;
  const prev = (state[prevKey] as string[] | null) ?? [];
  return {
    cursor,
    page: cursor === undefined ? 1 : prev.length + 2,
    hasPrevious: cursor !== undefined,
    next: (nextCursor) =>
      void setState({
        [cursorKey]: nextCursor,
        [prevKey]: cursor === undefined ? [] : [...prev, cursor],
      }),
    previous: () => {
      if (prev.length === 0) return void setState({ [cursorKey]: null, [prevKey]: null });
      void setState({ [cursorKey]: prev[prev.length - 1] ?? null, [prevKey]: prev.slice(0, -1) });
    },
    reset: () => void setState({ [cursorKey]: null, [prevKey]: null }),
  };
}
