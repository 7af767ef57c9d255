"use client";
// Picks a free slot of one resource on one local day (in the resource's time zone, where its weekly
// availability is defined): a date field with previous/next day, then one button per free slot named
// by its local start time ("09:30"). Taken, too-soon and past slots are not offered.
import { skipToken, useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { useId } from "react";
import { formatDay, formatTime } from "@/components/format";
import { QueryState } from "@/components/query-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { addDays, dayBounds, parseCalendarDate } from "./calendar-layout";
import type { Resource } from "./use-resources";

export interface PickedSlot {
  slotId: string;
  start: Date;
  end: Date;
}

export function SlotPicker({
  resource,
  date,
  onDateChange,
  selected,
  onSelect,
  error,
}: {
  resource: Resource;
  /** "yyyy-MM-dd" in the resource's zone. */
  date: string;
  onDateChange: (date: string) => void;
  selected: PickedSlot | null;
  onSelect: (slot: PickedSlot) => void;
  /** Shown under the slots (e.g. "Pick a time slot."). */
  error?: string | null;
}) {
  const trpc = useTRPC();
  const id = useId();
  const valid = parseCalendarDate(date) !== null;
  const bounds = valid ? dayBounds(date, resource.timeZone) : null;
  const slots = useQuery({
    ...trpc.bookings.slots.queryOptions(
      bounds ? { resourceId: resource.id, from: bounds.start, to: bounds.end } : skipToken,
    ),
    // Free slots go quickly; do not offer one from a stale cache.
    staleTime: 0,
  });
  const dayLabel = bounds ? formatDay(bounds.start, resource.timeZone) : "";

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-date`}>Date</Label>
          <Input
            id={`${id}-date`}
            type="date"
            className="w-44"
            value={date}
            onChange={(e) => e.target.value && onDateChange(e.target.value)}
          />
        </div>
        <Button
          variant="outline"
          size="icon"
          aria-label="Previous day"
          disabled={!valid}
          onClick={() => onDateChange(addDays(date, -1))}
        >
          <ChevronLeft aria-hidden />
        </Button>
        <Button
          variant="outline"
          size="icon"
          aria-label="Next day"
          disabled={!valid}
          onClick={() => onDateChange(addDays(date, 1))}
        >
          <ChevronRight aria-hidden />
        </Button>
      </div>
      <div>
        <p id={`${id}-slots`} className="mb-2 text-sm font-medium">
          Free slots{dayLabel ? ` on ${dayLabel}` : ""}{" "}
          <span className="font-normal text-muted-foreground">(times in {resource.timeZone})</span>
        </p>
        {!valid ? (
          <p className="text-sm text-muted-foreground">Enter a date to see its free slots.</p>
        ) : (
          <QueryState
            query={slots}
            label="free slots"
            loadingRows={2}
            isEmpty={(all) => !all.some((s) => s.available)}
            empty={
              <p
                role="status"
                className="rounded-md border border-dashed p-3 text-sm text-muted-foreground"
              >
                No free slots on this day. Try another day.
              </p>
            }
          >
            {(all) => (
              <div
                role="group"
                aria-labelledby={`${id}-slots`}
                aria-describedby={error ? `${id}-error` : undefined}
                className="grid grid-cols-[repeat(auto-fill,minmax(5rem,1fr))] gap-2"
              >
                {all
                  .filter((slot) => slot.available)
                  .map((slot) => {
                    const isSelected = selected?.slotId === slot.slotId;
                    return (
                      <Button
                        key={slot.slotId}
                        variant={isSelected ? "default" : "outline"}
                        size="sm"
                        aria-pressed={isSelected}
                        className={cn("tabular-nums")}
                        onClick={() =>
                          onSelect({ slotId: slot.slotId, start: slot.start, end: slot.end })
                        }
                      >
                        {formatTime(slot.start, resource.timeZone)}
                      </Button>
                    );
                  })}
              </div>
            )}
          </QueryState>
        )}
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-2 text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
