// Settings → Usage: this month's metered quantities against the plan's limits.
import type { Metadata } from "next";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { Usage } from "./usage";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const trpc = trpcServer(tenantId);
  // Settled before rendering: the views read with useQuery, so the first HTML must carry the data.
  await Promise.all([
    prefetchSettled(trpc.usage.current.queryOptions()),
    prefetchSettled(trpc.tenant.get.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <Usage />
    </HydrateClient>
  );
}
