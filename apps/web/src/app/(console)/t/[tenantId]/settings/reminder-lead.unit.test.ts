import { describe, expect, it } from "vitest";
import { formatReminderLead, reminderChoices } from "./reminder-lead";

describe("formatReminderLead", () => {
  it("reads in the largest whole unit", () => {
    expect(formatReminderLead(0)).toBe("No reminder");
    expect(formatReminderLead(15)).toBe("15 minutes before");
    expect(formatReminderLead(60)).toBe("1 hour before");
    expect(formatReminderLead(90)).toBe("90 minutes before");
    expect(formatReminderLead(1440)).toBe("1 day before");
    expect(formatReminderLead(1500)).toBe("25 hours before");
    expect(formatReminderLead(10080)).toBe("7 days before");
  });
});

describe("reminderChoices", () => {
  it("offers the presets, and keeps a value set through the API among them in order", () => {
    const presets = reminderChoices(1440).map((c) => c.value);
    expect(presets[0]).toBe(0);
    expect(presets).toContain(1440);
    const custom = reminderChoices(90).map((c) => c.value);
    expect(custom).toEqual([...presets.slice(0, 4), 90, ...presets.slice(4)]);
  });
});
