"use client";
import { Progress as ProgressPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** `value` is 0..100. Give it an `aria-label` (or aria-labelledby) saying what it measures. */
export function Progress({
  className,
  value,
  ...props
}: ComponentProps<typeof ProgressPrimitive.Root>) {
  const pct = Math.max(0, Math.min(100, value ?? 0));
  return (
    <ProgressPrimitive.Root
      value={pct}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-muted", className)}
      {...props}
    >
      <ProgressPrimitive.Indicator
        className={cn("h-full transition-all", pct >= 90 ? "bg-destructive" : "bg-primary")}
        style={{ width: `${pct}%` }}
      />
    </ProgressPrimitive.Root>
  );
}
