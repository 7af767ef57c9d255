"use client";
// The bookings list: newest first, filtered by status, resource and a local date range (all in the
// URL), cursor-paginated. Attendee names link to the booking's detail page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo } from "react";
import { useConsole } from "@/components/console-context";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { DayRangeFields } from "@/components/day-range-fields";
import { formatDay, formatTime } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { FilterForm, UrlFilterSelect } from "@/components/url-filters";
import { useCursorPager, type CursorPager } from "@/components/use-url-state";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { ResourceFilter } from "./booking-calendar";
import { BOOKING_STATUSES, STATUS_LABELS } from "./booking-status";
import { parseCalendarDate } from "./calendar-layout";
import { listInput } from "./queries";
import { StatusBadge } from "./status-badge";
import { useBookingsParams } from "./use-bookings-params";
import { useResources, type Booking, type BookingsPage } from "./use-resources";

function calendarDateOrNull(value: string | null): string | null {
  return value && parseCalendarDate(value) ? value : null;
}

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
      <FilterForm
        label="Filter bookings"
        filtered={filtered}
        onClear={() => setFilter({ status: null, resource: null, from: null, to: null })}
      >
        <UrlFilterSelect
          id={`${id}-status`}
          label="Status"
          className="w-40"
          value={params.status}
          onChange={(v) => setFilter({ status: BOOKING_STATUSES.find((s) => s === v) ?? null })}
          allLabel="All statuses"
        >
          {BOOKING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </UrlFilterSelect>
        <ResourceFilter
          id={`${id}-resource`}
          value={params.resource}
          onChange={(resource) => setFilter({ resource })}
        />
        <DayRangeFields
          idPrefix={id}
          from={params.from}
          to={params.to}
          toErrorId={rangeBackwards ? `${id}-range-error` : undefined}
          onChange={(patch) =>
            setFilter(
              "from" in patch
                ? { from: calendarDateOrNull(patch.from) }
                : { to: calendarDateOrNull(patch.to) },
            )
          }
        />
      </FilterForm>
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
