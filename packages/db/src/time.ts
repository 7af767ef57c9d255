// Small IANA time-zone helpers on Intl (no dependency): wall-clock time in a zone ↔ UTC instants.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall-clock time in `timeZone` at `instant`. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? "Sun"] ?? 0,
  };
}

// Offsets already computed, per zone and second. Intl's formatToParts costs microseconds, and slot
// arithmetic asks for the same few instants over and over (checking one booked slot asks ~25
// times; a stampede on one slot asks the same 25 for every attempt). Bounded: a zone's table is
// dropped whole when it grows past the limit.
const offsetsBySecond = new Map<string, Map<number, number>>();
const MAX_OFFSETS_PER_ZONE = 10_000;

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (New York in winter: -5 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const second = Math.floor(instant.getTime() / 1000);
  // An invalid instant goes on to throw as it always did (formatToParts refuses it).
  if ((timeZone === "UTC" || timeZone === "Etc/UTC") && Number.isFinite(second)) return 0;
  let offsets = offsetsBySecond.get(timeZone);
  const known = offsets?.get(second);
  if (known !== undefined) return known;
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offset = asUtc - second * 1000;
  if (!offsets) offsetsBySecond.set(timeZone, (offsets = new Map<number, number>()));
  else if (offsets.size >= MAX_OFFSETS_PER_ZONE) offsets.clear();
  offsets.set(second, offset);
  return offset;
}

/**
 * The instant when clocks in `timeZone` show the given wall time. In a DST gap (02:30 on a spring-
 * forward day) it returns the instant the offset before the gap implies, i.e. one hour later on the
 * wall; in an overlap (01:30 on a fall-back day) the earlier of the two instants.
 */
export function zonedTimeToUtc(
  t: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const first = guess - zoneOffsetMs(new Date(guess), timeZone);
  const second = guess - zoneOffsetMs(new Date(first), timeZone);
  return new Date(Math.min(first, second));
}
