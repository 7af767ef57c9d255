"use client";
// Settings → Webhooks: the tenant's endpoints (add, edit, enable/disable, rotate the signing secret,
// send a test event, delete; an automatically disabled endpoint says why) and the delivery log
// (filtered by endpoint, event type, status and day through the URL; a drawer with every attempt;
// replay one, or everything of an endpoint since a time).
import {
  keepPreviousData,
  skipToken,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { RefreshCw, RotateCcw, Send } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage, isForbidden } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { DataTable, PagedDataTable, type ColumnDef } from "@/components/data-table";
import { DayRangeFields } from "@/components/day-range-fields";
import { FilterForm, UrlFilterSelect } from "@/components/url-filters";
import { formatDateTime, formatInZone } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { EmptyState, ErrorState, QueryState } from "@/components/query-state";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { AdminOnly } from "../_components/admin-only";
import { DeliveryDrawer } from "./delivery-drawer";
import {
  DELIVERIES_PAGER,
  DELIVERY_STATUSES,
  ENDPOINTS_PAGE_SIZE,
  deliveriesListInput,
  deliveryFilterParsers,
  hasFilters,
  type DeliveryFilters,
} from "./delivery-filters";
import { DeliveryStatusBadge } from "./delivery-status";
import { CreateEndpointDialog, EditEndpointDialog } from "./endpoint-dialog";
import { eventGroups, type EventCatalogue } from "./event-types";
import { ReplaySinceDialog } from "./replay-since-dialog";
import { RotateSecretDialog, type RotateTarget } from "./rotate-secret-dialog";

type Endpoint = RouterOutputs["webhooks"]["endpoints"]["list"]["items"][number];
type Delivery = RouterOutputs["webhooks"]["deliveries"]["list"]["items"][number];

function EndpointState({ endpoint, timeZone }: { endpoint: Endpoint; timeZone: string }) {
  if (!endpoint.enabled) {
    return (
      <div className="grid max-w-72 gap-1">
        <Badge variant="destructive" className="w-fit">
          Disabled
        </Badge>
        <span className="text-xs break-words text-muted-foreground">
          {endpoint.disabledReason ?? "Disabled by an admin."}
        </span>
      </div>
    );
  }
  if (endpoint.failingSince) {
    return (
      <div className="grid max-w-72 gap-1">
        <Badge variant="warning" className="w-fit">
          Failing
        </Badge>
        <span className="text-xs text-muted-foreground">
          Every delivery has failed since {formatDateTime(endpoint.failingSince, timeZone)}; after 5
          days the endpoint is disabled.
        </span>
      </div>
    );
  }
  return <Badge variant="success">Enabled</Badge>;
}

function EventList({ events }: { events: string[] | null }) {
  if (events === null) return <span>All events</span>;
  const shown = events.slice(0, 3);
  return (
    <ul className="flex max-w-64 flex-wrap gap-1" aria-label="Event types">
      {shown.map((t) => (
        <li key={t}>
          <Badge variant="outline" className="font-mono">
            {t}
          </Badge>
        </li>
      ))}
      {events.length > shown.length ? (
        <li className="text-xs text-muted-foreground" title={events.join(", ")}>
          +{events.length - shown.length} more
        </li>
      ) : null}
    </ul>
  );
}

