"use client";
// One order: its items, total, status, payment (or the note that payments are not configured), the
// refund history and notes. Members may cancel a pending order; admins may refund a paid one (the
// API's policy: refunds move money, so `orders.refund` is admin-only). Viewers see it read-only.
import { useQuery } from "@tanstack/react-query";
import { Info } from "lucide-react";
import type { ReactNode } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { isNotFound } from "@/components/api-error";
import { BackLink } from "@/components/back-link";
import { useConsole } from "@/components/console-context";
import { formatDateTime, formatMoney } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { EmptyState, QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { refundableAmount } from "../order-form";
import {
  canCancel,
  canRefundStatus,
  REFUND_STATUS_LABELS,
  REFUND_STATUS_VARIANTS,
  STATUS_LABELS,
  STATUS_VARIANTS,
} from "../order-status";
import { CancelOrderDialog } from "./cancel-order-dialog";
import { RefundDialog } from "./refund-dialog";

type Order = RouterOutputs["orders"]["get"];

export const NO_PAYMENT_NOTE =
  "Payments are not configured on this server — orders have no payment attached.";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs font-medium text-muted-foreground uppercase">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export function OrderDetail({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const { tenantId } = useConsole();
  const query = useQuery(trpc.orders.get.queryOptions({ id: orderId }));
  return (
    <>
      <BackLink
        href={`/t/${tenantId}/orders`}
        className="text-primary underline-offset-4 hover:underline"
      >
        All orders
      </BackLink>
      <QueryState
        query={query}
        label="the order"
        loadingRows={6}
        failure={(error) =>
          isNotFound(error) ? (
            <EmptyState title="Order not found">
              It does not exist, or it belongs to another workspace.
            </EmptyState>
          ) : undefined
        }
      >
        {(order) => <OrderView order={order} />}
      </QueryState>
    </>
  );
}

