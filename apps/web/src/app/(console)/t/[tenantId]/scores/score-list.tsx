"use client";
// The scores list: filters (name, session, source; the date range is the page's) and the cursor in the
// URL, session ids as links that narrow the list to that session, and — for members and up — correcting
// (`scores.update`) and deleting (`scores.delete`, confirmed) a score.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2, X } from "lucide-react";
import { createSerializer } from "nuqs";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { DataTable, Pagination, type ColumnDef } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import { ErrorState, LoadingState } from "@/components/query-state";
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
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { draftOf, formatScoreValue, parseScoreValue, type ValueDraft } from "./score-forms";
import { ScoreValueInput } from "./score-value-input";
import {
  CONFIGS_INPUT,
  listInput,
  resolveDays,
  SCORE_SOURCES,
  scoresSearchParams,
  SOURCE_LABELS,
  type Score,
  type ScoreConfig,
  type ScoreSource,
} from "./scores-view";

const SOURCE_VARIANTS: Record<ScoreSource, "info" | "success" | "warning" | "secondary"> = {
  api: "secondary",
  annotation: "info",
  end_user: "success",
  rubric: "warning",
};

const serialize = createSerializer({ ...scoresSearchParams });

export function ScoreList() {
  const { timeZone, canWrite } = useConsole();
  const trpc = useTRPC();
  const [search, setSearch] = useQueryStates(scoresSearchParams, { history: "push" });
  const pager = useCursorPager();
  const range = resolveDays(search, new Date(), timeZone);
  const list = useQuery(trpc.scores.list.queryOptions(listInput(search, range, pager.cursor)));
  const configs = useQuery(trpc.scores.configs.list.queryOptions(CONFIGS_INPUT));
  const [editing, setEditing] = useState<Score | null>(null);
  const [deleting, setDeleting] = useState<Score | null>(null);

  const filter = (patch: Partial<Pick<typeof search, "name" | "sessionId" | "source">>) => {
    pager.reset();
    void setSearch(patch);
  };

  // Rebuilt each render: the session links' hrefs follow the current URL state.
  const columns: ColumnDef<Score, string | number>[] = [
    {
      id: "createdAt",
      header: "Recorded",
      accessorFn: (s) => s.createdAt.getTime(),
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt.toISOString()} className="whitespace-nowrap">
          {formatDateTime(row.original.createdAt, timeZone)}
        </time>
      ),
    },
    { id: "name", header: "Name", accessorFn: (s) => s.name },
    {
      id: "value",
      header: "Value",
      accessorFn: (s) => (typeof s.value === "number" ? s.value : String(s.value)),
      cell: ({ row }) => (
        <span className="tabular-nums">{formatScoreValue(row.original.value)}</span>
      ),
    },
    {
      id: "source",
      header: "Source",
      accessorFn: (s) => s.source,
      cell: ({ row }) => (
        <Badge variant={SOURCE_VARIANTS[row.original.source]}>
          {SOURCE_LABELS[row.original.source]}
        </Badge>
      ),
    },
    {
      id: "sessionId",
      header: "Session",
      accessorFn: (s) => s.sessionId,
      cell: ({ row }) => {
        const sessionId = row.original.sessionId;
        // A real link (shareable, opens in a new tab), handled in place for a plain click.
        const href = serialize({ ...search, sessionId, tab: "list" });
        return (
          <a
            href={href}
            className="font-mono text-xs text-primary underline-offset-4 hover:underline"
            title={`Show only session ${sessionId}`}
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              filter({ sessionId });
            }}
          >
            {sessionId}
          </a>
        );
      },
    },
    {
      id: "comment",
      header: "Comment",
      enableSorting: false,
      accessorFn: (s) => s.comment ?? "",
      cell: ({ row }) =>
        row.original.comment ? (
          <span className="line-clamp-2 max-w-xs text-sm" title={row.original.comment}>
            {row.original.comment}
          </span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex justify-end gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Edit score ${row.original.name} of session ${row.original.sessionId}`}
            onClick={() => setEditing(row.original)}
          >
            <Pencil aria-hidden /> Edit
          </Button>
          <Button
            variant="ghost"
            size="sm"
            className="text-red-800 hover:text-red-900"
            aria-label={`Delete score ${row.original.name} of session ${row.original.sessionId}`}
            onClick={() => setDeleting(row.original)}
          >
            <Trash2 aria-hidden /> Delete
          </Button>
        </div>
      ),
    });
  }

  const names = [
    ...new Set([...(configs.data ?? []).map((c) => c.name), ...(search.name ? [search.name] : [])]),
  ].sort();

  return (
    <section aria-labelledby="score-list-title" className="grid gap-4">
      <h2 id="score-list-title" className="visually-hidden">
        Scores list
      </h2>
      <ListFilters
        names={names}
        name={search.name}
        source={search.source}
        sessionId={search.sessionId}
        onChange={filter}
      />
      {list.isPending ? (
        <LoadingState label="scores" rows={6} />
      ) : list.isError ? (
        <ErrorState label="scores" message={apiErrorMessage(list.error)} onRetry={list.refetch} />
      ) : (
        <div>
          <DataTable
            caption={`Scores from ${range.fromDate} to ${range.toDate}`}
            columns={columns}
            data={list.data.items}
            getRowId={(s) => s.id}
            empty={
              search.name || search.sessionId || search.source
                ? "No scores match these filters in this date range."
                : "No scores in this date range. Scores arrive from the API, end-user feedback, the rubric, or annotations."
            }
          />
          <Pagination pager={pager} nextCursor={list.data.nextCursor} label="Scores" />
        </div>
      )}
      {editing ? (
        <EditScoreDialog
          key={editing.id}
          score={editing}
          config={(configs.data ?? []).find((c) => c.id === editing.configId) ?? null}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <DeleteScoreDialog score={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}

function ListFilters({
  names,
  name,
  source,
  sessionId,
  onChange,
}: {
  names: string[];
  name: string | null;
  source: ScoreSource | null;
  sessionId: string | null;
  onChange: (patch: {
    name?: string | null;
    sessionId?: string | null;
    source?: ScoreSource | null;
  }) => void;
}) {
  const [text, setText] = useState(sessionId ?? "");
  // Follow the URL (a session link, Back/Forward) unless the field holds an edit.
  const [seen, setSeen] = useState(sessionId);
  if (seen !== sessionId) {
    setSeen(sessionId);
    setText(sessionId ?? "");
  }
  const applySession = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    onChange({ sessionId: value === "" ? null : value.slice(0, 200) });
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor="score-list-name">Name</Label>
        <NativeSelect
          id="score-list-name"
          className="w-48"
          value={name ?? ""}
          onChange={(e) => onChange({ name: e.target.value === "" ? null : e.target.value })}
        >
          <option value="">All names</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="score-list-source">Source</Label>
        <NativeSelect
          id="score-list-source"
          className="w-40"
          value={source ?? ""}
          onChange={(e) => {
            const next = SCORE_SOURCES.find((s) => s === e.target.value) ?? null;
            onChange({ source: next });
          }}
        >
          <option value="">All sources</option>
          {SCORE_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <form onSubmit={applySession} className="flex items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="score-list-session">Session ID</Label>
          <Input
            id="score-list-session"
            className="w-56"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline">
          Filter by session
        </Button>
      </form>
      {sessionId ? (
        <Badge variant="info" className="gap-1 py-1 text-sm">
          <span>
            Session <span className="font-mono">{sessionId}</span>
          </span>
          <button
            type="button"
            className="rounded-sm hover:bg-blue-200 focus-visible:outline-2 focus-visible:outline-ring"
            aria-label="Clear session filter"
            onClick={() => onChange({ sessionId: null })}
          >
            <X className="size-3.5" aria-hidden />
          </button>
        </Badge>
      ) : null}
    </div>
  );
}

function EditScoreDialog({
  score,
  config,
  onClose,
}: {
  score: Score;
  config: ScoreConfig | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const computed = score.source === "rubric";
  const [draft, setDraft] = useState<ValueDraft>(draftOf(score.value));
  const [comment, setComment] = useState(score.comment ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const update = useMutation(
    trpc.scores.update.mutationOptions({
      onSuccess: async (updated) => {
        toast.success(`Score "${updated.name}" of session ${updated.sessionId} updated`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not update the score: ${apiErrorMessage(error)}`),
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: { id: string; value?: string | number | boolean; comment?: string | null } = {
      id: score.id,
    };
    if (!computed) {
      const parsed = parseScoreValue(score.kind, draft, config);
      if (!parsed.ok) {
        setProblem(parsed.message);
        return;
      }
      if (parsed.value !== score.value) input.value = parsed.value;
    }
    setProblem(null);
    const nextComment = comment.trim() === "" ? null : comment.trim();
    if (nextComment !== score.comment) input.comment = nextComment;
    if (input.value === undefined && input.comment === undefined) {
      onClose();
      return;
    }
    update.mutate(input);
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Correct score “{score.name}”</DialogTitle>
            <DialogDescription>
              Session <span className="font-mono">{score.sessionId}</span>. The previous value is
              kept in the audit log.
            </DialogDescription>
          </DialogHeader>
          {computed ? (
            <p className="text-sm text-muted-foreground">
              Rubric scores are computed, so only the comment can change (value{" "}
              {formatScoreValue(score.value)}). To disagree, annotate the session instead.
            </p>
          ) : (
            <ScoreValueInput
              id={`${ids}-value`}
              kind={score.kind}
              config={config}
              value={draft}
              onChange={setDraft}
              problem={problem}
            />
          )}
          <div className="grid gap-1.5">
            <Label htmlFor={`${ids}-comment`}>Comment</Label>
            <Textarea
              id={`${ids}-comment`}
              value={comment}
              maxLength={5000}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Save changes"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeleteScoreDialog({ score, onClose }: { score: Score | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.scores.delete.mutationOptions({
      onSuccess: async (deleted) => {
        toast.success(`Score "${deleted.name}" of session ${deleted.sessionId} deleted`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not delete the score: ${apiErrorMessage(error)}`),
    }),
  );
  return (
    <AlertDialog open={score !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this score?</AlertDialogTitle>
          <AlertDialogDescription>
            {score ? (
              <>
                “{score.name}” = {formatScoreValue(score.value)} for session{" "}
                <span className="font-mono">{score.sessionId}</span> leaves lists and summaries. The
                record stays in the audit trail.
              </>
            ) : null}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={remove.isPending}
            onClick={(e) => {
              // Keep the dialog open until the API answers.
              e.preventDefault();
              if (score) remove.mutate({ id: score.id });
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete score"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
