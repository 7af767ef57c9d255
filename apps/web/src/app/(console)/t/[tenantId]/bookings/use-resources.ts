"use client";
// The tenant's resources for pickers, filters and name lookups: one query (archived included, so old
// bookings still show a name), prefetched by the server pages and shared through the query cache.
// It suspends: render its users inside a <QueryBoundary>.
import { useSuspenseQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { useTRPC } from "@/trpc/react";
import { RESOURCE_OPTIONS_INPUT } from "./queries";

export type Resource = RouterOutputs["bookings"]["resources"]["list"]["items"][number];
export type Booking = RouterOutputs["bookings"]["get"];

export function useResources() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.bookings.resources.list.queryOptions(RESOURCE_OPTIONS_INPUT),
  );
  return useMemo(() => {
    const byId = new Map(data.items.map((r) => [r.id, r]));
    /** Bookable (not archived) resources, by name. */
    const active = data.items
      .filter((r) => r.archivedAt === null)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { byId, active };
  }, [data]);
}
