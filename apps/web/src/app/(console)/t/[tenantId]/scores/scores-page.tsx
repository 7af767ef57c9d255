"use client";
// The Scores page: the date range (local days in the tenant's zone) shared by every tab, the
// "Annotate session" action for members and up, and three tabs kept in the URL: Overview (charts),
// Scores (the list) and Configs.
import dynamic from "next/dynamic";
import { useConsole } from "@/components/console-context";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { LoadingState } from "@/components/query-state";
import { AnnotateButton } from "./annotate-button";
import { ScoreOverview } from "./score-overview";
import { DEFAULT_DAYS, resolveDays, SCORE_TABS, scoresSearchParams } from "./scores-view";

// The list and configs tabs (a table library, edit/delete/config dialogs and their forms) are their
// own chunks: a page opened on the overview does not download them. When the URL opens one of them,
// the server renders it as before and the page loads its chunk with the HTML (next/dynamic).
const ScoreList = dynamic(() => import("./score-list").then((m) => m.ScoreList), {
  loading: () => <LoadingState label="scores" rows={6} />,
});
const ScoreConfigs = dynamic(() => import("./score-configs").then((m) => m.ScoreConfigs), {
  loading: () => <LoadingState label="score configs" rows={4} />,
});

export function ScoresPage() {
  const { timeZone, canWrite } = useConsole();
  const [search, setSearch] = useQueryStates(scoresSearchParams, { history: "push" });
  const pager = useCursorPager();
  const range = resolveDays(search, new Date(), timeZone);
  const customRange = search.from !== null || search.to !== null;

  const setDates = (patch: { from?: string; to?: string }) => {
    pager.reset();
    void setSearch({ from: patch.from ?? range.fromDate, to: patch.to ?? range.toDate });
  };

  return (
    <>
      <PageHeader
        title="Scores"
        description={`Conversation scores from the API, end users, the rubric and annotations. Dates are in ${timeZone}.`}
        actions={canWrite ? <AnnotateButton defaultSessionId={search.sessionId} /> : null}
      />
      <fieldset className="mb-4 flex flex-wrap items-end gap-3">
        <legend className="visually-hidden">Date range</legend>
        <div className="grid gap-1.5">
          <Label htmlFor="scores-from">From</Label>
          <Input
            id="scores-from"
            type="date"
            className="w-40"
            value={range.fromDate}
            max={range.toDate}
            onChange={(e) => e.target.value && setDates({ from: e.target.value })}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="scores-to">To</Label>
          <Input
            id="scores-to"
            type="date"
            className="w-40"
            value={range.toDate}
            min={range.fromDate}
            onChange={(e) => e.target.value && setDates({ to: e.target.value })}
          />
        </div>
        {customRange ? (
          <Button
            variant="ghost"
            onClick={() => {
              pager.reset();
              void setSearch({ from: null, to: null });
            }}
          >
            Last {DEFAULT_DAYS} days
          </Button>
        ) : (
          <p className="pb-2 text-sm text-muted-foreground">Last {DEFAULT_DAYS} days</p>
        )}
      </fieldset>
      <Tabs
        value={search.tab}
        onValueChange={(value) => {
          const tab = SCORE_TABS.find((t) => t === value);
          if (tab) void setSearch({ tab });
        }}
      >
        <TabsList aria-label="Scores views">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="list">Scores</TabsTrigger>
          <TabsTrigger value="configs">Configs</TabsTrigger>
        </TabsList>
        <TabsContent value="overview">
          <ScoreOverview />
        </TabsContent>
        <TabsContent value="list">
          <ScoreList />
        </TabsContent>
        <TabsContent value="configs">
          <ScoreConfigs />
        </TabsContent>
      </Tabs>
    </>
  );
}
