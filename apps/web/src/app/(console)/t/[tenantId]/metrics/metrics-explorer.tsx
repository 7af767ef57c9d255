"use client";
// Metrics explorer: pick a metric, a range in the tenant's zone, a bucket, aggregations, tag filters and
// a group-by tag — all kept in the URL, so a view can be shared — and see the line chart, the table of
// points, and export that table as CSV. Read-only: nothing here changes data.
import { skipToken, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { PageHeader } from "@/components/page-header";
import { EmptyState, ErrorState, LoadingState, QueryState } from "@/components/query-state";
import { Button } from "@/components/ui/button";
import { useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { useHydrated } from "@/components/use-hydrated";
import { buildMetricsCsv, csvFileName, metricRows } from "./metrics-csv";
import {
  chooseMetric,
  metricsSearchParams,
  NAMES_INPUT,
  queryInput,
  resolveView,
} from "./metrics-view";
import { Controls } from "./metrics-controls";
import { Results, type Shown } from "./metrics-results";

export function MetricsExplorer() {
  const { timeZone } = useConsole();
  const trpc = useTRPC();
  const [search, setSearch] = useQueryStates(metricsSearchParams, { history: "push" });
  const hydrated = useHydrated();
  const names = useQuery(trpc.metrics.names.queryOptions(NAMES_INPUT));
  const chosen = chooseMetric(search.metric, names.data?.items ?? []);
  // "now" is read once per render: presets end at the next hour / local midnight, so it rarely moves.
  const view = resolveView(search, chosen?.info?.kind, new Date(), timeZone);
  const input = chosen && names.isSuccess ? queryInput(chosen.name, view) : null;
  const data = useQuery(trpc.metrics.query.queryOptions(input ?? skipToken));

  // What the chart and table show: the latest answer together with the view it answers. While a new
  // view loads, the previous answer stays (marked as updating) with its own columns and groups.
  const [shown, setShown] = useState<Shown | null>(null);
  if (chosen && data.data && shown?.output !== data.data) {
    setShown({
      output: data.data,
      metric: chosen.name,
      unit: chosen.info?.unit ?? null,
      aggregations: view.aggregations,
      bucket: view.bucket,
      groupBy: view.groupBy,
      fromDate: view.range.fromDate,
      toDate: view.range.toDate,
      filtered: view.tags.length > 0,
    });
  }
  const rows = useMemo(
    () => (shown ? metricRows(shown.output, shown.aggregations) : null),
    [shown],
  );
  const current = data.data !== undefined && shown?.output === data.data;

  const exportCsv = () => {
    if (!rows || !shown) return;
    const csv = buildMetricsCsv(rows, shown.aggregations, shown.groupBy);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = csvFileName(shown.metric, shown.fromDate, shown.toDate, shown.bucket);
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
    toast.success(
      `Exported ${rows.length} ${rows.length === 1 ? "row" : "rows"} to ${link.download}`,
    );
  };

  return (
    <>
      <PageHeader
        title="Metrics"
        description={`Explore the metrics your integration records. Buckets and dates are in ${timeZone}.`}
        actions={
          <Button
            variant="outline"
            onClick={exportCsv}
            disabled={!hydrated || !current || !rows || rows.length === 0}
          >
            <Download aria-hidden /> Export CSV
          </Button>
        }
      />
      <QueryState
        query={names}
        label="metrics"
        isEmpty={() => !chosen}
        empty={
          <EmptyState title="No metrics yet">
            Record points with <code>metrics.record</code> or <code>metrics.recordBatch</code> (SDK
            or API key with <code>metrics:write</code>); they appear here within seconds.
          </EmptyState>
        }
      >
        {({ items }) =>
          chosen ? (
            <div className="space-y-6">
              <Controls
                names={items}
                chosen={chosen}
                view={view}
                setSearch={setSearch}
                timeZone={timeZone}
              />
              <section
                aria-labelledby="metric-results"
                aria-busy={data.isFetching}
                className="space-y-6"
              >
                <h2 id="metric-results" className="visually-hidden">
                  Results
                </h2>
                {data.isError ? (
                  <ErrorState
                    label="metric data"
                    message={apiErrorMessage(data.error)}
                    onRetry={data.refetch}
                  />
                ) : !shown || !rows || (!current && rows.length === 0) ? (
                  <LoadingState label="metric data" rows={6} />
                ) : rows.length === 0 ? (
                  <EmptyState title="No data points in this range">
                    Nothing was recorded for <strong>{shown.metric}</strong> between{" "}
                    {shown.fromDate} and {shown.toDate}
                    {shown.filtered ? " with these tag filters" : ""}. Try a longer range or remove
                    a filter.
                  </EmptyState>
                ) : (
                  <Results rows={rows} shown={shown} timeZone={timeZone} updating={!current} />
                )}
              </section>
            </div>
          ) : null
        }
      </QueryState>
    </>
  );
}
