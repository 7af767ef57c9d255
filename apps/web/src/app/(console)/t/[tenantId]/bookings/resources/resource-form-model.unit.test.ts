import { describe, expect, it } from "vitest";
import {
  availabilityFromRows,
  emptyWeek,
  parseWholeNumber,
  rowsFromAvailability,
  summarizeAvailability,
  type WeekRows,
} from "./resource-form-model";

function week(entries: [number, string, string, string][]): WeekRows {
  const rows = emptyWeek();
  for (const [weekday, key, start, end] of entries) rows[weekday]?.push({ key, start, end });
  return rows;
}

describe("availabilityFromRows", () => {
  it("turns rows into the API's windows, sorted, with 24:00 allowed as an end", () => {
    const result = availabilityFromRows(
      week([
        [1, "b", "13:00", "17:00"],
        [1, "a", " 09:00", "12:00"],
        [6, "c", "20:00", "24:00"],
      ]),
    );
    expect(result.errors).toEqual({});
    expect(result.formError).toBeNull();
    expect(result.windows).toEqual([
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 1, start: "13:00", end: "17:00" },
      { weekday: 6, start: "20:00", end: "24:00" },
    ]);
  });
  it("flags malformed times, ends not after starts, and overlaps on the same day only", () => {
    const result = availabilityFromRows(
      week([
        [1, "bad", "9:00", "12:00"],
        [1, "late", "25:00", "26:00"],
        [2, "back", "12:00", "09:00"],
        [3, "x", "09:00", "12:00"],
        [3, "y", "11:30", "13:00"],
        [4, "z", "11:30", "13:00"],
      ]),
    );
    expect(Object.keys(result.errors).sort()).toEqual(["back", "bad", "late", "y"]);
    expect(result.errors.y).toMatch(/Overlaps 09:00–12:00 on Wednesday/);
    expect(result.errors.back).toMatch(/after the start/);
  });
  it("round-trips the API's availability through rows", () => {
    const windows = [
      { weekday: 5, start: "13:00", end: "17:00" },
      { weekday: 5, start: "09:00", end: "12:00" },
    ];
    const rows = rowsFromAvailability(windows);
    expect(rows[5]?.map((r) => r.start)).toEqual(["09:00", "13:00"]);
    expect(availabilityFromRows(rows).windows).toEqual([...windows].reverse());
  });
  it("refuses more ranges than the API accepts", () => {
    const many: [number, string, string, string][] = Array.from({ length: 51 }, (_, i) => [
      i % 7,
      `k${i}`,
      `${String(Math.floor(i / 7)).padStart(2, "0")}:00`,
      `${String(Math.floor(i / 7)).padStart(2, "0")}:30`,
    ]);
    expect(availabilityFromRows(week(many)).formError).toMatch(/At most 50/);
  });
});

describe("parseWholeNumber", () => {
  it("accepts whole numbers in range and explains the rest", () => {
    expect(parseWholeNumber(" 30 ", "Slot length", 5, 480)).toEqual({ value: 30, error: null });
    expect(parseWholeNumber("4", "Slot length", 5, 480).error).toBe(
      "Slot length must be between 5 and 480.",
    );
    expect(parseWholeNumber("7.5", "Buffer", 0, 240).error).toBe("Buffer must be a whole number.");
    expect(parseWholeNumber("", "Buffer", 0, 240).error).toBe("Buffer must be a whole number.");
  });
});

describe("summarizeAvailability", () => {
  it("groups consecutive weekdays with the same ranges, Monday first", () => {
    const weekdays = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, start: "09:00", end: "12:00" },
      { weekday, start: "13:00", end: "17:00" },
    ]);
    expect(summarizeAvailability(weekdays)).toBe("Mon–Fri 09:00–12:00, 13:00–17:00");
    expect(summarizeAvailability([...weekdays, { weekday: 0, start: "10:00", end: "12:00" }])).toBe(
      "Mon–Fri 09:00–12:00, 13:00–17:00; Sun 10:00–12:00",
    );
    expect(
      summarizeAvailability([
        { weekday: 1, start: "09:00", end: "10:00" },
        { weekday: 3, start: "09:00", end: "10:00" },
      ]),
    ).toBe("Mon 09:00–10:00; Wed 09:00–10:00");
    expect(summarizeAvailability([])).toBe("No availability");
  });
});
