// Words and numbers for the usage bars (pure, unit-tested).
import type { UsageMetric } from "@frontdesk/db";
import { formatInZone } from "@/components/format";

export const METRIC_LABELS: Record<UsageMetric, string> = {
  bookings: "Bookings",
  orders: "Orders",
  metric_points: "Metric points",
  scores: "Scores",
  phi_scans: "PHI scans",
};

/** 0..100, rounded down so 99.6 % does not read as "100 %" while there is room left. */
export function percentUsed(used: number, limit: number): number {
  if (limit <= 0) return used > 0 ? 100 : 0;
  return Math.min(100, Math.floor((used / limit) * 100));
}

/** "May 1 – May 31, 2026 (UTC)": the period's end is exclusive, so show the day before it. */
export function formatPeriod(start: Date, end: Date): string {
  const last = new Date(end.getTime() - 1);
  return `${formatInZone(start, "UTC", "MMM d")} – ${formatInZone(last, "UTC", "MMM d, yyyy")} (UTC)`;
}
