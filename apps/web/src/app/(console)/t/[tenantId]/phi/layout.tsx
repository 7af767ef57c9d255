// The PHI section's frame: its heading and the sub-navigation between Events, Stats, Policy and Scan
// (sub-routes, so each screen prefetches its own data and has its own URL).
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/page-header";
import { PhiNav } from "./phi-nav";

export const metadata: Metadata = { title: "PHI" };

export default async function PhiLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenantId: string }>;
}) {
  const { tenantId } = await params;
  return (
    <>
      <PageHeader
        title="PHI"
        description="Protected health information the gate found in free text: what it did, how often, and the policy that decides."
      />
      <PhiNav base={`/t/${tenantId}/phi`} />
      <div className="mt-6">{children}</div>
    </>
  );
}
