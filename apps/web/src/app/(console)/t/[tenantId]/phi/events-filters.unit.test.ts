import { describe, expect, it } from "vitest";
import { describeSource, eventsListInput, hasFilters, type EventFilters } from "./events-filters";

const none: EventFilters = { type: null, action: null, source: null, from: null, to: null };

describe("events filters → phiEvents.list input", () => {
  it("asks for the first page with no filters", () => {
    expect(eventsListInput(none, null, "UTC")).toEqual({ ok: true, input: { limit: 50 } });
    expect(hasFilters(none)).toBe(false);
  });

  it("passes type, action, trimmed source and the cursor through", () => {
    const f: EventFilters = {
      ...none,
      type: "SSN",
      action: "blocked",
      source: "  bookings.notes ",
    };
    expect(eventsListInput(f, "abc", "UTC")).toEqual({
      ok: true,
      input: { limit: 50, type: "SSN", action: "blocked", source: "bookings.notes", cursor: "abc" },
    });
    expect(hasFilters(f)).toBe(true);
  });

  it("ignores a blank source", () => {
    expect(eventsListInput({ ...none, source: "   " }, null, "UTC")).toEqual({
      ok: true,
      input: { limit: 50 },
    });
    expect(hasFilters({ ...none, source: "  " })).toBe(false);
  });

  it("turns calendar days in the tenant's zone into instants, To inclusive of its day", () => {
    const r = eventsListInput(
      { ...none, from: "2026-03-08", to: "2026-03-08" },
      null,
      "America/New_York",
    );
    // 8 March 2026 is the US DST switch: the local day is 23 hours long (EST midnight → EDT midnight).
    expect(r).toEqual({
      ok: true,
      input: { limit: 50, from: "2026-03-08T05:00:00.000Z", to: "2026-03-09T04:00:00.000Z" },
    });
  });

  it("refuses invalid dates and a From after To, naming the filter", () => {
    expect(eventsListInput({ ...none, from: "2026-13-40" }, null, "UTC")).toEqual({
      ok: false,
      message: "From is not a valid date (use YYYY-MM-DD).",
    });
    expect(eventsListInput({ ...none, from: "2026-02-30" }, null, "UTC").ok).toBe(false);
    expect(eventsListInput({ ...none, to: "yesterday" }, null, "UTC")).toEqual({
      ok: false,
      message: "To is not a valid date (use YYYY-MM-DD).",
    });
    expect(eventsListInput({ ...none, from: "2026-03-09", to: "2026-03-08" }, null, "UTC")).toEqual(
      {
        ok: false,
        message: "From must be on or before To.",
      },
    );
  });

  it("refuses a source longer than the API accepts", () => {
    expect(eventsListInput({ ...none, source: "x".repeat(201) }, null, "UTC").ok).toBe(false);
  });
});

describe("describeSource", () => {
  it("reads table.field for table sources and the label for API sources", () => {
    expect(describeSource({ kind: "table", table: "bookings", field: "notes", api: null })).toBe(
      "bookings.notes",
    );
    expect(describeSource({ kind: "api", table: null, field: null, api: "phi.scan" })).toBe(
      "phi.scan",
    );
    expect(describeSource({ kind: "table", table: null, field: null, api: null })).toBe("table");
  });
});
