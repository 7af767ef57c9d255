"use client";
// Score configs: what each score name accepts (numeric with bounds, categorical with its categories,
// boolean) and its description. Admins create, edit (`scores.configs.upsert` replaces every field),
// archive and restore them; everyone else sees the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Pencil, Plus } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { DataTable, type ColumnDef } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
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
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import {
  configDraft,
  describeConfig,
  parseConfigDraft,
  type ConfigDraft,
  type ConfigField,
  type UpsertConfigInput,
} from "./score-forms";
import { CONFIGS_INPUT, SCORE_KINDS, type ScoreConfig } from "./scores-view";

type Editing = { mode: "create" } | { mode: "edit"; config: ScoreConfig };

export function ScoreConfigs() {
  const { isAdmin, timeZone } = useConsole();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const configs = useQuery(trpc.scores.configs.list.queryOptions(CONFIGS_INPUT));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [archiving, setArchiving] = useState<ScoreConfig | null>(null);

  const restore = useMutation(
    trpc.scores.configs.upsert.mutationOptions({
      onSuccess: async (config) => {
        toast.success(`Score config "${config.name}" restored`);
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not restore the config: ${apiErrorMessage(error)}`),
    }),
  );

  const columns: ColumnDef<ScoreConfig, string | number>[] = [
    {
      id: "name",
      header: "Name",
      accessorFn: (c) => c.name,
      cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
    },
    { id: "kind", header: "Kind", accessorFn: (c) => c.kind },
    {
      id: "accepts",
      header: "Accepts",
      enableSorting: false,
      accessorFn: (c) => describeConfig(c),
    },
    {
      id: "description",
      header: "Description",
      enableSorting: false,
      accessorFn: (c) => c.description ?? "",
      cell: ({ row }) =>
        row.original.description ? (
          <span className="line-clamp-2 max-w-sm text-sm">{row.original.description}</span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: "status",
      header: "Status",
      accessorFn: (c) => (c.archivedAt ? "archived" : "active"),
      cell: ({ row }) =>
        row.original.archivedAt ? (
          <Badge
            variant="secondary"
            title={`Archived ${formatDateTime(row.original.archivedAt, timeZone)}`}
          >
            Archived
          </Badge>
        ) : (
          <Badge variant="success">Active</Badge>
        ),
    },
  ];
  if (isAdmin) {
    columns.push({
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const c = row.original;
        return (
          <div className="flex justify-end gap-1">
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Edit config ${c.name}`}
              onClick={() => setEditing({ mode: "edit", config: c })}
            >
              <Pencil aria-hidden /> Edit
            </Button>
            {c.archivedAt ? (
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Restore config ${c.name}`}
                disabled={restore.isPending}
                onClick={() => {
                  const parsed = parseConfigDraft(configDraft(c));
                  if (parsed.ok) restore.mutate(parsed.value);
                  else
                    toast.error(
                      `Edit config "${c.name}" to restore it: its saved fields no longer validate`,
                    );
                }}
              >
                <ArchiveRestore aria-hidden /> Restore
              </Button>
            ) : (
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Archive config ${c.name}`}
                onClick={() => setArchiving(c)}
              >
                <Archive aria-hidden /> Archive
              </Button>
            )}
          </div>
        );
      },
    });
  }

  return (
    <section aria-labelledby="score-configs-title" className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="score-configs-title" className="text-base font-semibold">
            Score configs
          </h2>
          <p className="text-sm text-muted-foreground">
            A config fixes what a score name accepts; recorded values are checked against it.
            {isAdmin ? "" : " Only admins can change configs."}
          </p>
        </div>
        {isAdmin ? (
          <Button onClick={() => setEditing({ mode: "create" })}>
            <Plus aria-hidden /> New config
          </Button>
        ) : null}
      </div>
      <QueryState
        query={configs}
        label="score configs"
        empty={
          <EmptyState
            title="No score configs yet"
            action={
              isAdmin ? (
                <Button variant="outline" onClick={() => setEditing({ mode: "create" })}>
                  Create the first config
                </Button>
              ) : undefined
            }
          >
            Scores without a config are accepted as sent; a config adds bounds or categories and
            lets people annotate by hand.
          </EmptyState>
        }
      >
        {(data) => (
          <DataTable caption="Score configs" columns={columns} data={data} getRowId={(c) => c.id} />
        )}
      </QueryState>
      {editing ? (
        <ConfigDialog
          key={editing.mode === "edit" ? editing.config.id : "new"}
          existing={editing.mode === "edit" ? editing.config : null}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ArchiveConfigDialog config={archiving} onClose={() => setArchiving(null)} />
    </section>
  );
}

function ConfigDialog({
  existing,
  onClose,
}: {
  existing: ScoreConfig | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const [draft, setDraft] = useState<ConfigDraft>(() => configDraft(existing));
  const [errors, setErrors] = useState<Partial<Record<ConfigField, string>>>({});
  const upsert = useMutation(
    trpc.scores.configs.upsert.mutationOptions({
      onSuccess: async (config) => {
        toast.success(`Score config "${config.name}" ${existing ? "saved" : "created"}`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not save the config: ${apiErrorMessage(error)}`),
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseConfigDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    const input: UpsertConfigInput = parsed.value;
    upsert.mutate(input);
  };

  const set = (field: ConfigField) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const id = (field: string) => `${ids}-${field}`;
  const fieldError = (field: ConfigField) =>
    errors[field] ? (
      <p id={id(`${field}-problem`)} className="text-xs text-red-800">
        {errors[field]}
      </p>
    ) : null;
  const invalid = (field: ConfigField) => ({
    "aria-invalid": errors[field] !== undefined,
    "aria-describedby": errors[field] ? id(`${field}-problem`) : undefined,
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>
              {existing ? `Edit config “${existing.name}”` : "New score config"}
            </DialogTitle>
            <DialogDescription>
              {existing?.archivedAt ? "Saving restores this archived config. " : ""}
              The kind cannot change once scores use the config.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor={id("name")}>Name</Label>
            <Input
              id={id("name")}
              value={draft.name}
              readOnly={existing !== null}
              placeholder="helpfulness"
              autoComplete="off"
              onChange={(e) => set("name")(e.target.value)}
              {...invalid("name")}
            />
            {fieldError("name")}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={id("kind")}>Kind</Label>
            <NativeSelect
              id={id("kind")}
              value={draft.kind}
              onChange={(e) => {
                const kind = SCORE_KINDS.find((k) => k === e.target.value);
                if (kind) setDraft((d) => ({ ...d, kind }));
              }}
            >
              <option value="numeric">Numeric</option>
              <option value="categorical">Categorical</option>
              <option value="boolean">Boolean</option>
            </NativeSelect>
          </div>
          {draft.kind === "numeric" ? (
            <div className="grid grid-cols-2 gap-3">
              <div className="grid gap-1.5">
                <Label htmlFor={id("min")}>Min (optional)</Label>
                <Input
                  id={id("min")}
                  type="number"
                  step="any"
                  value={draft.min}
                  onChange={(e) => set("min")(e.target.value)}
                  {...invalid("min")}
                />
                {fieldError("min")}
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor={id("max")}>Max (optional)</Label>
                <Input
                  id={id("max")}
                  type="number"
                  step="any"
                  value={draft.max}
                  onChange={(e) => set("max")(e.target.value)}
                  {...invalid("max")}
                />
                {fieldError("max")}
              </div>
            </div>
          ) : null}
          {draft.kind === "categorical" ? (
            <div className="grid gap-1.5">
              <Label htmlFor={id("categories")}>Categories (one per line)</Label>
              <Textarea
                id={id("categories")}
                value={draft.categories}
                placeholder={"friendly\nneutral\ncurt"}
                onChange={(e) => set("categories")(e.target.value)}
                {...invalid("categories")}
              />
              {fieldError("categories")}
            </div>
          ) : null}
          <div className="grid gap-1.5">
            <Label htmlFor={id("description")}>Description (optional)</Label>
            <Textarea
              id={id("description")}
              value={draft.description}
              maxLength={1000}
              onChange={(e) => set("description")(e.target.value)}
              {...invalid("description")}
            />
            {fieldError("description")}
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={upsert.isPending}>
              {upsert.isPending ? "Saving…" : "Save config"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ArchiveConfigDialog({
  config,
  onClose,
}: {
  config: ScoreConfig | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.scores.configs.archive.mutationOptions({
      onSuccess: async (archived) => {
        toast.success(`Score config "${archived.name}" archived`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not archive the config: ${apiErrorMessage(error)}`),
    }),
  );
  return (
    <AlertDialog open={config !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Archive config “{config?.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its scores stay, but no new “{config?.name}” scores are accepted until the config is
            restored.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={archive.isPending}
            onClick={(e) => {
              e.preventDefault();
              if (config) archive.mutate({ name: config.name });
            }}
          >
            {archive.isPending ? "Archiving…" : "Archive config"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
