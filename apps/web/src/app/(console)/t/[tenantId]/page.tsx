// Dashboard: the ranges are computed on the server in the tenant's time zone (the period comes from
// the URL), every panel's data is fetched through the server-side tRPC caller before the HTML is
// sent, and the client panels pick the results up from the hydrated cache instead of fetching again.
import type { Metadata } from "next";
import { tenantTimeZone } from "@/server/tenants";
import { fetchOrNull, HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { Dashboard } from "./dashboard";
import {
  dashboardInputs,
  dashboardRanges,
  headlineScoreName,
  parsePeriod,
} from "./dashboard-inputs";

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

  // Every panel's data is fetched here, in process, before the HTML is sent (all of it takes a few
  // tens of ms): the first HTML is the finished dashboard — numbers, tables and charts — instead of
  // skeletons the browser fills in only after downloading and hydrating the app's JavaScript.
  // The score trend needs the configs, and each key metric's chart its name: each of those two
  // follows its own answer, not the slowest of the other panels'.
  await Promise.all([
    fetchOrNull(trpc.scores.configs.list.queryOptions()).then((configs) => {
      const headline = headlineScoreName(configs ?? undefined);
      return headline
        ? prefetchSettled(trpc.scores.summary.queryOptions(inputs.scoreTrend(headline)))
        : null;
    }),
    fetchOrNull(trpc.metrics.names.queryOptions(inputs.metricNames)).then((names) =>
      Promise.all(
        (names?.items ?? []).map((metric) =>
          prefetchSettled(trpc.metrics.query.queryOptions(inputs.metric(metric.name, metric.kind))),
        ),
      ),
    ),
    prefetchSettled(trpc.bookings.list.queryOptions(inputs.today)),
    prefetchSettled(trpc.bookings.list.queryOptions(inputs.upcoming)),
    prefetchSettled(trpc.bookings.resources.list.queryOptions(inputs.resources)),
    prefetchSettled(trpc.orders.list.queryOptions(inputs.revenue)),
    prefetchSettled(trpc.phiEvents.stats.queryOptions(inputs.phiStats)),
  ]);

  return (
    <HydrateClient>
      <Dashboard ranges={ranges} />
    </HydrateClient>
  );
}
