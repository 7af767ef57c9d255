// Scores: overview charts, the list, and score configs. The server prefetches what the first screen
// of the chosen tab needs (configs always; the list, or the summary of the URL's score, else of the
// default one the configs give) with the same URL parsers and inputs as the client, so the keys match
// and the data arrives with the HTML.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { fetchOrNull, HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { ScoresPage } from "./scores-page";
import {
  chooseScoreName,
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
  const configs = fetchOrNull(api.scores.configs.list.queryOptions(CONFIGS_INPUT));
  // The overview's score: the URL's, else the one the client picks from the configs (so the summary
  // waits for them only then).
  const score = search.score
    ? search.score
    : configs.then((answer) => (answer ? chooseScoreName(null, answer) : null));
  await Promise.all([
    configs,
    search.tab === "list"
      ? prefetchSettled(
          api.scores.list.queryOptions(listInput(search, range, search.cursor ?? undefined)),
        )
      : null,
    search.tab === "overview"
      ? Promise.resolve(score).then((name) =>
          name
            ? prefetchSettled(
                api.scores.summary.queryOptions(summaryInput(name, range, search.bucket)),
              )
            : null,
        )
      : null,
  ]);
  return (
    <HydrateClient>
      <ScoresPage />
    </HydrateClient>
  );
}
