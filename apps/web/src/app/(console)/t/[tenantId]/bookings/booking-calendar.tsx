"use client";
// The day/week calendar: bookings placed by real time in the tenant's zone (calendar-layout.ts does
// the geometry), with the view, date, resource and "show cancelled" kept in the URL. Each booking is
// a link to its detail page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { useId, useMemo } from "react";
import { useConsole } from "@/components/console-context";
import { QueryState } from "@/components/query-state";
import { formatInZone, formatTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { UrlFilterSelect } from "@/components/url-filters";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { isLiveStatus, STATUS_LABELS, type BookingStatus } from "./booking-status";
import {
  dayBounds,
  hourMarks,
  hoursWindow,
  layoutDay,
  parseCalendarDate,
  shiftAnchor,
  spanMinutes,
  todayInZone,
  viewDays,
  visibleHours,
  type CalendarView,
  type Placed,
  type Span,
} from "./calendar-layout";
import { CALENDAR_LIMIT, calendarInput } from "./queries";
import { useBookingsParams } from "./use-bookings-params";
import { useResources, type Booking, type BookingsPage, type Resource } from "./use-resources";

/** Pixels per minute: an hour is 64 px tall, a 30-minute booking has room for two lines. */
const PX_PER_MINUTE = 64 / 60;
/** Short bookings stay clickable. */
const MIN_BLOCK_PX = 22;

const BLOCK_STYLES: Record<BookingStatus, string> = {
  confirmed: "border-primary bg-accent text-accent-foreground",
  pending: "border-amber-600 border-dashed bg-amber-50 text-amber-950",
  cancelled: "border-gray-400 bg-gray-100 text-gray-700 line-through",
  expired: "border-gray-400 border-dashed bg-gray-50 text-gray-700",
};

type CalendarItem = Span & { booking: Booking; status: BookingStatus };

export function BookingCalendar() {
  const { timeZone } = useConsole();
  const id = useId();
  const { params, update, isPending } = useBookingsParams();
  const today = todayInZone(timeZone);
  const anchor = params.date ?? today;
  const view: CalendarView = params.view;
  const days = viewDays(anchor, view);
  const first = dayBounds(days[0] ?? anchor, timeZone).start;
  const last = dayBounds(days.at(-1) ?? anchor, timeZone).start;
  const rangeLabel =
    view === "day"
      ? formatInZone(first, timeZone, "EEEE, MMMM d, yyyy")
      : `${formatInZone(first, timeZone, "MMM d")} – ${formatInZone(last, timeZone, "MMM d, yyyy")}`;
  const unit = view === "day" ? "day" : "week";
  const trpc = useTRPC();
  // The previous range stays (dimmed) while the next one loads.
  const bookings = useQuery({
    ...trpc.bookings.list.queryOptions(
      calendarInput({ anchor, view, timeZone, resourceId: params.resource }),
    ),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby={`${id}-range`} className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <div
            role="group"
            aria-label="Calendar view"
            className="inline-flex rounded-md border bg-muted p-0.5"
          >
            {(["day", "week"] as const).map((v) => (
              <Button
                key={v}
                size="sm"
                variant={view === v ? "outline" : "ghost"}
                aria-pressed={view === v}
                className={cn("h-7 border-0", view === v && "bg-card shadow-xs")}
                onClick={() => update({ view: v })}
              >
                {v === "day" ? "Day" : "Week"}
              </Button>
            ))}
          </div>
          <Button
            variant="outline"
            size="sm"
            aria-label={`Previous ${unit}`}
            onClick={() => update({ date: shiftAnchor(anchor, view, -1) })}
          >
            <ChevronLeft aria-hidden /> Previous
          </Button>
          <Button
            variant="outline"
            size="sm"
            onClick={() => update({ date: null })}
            disabled={params.date === null}
          >
            Today
          </Button>
          <Button
            variant="outline"
            size="sm"
            aria-label={`Next ${unit}`}
            onClick={() => update({ date: shiftAnchor(anchor, view, 1) })}
          >
            Next <ChevronRight aria-hidden />
          </Button>
          <h2 id={`${id}-range`} className="ml-2 text-base" aria-live="polite">
            {rangeLabel}
          </h2>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-date`}>Go to date</Label>
            <Input
              id={`${id}-date`}
              type="date"
              className="w-40"
              value={anchor}
              onChange={(e) => {
                if (parseCalendarDate(e.target.value)) update({ date: e.target.value });
              }}
            />
          </div>
          <ResourceFilter
            id={`${id}-resource`}
            value={params.resource}
            onChange={(resource) => update({ resource })}
          />
          <div className="flex h-9 items-center gap-2">
            <Checkbox
              id={`${id}-cancelled`}
              checked={params.showCancelled}
              onCheckedChange={(v) => update({ showCancelled: v === true ? true : null })}
            />
            <Label htmlFor={`${id}-cancelled`}>Show cancelled and expired</Label>
          </div>
        </div>
      </div>

      <QueryState query={bookings} label="bookings" loadingRows={6}>
        {(data) => (
          <CalendarGrid
            days={days}
            today={today}
            view={view}
            resourceId={params.resource}
            showCancelled={params.showCancelled}
            data={data}
            updating={isPending || bookings.isPlaceholderData}
          />
        )}
      </QueryState>
    </section>
  );
}

function CalendarGrid({
  days,
  today,
  view,
  resourceId,
  showCancelled,
  data,
  updating,
}: {
  days: string[];
  today: string;
  view: CalendarView;
  resourceId: string | null;
  showCancelled: boolean;
  data: BookingsPage;
  updating: boolean;
}) {
  const { timeZone } = useConsole();
  const id = useId();
  const { byId: resourcesById, active } = useResources();
  const unit = view === "day" ? "day" : "week";

  const items: CalendarItem[] = useMemo(() => {
    return data.items
      .map((booking) => ({
        start: booking.start,
        end: booking.end,
        booking,
        status: booking.status,
      }))
      .filter((item) => showCancelled || isLiveStatus(item.status));
  }, [data, showCancelled]);

  // Working hours: the resources' availability (where it is in the tenant's zone), widened to fit
  // every booking shown.
  const hours = useMemo(() => {
    const shown = resourceId ? active.filter((r) => r.id === resourceId) : active;
    let startHour = 8;
    let endHour = 18;
    for (const r of shown) {
      if (r.timeZone !== timeZone) continue;
      for (const w of r.availability) {
        startHour = Math.min(startHour, Number(w.start.slice(0, 2)));
        endHour = Math.max(
          endHour,
          Math.ceil((Number(w.end.slice(0, 2)) * 60 + Number(w.end.slice(3, 5))) / 60),
        );
      }
    }
    return visibleHours(items, timeZone, { startHour, endHour });
  }, [active, resourceId, items, timeZone]);

  const columns = days.map((date) => {
    const window = hoursWindow(date, timeZone, hours.startHour, hours.endHour);
    return { date, window, placed: layoutDay(items, window), marks: hourMarks(window, timeZone) };
  });
  const tallest = Math.max(...columns.map((c) => spanMinutes(c.window)));
  const gutter = columns[0]?.marks ?? [];

  return (
    <div className="grid gap-2" aria-busy={updating}>
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground empty:hidden">
        {updating
          ? "Loading…"
          : items.length === 0
            ? `No bookings this ${unit}${resourceId ? " for this resource" : ""}.`
            : data.nextCursor
              ? `Showing the first ${CALENDAR_LIMIT} bookings of this ${unit}; filter by resource or use the list to see all.`
              : null}
      </p>
      <div
        className={cn(
          "overflow-x-auto rounded-lg border bg-card transition-opacity",
          updating && "opacity-60",
        )}
      >
        <div
          className={cn("grid", view === "week" && "min-w-[52rem]")}
          style={{ gridTemplateColumns: `3.5rem repeat(${columns.length}, minmax(0, 1fr))` }}
        >
          <div className="border-b" aria-hidden />
          {columns.map((c) => (
            <div
              key={c.date}
              id={`${id}-day-${c.date}`}
              aria-current={c.date === today ? "date" : undefined}
              className={cn(
                "border-b border-l px-2 py-2 text-center text-sm font-medium",
                c.date === today && "bg-accent text-accent-foreground",
              )}
            >
              {formatInZone(c.window.start, timeZone, view === "day" ? "EEEE, MMM d" : "EEE d")}
            </div>
          ))}
          <div className="relative" style={{ height: tallest * PX_PER_MINUTE }} aria-hidden>
            {gutter.map((m) => (
              <span
                key={m.at.getTime()}
                className="absolute right-2 -translate-y-1/2 text-xs text-muted-foreground tabular-nums first:translate-y-0"
                style={{ top: m.minutesFromStart * PX_PER_MINUTE }}
              >
                {m.label}
              </span>
            ))}
          </div>
          {columns.map((c) => (
            <DayColumn
              key={c.date}
              labelledBy={`${id}-day-${c.date}`}
              height={spanMinutes(c.window) * PX_PER_MINUTE}
              marks={c.marks.map((m) => m.minutesFromStart)}
              placed={c.placed}
              timeZone={timeZone}
              resourcesById={resourcesById}
              showResource={!resourceId}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function DayColumn({
  labelledBy,
  height,
  marks,
  placed,
  timeZone,
  resourcesById,
  showResource,
}: {
  labelledBy: string;
  height: number;
  marks: number[];
  placed: Placed<CalendarItem>[];
  timeZone: string;
  resourcesById: Map<string, Resource>;
  showResource: boolean;
}) {
  const { tenantId } = useConsole();
  return (
    <div role="group" aria-labelledby={labelledBy} className="relative border-l" style={{ height }}>
      {marks.map((top) => (
        <div
          key={top}
          aria-hidden
          className="absolute inset-x-0 border-t border-dashed border-border"
          style={{ top: top * PX_PER_MINUTE }}
        />
      ))}
      <ul className="contents">
        {placed.map((p) => {
          const { booking, status } = p.item;
          const time = `${formatTime(booking.start, timeZone)}–${formatTime(booking.end, timeZone)}`;
          const resourceName = resourcesById.get(booking.resourceId)?.name ?? "Unknown resource";
          const label = [
            time,
            booking.attendee.name,
            showResource ? resourceName : "",
            STATUS_LABELS[status],
          ]
            .filter(Boolean)
            .join(", ");
          return (
            <li
              key={booking.id}
              className="absolute px-0.5"
              style={{
                top: p.top * PX_PER_MINUTE,
                height: Math.max(p.height * PX_PER_MINUTE, MIN_BLOCK_PX),
                left: `${(p.lane / p.lanes) * 100}%`,
                width: `${100 / p.lanes}%`,
              }}
            >
              <Link
                href={`/t/${tenantId}/bookings/${booking.id}`}
                title={label}
                className={cn(
                  "block h-full overflow-hidden rounded-md border-l-4 border px-1.5 py-0.5 text-xs leading-tight no-underline hover:brightness-95 focus-visible:z-10",
                  BLOCK_STYLES[status],
                  p.clippedStart && "rounded-t-none",
                  p.clippedEnd && "rounded-b-none",
                )}
              >
                <span className="block truncate font-semibold">{booking.attendee.name}</span>
                <span className="block truncate tabular-nums">
                  {time}
                  {status !== "confirmed" ? ` · ${STATUS_LABELS[status]}` : ""}
                  {showResource ? ` · ${resourceName}` : ""}
                </span>
                {/* Colour alone says "confirmed": say it to screen readers too, after the visible text (the link's name must contain it). */}
                {status === "confirmed" ? (
                  <span className="visually-hidden"> · {STATUS_LABELS[status]}</span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "All resources" or one of them (archived ones included: their past bookings are still here). */
export function ResourceFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const { byId } = useResources();
  const options = [...byId.values()].sort(
    (a, b) =>
      Number(a.archivedAt !== null) - Number(b.archivedAt !== null) || a.name.localeCompare(b.name),
  );
  return (
    <UrlFilterSelect
      id={id}
      label="Resource"
      className="w-56"
      value={value}
      onChange={onChange}
      allLabel="All resources"
    >
      {options.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
          {r.archivedAt ? " (archived)" : ""}
        </option>
      ))}
      {value && !byId.has(value) ? <option value={value}>Unknown resource</option> : null}
    </UrlFilterSelect>
  );
}
