"use client";
// Orders: a filterable (status, customer email, created between two local days), cursor-paginated
// table, newest first, with money totals per currency for the page shown and for everything the
// filter matches. Members and above can create orders here; each row links to the order's page.
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@frontdesk/api";
import { useConsole } from "@/components/console-context";
import { DayRangeFields } from "@/components/day-range-fields";
import { FilterForm, UrlFilterField, UrlFilterSelect } from "@/components/url-filters";
import { DataTable, Pagination, type ColumnDef } from "@/components/data-table";
import { formatDateTime, formatMoney } from "@/components/format";
import { EmptyState, ErrorState, QueryState } from "@/components/query-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useCursorPager, useQueryStates } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import { NewOrderButton } from "./new-order-button";
import { pageTotals, type CurrencyTotal } from "./order-form";
import { ORDER_STATUSES, STATUS_LABELS, STATUS_VARIANTS } from "./order-status";
import {
  hasFilters,
  orderFilterParsers,
  ordersListInput,
  type OrderFilters,
} from "./orders-filters";

type Order = RouterOutputs["orders"]["list"]["items"][number];

export function shortId(id: string): string {
  return id.slice(0, 8);
}

function columns(tenantId: string, timeZone: string): ColumnDef<Order>[] {
  return [
    {
      id: "order",
      header: "Order",
      enableSorting: false,
      cell: ({ row }) => (
        <Link
          href={`/t/${tenantId}/orders/${row.original.id}`}
          className="font-mono text-sm font-medium text-primary underline-offset-4 hover:underline"
          aria-label={`Order ${shortId(row.original.id)}`}
        >
          {shortId(row.original.id)}
        </Link>
      ),
    },
    {
      id: "created",
      header: "Created",
      accessorFn: (o) => o.createdAt.getTime(),
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt.toISOString()} className="whitespace-nowrap">
          {formatDateTime(row.original.createdAt, timeZone)}
        </time>
      ),
    },
    {
      id: "customer",
      header: "Customer",
      accessorFn: (o) => o.customerEmail ?? "",
      cell: ({ row }) =>
        row.original.customerEmail ?? <span className="text-muted-foreground">—</span>,
    },
    {
      id: "items",
      header: "Items",
      accessorFn: (o) => o.items.reduce((n, i) => n + i.quantity, 0),
      cell: ({ row }) => {
        const units = row.original.items.reduce((n, i) => n + i.quantity, 0);
        return (
          <span className="whitespace-nowrap">
            {units} {units === 1 ? "unit" : "units"}
            <span className="text-muted-foreground">
              {" "}
              · {row.original.items.length} {row.original.items.length === 1 ? "line" : "lines"}
            </span>
          </span>
        );
      },
    },
    {
      id: "total",
      header: "Total",
      accessorKey: "totalAmount",
      cell: ({ row }) => (
        <span className="whitespace-nowrap tabular-nums">
          {formatMoney(row.original.totalAmount, row.original.currency)}
        </span>
      ),
    },
    {
      id: "refunded",
      header: "Refunded",
      accessorKey: "refundedAmount",
      cell: ({ row }) =>
        row.original.refundedAmount > 0 ? (
          <span className="whitespace-nowrap tabular-nums">
            {formatMoney(row.original.refundedAmount, row.original.currency)}
          </span>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    {
      id: "status",
      header: "Status",
      accessorKey: "status",
      cell: ({ row }) => (
        <Badge variant={STATUS_VARIANTS[row.original.status]}>
          {STATUS_LABELS[row.original.status]}
        </Badge>
      ),
    },
  ];
}

