"use client";
// false on the server and during hydration, true after. Pages that prefetch on the server without
// awaiting (trpc/server `prefetch`) render their data views as "loading" until hydrated: the server
// rendered them pending, but on the client a prefetch that already finished hydrates synchronously as
// data, and rendering that data during hydration would not match the server's HTML.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
