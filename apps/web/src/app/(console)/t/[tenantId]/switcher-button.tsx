// The switcher's button, shared by the stand-in (tenant-switcher.tsx) and the menu's trigger
// (tenant-menu.tsx) so the two cannot drift apart: the lazily loaded menu replaces one with the
// other in place. Every other prop (the trigger's handlers, aria-expanded, its ref) passes through.
import { ChevronsUpDown } from "lucide-react";
import type { ComponentProps } from "react";
import { Button } from "@/components/ui/button";

export function SwitcherButton({
  tenantName,
  ...props
}: { tenantName: string } & ComponentProps<typeof Button>) {
  return (
    <Button
      variant="outline"
      className="w-full justify-between"
      aria-label={`Tenant: ${tenantName}. Switch tenant`}
      {...props}
    >
      <span className="truncate">{tenantName}</span>
      <ChevronsUpDown aria-hidden />
    </Button>
  );
}
