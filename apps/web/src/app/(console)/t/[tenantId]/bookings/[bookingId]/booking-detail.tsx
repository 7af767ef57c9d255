"use client";
// A booking's page: who, when (in the tenant's zone, and the resource's when it differs), status,
// notes, cancellation reason, the rescheduled-from/to chain, and the actions a member may take.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { BackLink } from "@/components/back-link";
import { useConsole } from "@/components/console-context";
import { formatDateTime, formatDay, formatTime } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryState } from "@/components/query-state";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { isLiveStatus } from "../booking-status";
import { StatusBadge } from "../status-badge";
import { useResources, type Booking } from "../use-resources";
import { BookingActions } from "./booking-actions";

export function BookingDetail({ bookingId }: { bookingId: string }) {
  const trpc = useTRPC();
  const { tenantId } = useConsole();
  const query = useQuery(trpc.bookings.get.queryOptions({ id: bookingId }));
  return (
    <>
      <BackLink href={`/t/${tenantId}/bookings`}>All bookings</BackLink>
      <QueryState query={query} label="the booking" loadingRows={6}>
        {(booking) => <BookingDetailContent booking={booking} />}
      </QueryState>
    </>
  );
}

function BookingDetailContent({ booking }: { booking: Booking }) {
  const { tenantId, timeZone, canWrite } = useConsole();
  const { byId } = useResources();
  const resource = byId.get(booking.resourceId);
  const status = booking.status;
  const resourceZone = resource?.timeZone ?? timeZone;
  const when = `${formatDay(booking.start, timeZone)}, ${formatTime(booking.start, timeZone)}–${formatTime(booking.end, timeZone)}`;

  return (
    <>
      <PageHeader
        title={`Booking: ${booking.attendee.name}`}
        description={
          <>
            {when} · {resource?.name ?? "Unknown resource"}
          </>
        }
        actions={
          canWrite && isLiveStatus(status) && resource ? (
            <BookingActions booking={booking} resource={resource} status={status} />
          ) : null
        }
      />
      <Card className="max-w-3xl">
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
            <Row term="Status">
              <StatusBadge status={status} />
              {status === "pending" && booking.holdExpiresAt ? (
                <span className="ml-2 text-muted-foreground">
                  Held until {formatDateTime(booking.holdExpiresAt, timeZone)}; confirm it before
                  then.
                </span>
              ) : null}
            </Row>
            <Row term="Attendee">{booking.attendee.name}</Row>
            <Row term="Email">
              <a href={`mailto:${booking.attendee.email}`}>{booking.attendee.email}</a>
            </Row>
            <Row term="Resource">
              {resource ? (
                <>
                  {resource.name}
                  {resource.archivedAt ? (
                    <span className="text-muted-foreground"> (archived)</span>
                  ) : null}
                </>
              ) : (
                "Unknown resource"
              )}
            </Row>
            <Row term="Starts">
              {formatDateTime(booking.start, timeZone)}{" "}
              <span className="text-muted-foreground">({timeZone})</span>
            </Row>
            <Row term="Ends">{formatDateTime(booking.end, timeZone)}</Row>
            {resourceZone !== timeZone ? (
              <Row term="Resource's local time">
                {formatDateTime(booking.start, resourceZone)}–
                {formatTime(booking.end, resourceZone)} ({resourceZone})
              </Row>
            ) : null}
            <Row term="Notes">
              {booking.notes ? (
                <p className="whitespace-pre-wrap">{booking.notes}</p>
              ) : (
                <span className="text-muted-foreground">None</span>
              )}
            </Row>
            {booking.cancelReason ? (
              <Row term="Cancellation reason">{booking.cancelReason}</Row>
            ) : null}
            {booking.rescheduledFromId ? (
              <Row term="Rescheduled from">
                <Link href={`/t/${tenantId}/bookings/${booking.rescheduledFromId}`}>
                  View original booking
                </Link>
              </Row>
            ) : null}
            {booking.rescheduledToId ? (
              <Row term="Rescheduled to">
                <Link href={`/t/${tenantId}/bookings/${booking.rescheduledToId}`}>
                  View rescheduled booking
                </Link>
              </Row>
            ) : null}
            <Row term="Created">{formatDateTime(booking.createdAt, timeZone)}</Row>
          </dl>
        </CardContent>
      </Card>
    </>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-muted-foreground">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
