// Dashboard: the ranges are computed on the server in the tenant's time zone (the period comes from
// the URL), the first screen is prefetched through the server-side tRPC caller, and the client
// panels pick the results up from the hydrated cache instead of fetching again.
import type { Metadata } from "next";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetch, trpcServer } from "@/trpc/server";
import { Dashboard } from "./dashboard";
import { dashboardInputs, dashboardRanges, parsePeriod } from "./dashboard-inputs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenantId }, query] = await Promise.all([params, searchParams]);
  // The layout has already checked the membership for this tenant.
  const timeZone = await tenantTimeZone(tenantId);
  const ranges = dashboardRanges(new Date(), timeZone, parsePeriod(query.period));
  const inputs = dashboardInputs(ranges);
  const trpc = trpcServer(tenantId);

  prefetch(trpc.bookings.list.queryOptions(inputs.today));
  prefetch(trpc.bookings.list.queryOptions(inputs.upcoming));
  prefetch(trpc.bookings.resources.list.queryOptions(inputs.resources));
  prefetch(trpc.orders.list.queryOptions(inputs.revenue));
  prefetch(trpc.phiEvents.stats.queryOptions(inputs.phiStats));
  prefetch(trpc.scores.configs.list.queryOptions());
  prefetch(trpc.metrics.names.queryOptions(inputs.metricNames));

  return (
    <HydrateClient>
      <Dashboard ranges={ranges} />
    </HydrateClient>
  );
}
