// The reminder lead times Settings → Profile offers (the API takes 0, or 15 minutes to 7 days), and
// how a lead time reads.

/** Minutes before a booking; 0 is "no reminder". */
export const REMINDER_PRESETS = [
  0, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080,
] as const;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "No reminder", "30 minutes", "2 hours", "1 day", "90 minutes" (whatever the API holds). */
export function formatReminderLead(minutes: number): string {
  if (minutes === 0) return "No reminder";
  if (minutes % 1440 === 0) return `${plural(minutes / 1440, "day")} before`;
  if (minutes % 60 === 0) return `${plural(minutes / 60, "hour")} before`;
  return `${plural(minutes, "minute")} before`;
}

/**
 * The choices, in order: the presets, plus the tenant's current value when it was set to something
 * else through the API (so the form shows what is in force, and saving other fields keeps it).
 */
export function reminderChoices(current: number): { value: number; label: string }[] {
  const values: number[] = [...REMINDER_PRESETS];
  if (!values.includes(current)) values.push(current);
  return values.sort((a, b) => a - b).map((value) => ({ value, label: formatReminderLead(value) }));
}
