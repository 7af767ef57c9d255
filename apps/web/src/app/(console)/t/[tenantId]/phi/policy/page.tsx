// PHI › Policy: the tenant's PHI policy, editable by admins. Prefetched on the server.
import type { Metadata } from "next";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { PolicyEditor } from "./policy-editor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "PHI policy" };

export default async function PhiPolicyPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  await prefetchSettled(trpcServer(tenantId).phi.policy.get.queryOptions());
  return (
    <HydrateClient>
      <PolicyEditor />
    </HydrateClient>
  );
}
