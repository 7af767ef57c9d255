"use client";
// Settings sub-navigation. Account is the signed-in user's own (address, password), in every tenant. API keys, webhooks and the audit log are admin-only, so members and viewers do not
// get links to them (their pages explain the rule to anyone who opens them anyway).
import { SubNav } from "@/components/sub-nav";

const LINKS = [
  { slug: "", label: "Profile" },
  { slug: "account", label: "Account" },
  { slug: "members", label: "Members" },
  { slug: "api-keys", label: "API keys", adminOnly: true },
  { slug: "webhooks", label: "Webhooks", adminOnly: true },
  { slug: "usage", label: "Usage" },
  { slug: "billing", label: "Billing" },
  { slug: "audit", label: "Audit log", adminOnly: true },
] as const;

export function SettingsNav({ tenantId, isAdmin }: { tenantId: string; isAdmin: boolean }) {
  return (
    <SubNav
      label="Settings"
      base={`/t/${tenantId}/settings`}
      items={LINKS.filter((l) => isAdmin || !("adminOnly" in l))}
      className="border-b pb-2"
    />
  );
}
