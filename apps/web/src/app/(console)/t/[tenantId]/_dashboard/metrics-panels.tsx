"use client";
// The tenant's key metrics, one small chart each.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LineChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import { formatInZone, formatNumber } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import type { dashboardInputs } from "../dashboard-inputs";

export function MetricsPanels({ inputs }: { inputs: ReturnType<typeof dashboardInputs> }) {
  const trpc = useTRPC();
  const { tenantId } = useConsole();
  const names = useQuery(trpc.metrics.names.queryOptions(inputs.metricNames));
  return (
    <section aria-labelledby="key-metrics" className="mt-6">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="key-metrics">Key metrics</h2>
        <Link href={`/t/${tenantId}/metrics`} className="text-sm">
          Metrics explorer
        </Link>
      </div>
      <QueryState
        query={names}
        label="metrics"
        empty={
          <EmptyState title="No metrics recorded yet.">
            Send points with metrics.record or the SDK.
          </EmptyState>
        }
      >
        {(data) => (
          <div className="grid gap-4 xl:grid-cols-3">
            {data.items.map((m) => (
              <MetricCard
                key={m.name}
                name={m.name}
                unit={m.unit}
                input={inputs.metric(m.name, m.kind)}
              />
            ))}
          </div>
        )}
      </QueryState>
    </section>
  );
}

function MetricCard({
  name,
  unit,
  input,
}: {
  name: string;
  unit: string | null;
  input: ReturnType<ReturnType<typeof dashboardInputs>["metric"]>;
}) {
  const trpc = useTRPC();
  const { timeZone } = useConsole();
  const query = useQuery(trpc.metrics.query.queryOptions(input));
  const pattern = input.bucket === "hour" ? "MMM d HH:mm" : "MMM d";
  return (
    <Card>
      <CardHeader>
        <CardTitle className="font-mono text-sm">{name}</CardTitle>
        <CardDescription>
          {input.aggregations.join(", ")} per {input.bucket}
          {unit ? ` (${unit})` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <QueryState
          query={query}
          label={name}
          isEmpty={(d) => d.series.every((s) => s.points.length === 0)}
          empty={<EmptyState title="No points in this period." />}
        >
          {(data) => {
            const points = data.series[0]?.points ?? [];
            return (
              <LineChart
                title={`${name} per ${input.bucket}`}
                height={160}
                x="label"
                data={points.map((p) => {
                  const row: Record<string, string | number | null> = {
                    label: formatInZone(p.bucket, timeZone, pattern),
                  };
                  for (const a of input.aggregations) row[a] = p[a] ?? null;
                  return row;
                })}
                series={input.aggregations.map((a) => ({ key: a, label: a }))}
                formatValue={(v) => formatNumber(v)}
              />
            );
          }}
        </QueryState>
      </CardContent>
    </Card>
  );
}
