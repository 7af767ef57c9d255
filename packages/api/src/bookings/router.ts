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
import { cancelBooking, confirmBooking, createBooking, rescheduleBooking } from "./lifecycle";
import { getBooking, listBookings } from "./read";
import {
  archiveResource,
  createResource,
  getResource,
  listResources,
  updateResource,
} from "./resources";
import { listSlots } from "./slots";

export const bookingsRouter = {
  resources: {
    create: tenantProcedure
      .input(createResourceInput)
      .mutation(({ ctx, input }) => createResource(ctx.db, ctx.actor, input)),
    list: tenantProcedure
      .input(listResourcesInput)
      .query(({ ctx, input }) => listResources(ctx.db, ctx.actor, input)),
    get: tenantProcedure
      .input(resourceIdInput)
      .query(({ ctx, input }) => getResource(ctx.db, ctx.actor, input)),
    update: tenantProcedure
      .input(updateResourceInput)
      .mutation(({ ctx, input }) => updateResource(ctx.db, ctx.actor, input)),
    archive: tenantProcedure
      .input(resourceIdInput)
      .mutation(({ ctx, input }) => archiveResource(ctx.db, ctx.actor, input)),
  },
  slots: tenantProcedure
    .input(slotsInput)
    .query(({ ctx, input }) => listSlots(ctx.db, ctx.actor, input)),
  create: tenantProcedure
    .input(createBookingInput)
    .mutation(({ ctx, input }) => createBooking(ctx.db, ctx.actor, input)),
  confirm: tenantProcedure
    .input(bookingIdInput)
    .mutation(({ ctx, input }) => confirmBooking(ctx.db, ctx.actor, input)),
  cancel: tenantProcedure
    .input(cancelBookingInput)
    .mutation(({ ctx, input }) => cancelBooking(ctx.db, ctx.actor, input)),
  reschedule: tenantProcedure
    .input(rescheduleBookingInput)
    .mutation(({ ctx, input }) => rescheduleBooking(ctx.db, ctx.actor, input)),
  get: tenantProcedure
    .input(bookingIdInput)
    .query(({ ctx, input }) => getBooking(ctx.db, ctx.actor, input)),
  list: tenantProcedure
    .input(listBookingsInput)
    .query(({ ctx, input }) => listBookings(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
