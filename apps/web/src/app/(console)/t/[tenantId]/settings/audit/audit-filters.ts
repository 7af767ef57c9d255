// The audit log's filters as they live in the URL, and the `audit.list` input they mean. Shared by
// the server page (prefetch) and the client view, so both ask for the same query key. Dates are
// calendar days in the tenant's zone: "from" counts from its midnight, "to" includes its whole day.
import { createLoader, parseAsString } from "nuqs/server";
import type { RouterInputs } from "@frontdesk/api";
import { parseDayRange } from "@/lib/day-range";

export const AUDIT_PAGE_SIZE = 50;
/** Members and API keys read to put names on actors (the lists' maximum page). */
export const ACTOR_LOOKUP_LIMIT = 200;
/** The API's bound on the action / actor / target filters. */
const MAX_FILTER_CHARS = 200;

export const auditFilterParsers = {
  action: parseAsString,
  actor: parseAsString,
  target: parseAsString,
  from: parseAsString,
  to: parseAsString,
};

/** Filters plus the pager's cursor (`useCursorPager()` keeps it under `cursor`), for the server page. */
export const loadAuditSearchParams = createLoader({ ...auditFilterParsers, cursor: parseAsString });

export interface AuditFilters {
  action: string | null;
  actor: string | null;
  target: string | null;
  from: string | null;
  to: string | null;
}

export type AuditListInput = RouterInputs["audit"]["list"] & object;

export function hasFilters(f: AuditFilters): boolean {
  return Boolean(f.action?.trim() || f.actor?.trim() || f.target?.trim() || f.from || f.to);
}

/** The list input for these filters, or a message saying which filter cannot be used as is. */
export function auditListInput(
  f: AuditFilters,
  cursor: string | null | undefined,
  timeZone: string,
): { ok: true; input: AuditListInput } | { ok: false; message: string } {
  const input: AuditListInput = { limit: AUDIT_PAGE_SIZE };
  const text = { action: f.action?.trim(), actorId: f.actor?.trim(), targetId: f.target?.trim() };
  for (const [key, label] of [
    ["action", "Action"],
    ["actorId", "Actor"],
    ["targetId", "Target"],
  ] as const) {
    const value = text[key];
    if (!value) continue;
    if (value.length > MAX_FILTER_CHARS)
      return { ok: false, message: `${label} is at most ${MAX_FILTER_CHARS} characters.` };
    input[key] = value;
  }
  const days = parseDayRange(f.from, f.to, timeZone);
  if (!days.ok) return days;
  const { from, to } = days;
  if (from) input.from = from;
  if (to) input.to = to;
  if (cursor) input.cursor = cursor;
  return { ok: true, input };
}
