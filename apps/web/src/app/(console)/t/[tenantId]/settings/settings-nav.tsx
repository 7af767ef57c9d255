"use client";
// Settings sub-navigation. API keys, webhooks and the audit log are admin-only, so members and viewers do not
// get links to them (their pages explain the rule to anyone who opens them anyway).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const LINKS = [
  { slug: "", label: "Profile" },
  { slug: "members", label: "Members" },
  { slug: "api-keys", label: "API keys", adminOnly: true },
  { slug: "webhooks", label: "Webhooks", adminOnly: true },
  { slug: "usage", label: "Usage" },
  { slug: "billing", label: "Billing" },
  { slug: "audit", label: "Audit log", adminOnly: true },
] as const;

export function SettingsNav({ tenantId, isAdmin }: { tenantId: string; isAdmin: boolean }) {
  const pathname = usePathname();
  const base = `/t/${tenantId}/settings`;
  return (
    <nav aria-label="Settings">
      <ul className="flex flex-wrap gap-1 border-b pb-2">
        {LINKS.filter((l) => isAdmin || !("adminOnly" in l)).map((l) => {
          const href = l.slug ? `${base}/${l.slug}` : base;
          const active = l.slug
            ? pathname === href || pathname.startsWith(`${href}/`)
            : pathname === base;
          return (
            <li key={l.slug || "profile"}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm font-medium text-foreground no-underline hover:bg-accent",
                  active && "bg-accent text-accent-foreground",
                )}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
