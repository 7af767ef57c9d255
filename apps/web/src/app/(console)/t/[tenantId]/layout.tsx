// The console shell for one tenant: sidebar, tenant switcher, sign-out, and the tRPC provider whose
// requests carry this tenant. Membership is checked here only to render a helpful 404; the API
// re-checks it (and the role) on every call.
import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";
import { currentUserId } from "@/server/auth";
import { listUserTenants } from "@/server/tenants";
import { TRPCReactProvider } from "@/trpc/react";
import { SidebarNav } from "./sidebar-nav";
import styles from "./console.module.css";

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

  const tenants = await listUserTenants(userId);
  const current = tenants.find((t) => t.tenantId === tenantId);
  if (!current) notFound();
  const isAdmin = current.role === "owner" || current.role === "admin";

  return (
    <div className={styles.shell}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className={styles.sidebar}>
        <p className={styles.brand}>Frontdesk</p>
        {tenants.length > 1 ? (
          <details className={styles.switcher}>
            <summary>
              <span className="visually-hidden">Current tenant: </span>
              {current.name}
            </summary>
            <nav aria-label="Switch tenant">
              <ul>
                {tenants.map((t) => (
                  <li key={t.tenantId}>
                    <a href={`/t/${t.tenantId}`} aria-current={t.tenantId === tenantId ? "page" : undefined}>
                      {t.name} <span className="muted">({t.role})</span>
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </details>
        ) : (
          <p className={styles.tenantName}>{current.name}</p>
        )}
        <p className={styles.role}>
          Signed in as <strong>{current.role}</strong>
        </p>
        <SidebarNav tenantId={tenantId} showHealth={isAdmin} />
        <div className={styles.signOut}>
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className={styles.main} tabIndex={-1}>
        {/* Keyed by tenant: a fresh query cache per tenant (query keys do not include it). */}
        <TRPCReactProvider key={tenantId} tenantId={tenantId}>
          {children}
        </TRPCReactProvider>
      </main>
    </div>
  );
}
