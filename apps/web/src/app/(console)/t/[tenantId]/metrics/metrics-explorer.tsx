"use client";
// Metrics explorer: pick a metric, a range in the tenant's zone, a bucket, aggregations, tag filters and
// a group-by tag — all kept in the URL, so a view can be shared — and see the line chart, the table of
// points, and export that table as CSV. Read-only: nothing here changes data.
import { skipToken, useQuery } from "@tanstack/react-query";
import { Download, Plus, X } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { LineChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import { DataTable, type ColumnDef } from "@/components/data-table";
import { formatDateTime, formatNumber } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import {
  buildMetricsCsv,
  csvFileName,
  metricChartData,
  metricRows,
  type MetricRow,
} from "./metrics-csv";
import {
  AGGREGATION_LABELS,
  BUCKET_LABELS,
  chooseMetric,
  formatBucket,
  formatTagPair,
  isTagKey,
  METRIC_AGGREGATIONS,
  METRIC_BUCKETS,
  metricsSearchParams,
  NAMES_INPUT,
  PRESET_LABELS,
  queryInput,
  RANGE_PRESETS,
  resolveView,
  type MetricAggregation,
  type MetricBucket,
  type MetricName,
  type MetricsQueryOutput,
  type MetricsView,
  type TagPair,
} from "./metrics-view";
import { useHydrated } from "@/components/use-hydrated";

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
      {names.isPending ? (
        <LoadingState label="metrics" />
      ) : names.isError ? (
        <ErrorState
          label="metrics"
          message={apiErrorMessage(names.error)}
          onRetry={names.refetch}
        />
      ) : !chosen ? (
        <EmptyState title="No metrics yet">
          Record points with <code>metrics.record</code> or <code>metrics.recordBatch</code> (SDK or
          API key with <code>metrics:write</code>); they appear here within seconds.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <Controls
            names={names.data.items}
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
                Nothing was recorded for <strong>{shown.metric}</strong> between {shown.fromDate}{" "}
                and {shown.toDate}
                {shown.filtered ? " with these tag filters" : ""}. Try a longer range or remove a
                filter.
              </EmptyState>
            ) : (
              <Results rows={rows} shown={shown} timeZone={timeZone} updating={!current} />
            )}
          </section>
        </div>
      )}
    </>
  );
}

// ---- controls ----------------------------------------------------------------------------------

type SetSearch = ReturnType<typeof useQueryStates<typeof metricsSearchParams>>[1];

function Controls({
  names,
  chosen,
  view,
  setSearch,
  timeZone,
}: {
  names: MetricName[];
  chosen: { name: string; info: MetricName | null };
  view: MetricsView;
  setSearch: SetSearch;
  timeZone: string;
}) {
  const toggleAggregation = (aggregation: MetricAggregation, on: boolean) => {
    const next = new Set(view.aggregations);
    if (on) next.add(aggregation);
    else next.delete(aggregation);
    if (next.size === 0) return;
    void setSearch({ agg: METRIC_AGGREGATIONS.filter((a) => next.has(a)) });
  };
  const listed = names.some((n) => n.name === chosen.name);

  return (
    <Card aria-labelledby="metric-view-title">
      <CardHeader>
        <CardTitle id="metric-view-title">View</CardTitle>
        <CardDescription>
          Every choice is kept in the address bar: copy it to share this view.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <div className="grid content-start gap-1.5">
            <Label htmlFor="metric-name">Metric</Label>
            <NativeSelect
              id="metric-name"
              value={chosen.name}
              aria-describedby="metric-details"
              // A new metric gets the aggregations that suit its kind.
              onChange={(e) => void setSearch({ metric: e.target.value, agg: null })}
            >
              {listed ? null : <option value={chosen.name}>{chosen.name}</option>}
              {names.map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name}
                </option>
              ))}
            </NativeSelect>
            <p id="metric-details" className="text-xs text-muted-foreground">
              {chosen.info ? (
                <>
                  {chosen.info.kind}
                  {chosen.info.unit ? ` · ${chosen.info.unit}` : ""} · {chosen.info.seriesCount}{" "}
                  series · last seen {formatDateTime(chosen.info.lastSeenAt, timeZone)}
                </>
              ) : (
                "Not among the tenant's metrics"
              )}
            </p>
          </div>
          <div className="grid content-start gap-1.5">
            <Label htmlFor="metric-bucket">Bucket</Label>
            <NativeSelect
              id="metric-bucket"
              value={view.bucket}
              onChange={(e) => void setSearch({ bucket: e.target.value as MetricBucket })}
            >
              {METRIC_BUCKETS.map((b) => (
                <option key={b} value={b}>
                  {BUCKET_LABELS[b]}
                </option>
              ))}
            </NativeSelect>
          </div>
        </div>

        <fieldset className="grid gap-2">
          <legend className="mb-1.5 text-sm font-medium">Range</legend>
          <div className="flex flex-wrap items-end gap-3">
            <div role="group" aria-label="Range presets" className="flex flex-wrap gap-2">
              {RANGE_PRESETS.map((p) => (
                <Button
                  key={p}
                  size="sm"
                  variant={view.range.preset === p ? "default" : "outline"}
                  aria-pressed={view.range.preset === p}
                  onClick={() => void setSearch({ range: p, from: null, to: null })}
                >
                  {PRESET_LABELS[p]}
                </Button>
              ))}
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="metric-from">From</Label>
              <Input
                id="metric-from"
                type="date"
                className="w-40"
                value={view.range.fromDate}
                max={view.range.toDate}
                onChange={(e) => {
                  if (e.target.value)
                    void setSearch({ range: null, from: e.target.value, to: view.range.toDate });
                }}
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="metric-to">To</Label>
              <Input
                id="metric-to"
                type="date"
                className="w-40"
                value={view.range.toDate}
                min={view.range.fromDate}
                onChange={(e) => {
                  if (e.target.value)
                    void setSearch({ range: null, from: view.range.fromDate, to: e.target.value });
                }}
              />
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend className="mb-2 text-sm font-medium">Aggregations</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {METRIC_AGGREGATIONS.map((a) => {
              const checked = view.aggregations.includes(a);
              const id = `metric-agg-${a}`;
              return (
                <div key={a} className="flex items-center gap-2">
                  <Checkbox
                    id={id}
                    checked={checked}
                    // The last one stays: a query needs at least one aggregation.
                    disabled={checked && view.aggregations.length === 1}
                    onCheckedChange={(state) => toggleAggregation(a, state === true)}
                  />
                  <Label htmlFor={id}>{AGGREGATION_LABELS[a]}</Label>
                </div>
              );
            })}
          </div>
        </fieldset>

        <div className="grid gap-4 md:grid-cols-2">
          <TagFilters tags={view.tags} setSearch={setSearch} />
          <GroupBy groupBy={view.groupBy} setSearch={setSearch} />
        </div>
      </CardContent>
    </Card>
  );
}

