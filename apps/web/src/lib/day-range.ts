// The From/To day filters of the console's lists (orders, PHI events, audit log): calendar days typed
// in the tenant's time zone, read as the half-open range [start of From, start of the day after To).
import { fromDateInput, startOfZonedDay, toDateInput } from "@/components/format";

export type DayRange = { ok: true; from?: Date; to?: Date } | { ok: false; message: string };

/** A real calendar day ("2026-02-30" rolls over in Date arithmetic, so it must read back the same). */
export function parseDay(text: string, timeZone: string): Date | null {
  const day = fromDateInput(text, timeZone);
  return day && toDateInput(day, timeZone) === text ? day : null;
}

export function parseDayRange(
  fromText: string | null | undefined,
  toText: string | null | undefined,
  timeZone: string,
): DayRange {
  let from: Date | undefined;
  let to: Date | undefined;
  if (fromText) {
    const day = parseDay(fromText, timeZone);
    if (!day) return { ok: false, message: "From is not a valid date (use YYYY-MM-DD)." };
    from = day;
  }
  if (toText) {
    const day = parseDay(toText, timeZone);
    if (!day) return { ok: false, message: "To is not a valid date (use YYYY-MM-DD)." };
    to = startOfZonedDay(day, timeZone, 1);
  }
  if (from && to && from >= to) return { ok: false, message: "From must be on or before To." };
  return { ok: true, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