function Endpoints({ endpoints, catalogue }: { endpoints: Endpoint[]; catalogue: EventCatalogue }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [rotating, setRotating] = useState<RotateTarget | null>(null);
  const invalidate = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });

  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () => {
        toast.success("Test event queued: it appears in the deliveries below within a few seconds");
        invalidate();
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );
  const remove = useMutation(
    trpc.webhooks.endpoints.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Webhook endpoint deleted");
        invalidate();
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  const columns: ColumnDef<Endpoint>[] = [
    {
      id: "url",
      header: "Endpoint",
      accessorFn: (e) => e.url,
      cell: ({ row }) => (
        <div className="grid max-w-80 gap-0.5">
          <span className="font-medium break-all">{row.original.url}</span>
          {row.original.description ? (
            <span className="text-xs break-words text-muted-foreground">
              {row.original.description}
            </span>
          ) : null}
        </div>
      ),
    },
    {
      id: "events",
      header: "Events",
      enableSorting: false,
      cell: ({ row }) => <EventList events={row.original.events} />,
    },
    {
      id: "status",
      header: "Status",
      accessorFn: (e) => (e.enabled ? (e.failingSince ? 1 : 0) : 2),
      cell: ({ row }) => <EndpointState endpoint={row.original} timeZone={timeZone} />,
    },
    {
      id: "secret",
      header: "Signing secret",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="grid gap-0.5">
          <code className="text-xs">{row.original.secretHint}</code>
          {row.original.previousSecretExpiresAt &&
          row.original.previousSecretExpiresAt > new Date() ? (
            <span className="text-xs text-muted-foreground">
              Old secret signs too until{" "}
              {formatInZone(row.original.previousSecretExpiresAt, timeZone, "MMM d, HH:mm")}
            </span>
          ) : null}
        </div>
      ),
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const e = row.original;
        return (
          <div className="flex flex-wrap justify-end gap-2">
            <Button
              variant="outline"
              size="sm"
              aria-label={`Send test to ${e.url}`}
              disabled={sendTest.isPending}
              onClick={() => sendTest.mutate({ endpointId: e.id })}
            >
              <Send aria-hidden /> Send test
            </Button>
            <Button
              variant="outline"
              size="sm"
              aria-label={`Edit ${e.url}`}
              onClick={() => setEditing(e)}
            >
              Edit
            </Button>
            <Button
              variant="outline"
              size="sm"
              aria-label={`Rotate secret of ${e.url}`}
              onClick={() => setRotating({ id: e.id, url: e.url })}
            >
              <RefreshCw aria-hidden /> Rotate secret
            </Button>
            <AlertDialog>
              <AlertDialogTrigger asChild>
                <Button variant="outline" size="sm" aria-label={`Delete ${e.url}`}>
                  Delete
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Delete this endpoint?</AlertDialogTitle>
                  <AlertDialogDescription className="break-all">
                    {e.url} gets no more events, and its delivery log is deleted with it. This
                    cannot be undone.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel>Cancel</AlertDialogCancel>
                  <AlertDialogAction onClick={() => remove.mutate({ id: e.id })}>
                    Delete endpoint
                  </AlertDialogAction>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          </div>
        );
      },
    },
  ];

  return (
    <>
      <DataTable
        columns={columns}
        data={endpoints}
        caption="Webhook endpoints of this tenant"
        getRowId={(e) => e.id}
      />
      <EditEndpointDialog
        catalogue={catalogue}
        endpoint={editing}
        onClose={() => setEditing(null)}
      />
      <RotateSecretDialog target={rotating} onClose={() => setRotating(null)} />
    </>
  );
}