function OrderView({ order }: { order: Order }) {
  const { timeZone, canWrite, isAdmin } = useConsole();
  const money = (amount: number) => formatMoney(amount, order.currency);
  const refundable = refundableAmount(order);
  const showRefund = isAdmin && canRefundStatus(order.status) && refundable > 0;
  const showCancel = canWrite && canCancel(order.status);

  return (
    <>
      <PageHeader
        title={`Order ${order.id.slice(0, 8)}`}
        description={
          <>
            Created {formatDateTime(order.createdAt, timeZone)} ({timeZone}) ·{" "}
            <code className="text-xs">{order.id}</code>
          </>
        }
        actions={
          showRefund || showCancel ? (
            <>
              {showRefund ? <RefundDialog order={order} /> : null}
              {showCancel ? <CancelOrderDialog order={order} /> : null}
            </>
          ) : null
        }
      />

      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-3">
          <CardContent className="pt-4">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
              <Fact label="Status">
                <Badge variant={STATUS_VARIANTS[order.status]}>{STATUS_LABELS[order.status]}</Badge>
              </Fact>
              <Fact label="Total">
                <span className="font-semibold tabular-nums">{money(order.totalAmount)}</span>
              </Fact>
              <Fact label="Refunded">
                <span className="tabular-nums">{money(order.refundedAmount)}</span>
              </Fact>
              {canRefundStatus(order.status) ? (
                <Fact label="Refundable">
                  <span className="tabular-nums">{money(refundable)}</span>
                </Fact>
              ) : null}
              <Fact label="Customer">
                {order.customerEmail ?? <span className="text-muted-foreground">—</span>}
              </Fact>
              <Fact label="Updated">{formatDateTime(order.updatedAt, timeZone)}</Fact>
            </dl>
          </CardContent>
        </Card>

        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Items</CardTitle>
          </CardHeader>
          <CardContent>
            <Table>
              <caption className="visually-hidden">Items of this order</caption>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">SKU</TableHead>
                  <TableHead scope="col">Name</TableHead>
                  <TableHead scope="col" className="text-right">
                    Qty
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    Unit price
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    Line total
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {order.items.map((item, i) => (
                  <TableRow key={`${item.sku}-${i}`}>
                    <TableCell>
                      <code className="text-xs">{item.sku}</code>
                    </TableCell>
                    <TableCell>{item.name}</TableCell>
                    <TableCell className="text-right tabular-nums">{item.quantity}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {money(item.unitAmount)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {money(item.quantity * item.unitAmount)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
              <TableFooter>
                <TableRow>
                  <TableCell colSpan={4} className="text-right">
                    Total
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {money(order.totalAmount)}
                  </TableCell>
                </TableRow>
              </TableFooter>
            </Table>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Payment</CardTitle>
          </CardHeader>
          <CardContent>
            {order.paymentIntentId ? (
              <dl className="grid gap-3">
                <Fact label="Provider">
                  {order.paymentProvider === "stripe" ? "Stripe" : (order.paymentProvider ?? "—")}
                </Fact>
                <Fact label="PaymentIntent">
                  <code className="text-xs break-all">{order.paymentIntentId}</code>
                </Fact>
                <Fact label="Paid">
                  {order.paidAt ? formatDateTime(order.paidAt, timeZone) : "Not yet"}
                </Fact>
                {order.status === "pending" && order.expiresAt ? (
                  <Fact label="Payment window ends">
                    {formatDateTime(order.expiresAt, timeZone)}
                  </Fact>
                ) : null}
              </dl>
            ) : (
              <p className="flex gap-2 text-sm">
                <Info className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                <span>{NO_PAYMENT_NOTE}</span>
              </p>
            )}
            {order.cancelledAt ? (
              <dl className="mt-3 grid gap-3 border-t pt-3">
                <Fact label="Cancelled">{formatDateTime(order.cancelledAt, timeZone)}</Fact>
                {order.cancelReason ? <Fact label="Reason">{order.cancelReason}</Fact> : null}
              </dl>
            ) : null}
          </CardContent>
        </Card>

        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Refunds</CardTitle>
          </CardHeader>
          <CardContent>
            {order.refunds.length === 0 ? (
              <p className="text-sm text-muted-foreground">No refunds.</p>
            ) : (
              <Table>
                <caption className="visually-hidden">Refunds of this order, oldest first</caption>
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">Time</TableHead>
                    <TableHead scope="col" className="text-right">
                      Amount
                    </TableHead>
                    <TableHead scope="col">Reason</TableHead>
                    <TableHead scope="col">Status</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {order.refunds.map((r) => (
                    <TableRow key={r.id}>
                      <TableCell className="whitespace-nowrap">
                        <time dateTime={r.createdAt.toISOString()}>
                          {formatDateTime(r.createdAt, timeZone)}
                        </time>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {formatMoney(r.amount, r.currency)}
                      </TableCell>
                      <TableCell>
                        {r.reason ?? <span className="text-muted-foreground">—</span>}
                      </TableCell>
                      <TableCell>
                        <Badge variant={REFUND_STATUS_VARIANTS[r.status]}>
                          {REFUND_STATUS_LABELS[r.status]}
                        </Badge>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Notes</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3">
            {order.notes ? (
              <p className="text-sm whitespace-pre-wrap">{order.notes}</p>
            ) : (
              <p className="text-sm text-muted-foreground">No notes.</p>
            )}
            {order.shippingAddress ? (
              <div>
                <h3 className="text-xs font-medium text-muted-foreground uppercase">
                  Shipping address
                </h3>
                <address className="text-sm not-italic">
                  {order.shippingAddress.line1}
                  <br />
                  {order.shippingAddress.line2 ? (
                    <>
                      {order.shippingAddress.line2}
                      <br />
                    </>
                  ) : null}
                  {order.shippingAddress.postalCode} {order.shippingAddress.city}
                  {order.shippingAddress.region ? `, ${order.shippingAddress.region}` : ""}
                  <br />
                  {order.shippingAddress.country}
                </address>
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