function TagFilters({ tags, setSearch }: { tags: TagPair[]; setSearch: SetSearch }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const write = (next: TagPair[]) =>
    void setSearch({ tag: next.length > 0 ? next.map(formatTagPair) : null });

  const add = (e: FormEvent) => {
    e.preventDefault();
    const k = key.trim();
    if (!isTagKey(k)) {
      setProblem("A tag key is 1 to 64 letters, digits, _ . or -");
      return;
    }
    if (value.length > 256) {
      setProblem("A tag value is at most 256 characters");
      return;
    }
    setProblem(null);
    write([...tags.filter((t) => t.key !== k), { key: k, value }]);
    setKey("");
    setValue("");
  };

  return (
    <form onSubmit={add} aria-labelledby="tag-filters-title" className="grid gap-2">
      <h3 id="tag-filters-title" className="text-sm font-medium">
        Tag filters
      </h3>
      {tags.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Active tag filters">
          {tags.map((t) => (
            <li key={t.key}>
              <Badge variant="secondary" className="gap-1 py-1 text-sm">
                <span>{formatTagPair(t)}</span>
                <button
                  type="button"
                  className="rounded-sm hover:bg-gray-300 focus-visible:outline-2 focus-visible:outline-ring"
                  aria-label={`Remove filter ${formatTagPair(t)}`}
                  onClick={() => write(tags.filter((x) => x.key !== t.key))}
                >
                  <X className="size-3.5" aria-hidden />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted-foreground">
          Only points whose tags match every filter are counted.
        </p>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="tag-key">Tag key</Label>
          <Input
            id="tag-key"
            className="w-36"
            value={key}
            placeholder="channel"
            aria-invalid={problem !== null}
            aria-describedby={problem ? "tag-problem" : undefined}
            onChange={(e) => setKey(e.target.value)}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tag-value">Tag value</Label>
          <Input
            id="tag-value"
            className="w-36"
            value={value}
            placeholder="web"
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline" disabled={key.trim() === ""}>
          <Plus aria-hidden /> Add filter
        </Button>
      </div>
      {problem ? (
        <p id="tag-problem" role="alert" className="text-xs text-red-800">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function GroupBy({ groupBy, setSearch }: { groupBy: string | null; setSearch: SetSearch }) {
  const [text, setText] = useState(groupBy ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  // Follow the URL (Back/Forward, a shared link) unless the field holds an edit.
  const [seen, setSeen] = useState(groupBy);
  if (seen !== groupBy) {
    setSeen(groupBy);
    setText(groupBy ?? "");
  }

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const k = text.trim();
    if (k !== "" && !isTagKey(k)) {
      setProblem("A tag key is 1 to 64 letters, digits, _ . or -");
      return;
    }
    setProblem(null);
    void setSearch({ groupBy: k === "" ? null : k });
  };

  return (
    <form onSubmit={apply} aria-labelledby="group-by-title" className="grid gap-2">
      <h3 id="group-by-title" className="text-sm font-medium">
        Grouping
      </h3>
      <p className="text-xs text-muted-foreground">
        {groupBy ? (
          <>
            One line per value of <strong>{groupBy}</strong>.
          </>
        ) : (
          "One line per aggregation. Group by a tag to get one line per tag value."
        )}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="group-by">Group by tag</Label>
          <Input
            id="group-by"
            className="w-40"
            value={text}
            placeholder="channel"
            aria-invalid={problem !== null}
            aria-describedby={problem ? "group-by-problem" : undefined}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline">
          Apply grouping
        </Button>
        {groupBy ? (
          <Button variant="ghost" onClick={() => void setSearch({ groupBy: null })}>
            Clear grouping
          </Button>
        ) : null}
      </div>
      {problem ? (
        <p id="group-by-problem" role="alert" className="text-xs text-red-800">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

// ---- results -----------------------------------------------------------------------------------

interface Shown {
  output: MetricsQueryOutput;
  metric: string;
  unit: string | null;
  aggregations: MetricAggregation[];
  bucket: MetricBucket;
  groupBy: string | null;
  fromDate: string;
  toDate: string;
  filtered: boolean;
}

function Results({
  rows,
  shown,
  timeZone,
  updating,
}: {
  rows: MetricRow[];
  shown: Shown;
  timeZone: string;
  updating: boolean;
}) {
  const { metric, unit, aggregations, bucket, groupBy } = shown;
  const chart = useMemo(
    () =>
      metricChartData(rows, aggregations, {
        grouped: groupBy !== null,
        groupLabel: (g) => g ?? `(no ${groupBy ?? "tag"})`,
        aggregationLabel: (a) => AGGREGATION_LABELS[a],
        bucketLabel: (b) => formatBucket(b, bucket, timeZone, "short"),
      }),
    [rows, aggregations, groupBy, bucket, timeZone],
  );
  const columns = useMemo(() => {
    const cols: ColumnDef<MetricRow, number | string>[] = [
      {
        id: "bucket",
        header: "Bucket",
        accessorFn: (r) => r.bucket.getTime(),
        cell: ({ row }) => (
          <time dateTime={row.original.bucket.toISOString()} className="whitespace-nowrap">
            {formatBucket(row.original.bucket, bucket, timeZone)}
          </time>
        ),
      },
    ];
    if (groupBy !== null) {
      cols.push({
        id: "group",
        header: groupBy,
        accessorFn: (r) => r.group ?? "",
        cell: ({ row }) => row.original.group ?? `(no ${groupBy})`,
      });
    }
    for (const a of aggregations) {
      cols.push({
        id: a,
        header:
          a === "count" || !unit ? AGGREGATION_LABELS[a] : `${AGGREGATION_LABELS[a]} (${unit})`,
        accessorFn: (r) => r.values[a] ?? Number.NEGATIVE_INFINITY,
        cell: ({ row }) => {
          const v = row.original.values[a];
          return <span className="tabular-nums">{v === undefined ? "—" : formatNumber(v)}</span>;
        },
      });
    }
    return cols;
  }, [aggregations, bucket, groupBy, timeZone, unit]);

  const title = `${metric}${unit ? ` (${unit})` : ""} per ${bucket}${groupBy ? `, by ${groupBy}` : ""}`;
  return (
    <>
      <Card aria-labelledby="metric-chart-title" className={updating ? "opacity-60" : undefined}>
        <CardHeader>
          <CardTitle id="metric-chart-title">{title}</CardTitle>
          {updating ? <CardDescription role="status">Updating…</CardDescription> : null}
        </CardHeader>
        <CardContent>
          <LineChart
            title={title}
            data={chart.data}
            x="bucket"
            series={chart.lines.map((l) => ({ key: l.key, label: l.label }))}
            formatValue={(v) => formatNumber(v)}
            height={300}
          />
        </CardContent>
      </Card>
      <Card aria-labelledby="metric-table-title">
        <CardHeader>
          <CardTitle id="metric-table-title">Data points</CardTitle>
          <CardDescription>
            {rows.length} {rows.length === 1 ? "row" : "rows"}; “Export CSV” downloads exactly
            these, with buckets as ISO instants (UTC).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <div
            className="max-h-[28rem] overflow-auto rounded-md border"
            tabIndex={0}
            aria-label="Data points table, scrollable"
          >
            <DataTable caption={`Data points of ${title}`} columns={columns} data={rows} />
          </div>
        </CardContent>
      </Card>
    </>
  );
}
