// Bookings: calendar and list of the tenant's bookings. The server prefetches the first screen (the
// resources, and the calendar's or the list's bookings for the URL's filters) so the page arrives
// with data; the client components take over from there.
import type { Metadata } from "next";
import { tenantTimeZone } from "@/server/tenants";
import { HydrateClient, prefetchSettled, trpcServer } from "@/trpc/server";
import { BookingsView } from "./bookings-view";
import { todayInZone } from "./calendar-layout";
import { calendarInput, listInput, RESOURCE_OPTIONS_INPUT } from "./queries";
import { loadBookingsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Bookings" };

export default async function BookingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenantId } = await params;
  const query = await loadBookingsSearchParams(searchParams);
  // The layout has already checked the membership for this tenant.
  const timeZone = await tenantTimeZone(tenantId);
  const trpc = trpcServer(tenantId);

  const bookingsInput =
    query.tab === "calendar"
      ? calendarInput({
          anchor: query.date ?? todayInZone(timeZone),
          view: query.view,
          timeZone,
          resourceId: query.resource,
        })
      : listInput({
          timeZone,
          status: query.status,
          resourceId: query.resource,
          from: query.from,
          to: query.to,
          cursor: query.cursor,
        });
  await Promise.all([
    prefetchSettled(trpc.bookings.resources.list.queryOptions(RESOURCE_OPTIONS_INPUT)),
    prefetchSettled(trpc.bookings.list.queryOptions(bookingsInput)),
  ]);

  return (
    <HydrateClient>
      <BookingsView />
    </HydrateClient>
  );
}
