"use client";
// The tenant's resources for pickers, filters and name lookups: one query (archived included, so old
// bookings still show a name), prefetched by the server pages and shared through the query cache.
// While it loads, the lookups are empty; a view that cannot work without them renders inside
// <QueryState query={resources.query}>.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { useTRPC } from "@/trpc/react";
import { RESOURCE_OPTIONS_INPUT } from "./queries";

export type Resource = RouterOutputs["bookings"]["resources"]["list"]["items"][number];
export type Booking = RouterOutputs["bookings"]["get"];
export type BookingsPage = RouterOutputs["bookings"]["list"];

export function useResources() {
  const trpc = useTRPC();
  const query = useQuery(trpc.bookings.resources.list.queryOptions(RESOURCE_OPTIONS_INPUT));
  const { data } = query;
  const lookups = useMemo(() => {
    const items = data?.items ?? [];
    const byId = new Map(items.map((r) => [r.id, r]));
    /** Bookable (not archived) resources, by name. */
    const active = items
      .filter((r) => r.archivedAt === null)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { byId, active };
  }, [data]);
  return { ...lookups, query };
}
