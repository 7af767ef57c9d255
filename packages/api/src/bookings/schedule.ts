// Slot generation (the schedule): a resource's weekly availability (wall-clock windows in its IANA zone) → the
// concrete UTC slots inside a range. Pure functions, no database.
//
// A window [start, end) on a local date is the real-time interval from the first instant the zone's
// clocks read `start` on that date to the first instant they read `end`; it is split into
// slotMinutes-long slots of real time. So on a spring-forward day a window across the gap is an hour
// shorter (the skipped wall times get no slots), and on a fall-back day it is an hour longer (the
// repeated hour is bookable once, with no duplicate or overlapping slots). A window edge inside a gap
// snaps to the moment the clocks jump.
import { zoneOffsetMs } from "@frontdesk/db";
import { minutesOfDay, type AvailabilityWindow } from "./schemas";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface Schedule {
  timeZone: string;
  slotMinutes: number;
  availability: readonly AvailabilityWindow[];
}

export interface SlotTime {
  start: Date;
  end: Date;
}

/**
 * The first instant at which clocks in `timeZone` show `minutes` after midnight of the local date
 * `localDay` (days since 1970-01-01), or — when that wall time does not exist — the instant the clocks
 * jump past it.
 */
export function firstInstantAt(localDay: number, minutes: number, timeZone: string): number {
  // The wall time written as if it were UTC; an instant x shows it when x + offset(x) === wall.
  const wall = localDay * DAY_MS + minutes * MINUTE_MS;
  const offsets = new Set([
    zoneOffsetMs(new Date(wall - DAY_MS), timeZone),
    zoneOffsetMs(new Date(wall), timeZone),
    zoneOffsetMs(new Date(wall + DAY_MS), timeZone),
  ]);
  let best: number | undefined;
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (
      zoneOffsetMs(new Date(candidate), timeZone) === offset &&
      (best === undefined || candidate < best)
    )
      best = candidate;
  }
  if (best !== undefined) return best;
  // In a gap: every instant before the jump shows less than `wall`, every one after shows more.
  // Binary-search the jump to the minute between the two offsets' candidates.
  const sorted = [...offsets].sort((a, b) => a - b);
  let lo = wall - (sorted.at(-1) ?? 0); // shows less than wall
  let hi = wall - (sorted[0] ?? 0); // shows more than wall
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE_MS)) * MINUTE_MS;
    if (mid + zoneOffsetMs(new Date(mid), timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Days since 1970-01-01 of the local calendar date in `timeZone` at `instant`. */
function localDayOf(instant: number, timeZone: string): number {
  return Math.floor((instant + zoneOffsetMs(new Date(instant), timeZone)) / DAY_MS);
}

/**
 * The slots of `schedule` whose start lies in [from, to), in time order, never overlapping.
 */
export function generateSlots(schedule: Schedule, from: Date, to: Date): SlotTime[] {
  const { timeZone, slotMinutes } = schedule;
  const step = slotMinutes * MINUTE_MS;
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const byWeekday = new Map<number, AvailabilityWindow[]>();
  for (const w of schedule.availability)
    byWeekday.set(w.weekday, [...(byWeekday.get(w.weekday) ?? []), w]);

  const slots: SlotTime[] = [];
  // One day of margin on both sides: a zone that falls back at midnight can put a slot of local date D
  // before the first instant of D's calendar day elsewhere.
  const firstDay = localDayOf(fromMs, timeZone) - 1;
  const lastDay = localDayOf(toMs, timeZone) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const windows = byWeekday.get(weekday);
    if (!windows) continue;
    for (const w of windows) {
      const windowStart = firstInstantAt(day, minutesOfDay(w.start), timeZone);
      const windowEnd = firstInstantAt(day, minutesOfDay(w.end), timeZone);
      for (let start = windowStart; start + step <= windowEnd; start += step) {
        if (start >= fromMs && start < toMs)
          slots.push({ start: new Date(start), end: new Date(start + step) });
      }
    }
  }
  slots.sort((a, b) => a.start.getTime() - b.start.getTime());
  // Windows are validated not to overlap, and the mapping above is monotone, so this only guards
  // against the exotic: never hand out two slots that overlap.
  const result: SlotTime[] = [];
  for (const slot of slots) {
    const prev = result.at(-1);
    if (!prev || slot.start.getTime() >= prev.end.getTime()) result.push(slot);
  }
  return result;
}

/** Whether `start` is exactly the start of one of the schedule's slots. */
export function isScheduledSlot(schedule: Schedule, start: Date): boolean {
  const slots = generateSlots(schedule, start, new Date(start.getTime() + 1));
  return slots.some((s) => s.start.getTime() === start.getTime());
}
