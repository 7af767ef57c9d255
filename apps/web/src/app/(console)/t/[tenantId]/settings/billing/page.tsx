// Settings → Billing: plan, usage and (for owners) checkout, plan changes and the billing portal.
// Prefetches what the viewer may read: the tenant and its usage for everyone, billing.get for owners
// only (it is owner-only at the API). The plans' limits come from the API package, on the server.
import type { Metadata } from "next";
import { PLAN_LIMITS } from "@frontdesk/api";
import { currentUserId } from "@/server/auth";
import { listUserTenants } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { BillingView } from "./billing-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const userId = await currentUserId();
  // The layout has already checked the membership; the role only decides what to prefetch.
  const role = userId
    ? (await listUserTenants(userId)).find((t) => t.tenantId === tenantId)?.role
    : undefined;
  const trpc = trpcServer(tenantId);
  // Settled before the HTML: the view reads with useQuery and must render the same on both sides.
  await Promise.all([
    prefetchSettled(trpc.tenant.get.queryOptions()),
    prefetchSettled(trpc.usage.current.queryOptions()),
    role === "owner" ? prefetchSettled(trpc.billing.get.queryOptions()) : null,
  ]);
  return (
    <HydrateClient>
      <BillingView limits={PLAN_LIMITS} />
    </HydrateClient>
  );
}
