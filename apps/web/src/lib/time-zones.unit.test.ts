import { describe, expect, it } from "vitest";
import { timeZoneOptions } from "./time-zones";

describe("timeZoneOptions", () => {
  it("starts with UTC, is sorted and has no duplicates", () => {
    const zones = timeZoneOptions();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Paris");
    expect(zones.slice(1)).toEqual([...zones.slice(1)].sort());
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("always includes the zones the caller already uses", () => {
    const zones = timeZoneOptions(["Asia/Kolkata", "Etc/GMT+5", null, undefined, "UTC"]);
    expect(zones).toContain("Asia/Kolkata");
    expect(zones).toContain("Etc/GMT+5");
    expect(zones.filter((z) => z === "UTC")).toHaveLength(1);
  });
});
