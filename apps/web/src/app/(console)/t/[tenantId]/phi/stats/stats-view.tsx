"use client";
// PHI stats: totals, a stacked bar chart per bucket (by type or by action), and totals per type.
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BarChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import { formatNumber } from "@/components/format";
import { EmptyState, ErrorState, QueryState } from "@/components/query-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { useHydrated } from "@/components/use-hydrated";
import { ACTION_TAKEN_INFO, PHI_ACTIONS_TAKEN, PHI_TYPE_DESCRIPTIONS } from "../phi-labels";
import {
  BUCKETS,
  BUCKET_LABELS,
  DEFAULT_BUCKET,
  GROUPINGS,
  RANGES,
  RANGE_LABELS,
  chartData,
  statsParsers,
  statsRequest,
  typeTotals,
  X_KEY,
  type Grouping,
  type Stats,
} from "./stats-series";

export function StatsView() {
  const trpc = useTRPC();
  const { timeZone } = useConsole();
  const [{ range, bucket, by }, setState] = useQueryStates(statsParsers, { history: "push" });
  // Ranges end at the next bucket boundary from page load: stable keys, no refetch per render.
  const [now] = useState(() => new Date());
  const hydrated = useHydrated();
  const request = statsRequest(range, bucket, now, timeZone);
  const query = useQuery({
    ...trpc.phiEvents.stats.queryOptions(request.ok ? request.input : skipToken),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="phi-stats-heading" className="space-y-4">
      <div>
        <h2 id="phi-stats-heading">Detection stats</h2>
        <p className="text-sm text-muted-foreground">
          Events per {bucket} in {timeZone}, stacked by {by}.
        </p>
      </div>
      <form aria-label="Stats range" onSubmit={(e) => e.preventDefault()}>
        <fieldset disabled={!hydrated} className="flex flex-wrap items-end gap-3">
          <div className="grid gap-1">
            <Label htmlFor="phi-stats-range">Range</Label>
            <NativeSelect
              id="phi-stats-range"
              className="w-44"
              value={range}
              onChange={(e) => {
                const next = RANGES.find((r) => r === e.target.value);
                if (next) void setState({ range: next, bucket: DEFAULT_BUCKET[next] });
              }}
            >
              {RANGES.map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABELS[r]}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1">
            <Label htmlFor="phi-stats-bucket">Bucket</Label>
            <NativeSelect
              id="phi-stats-bucket"
              className="w-36"
              value={bucket}
              onChange={(e) => {
                const next = BUCKETS.find((b) => b === e.target.value);
                if (next) void setState({ bucket: next });
              }}
            >
              {BUCKETS.map((b) => (
                <option key={b} value={b}>
                  {BUCKET_LABELS[b]}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1">
            <Label htmlFor="phi-stats-by">Group by</Label>
            <NativeSelect
              id="phi-stats-by"
              className="w-36"
              value={by}
              onChange={(e) => {
                const next = GROUPINGS.find((g) => g === e.target.value);
                if (next) void setState({ by: next });
              }}
            >
              {GROUPINGS.map((g) => (
                <option key={g} value={g}>
                  {GROUPING_LABELS[g]}
                </option>
              ))}
            </NativeSelect>
          </div>
        </fieldset>
      </form>

      {!request.ok ? (
        <ErrorState label="PHI stats" message={request.message} />
      ) : (
        <QueryState
          query={query}
          label="PHI stats"
          loadingRows={6}
          isEmpty={(s) => s.totals.count === 0}
          empty={
            <EmptyState title={`No PHI events in the ${RANGE_LABELS[range].toLowerCase()}`}>
              Counts appear once the gate masks, blocks or alerts on a write, or a scan is recorded.
            </EmptyState>
          }
        >
          {(stats) => (
            <div
              aria-busy={query.isFetching}
              className={query.isPlaceholderData ? "space-y-4 opacity-60" : "space-y-4"}
            >
              <Totals stats={stats} />
              <StatsChart
                stats={stats}
                range={{ from: new Date(request.input.from), to: new Date(request.input.to) }}
                by={by}
                label={RANGE_LABELS[range]}
              />
              <ByType stats={stats} />
            </div>
          )}
        </QueryState>
      )}
    </section>
  );
}

const GROUPING_LABELS: Record<Grouping, string> = { type: "Type", action: "Action" };

function StatsChart({
  stats,
  range,
  by,
  label,
}: {
  stats: Stats;
  range: { from: Date; to: Date };
  by: Grouping;
  label: string;
}) {
  const { rows, series } = chartData(stats, range, by);
  return (
    <Card aria-labelledby="phi-stats-chart-heading">
      <CardHeader>
        <CardTitle id="phi-stats-chart-heading">
          Events per {stats.bucket} by {by}
        </CardTitle>
        <CardDescription>{label}</CardDescription>
      </CardHeader>
      <CardContent>
        <BarChart
          title={`PHI events per ${stats.bucket} by ${by}, ${label.toLowerCase()}`}
          data={rows}
          x={X_KEY}
          series={series}
          stacked
          height={300}
        />
      </CardContent>
    </Card>
  );
}

function Totals({ stats }: { stats: Stats }) {
  const tiles = [
    { label: "Total events", value: stats.totals.count },
    ...PHI_ACTIONS_TAKEN.map((a) => ({
      label: ACTION_TAKEN_INFO[a].label,
      value: stats.totals.byAction[a] ?? 0,
    })),
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {tiles.map((t) => (
        <div key={t.label} className="rounded-lg border bg-card p-4 shadow-xs">
          <dt className="text-sm text-muted-foreground">{t.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{formatNumber(t.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ByType({ stats }: { stats: Stats }) {
  return (
    <Card aria-labelledby="phi-stats-by-type-heading">
      <CardHeader>
        <CardTitle id="phi-stats-by-type-heading">By type</CardTitle>
      </CardHeader>
      <CardContent>
        <Table>
          <caption className="visually-hidden">PHI events by type in the range</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Type</TableHead>
              <TableHead>Description</TableHead>
              <TableHead className="text-right">Events</TableHead>
              <TableHead className="text-right">Share</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {typeTotals(stats).map((r) => (
              <TableRow key={r.type}>
                <TableCell className="font-mono">{r.type}</TableCell>
                <TableCell className="text-muted-foreground">
                  {PHI_TYPE_DESCRIPTIONS[r.type]}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(r.count)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatNumber(r.share * 100, 1)}%
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
