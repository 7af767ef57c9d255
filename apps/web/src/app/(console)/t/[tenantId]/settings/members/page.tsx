// Settings → Members: who belongs to the tenant, with invitations and role changes for admins.
import type { Metadata } from "next";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { currentViewer } from "../_components/viewer";
import { INVITATIONS_INPUT, MEMBERS_PAGE_SIZE } from "./constants";
import { Members } from "./members";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await params;
  const viewer = await currentViewer(tenantId);
  const trpc = trpcServer(tenantId);
  await Promise.all([
    // The first page only: later pages are addressed by a cursor the client sends itself.
    (await searchParams).cursor
      ? null
      : prefetchSettled(trpc.members.list.queryOptions({ limit: MEMBERS_PAGE_SIZE })),
    // Admins see the pending invitations under the members; without this they would load only
    // after the page's JavaScript has.
    viewer?.isAdmin
      ? prefetchSettled(trpc.members.listInvitations.queryOptions(INVITATIONS_INPUT))
      : null,
  ]);
  return (
    <HydrateClient>
      <Members currentUserId={viewer?.userId ?? null} />
    </HydrateClient>
  );
}
