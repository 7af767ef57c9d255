"use client";
// PHI findings over the period, by what the gate did with them.
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@frontdesk/api";
import { BarChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import { formatInZone } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { useTRPC } from "@/trpc/react";
import type { dashboardInputs } from "../dashboard-inputs";
import { Panel } from "./panel";

type PhiStats = RouterOutputs["phiEvents"]["stats"];

const PHI_ACTIONS = ["masked", "blocked", "alerted"] as const;

export function phiByActionRows(stats: PhiStats, timeZone: string) {
  const rows = new Map<number, Record<string, string | number>>();
  for (const cell of stats.items) {
    const key = cell.bucket.getTime();
    const row = rows.get(key) ?? { label: formatInZone(cell.bucket, timeZone, "MMM d") };
    row[cell.action] =
      (typeof row[cell.action] === "number" ? Number(row[cell.action]) : 0) + cell.count;
    rows.set(key, row);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

export function PhiPanel({ input }: { input: ReturnType<typeof dashboardInputs>["phiStats"] }) {
  const trpc = useTRPC();
  const { tenantId, timeZone } = useConsole();
  const stats = useQuery(trpc.phiEvents.stats.queryOptions(input));
  return (
    <Panel title="PHI events by action" href={`/t/${tenantId}/phi`} linkLabel="PHI events">
      <QueryState
        query={stats}
        label="PHI events"
        empty={<EmptyState title="No PHI found in this period." />}
        isEmpty={(d) => d.totals.count === 0}
      >
        {(data) => {
          const actions = PHI_ACTIONS.filter((a) => (data.totals.byAction[a] ?? 0) > 0);
          return (
            <>
              <ul className="mb-2 flex flex-wrap gap-2 text-sm" aria-label="Totals by action">
                {actions.map((a) => (
                  <li key={a}>
                    <Badge
                      variant={
                        a === "blocked" ? "destructive" : a === "alerted" ? "warning" : "info"
                      }
                    >
                      {a}: {data.totals.byAction[a]}
                    </Badge>
                  </li>
                ))}
              </ul>
              <BarChart
                title="PHI events per bucket by action"
                height={200}
                x="label"
                stacked
                data={phiByActionRows(data, timeZone)}
                series={actions.map((a) => ({ key: a, label: a }))}
              />
            </>
          );
        }}
      </QueryState>
    </Panel>
  );
}
