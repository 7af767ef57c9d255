"use client";
// The tenant's API keys: name, public prefix, scopes, dates and state; create, rotate and revoke.
// Secrets never appear here except once, in the create/rotate dialogs.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage, isForbidden } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { formatDateTime, formatInZone } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { EmptyState, QueryState } from "@/components/query-state";
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
import { useCursorPager } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { AdminOnly } from "../_components/admin-only";
import { API_KEYS_PAGE_SIZE } from "./constants";
import { CreateKeyDialog } from "./create-key-dialog";
import { canRevoke, canRotate, keyStatus, type KeyStatus } from "./key-status";
import { RotateKeyDialog, type RotateTarget } from "./rotate-key-dialog";

type ApiKey = RouterOutputs["apiKeys"]["list"]["items"][number];

function StatusBadge({ status, timeZone }: { status: KeyStatus; timeZone: string }) {
  switch (status.kind) {
    case "active":
      return <Badge variant="success">Active</Badge>;
    case "grace":
      return (
        <Badge
          variant="warning"
          title={`The old key is accepted until ${formatDateTime(status.until, timeZone)}`}
        >
          Rotated, until {formatInZone(status.until, timeZone, "MMM d, HH:mm")}
        </Badge>
      );
    case "rotated":
      return <Badge variant="secondary">Rotated</Badge>;
    case "expired":
      return <Badge variant="secondary">Expired</Badge>;
    case "revoked":
      return <Badge variant="destructive">Revoked</Badge>;
  }
}

/** A day in the table, the exact time on hover; "Never" for a missing date. */
function When({ at, timeZone }: { at: Date | null; timeZone: string }) {
  if (!at) return <span className="text-muted-foreground">Never</span>;
  return (
    <time
      dateTime={at.toISOString()}
      title={formatDateTime(at, timeZone)}
      className="whitespace-nowrap"
    >
      {formatInZone(at, timeZone, "MMM d, yyyy")}
    </time>
  );
}

export function ApiKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone, role } = useConsole();
  const pager = useCursorPager();
  const [rotating, setRotating] = useState<RotateTarget | null>(null);
  const query = useQuery(
    trpc.apiKeys.list.queryOptions({ limit: API_KEYS_PAGE_SIZE, cursor: pager.cursor }),
  );
  // "Now" as of the data: statuses are computed for the moment the list was read.
  const asOf = new Date(query.dataUpdatedAt);

  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: (key) => {
        toast.success(`API key "${key.name}" revoked`);
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  const columns: ColumnDef<ApiKey>[] = [
    {
      // Name and prefix together: the prefix is what tells two keys of the same name apart.
      id: "name",
      header: "Name / prefix",
      accessorFn: (k) => k.name,
      cell: ({ row }) => (
        <div className="grid max-w-56 gap-0.5">
          <span className="font-medium break-words">{row.original.name}</span>
          <code className="text-xs text-muted-foreground">{row.original.prefix}…</code>
        </div>
      ),
    },
    {
      id: "scopes",
      header: "Scopes",
      enableSorting: false,
      cell: ({ row }) => (
        <ul className="flex max-w-64 flex-wrap gap-1" aria-label={`Scopes of ${row.original.name}`}>
          {row.original.scopes.map((s) => (
            <li key={s}>
              <Badge variant={s === "admin" ? "warning" : "outline"} className="font-mono">
                {s}
              </Badge>
            </li>
          ))}
        </ul>
      ),
    },
    {
      id: "created",
      header: "Created",
      accessorFn: (k) => k.createdAt.getTime(),
      cell: ({ row }) => <When at={row.original.createdAt} timeZone={timeZone} />,
    },
    {
      id: "lastUsed",
      header: "Last used",
      accessorFn: (k) => k.lastUsedAt?.getTime() ?? 0,
      cell: ({ row }) => <When at={row.original.lastUsedAt} timeZone={timeZone} />,
    },
    {
      id: "expires",
      header: "Expires",
      accessorFn: (k) => k.expiresAt?.getTime() ?? Number.MAX_SAFE_INTEGER,
      cell: ({ row }) => <When at={row.original.expiresAt} timeZone={timeZone} />,
    },
    {
      id: "status",
      header: "Status",
      accessorFn: (k) => keyStatus(k, asOf).kind,
      cell: ({ row }) => <StatusBadge status={keyStatus(row.original, asOf)} timeZone={timeZone} />,
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const k = row.original;
        const status = keyStatus(k, asOf);
        return (
          <div className="flex justify-end gap-2">
            {canRotate(status) ? (
              <Button
                variant="outline"
                size="sm"
                aria-label={`Rotate ${k.name}`}
                onClick={() => setRotating({ id: k.id, name: k.name })}
              >
                <RefreshCw aria-hidden /> Rotate
              </Button>
            ) : null}
            {canRevoke(status) ? (
              <AlertDialog>
                <AlertDialogTrigger asChild>
                  <Button variant="outline" size="sm" aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </Button>
                </AlertDialogTrigger>
                <AlertDialogContent>
                  <AlertDialogHeader>
                    <AlertDialogTitle>Revoke &ldquo;{k.name}&rdquo;?</AlertDialogTitle>
                    <AlertDialogDescription>
                      Requests with this key ({k.prefix}…) are refused from now on. This cannot be
                      undone.
                    </AlertDialogDescription>
                  </AlertDialogHeader>
                  <AlertDialogFooter>
                    <AlertDialogCancel>Cancel</AlertDialogCancel>
                    <AlertDialogAction onClick={() => revoke.mutate({ id: k.id })}>
                      Revoke key
                    </AlertDialogAction>
                  </AlertDialogFooter>
                </AlertDialogContent>
              </AlertDialog>
            ) : null}
          </div>
        );
      },
    },
  ];

  if (isForbidden(query.error)) {
    return (
      <>
        <PageHeader title="API keys" />
        <AdminOnly what="manage API keys" role={role} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your servers call the Frontdesk API with the scopes you choose."
        actions={<CreateKeyDialog />}
      />
      <QueryState
        query={query}
        label="API keys"
        empty={
          <EmptyState title="No API keys yet">
            Create a key for each integration (your website, a booking widget, an analytics job)
            with only the scopes it needs.
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <PagedDataTable
              page={page}
              pager={pager}
              label="API keys"
              columns={columns}
              caption="API keys of this tenant"
              getRowId={(k) => k.id}
            />
          </>
        )}
      </QueryState>
      <RotateKeyDialog target={rotating} onClose={() => setRotating(null)} />
    </>
  );
}
