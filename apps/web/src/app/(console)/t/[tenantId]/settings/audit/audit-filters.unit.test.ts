import { describe, expect, it } from "vitest";
import { AUDIT_PAGE_SIZE, auditListInput, hasFilters } from "./audit-filters";

const none = { action: null, actor: null, target: null, from: null, to: null };

describe("auditListInput", () => {
  it("asks for the first page without filters", () => {
    expect(auditListInput(none, null, "UTC")).toEqual({
      ok: true,
      input: { limit: AUDIT_PAGE_SIZE },
    });
    expect(hasFilters(none)).toBe(false);
  });

  it("maps trimmed text filters to the API's names and keeps the cursor", () => {
    const f = { ...none, action: " apiKeys.revoke ", actor: "u-1", target: "  " };
    expect(auditListInput(f, "c1", "UTC")).toEqual({
      ok: true,
      input: { limit: AUDIT_PAGE_SIZE, action: "apiKeys.revoke", actorId: "u-1", cursor: "c1" },
    });
    expect(hasFilters(f)).toBe(true);
  });

  it("reads days in the tenant's zone, with To covering its whole day", () => {
    const result = auditListInput(
      { ...none, from: "2026-03-08", to: "2026-03-08" },
      null,
      "America/New_York",
    );
    expect(result).toEqual({
      ok: true,
      input: {
        limit: AUDIT_PAGE_SIZE,
        from: new Date("2026-03-08T05:00:00Z"),
        to: new Date("2026-03-09T04:00:00Z"),
      },
    });
  });

  it("refuses impossible dates, reversed ranges and over-long filters with a message", () => {
    expect(auditListInput({ ...none, from: "2026-02-30" }, null, "UTC")).toEqual({
      ok: false,
      message: "From is not a valid date (use YYYY-MM-DD).",
    });
    expect(auditListInput({ ...none, from: "2026-03-09", to: "2026-03-08" }, null, "UTC")).toEqual({
      ok: false,
      message: "From must be on or before To.",
    });
    expect(auditListInput({ ...none, target: "x".repeat(201) }, null, "UTC")).toEqual({
      ok: false,
      message: "Target is at most 200 characters.",
    });
  });
});
