"use client";
// The explorer's answer: the line chart and the table of points (what "Export CSV" downloads).
import { useMemo } from "react";
import { LineChart } from "@/components/chart";
import { DataTable, type ColumnDef } from "@/components/data-table";
import { formatNumber } from "@/components/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { metricChartData, type MetricRow } from "./metrics-csv";
import {
  AGGREGATION_LABELS,
  formatBucket,
  type MetricAggregation,
  type MetricBucket,
  type MetricsQueryOutput,
} from "./metrics-view";

/** What the chart and table show: an answer together with the view it answers. */
export interface Shown {
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

export function Results({
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
            valuesElsewhere="Its values are listed in the Data points table below."
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
