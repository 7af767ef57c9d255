// Health (admins only): database, migrations, RLS, the worker, and the tenant's own notifications and
// Stripe events (never other tenants'). Prefetched for admins; members get an "Admins only" page, not an error.
import type { Metadata } from "next";
import { currentUserId } from "@/server/auth";
import { listUserTenants } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { HealthView } from "./health-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Health" };

export default async function HealthPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  // The layout has checked the session and membership; both reads are cached per request.
  const userId = await currentUserId();
  const role = userId
    ? (await listUserTenants(userId)).find((t) => t.tenantId === tenantId)?.role
    : undefined;
  if (role === "owner" || role === "admin")
    await prefetchSettled(trpcServer(tenantId).health.queryOptions());
  return (
    <HydrateClient>
      <HealthView />
    </HydrateClient>
  );
}
