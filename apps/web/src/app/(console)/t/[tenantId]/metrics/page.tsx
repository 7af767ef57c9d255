// Metrics explorer. The server prefetches the metric names and the chart's data: at once when the URL
// already names the metric and its aggregations, else after the names (the default metric and its
// kind's aggregations come from them). The client part reads the same URL state with the same parsers
// and makes the same choice, so the prefetched keys match and the chart arrives with the HTML.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { fetchOrNull, HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { MetricsExplorer } from "./metrics-explorer";
import {
  chooseMetric,
  loadMetricsSearch,
  NAMES_INPUT,
  queryInput,
  resolveView,
} from "./metrics-view";

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
  const names = fetchOrNull(api.metrics.names.queryOptions(NAMES_INPUT));
  const chart =
    search.metric && search.agg && search.agg.length > 0
      ? { name: search.metric, kind: null }
      : names.then((answer) => {
          const chosen = answer ? chooseMetric(search.metric, answer.items) : null;
          return chosen ? { name: chosen.name, kind: chosen.info?.kind } : null;
        });
  await Promise.all([
    names,
    Promise.resolve(chart).then((c) =>
      c
        ? prefetchSettled(
            api.metrics.query.queryOptions(
              queryInput(c.name, resolveView(search, c.kind, new Date(), timeZone)),
            ),
          )
        : null,
    ),
  ]);
  return (
    <HydrateClient>
      <MetricsExplorer />
    </HydrateClient>
  );
}
