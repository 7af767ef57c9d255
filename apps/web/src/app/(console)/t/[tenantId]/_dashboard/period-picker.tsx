"use client";
// The dashboard's period (today, 7 or 30 days), kept in the URL.
import { parseAsStringLiteral, useQueryState } from "nuqs";
import { useTransition } from "react";
import { DEFAULT_PERIOD, PERIOD_LABELS, PERIODS } from "../dashboard-inputs";

export function PeriodPicker() {
  const [pending, startTransition] = useTransition();
  // shallow: false re-renders the server page, which recomputes the ranges and prefetches them.
  const [period, setPeriod] = useQueryState(
    "period",
    parseAsStringLiteral(PERIODS)
      .withDefault(DEFAULT_PERIOD)
      .withOptions({ shallow: false, startTransition }),
  );
  return (
    <div
      role="group"
      aria-label="Period"
      className="inline-flex rounded-md border bg-card p-0.5"
      aria-busy={pending}
    >
      {PERIODS.map((p) => (
        <button
          key={p}
          type="button"
          aria-pressed={p === period}
          onClick={() => void setPeriod(p)}
          className={
            p === period
              ? "rounded px-3 py-1 text-sm font-medium bg-primary text-primary-foreground"
              : "rounded px-3 py-1 text-sm font-medium text-foreground hover:bg-accent"
          }
        >
          {PERIOD_LABELS[p]}
        </button>
      ))}
    </div>
  );
}
