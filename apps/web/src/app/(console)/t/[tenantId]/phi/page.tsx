// PHI › Events: detection events, newest first, filtered through the URL. The first screen (for the
// URL's filters) is prefetched on the server.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { eventsListInput, loadEventsSearchParams } from "./events-filters";
import { EventsView } from "./events-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "PHI events" };

export default async function PhiEventsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenantId } = await params;
  const { cursor, ...filters } = await loadEventsSearchParams(searchParams);
  const request = eventsListInput(filters, cursor, await tenantTimeZone(tenantId));
  if (request.ok)
    await prefetchSettled(trpcServer(tenantId).phiEvents.list.queryOptions(request.input));
  return (
    <HydrateClient>
      <EventsView />
    </HydrateClient>
  );
}
