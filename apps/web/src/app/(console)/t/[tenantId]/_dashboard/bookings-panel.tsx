"use client";
// Today's and the coming days' live bookings, the first few rows of each.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import type { RouterOutputs } from "@frontdesk/api";
import { useConsole } from "@/components/console-context";
import { formatDay, formatTime } from "@/components/format";
import { EmptyState, QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import type { dashboardInputs } from "../dashboard-inputs";
import { Panel } from "./panel";

type Booking = RouterOutputs["bookings"]["list"]["items"][number];

/** Rows per bookings panel; the Bookings page has the rest. */
const MAX_ROWS = 8;

export const LIVE = new Set<Booking["status"]>(["pending", "confirmed"]);

const STATUS_VARIANT = {
  confirmed: "success",
  pending: "warning",
  cancelled: "secondary",
  expired: "secondary",
} as const;

export function BookingsPanel(props: {
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
    <Panel title={props.title} href={`/t/${tenantId}/bookings`} linkLabel="All bookings">
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
    </Panel>
  );
}
