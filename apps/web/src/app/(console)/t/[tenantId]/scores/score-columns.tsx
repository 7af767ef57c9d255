"use client";
// The scores table's columns: when, name, value, source, the session (a link that narrows the list to
// it) and the comment, plus Edit and Delete for members and up.
import { Pencil, Trash2 } from "lucide-react";
import type { ColumnDef } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatScoreValue } from "./score-forms";
import { SOURCE_LABELS, type Score, type ScoreSource } from "./scores-view";

const SOURCE_VARIANTS: Record<ScoreSource, "info" | "success" | "warning" | "secondary"> = {
  api: "secondary",
  annotation: "info",
  end_user: "success",
  rubric: "warning",
};

export function scoreColumns({
  timeZone,
  canWrite,
  sessionHref,
  onSession,
  onEdit,
  onDelete,
}: {
  timeZone: string;
  canWrite: boolean;
  /** The URL of the list narrowed to one session (the link's href). */
  sessionHref: (sessionId: string) => string;
  /** A plain click on a session link: narrow in place. */
  onSession: (sessionId: string) => void;
  onEdit: (score: Score) => void;
  onDelete: (score: Score) => void;
}): ColumnDef<Score, string | number>[] {
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
        const href = sessionHref(sessionId);
        return (
          <a
            href={href}
            className="font-mono text-xs text-primary underline-offset-4 hover:underline"
            title={`Show only session ${sessionId}`}
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              onSession(sessionId);
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
            onClick={() => onEdit(row.original)}
          >
            <Pencil aria-hidden /> Edit
          </Button>
          <Button
            variant="ghost"
            size="sm"
            className="text-red-800 hover:text-red-900"
            aria-label={`Delete score ${row.original.name} of session ${row.original.sessionId}`}
            onClick={() => onDelete(row.original)}
          >
            <Trash2 aria-hidden /> Delete
          </Button>
        </div>
      ),
    });
  }

  return columns;
}
