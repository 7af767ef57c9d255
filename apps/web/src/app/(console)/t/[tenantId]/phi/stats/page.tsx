// PHI › Stats: event counts per bucket by type or action. The URL's range is prefetched on the server.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { loadStatsSearchParams, statsRequest } from "./stats-series";
import { StatsView } from "./stats-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "PHI stats" };

export default async function PhiStatsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenantId } = await params;
  const { range, bucket } = await loadStatsSearchParams(searchParams);
  const request = statsRequest(range, bucket, new Date(), await tenantTimeZone(tenantId));
  if (request.ok)
    await prefetchSettled(trpcServer(tenantId).phiEvents.stats.queryOptions(request.input));
  return (
    <HydrateClient>
      <StatsView />
    </HydrateClient>
  );
}
