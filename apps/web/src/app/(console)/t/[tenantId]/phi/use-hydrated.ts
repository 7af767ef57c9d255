"use client";
// Hydration-safe rendering for the PHI and Health pages.
//
// `useHydrated()` is false during server rendering and hydration, true once React owns the page.
// - Form controls stay disabled until then: a value typed or chosen before hydration lives only in the
//   DOM, and React would submit its own (empty) state instead. Browser tests wait for "enabled".
// - `untilHydrated(query)` reports a prefetched query as loading until then. The server prefetch is
//   streamed (not awaited), so the server renders the loading state while the browser may already
//   hold the data when it hydrates; rendering it at once would not match the server's HTML.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

export function untilHydrated<Q extends { isPending: boolean }>(query: Q, hydrated: boolean): Q {
  return hydrated ? query : { ...query, isPending: true };
}
