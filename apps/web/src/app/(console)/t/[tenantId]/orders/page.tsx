// Orders: the list, filtered through the URL. The first screen (for the URL's filters and page) is
// fetched on the server before the HTML, so the view renders the same rows there and at hydration.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { loadOrdersSearchParams, ordersListInput } from "./orders-filters";
import { OrdersView } from "./orders-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenantId } = await params;
  const { cursor, ...filters } = await loadOrdersSearchParams(searchParams);
  // The layout has already checked the membership for this tenant.
  const request = ordersListInput(filters, cursor, await tenantTimeZone(tenantId));
  if (request.ok)
    await prefetchSettled(trpcServer(tenantId).orders.list.queryOptions(request.input));
  return (
    <HydrateClient>
      <OrdersView />
    </HydrateClient>
  );
}
