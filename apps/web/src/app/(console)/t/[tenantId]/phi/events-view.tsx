"use client";
// PHI events: a filterable, cursor-paginated table of what the gate detected. Only what the API returns
// is shown, and it returns masked values and masked context only.
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@frontdesk/api";
import { useConsole } from "@/components/console-context";
import { DayRangeFields } from "@/components/day-range-fields";
import { FilterForm, UrlFilterField, UrlFilterSelect } from "@/components/url-filters";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import { EmptyState, ErrorState, QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { useHydrated } from "@/components/use-hydrated";
import {
  describeSource,
  eventFilterParsers,
  eventsListInput,
  hasFilters,
  type EventFilters,
} from "./events-filters";
import {
  ACTION_TAKEN_INFO,
  PHI_ACTIONS_TAKEN,
  PHI_TYPES,
  PHI_TYPE_DESCRIPTIONS,
} from "./phi-labels";

type PhiEvent = RouterOutputs["phiEvents"]["list"]["items"][number];

function columns(timeZone: string): ColumnDef<PhiEvent>[] {
  return [
    {
      id: "time",
      header: "Time",
      accessorFn: (e) => e.createdAt.getTime(),
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt.toISOString()} className="whitespace-nowrap">
          {formatDateTime(row.original.createdAt, timeZone)}
        </time>
      ),
    },
    {
      id: "type",
      header: "Type",
      accessorKey: "type",
      cell: ({ row }) => (
        <Badge variant="outline" title={PHI_TYPE_DESCRIPTIONS[row.original.type]}>
          {row.original.type}
        </Badge>
      ),
    },
    {
      id: "maskedValue",
      header: "Masked value",
      accessorKey: "maskedValue",
      cell: ({ row }) => (
        <code className="rounded bg-muted px-1 py-0.5 text-xs break-all">
          {row.original.maskedValue}
        </code>
      ),
    },
    {
      id: "context",
      header: "Masked context",
      enableSorting: false,
      cell: ({ row }) =>
        row.original.maskedContext ? (
          <span className="block max-w-md text-xs break-words text-muted-foreground">
            {row.original.maskedContext}
          </span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: "source",
      header: "Source",
      accessorFn: (e) => describeSource(e.source),
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          <code className="text-xs">{describeSource(row.original.source)}</code>
          <span className="ml-1 text-xs text-muted-foreground">
            ({row.original.source.kind === "api" ? "API" : "table"})
          </span>
        </span>
      ),
    },
    {
      id: "action",
      header: "Action",
      accessorKey: "action",
      cell: ({ row }) => {
        const info = ACTION_TAKEN_INFO[row.original.action];
        return <Badge variant={info.variant}>{info.label}</Badge>;
      },
    },
  ];
}

export function EventsView() {
  const trpc = useTRPC();
  const { timeZone } = useConsole();
  const [filters, setFilters] = useQueryStates(eventFilterParsers, { history: "push" });
  const pager = useCursorPager();
  const request = eventsListInput(filters, pager.cursor, timeZone);
  const query = useQuery({
    ...trpc.phiEvents.list.queryOptions(request.ok ? request.input : skipToken),
    placeholderData: keepPreviousData,
  });
  const filtered = hasFilters(filters);
  const hydrated = useHydrated();

  const update = (patch: Partial<EventFilters>) => {
    // Same tick: nuqs merges both into one URL change, so a filter change always starts at page 1.
    pager.reset();
    void setFilters(patch);
  };
  const clear = () => update({ type: null, action: null, source: null, from: null, to: null });

  return (
    <section aria-labelledby="phi-events-heading" className="space-y-4">
      <div>
        <h2 id="phi-events-heading">Detection events</h2>
        <p className="text-sm text-muted-foreground">
          Every value the PHI gate masked, blocked or alerted on. Values and their context are
          stored masked; the raw text is never kept. Times in {timeZone}.
        </p>
      </div>

      <FilterForm
        label="Filter PHI events"
        onApply={(read) => {
          const source = read("source");
          if (source !== filters.source) update({ source });
        }}
        filtered={filtered}
        onClear={clear}
        disabled={!hydrated}
      >
        <UrlFilterSelect
          id="phi-filter-type"
          label="Type"
          className="w-44"
          value={filters.type ?? null}
          onChange={(v) => update({ type: PHI_TYPES.find((t) => t === v) ?? null })}
          allLabel="All types"
        >
          {PHI_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </UrlFilterSelect>
        <UrlFilterSelect
          id="phi-filter-action"
          label="Action"
          className="w-36"
          value={filters.action ?? null}
          onChange={(v) => update({ action: PHI_ACTIONS_TAKEN.find((a) => a === v) ?? null })}
          allLabel="All actions"
        >
          {PHI_ACTIONS_TAKEN.map((a) => (
            <option key={a} value={a}>
              {ACTION_TAKEN_INFO[a].label}
            </option>
          ))}
        </UrlFilterSelect>
        <UrlFilterField
          id="phi-filter-source"
          name="source"
          label="Source"
          type="text"
          className="w-52"
          value={filters.source ?? null}
          placeholder="bookings.notes or phi.scan"
          hint="A table, a table field or an API source; press Enter to apply."
        />
        <DayRangeFields
          idPrefix="phi-filter"
          from={filters.from ?? null}
          to={filters.to ?? null}
          onChange={update}
        />
      </FilterForm>

      {!request.ok ? (
        <ErrorState label="PHI events" message={request.message} />
      ) : (
        <QueryState
          query={query}
          label="PHI events"
          loadingRows={6}
          empty={
            filtered ? (
              <EmptyState
                title="No events match these filters"
                action={
                  <Button variant="outline" onClick={clear}>
                    Clear filters
                  </Button>
                }
              >
                Try another type, action or date range.
              </EmptyState>
            ) : pager.hasPrevious ? (
              <EmptyState
                title="No more events"
                action={
                  <Button variant="outline" onClick={pager.reset}>
                    First page
                  </Button>
                }
              />
            ) : (
              <EmptyState title="No PHI detected yet">
                Events appear here when a write contains PHI that the policy masks, blocks or alerts
                on, or when a scan is recorded. Try the Scan tab with “Record events” on.
              </EmptyState>
            )
          }
        >
          {(page) => (
            <div
              aria-busy={query.isFetching}
              className={query.isPlaceholderData ? "opacity-60" : undefined}
            >
              <PagedDataTable
                page={page}
                pager={pager}
                label="PHI events"
                columns={columns(timeZone)}
                caption="PHI detection events, newest first"
                getRowId={(e) => e.id}
              />
            </div>
          )}
        </QueryState>
      )}
    </section>
  );
}