function TotalsTable({
  page,
  matching,
}: {
  page: CurrencyTotal[];
  matching: CurrencyTotal[] | undefined;
}) {
  const currencies = [
    ...new Set([...page.map((t) => t.currency), ...(matching ?? []).map((t) => t.currency)]),
  ].sort();
  if (currencies.length === 0) return null;
  const cell = (t: CurrencyTotal | undefined, currency: string) =>
    t ? (
      <>
        <span className="tabular-nums">{formatMoney(t.totalAmount, currency)}</span>
        <span className="text-muted-foreground">
          {" "}
          · {t.count} {t.count === 1 ? "order" : "orders"}
          {t.refundedAmount > 0 ? `, ${formatMoney(t.refundedAmount, currency)} refunded` : ""}
        </span>
      </>
    ) : (
      <span className="text-muted-foreground">—</span>
    );
  return (
    <section aria-labelledby="orders-totals-heading" className="rounded-lg border bg-card p-4">
      <h2 id="orders-totals-heading" className="mb-2 text-base font-semibold">
        Totals
      </h2>
      <table className="w-full text-sm">
        <caption className="visually-hidden">
          Order totals per currency, for this page and for all orders matching the filters
        </caption>
        <thead>
          <tr className="text-left text-xs text-muted-foreground uppercase">
            <th scope="col" className="py-1 pr-4 font-medium">
              Currency
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              This page
            </th>
            {matching ? (
              <th scope="col" className="py-1 font-medium">
                All matching orders
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {currencies.map((currency) => (
            <tr key={currency} className="border-t">
              <th scope="row" className="py-1.5 pr-4 text-left font-medium">
                {currency}
              </th>
              <td className="py-1.5 pr-4">
                {cell(
                  page.find((t) => t.currency === currency),
                  currency,
                )}
              </td>
              {matching ? (
                <td className="py-1.5">
                  {cell(
                    matching.find((t) => t.currency === currency),
                    currency,
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function OrdersView() {
  const trpc = useTRPC();
  const { tenantId, timeZone, canWrite } = useConsole();
  const [filters, setFilters] = useQueryStates(orderFilterParsers, { history: "push" });
  const pager = useCursorPager();
  const request = ordersListInput(filters, pager.cursor, timeZone);
  const query = useQuery({
    ...trpc.orders.list.queryOptions(request.ok ? request.input : skipToken),
    placeholderData: keepPreviousData,
  });
  const filtered = hasFilters(filters);

  const update = (patch: Partial<OrderFilters>) => {
    // Same tick: nuqs merges both into one URL change, so a filter change always starts at page 1.
    pager.reset();
    void setFilters(patch);
  };
  const clear = () => update({ status: null, email: null, from: null, to: null });

  return (
    <>
      <PageHeader
        title="Orders"
        description={<>Newest first. Times in {timeZone}; amounts in each order&apos;s currency.</>}
        actions={canWrite ? <NewOrderButton /> : null}
      />
      <div className="space-y-4">
        <FilterForm
          label="Filter orders"
          onApply={(read) => {
            const email = read("email");
            if (email !== filters.email) update({ email });
          }}
          filtered={filtered}
          onClear={clear}
        >
          <UrlFilterSelect
            id="orders-filter-status"
            label="Status"
            className="w-48"
            value={filters.status ?? null}
            onChange={(v) => update({ status: ORDER_STATUSES.find((s) => s === v) ?? null })}
            allLabel="All statuses"
          >
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </UrlFilterSelect>
          <UrlFilterField
            id="orders-filter-email"
            name="email"
            label="Customer email"
            className="w-60"
            value={filters.email ?? null}
            placeholder="name@example.com"
            maxLength={320}
            hint="The exact address (any letter case); press Enter to apply."
          />
          <DayRangeFields
            idPrefix="orders-filter"
            from={filters.from ?? null}
            to={filters.to ?? null}
            onChange={update}
          />
        </FilterForm>

        {!request.ok ? (
          <ErrorState label="orders" message={request.message} />
        ) : (
          <QueryState
            query={query}
            label="orders"
            loadingRows={6}
            empty={
              filtered ? (
                <EmptyState
                  title="No orders match these filters"
                  action={
                    <Button variant="outline" onClick={clear}>
                      Clear filters
                    </Button>
                  }
                >
                  Try another status, email or date range.
                </EmptyState>
              ) : (
                <EmptyState title="No orders yet">
                  Orders created {canWrite ? "with New order or " : ""}through the API appear in
                  this list.
                </EmptyState>
              )
            }
          >
            {(page) => (
              <div className="space-y-4">
                <TotalsTable page={pageTotals(page.items)} matching={page.totals} />
                <div className="rounded-lg border bg-card">
                  <DataTable
                    caption="Orders, newest first"
                    columns={columns(tenantId, timeZone)}
                    data={page.items}
                    getRowId={(o) => o.id}
                  />
                </div>
                <Pagination pager={pager} nextCursor={page.nextCursor} label="Orders" />
              </div>
            )}
          </QueryState>
        )}
      </div>
    </>
  );
}
