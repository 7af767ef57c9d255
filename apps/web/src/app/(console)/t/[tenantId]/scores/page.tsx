// Scores: overview charts, the list, and score configs. The server prefetches what the first screen
// of the chosen tab needs (configs always; the list, or the summary when the URL names the score) with
// the same URL parsers and inputs as the client, so the keys match and the data arrives with the HTML.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { ScoresPage } from "./scores-page";
import {
  CONFIGS_INPUT,
  listInput,
  loadScoresSearch,
  resolveDays,
  summaryInput,
} from "./scores-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Scores" };

export default async function ScoresRoute({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenantId } = await params;
  const search = await loadScoresSearch(searchParams);
  // The layout has already checked the membership for this tenant.
  const timeZone = await tenantTimeZone(tenantId);
  const range = resolveDays(search, new Date(), timeZone);
  const api = trpcServer(tenantId);
  await Promise.all([
    prefetchSettled(api.scores.configs.list.queryOptions(CONFIGS_INPUT)),
    search.tab === "list"
      ? prefetchSettled(
          api.scores.list.queryOptions(listInput(search, range, search.cursor ?? undefined)),
        )
      : null,
    search.tab === "overview" && search.score
      ? prefetchSettled(
          api.scores.summary.queryOptions(summaryInput(search.score, range, search.bucket)),
        )
      : null,
  ]);
  return (
    <HydrateClient>
      <ScoresPage />
    </HydrateClient>
  );
}
