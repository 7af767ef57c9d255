"use client";
// One score name over the page's date range (`scores.summary`, buckets in the tenant's zone): how many,
// the mean, the trend of mean / p50 / p90 per day, week or month, and the distribution of values.
import { skipToken, useQuery } from "@tanstack/react-query";
import { BarChart, LineChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import { formatInZone, formatNumber } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { summaryTotals, totalDistribution } from "./score-forms";
import {
  chooseScoreName,
  CONFIGS_INPUT,
  resolveDays,
  SUMMARY_BUCKETS,
  summaryInput,
  scoresSearchParams,
  type ScoreSummary,
  type SummaryBucket,
} from "./scores-view";

const BUCKET_LABELS: Record<SummaryBucket, string> = { day: "Day", week: "Week", month: "Month" };
const BUCKET_PATTERNS: Record<SummaryBucket, string> = {
  day: "MMM d",
  week: "'Wk of' MMM d",
  month: "MMM yyyy",
};

export function ScoreOverview() {
  const { timeZone } = useConsole();
  const trpc = useTRPC();
  const [search, setSearch] = useQueryStates(scoresSearchParams, { history: "push" });
  const configs = useQuery(trpc.scores.configs.list.queryOptions(CONFIGS_INPUT));
  const name = configs.isSuccess ? chooseScoreName(search.score, configs.data) : search.score;
  const range = resolveDays(search, new Date(), timeZone);
  const summary = useQuery(
    trpc.scores.summary.queryOptions(name ? summaryInput(name, range, search.bucket) : skipToken),
  );

  const names = [
    ...new Set([...(configs.data ?? []).map((c) => c.name), ...(name ? [name] : [])]),
  ].sort();
  const config = configs.data?.find((c) => c.name === name) ?? null;

  return (
    <section aria-labelledby="score-overview-title" className="grid gap-4">
      <h2 id="score-overview-title" className="visually-hidden">
        Overview
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="score-overview-name">Score</Label>
          <NativeSelect
            id="score-overview-name"
            className="w-56"
            value={name ?? ""}
            disabled={names.length === 0}
            onChange={(e) => void setSearch({ score: e.target.value })}
          >
            {names.length === 0 ? <option value="">No scores yet</option> : null}
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="score-overview-bucket">Bucket</Label>
          <NativeSelect
            id="score-overview-bucket"
            className="w-32"
            value={search.bucket}
            onChange={(e) => {
              const bucket = SUMMARY_BUCKETS.find((b) => b === e.target.value);
              if (bucket) void setSearch({ bucket });
            }}
          >
            {SUMMARY_BUCKETS.map((b) => (
              <option key={b} value={b}>
                {BUCKET_LABELS[b]}
              </option>
            ))}
          </NativeSelect>
        </div>
        {config?.description ? (
          <p className="max-w-md pb-2 text-sm text-muted-foreground">{config.description}</p>
        ) : null}
      </div>

      {name ? (
        <QueryState query={summary} label={`${name} summary`} loadingRows={6}>
          {(data) => (
            <SummaryView
              summary={data}
              timeZone={timeZone}
              from={range.fromDate}
              to={range.toDate}
            />
          )}
        </QueryState>
      ) : (
        // Without a name the configs decide: loading, failed, or loaded without a score to show.
        <QueryState
          query={configs}
          label="score configs"
          isEmpty={() => true}
          empty={
            <EmptyState title="No scores to summarise yet">
              Record scores through the API or annotate a session; a score config (see Configs)
              fixes what a name accepts.
            </EmptyState>
          }
        >
          {() => null}
        </QueryState>
      )}
    </section>
  );
}

function SummaryView({
  summary,
  timeZone,
  from,
  to,
}: {
  summary: ScoreSummary;
  timeZone: string;
  from: string;
  to: string;
}) {
  const totals = summaryTotals(summary);
  if (totals.count === 0) {
    return (
      <EmptyState title={`No “${summary.name}” scores from ${from} to ${to}`}>
        Widen the date range, or pick another score.
      </EmptyState>
    );
  }
  const label = (bucket: string) => formatInZone(bucket, timeZone, BUCKET_PATTERNS[summary.bucket]);
  const distribution = totalDistribution(summary);
  const numeric = summary.kind !== "categorical";
  const trend = summary.buckets.map((b) => ({
    bucket: label(b.bucket),
    count: b.count,
    mean: b.mean,
    p50: b.p50,
    p90: b.p90,
  }));
  // Synthetic keys: Recharts reads dots in a data key as a path, and categories are free labels.
  const perBucket = summary.buckets.map((b) => ({
    bucket: label(b.bucket),
    ...Object.fromEntries(distribution.map((d, i) => [`c${i}`, b.distribution[d.label] ?? 0])),
  }));
  const distributionTitle =
    summary.kind === "numeric"
      ? summary.histogram === "range"
        ? `Distribution of ${summary.name} (value ranges)`
        : `Distribution of ${summary.name} (per value)`
      : `Distribution of ${summary.name}`;

  return (
    <div className="grid gap-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Scores" value={String(totals.count)} />
        {numeric && totals.mean !== null ? (
          <Stat
            label={summary.kind === "boolean" ? "Share true" : "Mean"}
            value={
              summary.kind === "boolean"
                ? `${formatNumber(totals.mean * 100, 1)}%`
                : formatNumber(totals.mean)
            }
          />
        ) : null}
        <Stat label="Kind" value={summary.kind ?? "—"} />
        <Stat label="Range" value={`${from} – ${to}`} />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="score-trend-title">
          <CardHeader>
            <CardTitle id="score-trend-title">
              {numeric ? `Trend of ${summary.name}` : `${summary.name} per ${summary.bucket}`}
            </CardTitle>
            <CardDescription>
              {numeric
                ? `Mean, p50 and p90 per ${summary.bucket}${summary.kind === "boolean" ? " (true = 1, false = 0)" : ""}; gaps are ${summary.bucket}s without scores.`
                : `How many of each category per ${summary.bucket}.`}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {numeric ? (
              <LineChart
                title={`Trend of ${summary.name}: mean, p50 and p90 per ${summary.bucket}`}
                data={trend}
                x="bucket"
                series={[
                  { key: "mean", label: "Mean" },
                  { key: "p50", label: "p50" },
                  { key: "p90", label: "p90" },
                ]}
                formatValue={(v) => formatNumber(v)}
              />
            ) : (
              <BarChart
                title={`${summary.name} per ${summary.bucket}`}
                data={perBucket}
                x="bucket"
                series={distribution.map((d, i) => ({ key: `c${i}`, label: d.label }))}
                stacked
              />
            )}
          </CardContent>
        </Card>
        <Card aria-labelledby="score-distribution-title">
          <CardHeader>
            <CardTitle id="score-distribution-title">{distributionTitle}</CardTitle>
            <CardDescription>Scores per value over the whole range.</CardDescription>
          </CardHeader>
          <CardContent>
            <BarChart
              title={distributionTitle}
              data={distribution.map((d) => ({ value: d.label, count: d.count }))}
              x="value"
              series={[{ key: "count", label: "Scores" }]}
            />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border bg-card p-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
