"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { SECTIONS } from "./sections";

export function SidebarNav({ tenantId, showHealth }: { tenantId: string; showHealth: boolean }) {
  const pathname = usePathname();
  const base = `/t/${tenantId}`;
  return (
    <nav aria-label="Console">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {SECTIONS.filter((s) => !("adminOnly" in s) || showHealth).map((s) => {
          const href = s.slug ? `${base}/${s.slug}` : base;
          const active = s.slug
            ? pathname === href || pathname.startsWith(`${href}/`)
            : pathname === base;
          return (
            <li key={s.slug || "dashboard"}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm font-medium text-foreground no-underline hover:bg-accent",
                  active && "bg-accent text-accent-foreground",
                )}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
