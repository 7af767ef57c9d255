"use client";
// The dashboard: what a clinic or shop checks first thing — today's and upcoming bookings, the
// period's revenue and refunds, the conversation score and its trend, PHI events by action, and the
// key metrics. Every panel loads, fails and empties on its own, so one slow query never blanks the page.
import { skipToken, useQuery } from "@tanstack/react-query";
import { parseAsStringLiteral, useQueryState } from "nuqs";
import Link from "next/link";
import { useMemo, useTransition, type ReactNode } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { BarChart, LineChart } from "@/components/chart";
import { useConsole } from "@/components/console-context";
import {
  formatDay,
  formatInZone,
  formatMoney,
  formatNumber,
  formatTime,
} from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { EmptyState, QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import {
  DEFAULT_PERIOD,
  PERIOD_LABELS,
  PERIODS,
  dashboardInputs,
  headlineScoreName,
  type DashboardRanges,
} from "./dashboard-inputs";

type Booking = RouterOutputs["bookings"]["list"]["items"][number];
type PhiStats = RouterOutputs["phiEvents"]["stats"];

export function Dashboard({ ranges }: { ranges: DashboardRanges }) {
  const { timeZone } = useConsole();
  const inputs = useMemo(() => dashboardInputs(ranges), [ranges]);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Times in ${timeZone}. ${PERIOD_LABELS[ranges.period]}, today included.`}
        actions={<PeriodPicker />}
      />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <BookingCountCard title="Bookings today" input={inputs.today} />
        <BookingCountCard title={`Next ${ranges.upcomingDays} days`} input={inputs.upcoming} />
        <RevenueCard input={inputs.revenue} />
        <PhiTotalCard input={inputs.phiStats} />
      </div>
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <BookingsPanel
          title="Today's bookings"
          input={inputs.today}
          resources={inputs.resources}
          showDate={false}
          empty="No bookings today."
        />
        <BookingsPanel
          title={`Upcoming (next ${ranges.upcomingDays} days)`}
          input={inputs.upcoming}
          resources={inputs.resources}
          showDate
          empty="Nothing booked in the coming week."
        />
        <ScorePanel trendInput={inputs.scoreTrend} />
        <PhiPanel input={inputs.phiStats} />
      </div>
      <MetricsPanels inputs={inputs} />
    </>
  );
}

function PeriodPicker() {
  const [pending, startTransition] = useTransition();
  // shallow: false re-renders the server page, which recomputes the ranges and prefetches them.
  const [period, setPeriod] = useQueryState(
    "period",
    parseAsStringLiteral(PERIODS)
      .withDefault(DEFAULT_PERIOD)
      .withOptions({ shallow: false, startTransition }),
  );
  return (
    <div
      role="group"
      aria-label="Period"
      className="inline-flex rounded-md border bg-card p-0.5"
      aria-busy={pending}
    >
      {PERIODS.map((p) => (
        <button
          key={p}
          type="button"
          aria-pressed={p === period}
          onClick={() => void setPeriod(p)}
          className={
            p === period
              ? "rounded px-3 py-1 text-sm font-medium bg-primary text-primary-foreground"
              : "rounded px-3 py-1 text-sm font-medium text-foreground hover:bg-accent"
          }
        >
          {PERIOD_LABELS[p]}
        </button>
      ))}
    </div>
  );
}

// ---- headline numbers ---------------------------------------------------------------------------

function StatCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardDescription className="font-medium text-gray-700">{title}</CardDescription>
      </CardHeader>
      <CardContent>
        <div className="text-2xl font-semibold tabular-nums">{children}</div>
        {footer ? <p className="mt-1 text-xs text-muted-foreground">{footer}</p> : null}
      </CardContent>
    </Card>
  );
}

/** Rows per bookings panel; the Bookings page has the rest. */
const MAX_ROWS = 8;

const LIVE = new Set<Booking["status"]>(["pending", "confirmed"]);

function BookingCountCard({
  title,
  input,
}: {
  title: string;
  input: ReturnType<typeof dashboardInputs>["today"];
}) {
  const trpc = useTRPC();
  const bookings = useQuery(trpc.bookings.list.queryOptions(input));
  const live = bookings.data?.items.filter((b) => LIVE.has(b.status)) ?? [];
  const pending = live.filter((b) => b.status === "pending").length;
  return (
    <StatCard title={title} footer={bookings.data ? `${pending} awaiting confirmation` : undefined}>
      {bookings.isPending
        ? "…"
        : bookings.isError
          ? "—"
          : `${live.length}${bookings.data.nextCursor ? "+" : ""}`}
    </StatCard>
  );
}

function RevenueCard({ input }: { input: ReturnType<typeof dashboardInputs>["revenue"] }) {
  const trpc = useTRPC();
  const orders = useQuery(trpc.orders.list.queryOptions(input));
  const totals = orders.data?.totals ?? [];
  return (
    <StatCard
      title="Revenue"
      footer={
        totals.length > 0
          ? totals.map((t) => `${formatMoney(t.refundedAmount, t.currency)} refunded`).join(" · ")
          : orders.data
            ? "No paid orders in this period"
            : undefined
      }
    >
      {orders.isPending
        ? "…"
        : orders.isError
          ? "—"
          : totals.length === 0
            ? formatMoney(0, "USD")
            : totals.map((t) => (
                <span key={t.currency} className="block">
                  {formatMoney(t.totalAmount - t.refundedAmount, t.currency)}
                  <span className="ml-2 text-xs font-normal text-muted-foreground">
                    {t.count} orders
                  </span>
                </span>
              ))}
    </StatCard>
  );
}

function PhiTotalCard({ input }: { input: ReturnType<typeof dashboardInputs>["phiStats"] }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.phiEvents.stats.queryOptions(input));
  const blocked = stats.data?.totals.byAction.blocked ?? 0;
  return (
    <StatCard title="PHI findings" footer={stats.data ? `${blocked} writes blocked` : undefined}>
      {stats.isPending ? "…" : stats.isError ? "—" : formatNumber(stats.data.totals.count)}
    </StatCard>
  );
}

// ---- bookings -----------------------------------------------------------------------------------

const STATUS_VARIANT = {
  confirmed: "success",
  pending: "warning",
  cancelled: "secondary",
  expired: "secondary",
} as const;

function BookingsPanel(props: {
  title: string;
  input: ReturnType<typeof dashboardInputs>["today"];
  resources: ReturnType<typeof dashboardInputs>["resources"];
  showDate: boolean;
  empty: string;
}) {
  const trpc = useTRPC();
  const { tenantId, timeZone } = useConsole();
  const bookings = useQuery(trpc.bookings.list.queryOptions(props.input));
  const resources = useQuery(trpc.bookings.resources.list.queryOptions(props.resources));
  const resourceNames = useMemo(
    () => new Map((resources.data?.items ?? []).map((r) => [r.id, r.name])),
    [resources.data],
  );
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{props.title}</CardTitle>
        <Link href={`/t/${tenantId}/bookings`} className="text-sm">
          All bookings
        </Link>
      </CardHeader>
      <CardContent>
        <QueryState query={bookings} label="bookings">
          {(data) => {
            const items = data.items.filter((b) => LIVE.has(b.status));
            if (items.length === 0) return <EmptyState title={props.empty} />;
            const hidden = items.length - MAX_ROWS;
            return (
              <>
                <Table>
                  <caption className="visually-hidden">{props.title}</caption>
                  <TableHeader>
                    <TableRow>
                      <TableHead scope="col">When</TableHead>
                      <TableHead scope="col">Attendee</TableHead>
                      <TableHead scope="col">With</TableHead>
                      <TableHead scope="col">Status</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {items.slice(0, MAX_ROWS).map((b) => (
                      <TableRow key={b.id}>
                        <TableCell className="whitespace-nowrap tabular-nums">
                          <time dateTime={b.start.toISOString()}>
                            {props.showDate ? `${formatDay(b.start, timeZone)}, ` : ""}
                            {formatTime(b.start, timeZone)}
                          </time>
                        </TableCell>
                        <TableCell>{b.attendee.name}</TableCell>
                        <TableCell>{resourceNames.get(b.resourceId) ?? "—"}</TableCell>
                        <TableCell>
                          <Badge variant={STATUS_VARIANT[b.status]}>{b.status}</Badge>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {hidden > 0 || data.nextCursor ? (
                  <p className="mt-2 text-xs text-muted-foreground">
                    {hidden > 0 ? `${hidden}${data.nextCursor ? "+" : ""} more` : "More"} on the{" "}
                    <Link href={`/t/${tenantId}/bookings`} className="underline">
                      Bookings page
                    </Link>
                    .
                  </p>
                ) : null}
              </>
            );
          }}
        </QueryState>
      </CardContent>
    </Card>
  );
}

// ---- scores -------------------------------------------------------------------------------------

function ScorePanel({
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
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{name ? `Conversation score: ${name}` : "Conversation scores"}</CardTitle>
        <Link href={`/t/${tenantId}/scores`} className="text-sm">
          Scores
        </Link>
      </CardHeader>
      <CardContent>
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
                        <span className="text-2xl font-semibold tabular-nums">
                          {mean.toFixed(2)}
                        </span>{" "}
                        <span className="text-muted-foreground">
                          mean over {count} conversations
                        </span>
                        {trend !== null ? (
                          <span className="ml-2 text-muted-foreground">
                            ({trend >= 0 ? "up" : "down"} {Math.abs(trend).toFixed(2)} from the
                            first to the last bucket)
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
      </CardContent>
    </Card>
  );
}

// ---- PHI ----------------------------------------------------------------------------------------

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

function PhiPanel({ input }: { input: ReturnType<typeof dashboardInputs>["phiStats"] }) {
  const trpc = useTRPC();
  const { tenantId, timeZone } = useConsole();
  const stats = useQuery(trpc.phiEvents.stats.queryOptions(input));
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>PHI events by action</CardTitle>
        <Link href={`/t/${tenantId}/phi`} className="text-sm">
          PHI events
        </Link>
      </CardHeader>
      <CardContent>
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
      </CardContent>
    </Card>
  );
}

// ---- key metrics --------------------------------------------------------------------------------

function MetricsPanels({ inputs }: { inputs: ReturnType<typeof dashboardInputs> }) {
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
