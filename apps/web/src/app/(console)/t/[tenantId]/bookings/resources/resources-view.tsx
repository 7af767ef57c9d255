"use client";
// The resources table: name, zone, slot length, buffer, notice and a summary of the weekly
// availability; members and up create, edit and archive. "Show archived" and the page are in the URL.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useQueryStates } from "nuqs";
import { useId, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { BackLink } from "@/components/back-link";
import { useConsole } from "@/components/console-context";
import { PagedDataTable, type ColumnDef } from "@/components/data-table";
import { EmptyState, QueryState } from "@/components/query-state";
import { PageHeader } from "@/components/page-header";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { useCursorPager, type CursorPager } from "@/components/use-url-state";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { resourcesInput } from "../queries";
import { resourcesSearchParams } from "../search-params";
import type { Resource } from "../use-resources";
import { ResourceDialog } from "./resource-dialog";
import { summarizeAvailability } from "./resource-form-model";

export function ResourcesView() {
  const { tenantId, canWrite } = useConsole();
  const id = useId();
  const [isPending, startTransition] = useTransition();
  const [params, setParams] = useQueryStates(resourcesSearchParams, {
    history: "push",
    startTransition,
  });
  const rawPager = useCursorPager();
  const pager: CursorPager = {
    ...rawPager,
    next: (cursor) => startTransition(() => rawPager.next(cursor)),
    previous: () => startTransition(() => rawPager.previous()),
  };
  const [creating, setCreating] = useState(false);
  const input = resourcesInput({ includeArchived: params.archived, cursor: pager.cursor ?? null });
  const trpc = useTRPC();
  // The previous page stays (dimmed) while the next one loads.
  const resources = useQuery({
    ...trpc.bookings.resources.list.queryOptions(input),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <BackLink href={`/t/${tenantId}/bookings`}>Bookings</BackLink>
      <PageHeader
        title="Resources"
        description="What can be booked: people, rooms, devices. Each has its own time zone, slot length and weekly hours."
        actions={
          canWrite ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden /> New resource
            </Button>
          ) : null
        }
      />
      {canWrite ? <ResourceDialog open={creating} onOpenChange={setCreating} /> : null}
      <div className="mb-3 flex items-center gap-2">
        <Checkbox
          id={`${id}-archived`}
          checked={params.archived}
          onCheckedChange={(v) =>
            startTransition(() => {
              rawPager.reset();
              void setParams({ archived: v === true ? true : null });
            })
          }
        />
        <Label htmlFor={`${id}-archived`}>Show archived</Label>
      </div>
      <QueryState query={resources} label="resources" loadingRows={4}>
        {(data) => (
          <ResourcesTable
            data={data}
            pager={pager}
            updating={isPending || resources.isPlaceholderData}
          />
        )}
      </QueryState>
    </>
  );
}

function minutesText(minutes: number): string {
  if (minutes === 0) return "None";
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function ResourcesTable({
  data,
  pager,
  updating,
}: {
  data: RouterOutputs["bookings"]["resources"]["list"];
  pager: CursorPager;
  updating: boolean;
}) {
  const { canWrite } = useConsole();
  const [editing, setEditing] = useState<Resource | null>(null);
  const [archiving, setArchiving] = useState<Resource | null>(null);

  const columns = useMemo<ColumnDef<Resource>[]>(
    () => [
      {
        id: "name",
        header: "Name",
        accessorFn: (r) => r.name,
        cell: ({ row: { original: r } }) => (
          <div className="min-w-0">
            <span className="font-medium">{r.name}</span>
            {r.archivedAt ? (
              <Badge variant="outline" className="ml-2">
                Archived
              </Badge>
            ) : null}
            {r.description ? (
              <div className="max-w-xs truncate text-xs text-muted-foreground">{r.description}</div>
            ) : null}
          </div>
        ),
      },
      { id: "timeZone", header: "Time zone", accessorFn: (r) => r.timeZone },
      {
        id: "slot",
        header: "Slot",
        accessorFn: (r) => r.slotMinutes,
        cell: ({ row: { original: r } }) => `${r.slotMinutes} min`,
      },
      {
        id: "buffer",
        header: "Buffer",
        accessorFn: (r) => r.bufferMinutes,
        cell: ({ row: { original: r } }) => minutesText(r.bufferMinutes),
      },
      {
        id: "notice",
        header: "Notice",
        accessorFn: (r) => r.minNoticeMinutes,
        cell: ({ row: { original: r } }) => minutesText(r.minNoticeMinutes),
      },
      {
        id: "availability",
        header: "Weekly availability",
        enableSorting: false,
        cell: ({ row: { original: r } }) => (
          <span className="text-sm">{summarizeAvailability(r.availability)}</span>
        ),
      },
      ...(canWrite
        ? [
            {
              id: "actions",
              header: () => <span className="visually-hidden">Actions</span>,
              enableSorting: false,
              cell: ({ row: { original: r } }) =>
                r.archivedAt ? null : (
                  <div className="flex justify-end gap-1">
                    <Button
                      variant="outline"
                      size="sm"
                      aria-label={`Edit ${r.name}`}
                      onClick={() => setEditing(r)}
                    >
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Archive ${r.name}`}
                      onClick={() => setArchiving(r)}
                    >
                      Archive
                    </Button>
                  </div>
                ),
            } satisfies ColumnDef<Resource>,
          ]
        : []),
    ],
    [canWrite],
  );

  if (data.items.length === 0 && !pager.hasPrevious) {
    return (
      <EmptyState title="No resources yet">
        {canWrite
          ? "Create one with “New resource” to start taking bookings."
          : "A member of this tenant can create them."}
      </EmptyState>
    );
  }
  return (
    <div className={cn("transition-opacity", updating && "opacity-60")} aria-busy={updating}>
      <PagedDataTable
        page={data}
        pager={pager}
        label="Resources"
        columns={columns}
        caption="Resources, newest first"
        getRowId={(r) => r.id}
      />
      {canWrite && editing ? (
        <ResourceDialog
          key={editing.id}
          open
          onOpenChange={(open) => !open && setEditing(null)}
          resource={editing}
        />
      ) : null}
      {canWrite ? <ArchiveDialog resource={archiving} onClose={() => setArchiving(null)} /> : null}
    </div>
  );
}

function ArchiveDialog({ resource, onClose }: { resource: Resource | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.bookings.resources.archive.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Archived ${r.name}`, {
          description: "It is no longer offered for booking; its bookings stay as they are.",
        });
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() });
      },
      onError: (error) => {
        toast.error("Could not archive the resource", { description: apiErrorMessage(error) });
      },
    }),
  );
  return (
    <AlertDialog open={resource !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Archive {resource?.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            It will no longer be offered for booking. Its existing bookings stay as they are and can
            still be cancelled.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={archive.isPending}>Keep resource</AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={archive.isPending || !resource}
            aria-busy={archive.isPending}
            onClick={() => resource && archive.mutate({ id: resource.id })}
          >
            Archive resource
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
