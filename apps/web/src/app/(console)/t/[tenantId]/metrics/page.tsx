// Metrics explorer. The server prefetches the metric names (and the chart's data when the URL already
// names the metric and its aggregations, so the query does not depend on the names' answer); the
// client part reads the same URL state with the same parsers, so the prefetched keys match.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { MetricsExplorer } from "./metrics-explorer";
import { loadMetricsSearch, NAMES_INPUT, queryInput, resolveView } from "./metrics-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Metrics" };

export default async function MetricsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenantId } = await params;
  const search = await loadMetricsSearch(searchParams);
  // The layout has already checked the membership for this tenant.
  const timeZone = await tenantTimeZone(tenantId);
  const api = trpcServer(tenantId);
  await Promise.all([
    prefetchSettled(api.metrics.names.queryOptions(NAMES_INPUT)),
    search.metric && search.agg && search.agg.length > 0
      ? prefetchSettled(
          api.metrics.query.queryOptions(
            queryInput(search.metric, resolveView(search, null, new Date(), timeZone)),
          ),
        )
      : null,
  ]);
  return (
    <HydrateClient>
      <MetricsExplorer />
    </HydrateClient>
  );
}
