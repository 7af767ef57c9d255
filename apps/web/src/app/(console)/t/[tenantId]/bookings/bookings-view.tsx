"use client";
// The Bookings page's client part: header with "New booking" (members and up) and a link to the
// resources, then the Calendar and List tabs (the tab is in the URL).
import { CalendarDays } from "lucide-react";
import Link from "next/link";
import { useConsole } from "@/components/console-context";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { BookingCalendar } from "./booking-calendar";
import { BookingsList } from "./bookings-list";
import { NewBookingDialog } from "./new-booking-dialog";
import { TABS } from "./search-params";
import { useBookingsParams } from "./use-bookings-params";

export function BookingsView() {
  const { tenantId, timeZone, canWrite } = useConsole();
  const { params, update } = useBookingsParams();
  return (
    <>
      <PageHeader
        title="Bookings"
        description={`Appointments across your resources. Times in ${timeZone}.`}
        actions={
          <>
            <Button variant="outline" asChild>
              <Link href={`/t/${tenantId}/bookings/resources`}>
                <CalendarDays aria-hidden /> Resources
              </Link>
            </Button>
            {canWrite ? (
              <NewBookingDialog defaultResourceId={params.resource} defaultDate={params.date} />
            ) : null}
          </>
        }
      />
      <Tabs
        value={params.tab}
        onValueChange={(tab) => {
          const next = TABS.find((t) => t === tab);
          if (next) update({ tab: next === "calendar" ? null : next });
        }}
      >
        <TabsList aria-label="Bookings views">
          <TabsTrigger value="calendar">Calendar</TabsTrigger>
          <TabsTrigger value="list">List</TabsTrigger>
        </TabsList>
        <TabsContent value="calendar">
          <BookingCalendar />
        </TabsContent>
        <TabsContent value="list">
          <BookingsList />
        </TabsContent>
      </Tabs>
    </>
  );
}
