"use client";
// The bookings page's URL state as a nuqs hook; Back undoes a filter or navigation step. Updates run
// as transitions, so a view that suspends on its new data keeps showing the old data (dimmed via
// `isPending`) instead of falling back to a skeleton.
import { useQueryStates } from "nuqs";
import { useCallback, useTransition } from "react";
import { bookingsSearchParams } from "./search-params";

type Setter = ReturnType<typeof useQueryStates<typeof bookingsSearchParams>>[1];

export function useBookingsParams() {
  const [isPending, startTransition] = useTransition();
  const [params, setParams] = useQueryStates(bookingsSearchParams, {
    history: "push",
    startTransition,
  });
  const update = useCallback(
    (values: Parameters<Setter>[0]) => startTransition(() => void setParams(values)),
    [setParams],
  );
  return { params, update, isPending, startTransition };
}
