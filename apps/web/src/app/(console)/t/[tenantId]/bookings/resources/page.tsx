// Resources: what can be booked, with its time zone, slot length, buffer, notice and weekly
// availability. The server prefetches the page the URL asks for.
import type { Metadata } from "next";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { resourcesInput } from "../queries";
import { loadResourcesSearchParams } from "../search-params";
import { ResourcesView } from "./resources-view";

export const metadata: Metadata = { title: "Resources" };

export default async function ResourcesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await params;
  const query = await loadResourcesSearchParams(searchParams);
  await prefetchSettled(
    trpcServer(tenantId).bookings.resources.list.queryOptions(
      resourcesInput({ includeArchived: query.archived, cursor: query.cursor }),
    ),
  );
  return (
    <HydrateClient>
      <ResourcesView />
    </HydrateClient>
  );
}
