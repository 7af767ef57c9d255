// One booking: attendee, times, status, notes, the bookings it was rescheduled from or to, and (for
// members and up) confirm / reschedule / cancel. The server prefetches the booking and the resources.
import type { Metadata } from "next";
import Link from "next/link";
import { isUuid } from "@frontdesk/db";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { RESOURCE_OPTIONS_INPUT } from "../queries";
import { BookingDetail } from "./booking-detail";

export const metadata: Metadata = { title: "Booking" };

export default async function BookingPage({
  params,
}: {
  params: Promise<{ tenantId: string; bookingId: string }>;
}) {
  const { tenantId, bookingId } = await params;
  if (!isUuid(bookingId)) {
    return (
      <>
        <h1>Booking not found</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          This link does not point to a booking.{" "}
          <Link href={`/t/${tenantId}/bookings`}>Back to bookings</Link>
        </p>
      </>
    );
  }
  const trpc = trpcServer(tenantId);
  await Promise.all([
    prefetchSettled(trpc.bookings.resources.list.queryOptions(RESOURCE_OPTIONS_INPUT)),
    prefetchSettled(trpc.bookings.get.queryOptions({ id: bookingId })),
  ]);
  return (
    <HydrateClient>
      <BookingDetail bookingId={bookingId} />
    </HydrateClient>
  );
}
