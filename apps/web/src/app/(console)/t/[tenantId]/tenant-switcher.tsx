"use client";
// The sidebar's tenant switcher. The menu (Radix's dropdown, ~75 kB of JavaScript that only this
// uses) is not part of the page's first load: every console page would download, run and hydrate it
// before its own data counts as shown, for a menu most page views never open. A plain button with
// the same look stands in; pointing at it or focusing it fetches the menu, and clicking it mounts
// the menu already open.
import { lazy, Suspense, useState } from "react";
import { SwitcherButton } from "./switcher-button";
import type { TenantSwitcherProps } from "./tenant-menu";

const loadMenu = () => import("./tenant-menu");
const TenantMenu = lazy(() => loadMenu().then((m) => ({ default: m.TenantMenu })));

export function TenantSwitcher(props: TenantSwitcherProps) {
  const [open, setOpen] = useState(false);
  const standIn = (
    <SwitcherButton
      tenantName={props.current.name}
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={() => void loadMenu()}
      onFocus={() => void loadMenu()}
      onClick={() => setOpen(true)}
    />
  );
  if (!open) return standIn;
  return (
    <Suspense fallback={standIn}>
      <TenantMenu {...props} />
    </Suspense>
  );
}
