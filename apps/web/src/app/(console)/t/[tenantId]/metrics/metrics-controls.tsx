"use client";
// The explorer's view controls: metric, bucket, range, aggregations, tag filters and grouping. Every
// choice is written to the URL through `setSearch`.
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import type { useQueryStates } from "@/components/use-url-state";
import { GroupBy } from "./metrics-group-by";
import { TagFilters } from "./metrics-tag-filters";
import {
  AGGREGATION_LABELS,
  BUCKET_LABELS,
  METRIC_AGGREGATIONS,
  METRIC_BUCKETS,
  PRESET_LABELS,
  RANGE_PRESETS,
  type metricsSearchParams,
  type MetricAggregation,
  type MetricBucket,
  type MetricName,
  type MetricsView,
} from "./metrics-view";

export type SetSearch = ReturnType<typeof useQueryStates<typeof metricsSearchParams>>[1];

export function Controls({
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
