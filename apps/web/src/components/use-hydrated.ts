"use client";
// false during server rendering and hydration, true once React owns the page. Form controls that
// would lose input stay disabled until then: a value typed or chosen before hydration lives only in
// the DOM, and React would submit its own (empty) state instead. Browser tests wait for "enabled".
// Data needs no such gate: pages await their prefetches, so the first HTML already carries it.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
