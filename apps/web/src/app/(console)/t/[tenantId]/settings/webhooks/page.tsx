// Settings → Webhooks (admins and owners): endpoints, their signing secrets, and the delivery log.
// The first screen (endpoints, and deliveries for the URL's filters and page) is prefetched here.
import type { Metadata } from "next";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE } from "@frontdesk/api/webhook-events";
import type { SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/page-header";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { AdminOnly } from "../_components/admin-only";
import { currentViewer } from "../_components/viewer";
import {
  DELIVERIES_PAGER,
  ENDPOINTS_PAGE_SIZE,
  deliveriesListInput,
  loadDeliverySearchParams,
} from "./delivery-filters";
import { WebhooksView } from "./webhooks-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenantId } = await params;
  const viewer = await currentViewer(tenantId);
  if (!viewer?.isAdmin) {
    return (
      <>
        <PageHeader
          title="Webhooks"
          description="Signed HTTP requests that tell your systems about every change."
        />
        <AdminOnly what="manage webhooks" role={viewer?.role ?? "member"} />
      </>
    );
  }
  const { [`${DELIVERIES_PAGER}cursor`]: cursor, ...filters } =
    await loadDeliverySearchParams(searchParams);
  // The catalogue goes to the client as data (see event-types.ts).
  const catalogue = { types: [...WEBHOOK_EVENT_TYPES], testType: WEBHOOK_TEST_EVENT_TYPE };
  const request = deliveriesListInput(filters, cursor, await tenantTimeZone(tenantId), catalogue);
  const trpc = trpcServer(tenantId);
  // Settled before rendering: the view reads with useQuery, so the first HTML must carry the data.
  await Promise.all([
    prefetchSettled(trpc.webhooks.endpoints.list.queryOptions({ limit: ENDPOINTS_PAGE_SIZE })),
    request.ok ? prefetchSettled(trpc.webhooks.deliveries.list.queryOptions(request.input)) : null,
  ]);
  return (
    <HydrateClient>
      <WebhooksView catalogue={catalogue} />
    </HydrateClient>
  );
}
