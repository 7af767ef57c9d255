// Settings → Audit log (admins and owners): every change made in this tenant, filtered through the
// URL. The first screen (for the URL's filters and page) is prefetched on the server.
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/page-header";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { AdminOnly } from "../_components/admin-only";
import { currentViewer } from "../_components/viewer";
import { ACTOR_LOOKUP_LIMIT, auditListInput, loadAuditSearchParams } from "./audit-filters";
import { AuditLog } from "./audit-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
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
          title="Audit log"
          description="Every change made in this tenant, by whom and when."
        />
        <AdminOnly what="read the audit log" role={viewer?.role ?? "member"} />
      </>
    );
  }
  const { cursor, ...filters } = await loadAuditSearchParams(searchParams);
  const request = auditListInput(filters, cursor, await tenantTimeZone(tenantId));
  const trpc = trpcServer(tenantId);
  // Settled before rendering: the view reads with useQuery, so the first HTML must carry the data.
  // Members and keys name the actors.
  await Promise.all([
    request.ok ? prefetchSettled(trpc.audit.list.queryOptions(request.input)) : null,
    prefetchSettled(trpc.members.list.queryOptions({ limit: ACTOR_LOOKUP_LIMIT })),
    prefetchSettled(trpc.apiKeys.list.queryOptions({ limit: ACTOR_LOOKUP_LIMIT })),
  ]);
  return (
    <HydrateClient>
      <AuditLog />
    </HydrateClient>
  );
}
