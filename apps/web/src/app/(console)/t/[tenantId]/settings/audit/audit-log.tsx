"use client";
// The audit log: newest first, filtered by action, actor, target and day range (all in the URL), with
// cursor pagination. Actors are shown by name where this tenant still knows them (members, API keys).
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { isForbidden } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { DayRangeFields } from "@/components/day-range-fields";
import { FilterForm, UrlFilterField, UrlFilterSelect } from "@/components/url-filters";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { formatInZone } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { EmptyState, ErrorState, QueryState } from "@/components/query-state";
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { AdminOnly } from "../_components/admin-only";
import {
  ACTOR_LOOKUP_LIMIT,
  auditFilterParsers,
  auditListInput,
  hasFilters,
  type AuditFilters,
} from "./audit-filters";

type Entry = RouterOutputs["audit"]["list"]["items"][number];
interface Actor {
  id: string;
  label: string;
}

/** Members and API keys by id, to name actors (a removed member or deleted key stays an id). */
function useActors(): Actor[] {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions({ limit: ACTOR_LOOKUP_LIMIT }));
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ limit: ACTOR_LOOKUP_LIMIT }));
  return useMemo(
    () => [
      ...(members.data?.items ?? []).map((m) => ({
        id: m.userId,
        label: m.name ? `${m.name} (${m.email})` : m.email,
      })),
      ...(keys.data?.items ?? []).map((k) => ({
        id: k.id,
        label: `API key “${k.name}” (${k.prefix}…)`,
      })),
    ],
    [members.data, keys.data],
  );
}

function describeActor(entry: Entry, actors: Map<string, string>): string {
  if (entry.actorType === "system") return "System";
  const known = entry.actorId ? actors.get(entry.actorId) : undefined;
  if (known) return known;
  return `${entry.actorType === "api_key" ? "API key" : "User"} ${entry.actorId ?? "unknown"}`;
}

export function AuditLog() {
  const trpc = useTRPC();
  const { timeZone, role } = useConsole();
  const [filters, setFilters] = useQueryStates(auditFilterParsers, { history: "push" });
  const pager = useCursorPager();
  const request = auditListInput(filters, pager.cursor, timeZone);
  const query = useQuery({
    ...trpc.audit.list.queryOptions(request.ok ? request.input : skipToken),
    placeholderData: keepPreviousData,
  });
  const actorList = useActors();
  const actors = useMemo(() => new Map(actorList.map((a) => [a.id, a.label])), [actorList]);

  const update = (patch: Partial<AuditFilters>) => {
    // Same tick: nuqs merges both into one URL change, so a filter change always starts at page 1.
    pager.reset();
    void setFilters(patch);
  };
  const clear = () => update({ action: null, actor: null, target: null, from: null, to: null });

  const columns: ColumnDef<Entry>[] = [
    {
      id: "time",
      header: "Time",
      accessorFn: (e) => e.createdAt.getTime(),
      cell: ({ row }) => (
        <span className="whitespace-nowrap tabular-nums">
          {formatInZone(row.original.createdAt, timeZone, "MMM d, yyyy, HH:mm:ss")}
        </span>
      ),
    },
    {
      id: "actor",
      header: "Actor",
      accessorFn: (e) => describeActor(e, actors),
      cell: ({ row }) => <span className="break-all">{describeActor(row.original, actors)}</span>,
    },
    {
      id: "action",
      header: "Action",
      accessorFn: (e) => e.action,
      cell: ({ row }) => <code className="text-xs">{row.original.action}</code>,
    },
    {
      id: "target",
      header: "Target",
      accessorFn: (e) => e.targetId ?? "",
      cell: ({ row }) =>
        row.original.targetId ? (
          <span className="grid">
            <span className="text-xs text-muted-foreground">
              {row.original.targetType ?? "target"}
            </span>
            <code className="text-xs break-all">{row.original.targetId}</code>
          </span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: "ip",
      header: "IP",
      accessorFn: (e) => e.ip ?? "",
      cell: ({ row }) => <span className="text-xs">{row.original.ip ?? "—"}</span>,
    },
    {
      id: "details",
      header: "Details",
      enableSorting: false,
      cell: ({ row }) => {
        const entries = Object.entries(row.original.metadata);
        if (entries.length === 0) return <span className="text-muted-foreground">—</span>;
        return (
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
            {entries.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted-foreground">{k}</dt>
                <dd className="break-all">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
        );
      },
    },
  ];

  if (isForbidden(query.error)) {
    return (
      <>
        <PageHeader title="Audit log" />
        <AdminOnly what="read the audit log" role={role} />
      </>
    );
  }

  const knownActor = !filters.actor || actors.has(filters.actor);
  return (
    <>
      <PageHeader
        title="Audit log"
        description={<>Every change made in this tenant, newest first. Times in {timeZone}.</>}
      />
      <div className="space-y-4">
        <FilterForm
          label="Filter the audit log"
          onApply={(read) => {
            const action = read("action");
            const target = read("target");
            if (action !== filters.action || target !== filters.target) update({ action, target });
          }}
          applyLabel="Apply"
          filtered={hasFilters(filters)}
          onClear={clear}
        >
          <UrlFilterField
            id="audit-filter-action"
            name="action"
            label="Action"
            className="w-52"
            value={filters.action ?? null}
            placeholder="e.g. apiKeys.revoke"
            hintId="audit-filter-text-hint"
          />
          <UrlFilterSelect
            id="audit-filter-actor"
            label="Actor"
            className="w-64"
            value={filters.actor ?? null}
            onChange={(actor) => update({ actor })}
            allLabel="Anyone"
          >
            {!knownActor && filters.actor ? (
              <option value={filters.actor}>{filters.actor}</option>
            ) : null}
            {actorList.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </UrlFilterSelect>
          <UrlFilterField
            id="audit-filter-target"
            name="target"
            label="Target id"
            className="w-72 font-mono text-xs"
            value={filters.target ?? null}
            hintId="audit-filter-text-hint"
          />
          <DayRangeFields
            idPrefix="audit-filter"
            from={filters.from ?? null}
            to={filters.to ?? null}
            onChange={update}
          />
          <span id="audit-filter-text-hint" className="visually-hidden">
            Exact match; press Enter to apply.
          </span>
        </FilterForm>
        {request.ok ? (
          <QueryState
            query={query}
            label="the audit log"
            empty={
              <EmptyState
                title={
                  hasFilters(filters) ? "No entries match these filters" : "No audit entries yet"
                }
              >
                {hasFilters(filters)
                  ? "Try a wider date range or clear a filter."
                  : "Changes made in this tenant appear here."}
              </EmptyState>
            }
          >
            {(page) => (
              <>
                <PagedDataTable
                  page={page}
                  pager={pager}
                  label="Audit log"
                  columns={columns}
                  caption="Audit log entries, newest first"
                  getRowId={(e) => e.id}
                />
              </>
            )}
          </QueryState>
        ) : (
          <ErrorState label="the audit log" message={request.message} />
        )}
      </div>
    </>
  );
}
