// Calendar geometry for the bookings page, in one IANA time zone: which local days a day or week
// view shows, the real instants those days (or the visible hours of them) start and end — a DST day
// is 23 or 25 hours long —, the hour lines inside them, and where each booking sits in a day column
// (minutes from the column's start, side-by-side lanes for overlaps). Pure; no React, no clock
// unless passed in. Calendar dates travel as "yyyy-MM-dd" strings, as they appear in the URL.
import { TZDate } from "@date-fns/tz";
import { formatInZone, toDateInput } from "@/components/format";

export type CalendarView = "day" | "week";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** "2026-03-08" → its parts, or null when it is not a real calendar date ("2026-02-30"). */
export function parseCalendarDate(text: string): DateParts | null {
  const m = DATE_PATTERN.exec(text);
  if (!m) return null;
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const utc = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (
    utc.getUTCFullYear() !== parts.year ||
    utc.getUTCMonth() !== parts.month - 1 ||
    utc.getUTCDate() !== parts.day
  ) {
    return null;
  }
  return parts;
}

function requireDate(text: string): DateParts {
  const parts = parseCalendarDate(text);
  if (!parts) throw new RangeError(`Not a calendar date: ${text}`);
  return parts;
}

/** Calendar arithmetic happens on UTC dates, where no day is longer than another. */
function utcMidnight(text: string): number {
  const { year, month, day } = requireDate(text);
  return Date.UTC(year, month - 1, day);
}

