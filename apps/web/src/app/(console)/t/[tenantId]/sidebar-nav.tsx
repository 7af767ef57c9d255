"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { SECTIONS } from "./sections";
import styles from "./console.module.css";

export function SidebarNav({ tenantId, showHealth }: { tenantId: string; showHealth: boolean }) {
  const pathname = usePathname();
  const base = `/t/${tenantId}`;
  return (
    <nav aria-label="Console">
      <ul className={styles.nav}>
        {SECTIONS.filter((s) => !("adminOnly" in s) || showHealth).map((s) => {
          const href = s.slug ? `${base}/${s.slug}` : base;
          const active = s.slug ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
          return (
            <li key={s.slug || "dashboard"}>
              <Link href={href} aria-current={active ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
