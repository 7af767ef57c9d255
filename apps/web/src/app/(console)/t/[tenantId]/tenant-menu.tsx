"use client";
// The tenant menu itself (Radix's dropdown), loaded by TenantSwitcher only when it is wanted.
// Switching tenants is navigation: the tenant lives in the URL, and the API checks membership on
// every request for the tenant the URL names.
import { Check } from "lucide-react";
import Link from "next/link";
import type { Role } from "@frontdesk/db";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { SwitcherButton } from "./switcher-button";

export interface TenantOption {
  tenantId: string;
  name: string;
  role: Role;
}

export interface TenantSwitcherProps {
  current: { tenantId: string; name: string };
  tenants: TenantOption[];
}

export function TenantMenu({ current, tenants }: TenantSwitcherProps) {
  // Mounted by a click on the stand-in: it opens at once.
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>
        <SwitcherButton tenantName={current.name} />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-56">
        <DropdownMenuLabel>Your tenants</DropdownMenuLabel>
        {tenants.map((t) => (
          <DropdownMenuItem key={t.tenantId} asChild>
            <Link href={`/t/${t.tenantId}`}>
              <Check
                className={t.tenantId === current.tenantId ? "size-4" : "size-4 opacity-0"}
                aria-hidden
              />
              <span className="truncate">{t.name}</span>
              <span className="ml-auto text-xs text-muted-foreground">{t.role}</span>
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/sign-up?newTenant=1">Create a tenant…</Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
