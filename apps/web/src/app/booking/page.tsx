// `/booking?token=…`: the attendee's view of a booking, from the link in every booking notice. Shows
// the time in the resource's zone, the resource and the status, and lets the attendee cancel a booking
// that has not started (a POST through the form below: opening the link changes nothing). To move
// it, the attendee contacts the sender (attendee rescheduling is not offered yet).
import type { Metadata } from "next";
import { bookingForManageToken, MAX_LINK_TOKEN_LENGTH } from "@frontdesk/api";
import { Button } from "@/components/ui/button";
import { mailEnv } from "@/env";
import { getDatabase } from "@/server/database";
import { cancelBooking } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your booking", referrer: "no-referrer" };

type SearchParams = Record<string, string | string[] | undefined>;

const STATUS_TEXT = {
  confirmed: "Confirmed",
  pending: "Waiting for confirmation",
  cancelled: "Cancelled",
  expired: "Not confirmed in time (expired)",
} as const;

function inZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

export default async function BookingPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const raw = Array.isArray(params.token) ? params.token[0] : params.token;
  const token = raw && raw.length <= MAX_LINK_TOKEN_LENGTH ? raw : "";
  const booking = token
    ? await bookingForManageToken((await getDatabase()).db, mailEnv.linkSecret, token)
    : null;
  const outcome =
    params.outcome === "cancelled" || params.outcome === "refused" ? params.outcome : null;
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="grid w-full max-w-md gap-4 rounded-lg border bg-card p-8 shadow-xs">
        <h1>Your booking</h1>
        {!booking ? (
          <p role="alert">
            This link is not valid or has expired. Use the link in the most recent message about
            your booking.
          </p>
        ) : (
          <>
            <dl className="grid gap-2">
              <dt className="text-sm text-muted-foreground">With</dt>
              <dd>
                {booking.resourceName} — {booking.tenantName}
              </dd>
              <dt className="text-sm text-muted-foreground">When</dt>
              <dd>{inZone(booking.startsAt, booking.timeZone)}</dd>
              <dt className="text-sm text-muted-foreground">Status</dt>
              <dd>{STATUS_TEXT[booking.status]}</dd>
            </dl>
            {outcome === "cancelled" && booking.status === "cancelled" ? (
              <p role="status">Your booking is cancelled. {booking.tenantName} has been told.</p>
            ) : null}
            {outcome === "refused" ? (
              <p role="alert">
                This booking can no longer be cancelled here. Contact {booking.tenantName}.
              </p>
            ) : null}
            {booking.cancellable ? (
              <form action={cancelBooking} className="grid gap-2">
                <input type="hidden" name="token" value={token} />
                <p className="text-sm text-muted-foreground">
                  Can&apos;t make it? Cancelling frees the time for someone else. To move the
                  booking instead, contact {booking.tenantName}.
                </p>
                <Button type="submit" variant="destructive">
                  Cancel this booking
                </Button>
              </form>
            ) : booking.status === "cancelled" || outcome === "refused" ? null : (
              <p className="text-sm text-muted-foreground">
                To change it, contact {booking.tenantName}.
              </p>
            )}
          </>
        )}
      </div>
    </main>
  );
}
