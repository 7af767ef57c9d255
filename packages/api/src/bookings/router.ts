import type { TRPCRouterRecord } from "@trpc/server";
import { tenantProcedure } from "../trpc";
import {
  bookingIdInput,
  cancelBookingInput,
  createBookingInput,
  createResourceInput,
  listBookingsInput,
  listResourcesInput,
  rescheduleBookingInput,
  resourceIdInput,
  slotsInput,
  updateResourceInput,
} from "./schemas";
import * as bookings from "./service";

export const bookingsRouter = {
  resources: {
    create: tenantProcedure
      .input(createResourceInput)
      .mutation(({ ctx, input }) => bookings.createResource(ctx.db, ctx.actor, input)),
    list: tenantProcedure
      .input(listResourcesInput)
      .query(({ ctx, input }) => bookings.listResources(ctx.db, ctx.actor, input)),
    get: tenantProcedure
      .input(resourceIdInput)
      .query(({ ctx, input }) => bookings.getResource(ctx.db, ctx.actor, input)),
    update: tenantProcedure
      .input(updateResourceInput)
      .mutation(({ ctx, input }) => bookings.updateResource(ctx.db, ctx.actor, input)),
    archive: tenantProcedure
      .input(resourceIdInput)
      .mutation(({ ctx, input }) => bookings.archiveResource(ctx.db, ctx.actor, input)),
  },
  slots: tenantProcedure
    .input(slotsInput)
    .query(({ ctx, input }) => bookings.listSlots(ctx.db, ctx.actor, input)),
  create: tenantProcedure
    .input(createBookingInput)
    .mutation(({ ctx, input }) => bookings.createBooking(ctx.db, ctx.actor, input)),
  confirm: tenantProcedure
    .input(bookingIdInput)
    .mutation(({ ctx, input }) => bookings.confirmBooking(ctx.db, ctx.actor, input)),
  cancel: tenantProcedure
    .input(cancelBookingInput)
    .mutation(({ ctx, input }) => bookings.cancelBooking(ctx.db, ctx.actor, input)),
  reschedule: tenantProcedure
    .input(rescheduleBookingInput)
    .mutation(({ ctx, input }) => bookings.rescheduleBooking(ctx.db, ctx.actor, input)),
  get: tenantProcedure
    .input(bookingIdInput)
    .query(({ ctx, input }) => bookings.getBooking(ctx.db, ctx.actor, input)),
  list: tenantProcedure
    .input(listBookingsInput)
    .query(({ ctx, input }) => bookings.listBookings(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
