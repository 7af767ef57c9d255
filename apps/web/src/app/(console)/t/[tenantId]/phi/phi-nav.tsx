"use client";
// Tab-like links between the PHI sub-pages.
import { SubNav } from "@/components/sub-nav";

const TABS = [
  { slug: "", label: "Events" },
  { slug: "stats", label: "Stats" },
  { slug: "policy", label: "Policy" },
  { slug: "scan", label: "Scan" },
] as const;

export function PhiNav({ base }: { base: string }) {
  return <SubNav label="PHI" base={base} items={TABS} variant="tabs" />;
}
