"use client";
// The health report, refreshed every 30 s and on demand. Each check shows a status badge with text
// (never colour alone). Non-admins, or anyone the API refuses, see "Admins only" instead of an error.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import {
  AlertTriangle,
  CheckCircle2,
  HelpCircle,
  Lock,
  RefreshCw,
  Send,
  XCircle,
} from "lucide-react";
import { toast } from "sonner";
import { apiErrorMessage, isForbidden } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime, formatInZone } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { ErrorState, LoadingState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { useHydrated } from "@/components/use-hydrated";
import {
  healthChecks,
  LEVEL_LABELS,
  overallLevel,
  type Check,
  type HealthReport,
  type Level,
} from "./health-status";

const REFRESH_MS = 30_000;

const LEVEL_STYLE: Record<
  Level,
  { variant: "success" | "warning" | "destructive" | "secondary"; Icon: typeof CheckCircle2 }
> = {
  ok: { variant: "success", Icon: CheckCircle2 },
  warning: { variant: "warning", Icon: AlertTriangle },
  failing: { variant: "destructive", Icon: XCircle },
  unknown: { variant: "secondary", Icon: HelpCircle },
};

function LevelBadge({ level, label = LEVEL_LABELS[level] }: { level: Level; label?: string }) {
  const { variant, Icon } = LEVEL_STYLE[level];
  return (
    <Badge variant={variant}>
      <Icon className="size-3.5" aria-hidden />
      {label}
    </Badge>
  );
}

function AdminsOnly() {
  return (
    <>
      <PageHeader title="Health" />
      <div role="alert" className="flex items-start gap-3 rounded-md border bg-card p-4 text-sm">
        <Lock className="mt-0.5 size-4 shrink-0" aria-hidden />
        <div>
          <p className="font-medium">Admins only</p>
          <p className="text-muted-foreground">
            The health report is available to this tenant&apos;s admins and owners. Ask one of them
            if you need it.
          </p>
        </div>
      </div>
    </>
  );
}

export function HealthView() {
  const { isAdmin } = useConsole();
  return isAdmin ? <HealthReportView /> : <AdminsOnly />;
}

function HealthReportView() {
  const trpc = useTRPC();
  const { timeZone } = useConsole();
  const hydrated = useHydrated();
  const query = useQuery({ ...trpc.health.queryOptions(), refetchInterval: REFRESH_MS });

  if (query.isError && isForbidden(query.error)) return <AdminsOnly />;
  const report = query.isPending ? undefined : query.data;
  const refreshing = hydrated && query.isFetching;

  return (
    <>
      <PageHeader
        title="Health"
        description={
          report
            ? `Checked ${formatInZone(report.checkedAt, timeZone, "MMM d, yyyy, HH:mm:ss")} (${timeZone}). Refreshes every 30 seconds.`
            : "Refreshes every 30 seconds."
        }
        actions={
          <Button
            variant="outline"
            onClick={() => void query.refetch()}
            disabled={!hydrated || refreshing}
          >
            <RefreshCw className={refreshing ? "animate-spin" : undefined} aria-hidden />
            {/* The name stays "Refresh" while a refresh runs (auto-refresh too): the spinner shows it. */}
            Refresh
          </Button>
        }
      />
      {query.isPending ? (
        <LoadingState label="the health report" rows={6} />
      ) : report === undefined ? (
        <ErrorState
          label="the health report"
          message={query.error?.message ?? "unknown error"}
          onRetry={query.refetch}
        />
      ) : (
        <>
          {query.isError ? (
            <div className="mb-4">
              <ErrorState
                label="a fresh health report (showing the last one)"
                message={apiErrorMessage(query.error)}
                onRetry={query.refetch}
              />
            </div>
          ) : null}
          <Report report={report} />
        </>
      )}
    </>
  );
}

function Report({ report }: { report: HealthReport }) {
  const checks = healthChecks(report, report.checkedAt);
  const overall = overallLevel(report, checks);
  const { timeZone } = useConsole();
  const headline =
    overall === "ok"
      ? "All systems healthy"
      : overall === "failing"
        ? "Something is failing"
        : "Degraded";
  const lastSeen = report.worker.lastSeenAt;
  return (
    <div className="space-y-6">
      <section
        aria-labelledby="health-overall"
        className="flex flex-wrap items-center gap-3 rounded-lg border bg-card p-4 shadow-xs"
      >
        <h2 id="health-overall" className="text-base">
          Overall
        </h2>
        <LevelBadge level={overall} label={headline} />
        <span className="text-sm text-muted-foreground">
          {checks.filter((c) => c.level === "ok").length} of {checks.length} checks OK.
        </span>
      </section>
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Health checks">
        {checks.map((c) => (
          <li key={c.id}>
            <CheckCard check={c}>
              {c.id === "worker" && lastSeen ? (
                <p className="text-xs text-muted-foreground">
                  Last seen {formatDateTime(lastSeen, timeZone)}.
                </p>
              ) : null}
            </CheckCard>
          </li>
        ))}
      </ul>
      <DeadLetters report={report} />
      {report.email.recentDead.length > 0 ? <DeadEmail report={report} /> : null}
    </div>
  );
}

function CheckCard({ check, children }: { check: Check; children?: ReactNode }) {
  const headingId = `health-check-${check.id}`;
  return (
    <Card aria-labelledby={headingId} className="h-full">
      <CardHeader className="flex-row items-center justify-between gap-2">
        <CardTitle id={headingId}>{check.title}</CardTitle>
        <LevelBadge level={check.level} />
      </CardHeader>
      <CardContent className="space-y-1">
        <p className="text-sm">{check.summary}</p>
        {check.details.length > 0 ? (
          <ul className="text-xs text-muted-foreground">
            {check.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : null}
        {children}
      </CardContent>
    </Card>
  );
}

/** Issue #5: poison events end up dead; the report carries their counts. */
function DeadLetters({ report }: { report: HealthReport }) {
  const stripeDead = report.stripeEvents.dead;
  const queueDead = report.queue.deadLetters;
  const rows: { source: string; count: number | null; meaning: string }[] = [
    {
      source: "Stripe webhook events",
      count: stripeDead,
      meaning:
        "Failed every processing attempt; the payment or plan change they carry was not applied.",
    },
    {
      source: "Notifications",
      count: queueDead,
      meaning: "Failed every retry (reminders, PHI alerts…); they will not run again.",
    },
  ];
  const level: Level =
    stripeDead === null || queueDead === null
      ? "unknown"
      : stripeDead > 0
        ? "failing"
        : queueDead > 0
          ? "warning"
          : "ok";
  return (
    <Card aria-labelledby="health-dead-letters">
      <CardHeader className="flex-row items-center justify-between gap-2">
        <CardTitle id="health-dead-letters">Dead letters</CardTitle>
        <LevelBadge level={level} />
      </CardHeader>
      <CardContent>
        <table className="w-full text-sm">
          <caption className="visually-hidden">Dead-letter counts</caption>
          <thead>
            <tr className="border-b text-left text-xs font-semibold tracking-wide text-gray-700 uppercase">
              <th scope="col" className="py-2 pr-3">
                Source
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Dead
              </th>
              <th scope="col" className="py-2">
                Meaning
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.source} className="border-b last:border-0">
                <th scope="row" className="py-2 pr-3 text-left font-medium">
                  {r.source}
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{r.count ?? "unknown"}</td>
                <td className="py-2 text-muted-foreground">{r.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}

/**
 * Email that failed every attempt (the relay refused or was down): each can be queued again once the
 * cause is fixed, for 7 days; after that its recipient's address is erased and it is only history.
 */
function DeadEmail({ report }: { report: HealthReport }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const resend = useMutation(
    trpc.email.resend.mutationOptions({
      onSuccess: () => {
        toast.success("Queued again: it will be sent within a minute");
        void queryClient.invalidateQueries({ queryKey: trpc.health.queryKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );
  const { dead, recentDead } = report.email;
  return (
    <Card aria-labelledby="health-dead-email">
      <CardHeader>
        <CardTitle id="health-dead-email">Email not sent</CardTitle>
        <p className="text-sm text-muted-foreground">
          {dead === recentDead.length
            ? `${recentDead.length === 1 ? "This message" : "These messages"} failed every attempt.`
            : `The latest ${recentDead.length} of ${dead ?? "?"} messages that failed every attempt.`}{" "}
          Fix the cause (SMTP_URL, the relay), then send each again; after 7 days the
          recipient&apos;s address is erased and a message can no longer be sent.
        </p>
      </CardHeader>
      <CardContent>
        <table className="w-full text-sm">
          <caption className="visually-hidden">Email that failed every attempt</caption>
          <thead>
            <tr className="border-b text-left text-xs font-semibold tracking-wide text-gray-700 uppercase">
              <th scope="col" className="py-2 pr-3">
                Message
              </th>
              <th scope="col" className="py-2 pr-3">
                Queued
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Attempts
              </th>
              <th scope="col" className="py-2 pr-3">
                Last error
              </th>
              <th scope="col" className="py-2">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {recentDead.map((d) => (
              <tr key={d.id} className="border-b last:border-0">
                <th scope="row" className="py-2 pr-3 text-left font-mono font-normal">
                  {d.template}
                </th>
                <td className="py-2 pr-3">{formatDateTime(d.createdAt, timeZone)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{d.attempts}</td>
                <td className="py-2 pr-3 text-muted-foreground">{d.lastError ?? "unknown"}</td>
                <td className="py-2 text-right">
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={resend.isPending}
                    onClick={() => resend.mutate({ id: d.id })}
                    aria-label={`Send again: ${d.template}, queued ${formatDateTime(d.createdAt, timeZone)}`}
                  >
                    <Send aria-hidden />
                    Send again
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
