"use client";
// Navigation between the pages of one area: the console's sidebar, Settings, PHI. Items are slugs
// under `base` ("" is `base` itself, active only there; any other item is active on its own page and
// below it); the current one carries aria-current="page".
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

export interface SubNavItem {
  slug: string;
  label: string;
}

const STYLES = {
  /** Stacked or wrapped links (sidebar, Settings). */
  links: {
    list: "flex flex-wrap gap-1",
    link: "block rounded-md px-3 py-1.5 text-sm font-medium text-foreground no-underline hover:bg-accent",
    active: "bg-accent text-accent-foreground",
  },
  /** A tab strip (PHI). */
  tabs: {
    list: "inline-flex h-9 items-center rounded-lg bg-muted p-1",
    link: "inline-flex items-center rounded-md px-3 py-1 text-sm font-medium whitespace-nowrap text-gray-700 no-underline hover:text-foreground",
    active: "bg-card text-foreground shadow-sm",
  },
} as const;

export function SubNav({
  label,
  base,
  items,
  variant = "links",
  className,
}: {
  /** The nav landmark's accessible name. */
  label: string;
  base: string;
  items: readonly SubNavItem[];
  variant?: keyof typeof STYLES;
  /** Extra classes for the list (layout: `md:flex-col`, a bottom border). */
  className?: string;
}) {
  const pathname = usePathname();
  const style = STYLES[variant];
  return (
    <nav aria-label={label}>
      <ul className={cn(style.list, className)}>
        {items.map((item) => {
          const href = item.slug ? `${base}/${item.slug}` : base;
          const active = item.slug
            ? pathname === href || pathname.startsWith(`${href}/`)
            : pathname === base;
          return (
            <li key={item.slug || item.label}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(style.link, active && style.active)}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