function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatUtcDate(utcMidnight(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday (the API's weekday numbering). */
export function weekdayOf(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** The first day of the week holding `date`; weeks start on Monday unless told otherwise. */
export function startOfWeek(date: string, weekStartsOn = 1): string {
  return addDays(date, -((weekdayOf(date) - weekStartsOn + 7) % 7));
}

/** The local dates a view anchored at `anchor` shows: the day itself, or the 7 days of its week. */
export function viewDays(anchor: string, view: CalendarView, weekStartsOn = 1): string[] {
  if (view === "day") return [formatUtcDate(utcMidnight(anchor))];
  const first = startOfWeek(anchor, weekStartsOn);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** The anchor one view-length earlier (-1) or later (+1). */
export function shiftAnchor(anchor: string, view: CalendarView, direction: -1 | 1): string {
  return addDays(anchor, direction * (view === "day" ? 1 : 7));
}

/** Today's local date in the zone. */
export function todayInZone(timeZone: string, now: Date = new Date()): string {
  return toDateInput(now, timeZone);
}

/**
 * The instant clocks in the zone first show `minutes` after local midnight of `date` (1440 = the
 * next midnight). A wall time skipped by a spring-forward jump maps to the same real offset after
 * the jump (02:30 → 03:30), as JavaScript dates do.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const { year, month, day } = requireDate(date);
  return new Date(new TZDate(year, month - 1, day, 0, minutes, 0, 0, timeZone).getTime());
}

export interface Span {
  start: Date;
  end: Date;
}

/** Local midnight to the next local midnight: 24 hours, or 23 / 25 on a DST change. */
export function dayBounds(date: string, timeZone: string): Span {
  return {
    start: zonedInstant(date, 0, timeZone),
    end: zonedInstant(addDays(date, 1), 0, timeZone),
  };
}

export function spanMinutes(span: Span): number {
  return (span.end.getTime() - span.start.getTime()) / MINUTE_MS;
}

/** The instants a view covers: from the first day's local midnight to the midnight after its last. */
export function viewRange(
  anchor: string,
  view: CalendarView,
  timeZone: string,
  weekStartsOn = 1,
): { from: Date; to: Date } {
  const days = viewDays(anchor, view, weekStartsOn);
  const first = days[0] ?? anchor;
  const last = days.at(-1) ?? anchor;
  return { from: dayBounds(first, timeZone).start, to: dayBounds(last, timeZone).end };
}

/** The part of `date` between two wall-clock hours (0-24) — a day column's visible window. */
export function hoursWindow(
  date: string,
  timeZone: string,
  startHour: number,
  endHour: number,
): Span {
  return {
    start: zonedInstant(date, startHour * 60, timeZone),
    end: zonedInstant(date, endHour * 60, timeZone),
  };
}

export interface HourMark {
  at: Date;
  minutesFromStart: number;
  /** The local time the clocks show then ("01:00" twice on a fall-back day). */
  label: string;
}

/**
 * One line per real hour from the window's start (a 23-hour day has 23, a 25-hour day 25). Windows
 * that start off the hour (e.g. a zone with a 30-minute offset change) still step by real hours.
 */
export function hourMarks(window: Span, timeZone: string): HourMark[] {
  const marks: HourMark[] = [];
  for (let at = window.start.getTime(); at < window.end.getTime(); at += 60 * MINUTE_MS) {
    marks.push({
      at: new Date(at),
      minutesFromStart: (at - window.start.getTime()) / MINUTE_MS,
      label: formatInZone(at, timeZone, "HH:mm"),
    });
  }
  return marks;
}

/**
 * The wall-clock hours to show: the default working hours widened to hold every item's local start
 * and end (an item crossing midnight widens to the whole day).
 */
export function visibleHours(
  items: readonly Span[],
  timeZone: string,
  defaults: { startHour: number; endHour: number } = { startHour: 8, endHour: 18 },
): { startHour: number; endHour: number } {
  let { startHour, endHour } = defaults;
  for (const item of items) {
    const startDate = toDateInput(item.start, timeZone);
    const endDate = toDateInput(item.end, timeZone);
    const startLocal =
      Number(formatInZone(item.start, timeZone, "H")) +
      Number(formatInZone(item.start, timeZone, "m")) / 60;
    const endLocal =
      Number(formatInZone(item.end, timeZone, "H")) +
      Number(formatInZone(item.end, timeZone, "m")) / 60;
    if (startDate !== endDate && !(endLocal === 0 && addDays(startDate, 1) === endDate)) {
      return { startHour: 0, endHour: 24 };
    }
    startHour = Math.min(startHour, Math.floor(startLocal));
    endHour = Math.max(endHour, endLocal === 0 ? 24 : Math.ceil(endLocal));
  }
  return { startHour, endHour };
}

export interface Placed<T> {
  item: T;
  /** Minutes from the window's start to the visible part's start. */
  top: number;
  /** Minutes the visible part lasts. */
  height: number;
  /** Side-by-side position among the items it overlaps: lane 0 … lanes-1. */
  lane: number;
  lanes: number;
  /** The item starts before / ends after the window. */
  clippedStart: boolean;
  clippedEnd: boolean;
}

/**
 * Places the items that overlap the window, in real time (so positions hold on DST days). Items that
 * overlap share the width: each cluster of transitively overlapping items gets as many lanes as it
 * needs, and each item takes the first lane free at its start.
 */
export function layoutDay<T extends Span>(items: readonly T[], window: Span): Placed<T>[] {
  const from = window.start.getTime();
  const to = window.end.getTime();
  const visible = items
    .filter(
      (item) =>
        item.end.getTime() > from &&
        item.start.getTime() < to &&
        item.end.getTime() > item.start.getTime(),
    )
    .sort((a, b) => a.start.getTime() - b.start.getTime() || b.end.getTime() - a.end.getTime());

  const placed: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const closeCluster = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };

  for (const item of visible) {
    const start = item.start.getTime();
    const end = item.end.getTime();
    if (start >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(end);
    } else {
      laneEnds[lane] = end;
    }
    clusterEnd = Math.max(clusterEnd, end);
    const top = Math.max(start, from);
    const bottom = Math.min(end, to);
    const p: Placed<T> = {
      item,
      top: (top - from) / MINUTE_MS,
      height: (bottom - top) / MINUTE_MS,
      lane,
      lanes: 1,
      clippedStart: start < from,
      clippedEnd: end > to,
    };
    cluster.push(p);
    placed.push(p);
  }
  closeCluster();
  return placed;
}
