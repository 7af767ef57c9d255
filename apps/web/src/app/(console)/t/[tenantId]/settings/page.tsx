// Settings → Profile: the tenant's name, time zone, booking emails, retention and booking/order
// timings, and "sign out everywhere" for the signed-in user's own sessions.
import type { Metadata } from "next";
import { timeZoneOptions } from "@/lib/time-zones";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { SignOutEverywhere } from "@/components/sign-out-everywhere";
import { Profile } from "./profile";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function ProfilePage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  await prefetchSettled(trpcServer(tenantId).tenant.get.queryOptions());
  return (
    <HydrateClient>
      <Profile timeZones={timeZoneOptions()} />
      <div className="mt-6">
        <SignOutEverywhere />
      </div>
    </HydrateClient>
  );
}
