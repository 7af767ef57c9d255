// Dashboard: the day's bookings and the period's orders and scores. The page computes the date
// ranges in the tenant's time zone on the server; the panels fetch through tRPC on the client.
import type { Metadata } from "next";
import { wallTime, zonedTimeToUtc } from "@frontdesk/db";
import { tenantTimeZone } from "@/server/tenants";
import { Dashboard, type DashboardRanges } from "./dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

const UPCOMING_DAYS = 7;
const PERIOD_DAYS = 30;

/** Local midnight `days` days after the local date of `instant`, as an instant. */
function localMidnight(instant: Date, timeZone: string, days: number): Date {
  const w = wallTime(instant, timeZone);
  // Calendar arithmetic on a UTC date (no DST there), then back to the zone's wall clock.
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return zonedTimeToUtc(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0 },
    timeZone,
  );
}

export default async function DashboardPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  // The layout has already checked the membership for this tenant.
  const timeZone = await tenantTimeZone(tenantId);
  const now = new Date();
  const ranges: DashboardRanges = {
    now: now.toISOString(),
    todayStart: localMidnight(now, timeZone, 0).toISOString(),
    todayEnd: localMidnight(now, timeZone, 1).toISOString(),
    upcomingEnd: localMidnight(now, timeZone, 1 + UPCOMING_DAYS).toISOString(),
    periodStart: localMidnight(now, timeZone, 1 - PERIOD_DAYS).toISOString(),
    periodDays: PERIOD_DAYS,
    upcomingDays: UPCOMING_DAYS,
  };
  return <Dashboard timeZone={timeZone} ranges={ranges} />;
}
