// The Events list's filters as they live in the URL, and the `phiEvents.list` input they mean. Shared
// by the server page (prefetch) and the client view, so both ask for the same query key. Dates are
// calendar days in the tenant's zone: "from" is inclusive from its midnight, "to" includes its whole day.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import type { RouterInputs } from "@frontdesk/api";
import { parseDayRange } from "@/lib/day-range";
import { PHI_ACTIONS_TAKEN, PHI_TYPES, type PhiActionTaken, type PhiType } from "./phi-labels";

export const EVENTS_PAGE_SIZE = 50;
const MAX_SOURCE_CHARS = 200;

export const eventFilterParsers = {
  type: parseAsStringLiteral(PHI_TYPES),
  action: parseAsStringLiteral(PHI_ACTIONS_TAKEN),
  source: parseAsString,
  from: parseAsString,
  to: parseAsString,
};

/** Filters plus the pager's cursor (`useCursorPager()` keeps it under `cursor`), for the server page. */
export const loadEventsSearchParams = createLoader({
  ...eventFilterParsers,
  cursor: parseAsString,
});

export interface EventFilters {
  type: PhiType | null;
  action: PhiActionTaken | null;
  source: string | null;
  from: string | null;
  to: string | null;
}

export type EventsListInput = RouterInputs["phiEvents"]["list"] & object;

export function hasFilters(f: EventFilters): boolean {
  return (
    f.type !== null ||
    f.action !== null ||
    Boolean(f.source?.trim()) ||
    Boolean(f.from) ||
    Boolean(f.to)
  );
}

/** The list input for these filters, or a message saying which filter cannot be used as is. */
export function eventsListInput(
  f: EventFilters,
  cursor: string | null | undefined,
  timeZone: string,
): { ok: true; input: EventsListInput } | { ok: false; message: string } {
  const input: EventsListInput = { limit: EVENTS_PAGE_SIZE };
  if (f.type) input.type = f.type;
  if (f.action) input.action = f.action;
  const source = f.source?.trim();
  if (source) {
    if (source.length > MAX_SOURCE_CHARS)
      return { ok: false, message: `Source is at most ${MAX_SOURCE_CHARS} characters.` };
    input.source = source;
  }
  const days = parseDayRange(f.from, f.to, timeZone);
  if (!days.ok) return days;
  const { from, to } = days;
  // ISO strings rather than Dates: the query key hashes the same on the server and in the browser.
  if (from) input.from = from.toISOString();
  if (to) input.to = to.toISOString();
  if (cursor) input.cursor = cursor;
  return { ok: true, input };
}

/** How an event's source reads: `bookings.notes` for a table field, the API label otherwise. */
export function describeSource(source: {
  kind: "table" | "api";
  table: string | null;
  field: string | null;
  api: string | null;
}): string {
  if (source.kind === "api") return source.api ?? "API";
  return [source.table, source.field].filter((p): p is string => Boolean(p)).join(".") || "table";
}
