// Settings → API keys (admins and owners): list, create, rotate, revoke.
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { AdminOnly } from "../_components/admin-only";
import { currentViewer } from "../_components/viewer";
import { ApiKeys } from "./api-keys";
import { API_KEYS_PAGE_SIZE } from "./constants";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await params;
  const viewer = await currentViewer(tenantId);
  if (!viewer?.isAdmin) {
    return (
      <>
        <PageHeader title="API keys" description="Keys let your servers call the Frontdesk API." />
        <AdminOnly what="manage API keys" role={viewer?.role ?? "member"} />
      </>
    );
  }
  if (!(await searchParams).cursor)
    await prefetchSettled(
      trpcServer(tenantId).apiKeys.list.queryOptions({ limit: API_KEYS_PAGE_SIZE }),
    );
  return (
    <HydrateClient>
      <ApiKeys />
    </HydrateClient>
  );
}
