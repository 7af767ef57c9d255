// zoneOffsetMs remembers offsets it computed: answers from memory must be the ones Intl gives, on
// both sides of DST changes, for zones with odd offsets, and for UTC (which skips Intl entirely).
import { describe, expect, it } from "vitest";
import { wallTime, zoneOffsetMs } from "./time";

/** The offset straight from Intl, as zoneOffsetMs computed it before it remembered anything. */
function offsetFromIntl(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const HOUR = 3_600_000;

describe("zoneOffsetMs", () => {
  it("gives Intl's offset for every hour around DST changes, asked once and again", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"];
    // Spring and autumn changes of 2026 in both hemispheres, hour by hour, plus odd seconds.
    const starts = [Date.UTC(2026, 2, 28), Date.UTC(2026, 3, 4), Date.UTC(2026, 9, 24)];
    for (const timeZone of zones) {
      for (const start of starts) {
        for (let h = 0; h < 72; h++) {
          const instant = new Date(start + h * HOUR + (h % 7) * 1_001);
          const expected = offsetFromIntl(instant, timeZone);
          expect(zoneOffsetMs(instant, timeZone)).toBe(expected);
          expect(zoneOffsetMs(new Date(instant.getTime()), timeZone)).toBe(expected);
        }
      }
    }
  });

  it("gives 0 for UTC without asking Intl, and still refuses an invalid instant", () => {
    expect(zoneOffsetMs(new Date(Date.UTC(2026, 5, 1, 12)), "UTC")).toBe(0);
    expect(zoneOffsetMs(new Date(-1), "Etc/UTC")).toBe(0);
    expect(() => zoneOffsetMs(new Date(Number.NaN), "UTC")).toThrow(RangeError);
    expect(() => zoneOffsetMs(new Date(Number.NaN), "Europe/Berlin")).toThrow(RangeError);
  });

  it("stays right after its memory for a zone fills up and is dropped", () => {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 10_050; i++) zoneOffsetMs(new Date(base + i * 60_000), "Europe/Paris");
    const summer = new Date(Date.UTC(2026, 6, 1, 12));
    expect(zoneOffsetMs(summer, "Europe/Paris")).toBe(2 * HOUR);
    expect(zoneOffsetMs(new Date(base), "Europe/Paris")).toBe(HOUR);
  });
});
