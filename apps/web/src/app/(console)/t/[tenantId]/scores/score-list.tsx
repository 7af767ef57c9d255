"use client";
// The scores list: filters (name, session, source; the date range is the page's) and the cursor in the
// URL, session ids as links that narrow the list to that session, and — for members and up — correcting
// and deleting a score (score-dialogs.tsx).
import { useQuery } from "@tanstack/react-query";
import { createSerializer } from "nuqs";
import { useState } from "react";
import { useConsole } from "@/components/console-context";
import { DataTable, Pagination } from "@/components/data-table";
import { QueryState } from "@/components/query-state";
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import {
  CONFIGS_INPUT,
  listInput,
  resolveDays,
  scoresSearchParams,
  type Score,
} from "./scores-view";
import { scoreColumns } from "./score-columns";
import { DeleteScoreDialog, EditScoreDialog } from "./score-dialogs";
import { ListFilters } from "./score-list-filters";

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
  const columns = scoreColumns({
    timeZone,
    canWrite,
    sessionHref: (sessionId) => serialize({ ...search, sessionId, tab: "list" }),
    onSession: (sessionId) => filter({ sessionId }),
    onEdit: setEditing,
    onDelete: setDeleting,
  });

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
      <QueryState query={list} label="scores" loadingRows={6}>
        {(page) => (
          <div>
            <DataTable
              caption={`Scores from ${range.fromDate} to ${range.toDate}`}
              columns={columns}
              data={page.items}
              getRowId={(s) => s.id}
              empty={
                search.name || search.sessionId || search.source
                  ? "No scores match these filters in this date range."
                  : "No scores in this date range. Scores arrive from the API, end-user feedback, the rubric, or annotations."
              }
            />
            <Pagination pager={pager} nextCursor={page.nextCursor} label="Scores" />
          </div>
        )}
      </QueryState>
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
