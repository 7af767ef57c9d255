"use client";
// The dashboard: what a clinic or shop checks first thing — today's and upcoming bookings, the
// period's revenue and refunds, the conversation score and its trend, PHI events by action, and the
// key metrics. Every panel (in _dashboard/) loads, fails and empties on its own, so one slow query
// never blanks the page.
import { useMemo } from "react";
import { useConsole } from "@/components/console-context";
import { PageHeader } from "@/components/page-header";
import { BookingsPanel } from "./_dashboard/bookings-panel";
import { MetricsPanels } from "./_dashboard/metrics-panels";
import { PeriodPicker } from "./_dashboard/period-picker";
import { PhiPanel } from "./_dashboard/phi-panel";
import { ScorePanel } from "./_dashboard/score-panel";
import { BookingCountCard, PhiTotalCard, RevenueCard } from "./_dashboard/stat-cards";
import { dashboardInputs, PERIOD_LABELS, type DashboardRanges } from "./dashboard-inputs";

export function Dashboard({ ranges }: { ranges: DashboardRanges }) {
  const { timeZone } = useConsole();
  const inputs = useMemo(() => dashboardInputs(ranges), [ranges]);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Times in ${timeZone}. ${PERIOD_LABELS[ranges.period]}, today included.`}
        actions={<PeriodPicker />}
      />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <BookingCountCard title="Bookings today" input={inputs.today} />
        <BookingCountCard title={`Next ${ranges.upcomingDays} days`} input={inputs.upcoming} />
        <RevenueCard input={inputs.revenue} />
        <PhiTotalCard input={inputs.phiStats} />
      </div>
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <BookingsPanel
          title="Today's bookings"
          input={inputs.today}
          resources={inputs.resources}
          showDate={false}
          empty="No bookings today."
        />
        <BookingsPanel
          title={`Upcoming (next ${ranges.upcomingDays} days)`}
          input={inputs.upcoming}
          resources={inputs.resources}
          showDate
          empty="Nothing booked in the coming week."
        />
        <ScorePanel trendInput={inputs.scoreTrend} />
        <PhiPanel input={inputs.phiStats} />
      </div>
      <MetricsPanels inputs={inputs} />
    </>
  );
}
