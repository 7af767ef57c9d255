// The console shell for one tenant: sidebar, tenant switcher, sign-out, and the providers every page
// uses (tRPC for this tenant, the viewer's role and the tenant's time zone). Membership is checked
// here only to render a helpful 404; the API re-checks it (and the role) on every call.
import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { ConsoleProvider } from "@/components/console-context";
import { SignOutButton } from "@/components/sign-out-button";
import { currentUserId } from "@/server/auth";
import { listUserTenants, tenantTimeZone } from "@/server/tenants";
import { TRPCReactProvider } from "@/trpc/react";
import { SidebarNav } from "./sidebar-nav";
import { TenantSwitcher } from "./tenant-switcher";

export default async function ConsoleLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenantId: string }>;
}) {
  const { tenantId } = await params;
  const userId = await currentUserId();
  if (!userId) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/t/${tenantId}`)}`);

  // Both at once: the zone is only shown once the membership is confirmed below.
  const [tenants, timeZone] = await Promise.all([
    listUserTenants(userId),
    tenantTimeZone(tenantId),
  ]);
  const current = tenants.find((t) => t.tenantId === tenantId);
  if (!current) notFound();
  const isAdmin = current.role === "owner" || current.role === "admin";

  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="flex flex-col gap-4 border-b bg-card p-4 md:sticky md:top-0 md:h-screen md:border-r md:border-b-0">
        <p className="text-lg font-bold tracking-tight">Frontdesk</p>
        <TenantSwitcher
          current={{ tenantId, name: current.name }}
          tenants={tenants.map((t) => ({ tenantId: t.tenantId, name: t.name, role: t.role }))}
        />
        <p className="text-xs text-muted-foreground">
          Signed in as <strong className="text-foreground">{current.role}</strong>
          {current.role === "viewer" ? " (read-only)" : ""}
        </p>
        <SidebarNav tenantId={tenantId} showHealth={isAdmin} />
        <div className="mt-auto">
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className="min-w-0 p-4 md:p-8" tabIndex={-1}>
        {/* Keyed by tenant: a fresh query cache per tenant (query keys do not include it). */}
        <TRPCReactProvider key={tenantId} tenantId={tenantId}>
          <ConsoleProvider
            value={{ tenantId, tenantName: current.name, role: current.role, timeZone }}
          >
            {children}
          </ConsoleProvider>
        </TRPCReactProvider>
      </main>
    </div>
  );
}
