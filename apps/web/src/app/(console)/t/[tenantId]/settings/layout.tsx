// Settings: the sub-navigation above every settings page (Profile, Members, API keys, Webhooks, Usage,
// Billing, Audit log). Each page renders its own heading.
import type { ReactNode } from "react";
import { currentViewer } from "./_components/viewer";
import { SettingsNav } from "./settings-nav";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenantId: string }>;
}) {
  const { tenantId } = await params;
  const viewer = await currentViewer(tenantId);
  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <p className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          Settings
        </p>
        <SettingsNav tenantId={tenantId} isAdmin={viewer?.isAdmin ?? false} />
      </div>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
