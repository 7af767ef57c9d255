// The inputs of the bookings page's queries, built in one place so the server's prefetch and the
// client's hooks produce the same query keys (a different key would fetch twice).
import type { RouterInputs } from "@frontdesk/api";
import type { BookingStatus } from "./booking-status";
import { addDays, viewRange, zonedInstant, type CalendarView } from "./calendar-layout";

type ListBookingsInput = RouterInputs["bookings"]["list"];

/** Every resource the pickers and name lookups need (archived ones too: old bookings name them). */
export const RESOURCE_OPTIONS_INPUT = {
  limit: 200,
  includeArchived: true,
} satisfies RouterInputs["bookings"]["resources"]["list"];

/** The calendar asks for one view's bookings in one page; it says so when there are more. */
export const CALENDAR_LIMIT = 200;
export const LIST_PAGE_SIZE = 50;
export const RESOURCES_PAGE_SIZE = 50;

export function calendarInput(args: {
  anchor: string;
  view: CalendarView;
  timeZone: string;
  resourceId: string | null;
}): ListBookingsInput {
  const { from, to } = viewRange(args.anchor, args.view, args.timeZone);
  return {
    from,
    to,
    ...(args.resourceId ? { resourceId: args.resourceId } : {}),
    order: "asc",
    limit: CALENDAR_LIMIT,
  };
}

export function listInput(args: {
  timeZone: string;
  status: BookingStatus | null;
  resourceId: string | null;
  /** Inclusive local dates. */
  from: string | null;
  to: string | null;
  cursor: string | null;
}): ListBookingsInput {
  return {
    ...(args.status ? { status: args.status } : {}),
    ...(args.resourceId ? { resourceId: args.resourceId } : {}),
    ...(args.from ? { from: zonedInstant(args.from, 0, args.timeZone) } : {}),
    ...(args.to ? { to: zonedInstant(addDays(args.to, 1), 0, args.timeZone) } : {}),
    ...(args.cursor ? { cursor: args.cursor } : {}),
    limit: LIST_PAGE_SIZE,
  };
}

export function resourcesInput(args: {
  includeArchived: boolean;
  cursor: string | null;
}): RouterInputs["bookings"]["resources"]["list"] {
  return {
    includeArchived: args.includeArchived,
    limit: RESOURCES_PAGE_SIZE,
    ...(args.cursor ? { cursor: args.cursor } : {}),
  };
}
