// The resource form's data, apart from React: weekly availability as editable rows per weekday,
// checked the way the API checks it ("HH:MM" 00:00-24:00, end after start, no overlap on a day) so
// mistakes show next to the field instead of as a failed request; number fields; and a one-line
// summary of a weekly schedule for tables.

export interface AvailabilityWindow {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  start: string;
  end: string;
}

export interface WindowRow {
  /** Stable React key and error key. */
  key: string;
  start: string;
  end: string;
}

/** Seven lists of rows, indexed by weekday (0 = Sunday). */
export type WeekRows = WindowRow[][];

export const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;
/** The editor lists Monday first. */
export const WEEKDAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
export const MAX_WINDOWS = 50;

const WALL_CLOCK = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

let keySeq = 0;
export function newRowKey(): string {
  keySeq += 1;
  return `w${keySeq}`;
}

export function emptyWeek(): WeekRows {
  return Array.from({ length: 7 }, () => []);
}

export function rowsFromAvailability(windows: readonly AvailabilityWindow[]): WeekRows {
  const week = emptyWeek();
  const sorted = [...windows].sort(
    (a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start),
  );
  for (const w of sorted) week[w.weekday]?.push({ key: newRowKey(), start: w.start, end: w.end });
  return week;
}

export interface AvailabilityResult {
  windows: AvailabilityWindow[];
  /** Row key → what is wrong with that row. */
  errors: Record<string, string>;
  /** A problem with the schedule as a whole. */
  formError: string | null;
}

/** Rows → the API's `availability`, with per-row errors. Blank rows are an error, not dropped silently. */
export function availabilityFromRows(week: WeekRows): AvailabilityResult {
  const windows: AvailabilityWindow[] = [];
  const errors: Record<string, string> = {};
  week.forEach((rows, weekday) => {
    const valid: { row: WindowRow; start: number; end: number }[] = [];
    for (const row of rows) {
      const start = row.start.trim();
      const end = row.end.trim();
      if (!WALL_CLOCK.test(start) || !WALL_CLOCK.test(end)) {
        errors[row.key] = 'Use 24-hour times "HH:MM", e.g. 09:00 and 17:30 (24:00 for midnight).';
        continue;
      }
      if (minutesOf(end) <= minutesOf(start)) {
        errors[row.key] = "The end must be after the start.";
        continue;
      }
      valid.push({ row, start: minutesOf(start), end: minutesOf(end) });
      windows.push({ weekday, start, end });
    }
    valid.sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i++) {
      const prev = valid[i - 1];
      const cur = valid[i];
      if (prev && cur && cur.start < prev.end) {
        errors[cur.row.key] =
          `Overlaps ${prev.row.start.trim()}–${prev.row.end.trim()} on ${WEEKDAY_NAMES[weekday] ?? "this day"}.`;
      }
    }
  });
  const formError =
    windows.length > MAX_WINDOWS ? `At most ${MAX_WINDOWS} time ranges a week.` : null;
  windows.sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start));
  return { windows, errors, formError };
}

/** A whole number in [min, max] typed into a field, or an error message. */
export function parseWholeNumber(
  text: string,
  label: string,
  min: number,
  max: number,
): { value: number; error: null } | { value: null; error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { value: null, error: `${label} must be a whole number.` };
  const value = Number(trimmed);
  if (value < min || value > max)
    return { value: null, error: `${label} must be between ${min} and ${max}.` };
  return { value, error: null };
}

const SHORT_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * "Mon–Fri 09:00–12:00, 13:00–17:00; Sat 10:00–14:00": consecutive weekdays (Monday first) with the
 * same ranges are grouped; "No availability" when there is none.
 */
export function summarizeAvailability(windows: readonly AvailabilityWindow[]): string {
  const byDay = new Map<number, string>();
  for (const weekday of WEEKDAY_ORDER) {
    const ranges = windows
      .filter((w) => w.weekday === weekday)
      .sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
      .map((w) => `${w.start}–${w.end}`)
      .join(", ");
    if (ranges) byDay.set(weekday, ranges);
  }
  if (byDay.size === 0) return "No availability";
  const groups: { first: number; last: number; ranges: string }[] = [];
  let previous: number | undefined;
  for (const weekday of WEEKDAY_ORDER) {
    const ranges = byDay.get(weekday);
    const group = groups.at(-1);
    if (ranges === undefined) {
      previous = undefined;
      continue;
    }
    if (group && previous !== undefined && group.ranges === ranges && group.last === previous) {
      group.last = weekday;
    } else {
      groups.push({ first: weekday, last: weekday, ranges });
    }
    previous = weekday;
  }
  return groups
    .map(
      (g) =>
        `${g.first === g.last ? SHORT_DAYS[g.first] : `${SHORT_DAYS[g.first]}–${SHORT_DAYS[g.last]}`} ${g.ranges}`,
    )
    .join("; ");
}
