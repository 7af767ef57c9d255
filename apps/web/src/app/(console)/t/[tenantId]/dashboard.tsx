"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useMemo } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { useTRPC } from "@/trpc/react";
import styles from "./dashboard.module.css";

export interface DashboardRanges {
  now: string;
  todayStart: string;
  todayEnd: string;
  upcomingEnd: string;
  periodStart: string;
  periodDays: number;
  upcomingDays: number;
}

type Booking = RouterOutputs["bookings"]["list"]["items"][number];

export function Dashboard({ timeZone, ranges }: { timeZone: string; ranges: DashboardRanges }) {
  return (
    <>
      <header className={styles.header}>
        <h1>Dashboard</h1>
        <p className="muted">
          Times in {timeZone}. Orders and scores cover the last {ranges.periodDays} days.
        </p>
      </header>
      <div className={styles.grid}>
        <BookingsPanel
          title="Today's bookings"
          from={ranges.todayStart}
          to={ranges.todayEnd}
          timeZone={timeZone}
          showDate={false}
          empty="No bookings today."
        />
        <BookingsPanel
          title={`Upcoming (next ${ranges.upcomingDays} days)`}
          from={ranges.todayEnd}
          to={ranges.upcomingEnd}
          timeZone={timeZone}
          showDate
          empty="Nothing booked in the coming week."
        />
        <OrdersPanel from={ranges.periodStart} />
        <ScoresPanel from={ranges.periodStart} to={ranges.now} />
      </div>
    </>
  );
}

// ---- shared panel states -------------------------------------------------------------------------

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  refetch: () => unknown;
}

function Panel({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className={styles.panel} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Loading, error (with retry), or the content. */
function QueryState({ query, label, children }: { query: QueryLike; label: string; children: () => ReactNode }) {
  if (query.isPending) {
    return (
      <p className="muted" role="status" aria-live="polite">
        Loading {label}…
      </p>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="alert">
        <p className={styles.errorText}>Could not load {label}: {query.error?.message ?? "unknown error"}</p>
        <button type="button" className="button button-secondary" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children()}</>;
}

// ---- bookings -----------------------------------------------------------------------------------

function BookingsPanel(props: {
  title: string;
  from: string;
  to: string;
  timeZone: string;
  showDate: boolean;
  empty: string;
}) {
  const trpc = useTRPC();
  const bookings = useQuery(
    trpc.bookings.list.queryOptions({ from: props.from, to: props.to, order: "asc", limit: 50 }),
  );
  const resources = useQuery(trpc.bookings.resources.list.queryOptions({ limit: 200 }));
  const resourceNames = useMemo(
    () => new Map((resources.data?.items ?? []).map((r) => [r.id, r.name])),
    [resources.data],
  );
  const format = useMemo(
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone: props.timeZone,
        ...(props.showDate ? { weekday: "short", month: "short", day: "numeric" } : {}),
        hour: "numeric",
        minute: "2-digit",
      }),
    [props.timeZone, props.showDate],
  );
  const id = props.showDate ? "upcoming-bookings" : "today-bookings";
  return (
    <Panel title={props.title} id={id}>
      <QueryState query={bookings} label="bookings">
        {() => {
          const items = (bookings.data?.items ?? []).filter((b) => b.status !== "cancelled" && b.status !== "expired");
          if (items.length === 0) return <p className="muted">{props.empty}</p>;
          return (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Attendee</th>
                  <th scope="col">With</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((b: Booking) => (
                  <tr key={b.id}>
                    <td>
                      <time dateTime={b.start.toISOString()}>{format.format(b.start)}</time>
                    </td>
                    <td>{b.attendee.name}</td>
                    <td>{resourceNames.get(b.resourceId) ?? "—"}</td>
                    <td>
                      <span className={styles.status} data-status={b.status}>
                        {b.status}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </QueryState>
      {bookings.data?.nextCursor && <p className="muted">Showing the first 50.</p>}
    </Panel>
  );
}

// ---- orders -------------------------------------------------------------------------------------

/** Amounts are integer minor units; the currency decides how many (JPY 0, USD 2, KWD 3). */
function formatMoney(minor: number, currency: string): string {
  const formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(minor / 10 ** digits);
}

function OrdersPanel({ from }: { from: string }) {
  const trpc = useTRPC();
  const input = useMemo(() => ({ from: new Date(from), includeTotals: true, limit: 1 }), [from]);
  const orders = useQuery(trpc.orders.list.queryOptions(input));
  return (
    <Panel title="Orders" id="orders-summary">
      <QueryState query={orders} label="orders">
        {() => {
          const totals = orders.data?.totals ?? [];
          if (totals.length === 0) return <p className="muted">No orders in this period.</p>;
          return (
            <dl className={styles.stats}>
              {totals.map((t) => (
                <div key={t.currency} className={styles.stat}>
                  <dt>{t.currency} orders</dt>
                  <dd>
                    <span className={styles.figure}>{t.count}</span>
                    <span>{formatMoney(t.totalAmount, t.currency)} revenue</span>
                    <span className="muted">{formatMoney(t.refundedAmount, t.currency)} refunded</span>
                  </dd>
                </div>
              ))}
            </dl>
          );
        }}
      </QueryState>
    </Panel>
  );
}

// ---- scores -------------------------------------------------------------------------------------

function ScoresPanel({ from, to }: { from: string; to: string }) {
  const trpc = useTRPC();
  const configs = useQuery(trpc.scores.configs.list.queryOptions());
  // The first numeric score (by name) is the headline; the Scores page shows every one.
  const name = configs.data?.find((c) => c.kind === "numeric" && c.archivedAt === null)?.name;
  const summary = useQuery(
    trpc.scores.summary.queryOptions(name ? { name, from, to, bucket: "week" } : skipToken),
  );
  return (
    <Panel title={name ? `Conversation score: ${name}` : "Conversation scores"} id="scores-summary">
      <QueryState query={configs} label="score settings">
        {() =>
          !name ? (
            <p className="muted">No numeric score is configured yet.</p>
          ) : (
            <QueryState query={summary} label="scores">
              {() => {
                const buckets = summary.data?.buckets ?? [];
                const count = buckets.reduce((n, b) => n + b.count, 0);
                if (count === 0) return <p className="muted">No scores recorded in this period.</p>;
                const weighted = buckets.reduce((s, b) => s + (b.mean ?? 0) * b.count, 0);
                return (
                  <dl className={styles.stats}>
                    <div className={styles.stat}>
                      <dt>Mean</dt>
                      <dd className={styles.figure}>{(weighted / count).toFixed(2)}</dd>
                    </div>
                    <div className={styles.stat}>
                      <dt>Scored conversations</dt>
                      <dd className={styles.figure}>{count}</dd>
                    </div>
                  </dl>
                );
              }}
            </QueryState>
          )
        }
      </QueryState>
    </Panel>
  );
}
