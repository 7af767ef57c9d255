"use client";
// Tab-like links between the PHI sub-pages; the current one carries aria-current="page".
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { slug: "", label: "Events" },
  { slug: "stats", label: "Stats" },
  { slug: "policy", label: "Policy" },
  { slug: "scan", label: "Scan" },
] as const;

export function PhiNav({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="PHI">
      <ul className="inline-flex h-9 items-center rounded-lg bg-muted p-1">
        {TABS.map((tab) => {
          const href = tab.slug ? `${base}/${tab.slug}` : base;
          const active = pathname === href;
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex items-center rounded-md px-3 py-1 text-sm font-medium whitespace-nowrap text-gray-700 no-underline",
                  active ? "bg-card text-foreground shadow-sm" : "hover:text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
