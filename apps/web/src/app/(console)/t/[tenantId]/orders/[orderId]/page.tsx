// One order's page. The order is fetched on the server before the HTML (so the view renders the same
// there and at hydration); an id that is not a UUID cannot name an order: a 404 without asking the API.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isUuid } from "@frontdesk/db";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { OrderDetail } from "./order-detail";

export const dynamic = "force-dynamic";

type Params = Promise<{ tenantId: string; orderId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { orderId } = await params;
  return { title: `Order ${orderId.slice(0, 8)}` };
}

export default async function OrderPage({ params }: { params: Params }) {
  const { tenantId, orderId } = await params;
  if (!isUuid(orderId)) notFound();
  await prefetchSettled(trpcServer(tenantId).orders.get.queryOptions({ id: orderId }));
  return (
    <HydrateClient>
      <OrderDetail orderId={orderId} />
    </HydrateClient>
  );
}
