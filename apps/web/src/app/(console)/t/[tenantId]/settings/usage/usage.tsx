"use client";
// Usage bars: one per metered quantity, "used of limit" for this billing period, with the plan.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useConsole } from "@/components/console-context";
import { formatNumber } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryState } from "@/components/query-state";
import { Card, CardContent } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { useTRPC } from "@/trpc/react";
import { formatPeriod, METRIC_LABELS, percentUsed } from "./usage-text";

export function Usage() {
  const trpc = useTRPC();
  const { tenantId } = useConsole();
  const usage = useQuery(trpc.usage.current.queryOptions());
  const tenant = useQuery(trpc.tenant.get.queryOptions());
  const period = usage.data?.[0]?.period;

  return (
    <>
      <PageHeader
        title="Usage"
        description={
          <>
            {tenant.data ? (
              <>
                Your plan: <strong className="capitalize">{tenant.data.plan}</strong>.{" "}
              </>
            ) : null}
            {period ? `This period: ${formatPeriod(period.start, period.end)}. ` : null}
            <Link href={`/t/${tenantId}/settings/billing`}>Change plan in Billing</Link>
          </>
        }
      />
      <QueryState query={usage} label="usage" loadingRows={5}>
        {(items) => (
          <Card>
            <CardContent className="pt-4">
              <ul className="grid gap-5">
                {items.map((item) => {
                  const label = METRIC_LABELS[item.metric];
                  const pct = percentUsed(item.used, item.limit);
                  const summary = `${formatNumber(item.used, 0)} of ${formatNumber(item.limit, 0)}`;
                  return (
                    <li key={item.metric} className="grid gap-1.5">
                      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                        <span className="font-medium">{label}</span>
                        <span className="text-muted-foreground tabular-nums">
                          {summary} ({pct}%)
                        </span>
                      </div>
                      <Progress value={pct} aria-label={`${label}: ${summary} used this period`} />
                      {item.used >= item.limit ? (
                        <p className="text-xs text-destructive">
                          Limit reached: new {label.toLowerCase()} are refused until the next period
                          or a plan upgrade.
                        </p>
                      ) : pct >= 80 ? (
                        <p className="text-xs text-amber-800">Close to the limit.</p>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </CardContent>
          </Card>
        )}
      </QueryState>
    </>
  );
}
