"use client";
// The headline numbers: bookings today and upcoming, revenue, PHI findings.
import { useQuery } from "@tanstack/react-query";
import { formatMoney, formatNumber } from "@/components/format";
import { useTRPC } from "@/trpc/react";
import type { dashboardInputs } from "../dashboard-inputs";
import { LIVE } from "./bookings-panel";
import { StatCard } from "./panel";

export function BookingCountCard({
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

export function RevenueCard({ input }: { input: ReturnType<typeof dashboardInputs>["revenue"] }) {
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

export function PhiTotalCard({ input }: { input: ReturnType<typeof dashboardInputs>["phiStats"] }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.phiEvents.stats.queryOptions(input));
  const blocked = stats.data?.totals.byAction.blocked ?? 0;
  return (
    <StatCard title="PHI findings" footer={stats.data ? `${blocked} writes blocked` : undefined}>
      {stats.isPending ? "…" : stats.isError ? "—" : formatNumber(stats.data.totals.count)}
    </StatCard>
  );
}
