"use client";
import { SubNav } from "@/components/sub-nav";
import { SECTIONS } from "./sections";

export function SidebarNav({ tenantId, showHealth }: { tenantId: string; showHealth: boolean }) {
  return (
    <SubNav
      label="Console"
      base={`/t/${tenantId}`}
      items={SECTIONS.filter((s) => !("adminOnly" in s) || showHealth)}
      className="md:flex-col"
    />
  );
}
