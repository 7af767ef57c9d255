"use client";
// The headline conversation score: its mean over the period and its trend.
import { skipToken, useQuery } from "@tanstack/react-query";
import { LineChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import { formatInZone } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { useTRPC } from "@/trpc/react";
import { headlineScoreName, type dashboardInputs } from "../dashboard-inputs";
import { Panel } from "./panel";

export function ScorePanel({
  trendInput,
}: {
  trendInput: ReturnType<typeof dashboardInputs>["scoreTrend"];
}) {
  const trpc = useTRPC();
  const { tenantId, timeZone } = useConsole();
  const configs = useQuery(trpc.scores.configs.list.queryOptions());
  const name = headlineScoreName(configs.data);
  const summary = useQuery(trpc.scores.summary.queryOptions(name ? trendInput(name) : skipToken));
  return (
    <Panel
      title={name ? `Conversation score: ${name}` : "Conversation scores"}
      href={`/t/${tenantId}/scores`}
      linkLabel="Scores"
    >
      <QueryState query={configs} label="score settings">
        {() =>
          !name ? (
            <EmptyState title="No numeric score is configured yet.">
              Add a score config on the Scores page.
            </EmptyState>
          ) : (
            <QueryState query={summary} label="scores">
              {(data) => {
                const buckets = data.buckets;
                const count = buckets.reduce((n, b) => n + b.count, 0);
                if (count === 0) return <EmptyState title="No scores recorded in this period." />;
                const mean = buckets.reduce((s, b) => s + (b.mean ?? 0) * b.count, 0) / count;
                const scored = buckets.filter((b) => b.count > 0);
                const first = scored[0]?.mean ?? null;
                const last = scored[scored.length - 1]?.mean ?? null;
                const trend = first !== null && last !== null ? last - first : null;
                return (
                  <>
                    <p className="mb-2 text-sm">
                      <span className="text-2xl font-semibold tabular-nums">{mean.toFixed(2)}</span>{" "}
                      <span className="text-muted-foreground">mean over {count} conversations</span>
                      {trend !== null ? (
                        <span className="ml-2 text-muted-foreground">
                          ({trend >= 0 ? "up" : "down"} {Math.abs(trend).toFixed(2)} from the first
                          to the last bucket)
                        </span>
                      ) : null}
                    </p>
                    <LineChart
                      title={`Mean ${name} per ${data.bucket ?? "bucket"}`}
                      height={200}
                      x="label"
                      data={buckets.map((b) => ({
                        label: formatInZone(b.bucket, timeZone, "MMM d"),
                        mean: b.mean,
                        p50: b.p50,
                      }))}
                      series={[
                        { key: "mean", label: "Mean" },
                        { key: "p50", label: "Median" },
                      ]}
                      formatValue={(v) => v.toFixed(2)}
                    />
                  </>
                );
              }}
            </QueryState>
          )
        }
      </QueryState>
    </Panel>
  );
}