function Deliveries({
  endpoints,
  catalogue,
}: {
  endpoints: Endpoint[];
  catalogue: EventCatalogue;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const [filters, setFilters] = useQueryStates(deliveryFilterParsers, { history: "push" });
  const pager = useCursorPager(DELIVERIES_PAGER);
  const [open, setOpen] = useState<string | null>(null);
  const request = deliveriesListInput(filters, pager.cursor, timeZone, catalogue);
  const query = useQuery({
    ...trpc.webhooks.deliveries.list.queryOptions(request.ok ? request.input : skipToken),
    placeholderData: keepPreviousData,
    // Pending deliveries change on their own (the worker sends them): keep the table current.
    refetchInterval: (q) =>
      q.state.data?.items.some((d) => d.status === "pending") ? 2_000 : false,
  });
  const urls = new Map(endpoints.map((e) => [e.id, e.url]));
  const endpointUrl = (id: string) => urls.get(id) ?? "A deleted endpoint";

  const replay = useMutation(
    trpc.webhooks.deliveries.replay.mutationOptions({
      onSuccess: () => {
        toast.success("Delivery queued again");
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  const update = (patch: Partial<DeliveryFilters>) => {
    // Same tick: nuqs merges both into one URL change, so a filter change always starts at page 1.
    pager.reset();
    void setFilters(patch);
  };
  const clear = () => update({ endpoint: null, type: null, status: null, from: null, to: null });

  const columns: ColumnDef<Delivery>[] = [
    {
      id: "created",
      header: "Created",
      accessorFn: (d) => d.createdAt.getTime(),
      cell: ({ row }) => (
        <span className="whitespace-nowrap tabular-nums">
          {formatInZone(row.original.createdAt, timeZone, "MMM d, HH:mm:ss")}
        </span>
      ),
    },
    {
      id: "event",
      header: "Event",
      accessorFn: (d) => d.eventType,
      cell: ({ row }) => <code className="text-xs">{row.original.eventType}</code>,
    },
    {
      id: "endpoint",
      header: "Endpoint",
      accessorFn: (d) => endpointUrl(d.endpointId),
      cell: ({ row }) => (
        <span className="block max-w-56 text-xs break-all">
          {endpointUrl(row.original.endpointId)}
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      accessorFn: (d) => d.status,
      cell: ({ row }) => <DeliveryStatusBadge status={row.original.status} />,
    },
    {
      id: "attempts",
      header: "Attempts",
      accessorFn: (d) => d.attempts,
      cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span>,
    },
    {
      id: "answer",
      header: "Last answer",
      enableSorting: false,
      cell: ({ row }) => {
        const d = row.original;
        if (d.lastAttemptAt === null) return <span className="text-muted-foreground">—</span>;
        return (
          <span className="text-xs whitespace-nowrap tabular-nums">
            {d.lastStatusCode ?? "no answer"}
            {d.lastLatencyMs !== null ? ` · ${d.lastLatencyMs} ms` : ""}
          </span>
        );
      },
    },
    {
      id: "next",
      header: "Next retry",
      accessorFn: (d) => d.nextAttemptAt?.getTime() ?? 0,
      cell: ({ row }) =>
        row.original.status === "pending" && row.original.nextAttemptAt ? (
          <span className="text-xs whitespace-nowrap">
            {formatInZone(row.original.nextAttemptAt, timeZone, "MMM d, HH:mm:ss")}
          </span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex justify-end gap-2">
          <Button
            variant="outline"
            size="sm"
            aria-label={`Details of the ${row.original.eventType} delivery`}
            onClick={() => setOpen(row.original.id)}
          >
            Details
          </Button>
          <Button
            variant="outline"
            size="sm"
            aria-label={`Replay the ${row.original.eventType} delivery`}
            disabled={replay.isPending}
            onClick={() => replay.mutate({ id: row.original.id })}
          >
            <RotateCcw aria-hidden /> Replay
          </Button>
        </div>
      ),
    },
  ];

  return (
    <section aria-labelledby="deliveries-heading" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="deliveries-heading" className="text-lg font-semibold">
            Deliveries
          </h2>
          <p className="text-sm text-muted-foreground">
            Newest first. Delivery is at least once (receivers deduplicate on the webhook-id header)
            and in no guaranteed order. Times in {timeZone}.
          </p>
        </div>
        <ReplaySinceDialog endpoints={endpoints.map((e) => ({ id: e.id, url: e.url }))} />
      </div>
      <FilterForm label="Filter deliveries" filtered={hasFilters(filters)} onClear={clear}>
        <UrlFilterSelect
          id="delivery-filter-endpoint"
          label="Endpoint"
          className="w-64"
          value={filters.endpoint ?? null}
          onChange={(endpoint) => update({ endpoint })}
          allLabel="Every endpoint"
        >
          {endpoints.map((e) => (
            <option key={e.id} value={e.id}>
              {e.url}
            </option>
          ))}
        </UrlFilterSelect>
        <UrlFilterSelect
          id="delivery-filter-type"
          label="Event type"
          className="w-56"
          value={filters.type ?? null}
          onChange={(type) => update({ type })}
          allLabel="Every type"
        >
          {eventGroups(catalogue.types).map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={catalogue.testType}>{catalogue.testType}</option>
        </UrlFilterSelect>
        <UrlFilterSelect
          id="delivery-filter-status"
          label="Status"
          className="w-40"
          value={filters.status ?? null}
          onChange={(status) => update({ status })}
          allLabel="Any status"
        >
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]?.toUpperCase()}
              {s.slice(1)}
            </option>
          ))}
        </UrlFilterSelect>
        <DayRangeFields
          idPrefix="delivery-filter"
          from={filters.from ?? null}
          to={filters.to ?? null}
          onChange={update}
        />
      </FilterForm>
      {request.ok ? (
        <QueryState
          query={query}
          label="deliveries"
          empty={
            <EmptyState
              title={
                hasFilters(filters) ? "No deliveries match these filters" : "No deliveries yet"
              }
            >
              {hasFilters(filters)
                ? "Try a wider date range or clear a filter."
                : "Each change your endpoints subscribe to becomes a delivery here. Send a test event to try an endpoint."}
            </EmptyState>
          }
        >
          {(page) => (
            <>
              <PagedDataTable
                page={page}
                pager={pager}
                label="Deliveries"
                columns={columns}
                caption="Webhook deliveries, newest first"
                getRowId={(d) => d.id}
              />
            </>
          )}
        </QueryState>
      ) : (
        <ErrorState label="deliveries" message={request.message} />
      )}
      <DeliveryDrawer deliveryId={open} endpointUrl={endpointUrl} onClose={() => setOpen(null)} />
    </section>
  );
}

export function WebhooksView({ catalogue }: { catalogue: EventCatalogue }) {
  const trpc = useTRPC();
  const { role } = useConsole();
  const endpoints = useQuery(
    trpc.webhooks.endpoints.list.queryOptions({ limit: ENDPOINTS_PAGE_SIZE }),
  );

  if (isForbidden(endpoints.error)) {
    return (
      <>
        <PageHeader title="Webhooks" />
        <AdminOnly what="manage webhooks" role={role} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Frontdesk tells your systems about every change — bookings, orders, scores, PHI, members, API keys — with signed HTTP requests."
        actions={<CreateEndpointDialog catalogue={catalogue} />}
      />
      <div className="grid gap-8">
        <section aria-label="Endpoints">
          <QueryState
            query={endpoints}
            label="webhook endpoints"
            empty={
              <EmptyState title="No webhook endpoints yet">
                Add the URL of a system that should hear about changes (your booking assistant, a
                CRM sync), then send it a test event.
              </EmptyState>
            }
          >
            {(page) => <Endpoints endpoints={page.items} catalogue={catalogue} />}
          </QueryState>
        </section>
        <Deliveries endpoints={endpoints.data?.items ?? []} catalogue={catalogue} />
      </div>
    </>
  );
}
