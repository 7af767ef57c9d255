import { describe, expect, it } from "vitest";
import {
  addDays,
  dayBounds,
  hourMarks,
  hoursWindow,
  layoutDay,
  parseCalendarDate,
  shiftAnchor,
  spanMinutes,
  todayInZone,
  viewDays,
  viewRange,
  visibleHours,
  weekdayOf,
  zonedInstant,
} from "./calendar-layout";

const NY = "America/New_York";
const at = (iso: string) => new Date(iso);
const span = (start: string, end: string, id = `${start}`) => ({
  id,
  start: at(start),
  end: at(end),
});

describe("calendar dates", () => {
  it("rejects dates that do not exist", () => {
    expect(parseCalendarDate("2026-02-28")).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseCalendarDate("2026-02-30")).toBeNull();
    expect(parseCalendarDate("2026-3-1")).toBeNull();
  });
  it("adds days across month and year ends, and knows weekdays", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(weekdayOf("2026-03-08")).toBe(0);
    expect(shiftAnchor("2026-03-08", "week", -1)).toBe("2026-03-01");
    expect(shiftAnchor("2026-03-08", "day", 1)).toBe("2026-03-09");
  });
  it("lists a Monday-first week holding the anchor (a Sunday ends its week)", () => {
    expect(viewDays("2026-03-08", "week")).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
    expect(viewDays("2026-03-08", "week", 0)[0]).toBe("2026-03-08");
    expect(viewDays("2026-03-08", "day")).toEqual(["2026-03-08"]);
  });
  it("takes today's date in the zone, not in UTC", () => {
    // 03:00 UTC on the 9th is still the evening of the 8th in New York.
    expect(todayInZone(NY, at("2026-03-09T03:00:00Z"))).toBe("2026-03-08");
    expect(todayInZone("Asia/Tokyo", at("2026-03-08T20:00:00Z"))).toBe("2026-03-09");
  });
});

describe("days in a zone with DST (America/New_York)", () => {
  it("spring-forward day has 23 hours, fall-back day 25, others 24", () => {
    expect(spanMinutes(dayBounds("2026-03-08", NY)) / 60).toBe(23);
    expect(spanMinutes(dayBounds("2026-11-01", NY)) / 60).toBe(25);
    expect(spanMinutes(dayBounds("2026-03-09", NY)) / 60).toBe(24);
    expect(dayBounds("2026-03-08", NY).start.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(dayBounds("2026-03-08", NY).end.toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
  it("labels each real hour with the clock's reading: 02:00 is skipped, 01:00 repeats", () => {
    const spring = hourMarks(dayBounds("2026-03-08", NY), NY).map((m) => m.label);
    expect(spring).toHaveLength(23);
    expect(spring.slice(0, 4)).toEqual(["00:00", "01:00", "03:00", "04:00"]);
    const fall = hourMarks(dayBounds("2026-11-01", NY), NY);
    expect(fall).toHaveLength(25);
    expect(fall.slice(0, 4).map((m) => m.label)).toEqual(["00:00", "01:00", "01:00", "02:00"]);
    expect(fall[3]?.minutesFromStart).toBe(180);
  });
  it("positions a 09:00 booking 8 real hours into the spring-forward day", () => {
    const day = dayBounds("2026-03-08", NY);
    const nine = zonedInstant("2026-03-08", 9 * 60, NY);
    expect(nine.toISOString()).toBe("2026-03-08T13:00:00.000Z");
    const [placed] = layoutDay([{ start: nine, end: new Date(nine.getTime() + 30 * 60_000) }], day);
    expect(placed?.top).toBe(8 * 60);
    expect(placed?.height).toBe(30);
  });
  it("places both 01:30s of the fall-back day an hour apart", () => {
    const day = dayBounds("2026-11-01", NY);
    const placed = layoutDay(
      [
        span("2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "edt"),
        span("2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z", "est"),
      ],
      day,
    );
    expect(placed.map((p) => [p.item.id, p.top, p.lanes])).toEqual([
      ["edt", 90, 1],
      ["est", 150, 1],
    ]);
  });
  it("keeps a working-hours window aligned with other days: 09:00 sits 1 hour below 08:00", () => {
    const window = hoursWindow("2026-03-08", NY, 8, 18);
    expect(spanMinutes(window)).toBe(600);
    const [placed] = layoutDay(
      [{ start: zonedInstant("2026-03-08", 540, NY), end: zonedInstant("2026-03-08", 570, NY) }],
      window,
    );
    expect(placed?.top).toBe(60);
  });
  it("covers a week from its first local midnight to the one after its last day", () => {
    const { from, to } = viewRange("2026-03-08", "week", NY);
    expect(from.toISOString()).toBe("2026-03-02T05:00:00.000Z");
    expect(to.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(7 * 24 - 1);
  });
});

describe("layoutDay", () => {
  const window = { start: at("2026-03-10T13:00:00Z"), end: at("2026-03-10T23:00:00Z") };
  it("gives overlapping bookings side-by-side lanes and lone ones the full width", () => {
    const placed = layoutDay(
      [
        span("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", "a"),
        span("2026-03-10T14:30:00Z", "2026-03-10T15:30:00Z", "b"),
        span("2026-03-10T15:00:00Z", "2026-03-10T16:00:00Z", "c"),
        span("2026-03-10T17:00:00Z", "2026-03-10T17:30:00Z", "d"),
      ],
      window,
    );
    expect(placed.map((p) => [p.item.id, p.lane, p.lanes])).toEqual([
      ["a", 0, 2],
      ["b", 1, 2],
      ["c", 0, 2],
      ["d", 0, 1],
    ]);
  });
  it("clips bookings at the window's edges and drops those outside it", () => {
    const placed = layoutDay(
      [
        span("2026-03-10T12:30:00Z", "2026-03-10T13:30:00Z", "early"),
        span("2026-03-10T22:30:00Z", "2026-03-10T23:30:00Z", "late"),
        span("2026-03-10T23:00:00Z", "2026-03-10T23:30:00Z", "after"),
        span("2026-03-10T10:00:00Z", "2026-03-10T13:00:00Z", "before"),
      ],
      window,
    );
    expect(placed.map((p) => [p.item.id, p.top, p.height, p.clippedStart, p.clippedEnd])).toEqual([
      ["early", 0, 30, true, false],
      ["late", 570, 30, false, true],
    ]);
  });
});

describe("visibleHours", () => {
  it("keeps working hours unless a booking lies outside them", () => {
    expect(visibleHours([], NY)).toEqual({ startHour: 8, endHour: 18 });
    expect(visibleHours([span("2026-03-10T11:30:00Z", "2026-03-10T12:00:00Z")], NY)).toEqual({
      startHour: 7,
      endHour: 18,
    });
    expect(visibleHours([span("2026-03-10T23:00:00Z", "2026-03-11T04:00:00Z")], NY)).toEqual({
      startHour: 8,
      endHour: 24,
    });
    expect(visibleHours([span("2026-03-11T03:00:00Z", "2026-03-11T05:00:00Z")], NY)).toEqual({
      startHour: 0,
      endHour: 24,
    });
  });
});
