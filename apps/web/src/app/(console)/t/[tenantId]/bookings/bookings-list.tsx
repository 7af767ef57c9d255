"use client";
// The bookings list: newest first, filtered by status, resource and a local date range (all in the
// URL), cursor-paginated. Attendee names link to the booking's detail page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo } from "react";
import { useConsole } from "@/components/console-context";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { formatDay, formatTime } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useCursorPager, type CursorPager } from "@/components/use-url-state";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { ResourceFilter } from "./booking-calendar";
import { BOOKING_STATUSES, isBookingStatus, STATUS_LABELS } from "./booking-status";
import { parseCalendarDate } from "./calendar-layout";
import { listInput } from "./queries";
import { StatusBadge } from "./status-badge";
import { useBookingsParams } from "./use-bookings-params";
import { useResources, type Booking, type BookingsPage } from "./use-resources";

export function BookingsList() {
  const { timeZone } = useConsole();
  const id = useId();
  const { params, update, isPending, startTransition } = useBookingsParams();
  const rawPager = useCursorPager();
  // Page changes run as transitions too: the table stays (dimmed) while the next page loads.
  const pager: CursorPager = {
    ...rawPager,
    next: (cursor) => startTransition(() => rawPager.next(cursor)),
    previous: () => startTransition(() => rawPager.previous()),
  };
  const input = listInput({
    timeZone,
    status: params.status,
    resourceId: params.resource,
    from: params.from,
    to: params.to,
    cursor: pager.cursor ?? null,
  });

  /** A filter change starts again from the first page. */
  const setFilter = (values: Parameters<typeof update>[0]) => {
    startTransition(() => rawPager.reset());
    update(values);
  };
  const filtered = Boolean(params.status || params.resource || params.from || params.to);
  const rangeBackwards = params.from !== null && params.to !== null && params.from > params.to;
  const trpc = useTRPC();
  // The previous page stays (dimmed) while the next one loads.
  const bookings = useQuery({
    ...trpc.bookings.list.queryOptions(input),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-label="Bookings list" className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-status`}>Status</Label>
          <NativeSelect
            id={`${id}-status`}
            className="w-40"
            value={params.status ?? ""}
            onChange={(e) =>
              setFilter({ status: isBookingStatus(e.target.value) ? e.target.value : null })
            }
          >
            <option value="">All statuses</option>
            {BOOKING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <ResourceFilter
          id={`${id}-resource`}
          value={params.resource}
          onChange={(resource) => setFilter({ resource })}
        />
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-from`}>From</Label>
          <Input
            id={`${id}-from`}
            type="date"
            className="w-40"
            value={params.from ?? ""}
            onChange={(e) =>
              setFilter({ from: parseCalendarDate(e.target.value) ? e.target.value : null })
            }
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-to`}>To</Label>
          <Input
            id={`${id}-to`}
            type="date"
            className="w-40"
            value={params.to ?? ""}
            aria-invalid={rangeBackwards || undefined}
            aria-describedby={rangeBackwards ? `${id}-range-error` : undefined}
            onChange={(e) =>
              setFilter({ to: parseCalendarDate(e.target.value) ? e.target.value : null })
            }
          />
        </div>
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => setFilter({ status: null, resource: null, from: null, to: null })}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      {rangeBackwards ? (
        <p id={`${id}-range-error`} className="text-sm text-destructive">
          &ldquo;From&rdquo; is after &ldquo;To&rdquo;: no booking can match.
        </p>
      ) : null}

      <QueryState query={bookings} label="bookings" loadingRows={6}>
        {(page) => (
          <BookingsTable
            page={page}
            pager={pager}
            filtered={filtered}
            updating={isPending || bookings.isPlaceholderData}
          />
        )}
      </QueryState>
    </section>
  );
}

function BookingsTable({
  page,
  pager,
  filtered,
  updating,
}: {
  page: BookingsPage;
  pager: CursorPager;
  filtered: boolean;
  updating: boolean;
}) {
  const { tenantId, timeZone } = useConsole();
  const { byId: resourcesById } = useResources();

  const columns = useMemo<ColumnDef<Booking>[]>(
    () => [
      {
        id: "when",
        header: "When",
        accessorFn: (b) => b.start.getTime(),
        cell: ({ row: { original: b } }) => (
          <span className="whitespace-nowrap tabular-nums">
            {formatDay(b.start, timeZone)}, {formatTime(b.start, timeZone)}–
            {formatTime(b.end, timeZone)}
          </span>
        ),
      },
      {
        id: "attendee",
        header: "Attendee",
        accessorFn: (b) => b.attendee.name,
        cell: ({ row: { original: b } }) => (
          <div className="min-w-0">
            <Link href={`/t/${tenantId}/bookings/${b.id}`} className="font-medium">
              {b.attendee.name}
            </Link>
            <div className="truncate text-xs text-muted-foreground">{b.attendee.email}</div>
          </div>
        ),
      },
      {
        id: "resource",
        header: "Resource",
        accessorFn: (b) => resourcesById.get(b.resourceId)?.name ?? "Unknown resource",
      },
      {
        id: "status",
        header: "Status",
        accessorFn: (b) => b.status,
        cell: ({ row: { original: b } }) => <StatusBadge status={b.status} />,
      },
    ],
    [resourcesById, tenantId, timeZone],
  );

  if (page.items.length === 0 && !pager.hasPrevious) {
    return (
      <EmptyState title={filtered ? "No bookings match these filters" : "No bookings yet"}>
        {filtered
          ? "Widen the date range or clear the filters."
          : "Bookings made here or through the API appear in this list."}
      </EmptyState>
    );
  }
  return (
    <div className={cn("transition-opacity", updating && "opacity-60")} aria-busy={updating}>
      <PagedDataTable
        page={page}
        pager={pager}
        label="Bookings"
        columns={columns}
        caption="Bookings, newest first"
        getRowId={(b) => b.id}
      />
    </div>
  );
}
