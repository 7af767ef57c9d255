// The bookings page's URL state, shared by the server page (to prefetch exactly what the client will
// ask for) and the client components (nuqs hooks). Parsers come from `nuqs/server`, which carries no
// "use client" boundary and works on both sides.
import {
  createLoader,
  createParser,
  parseAsBoolean,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { BOOKING_STATUSES } from "./booking-status";
import { parseCalendarDate } from "./calendar-layout";

/** A "yyyy-MM-dd" calendar date; anything else reads as absent. */
export const parseAsCalendarDate = createParser({
  parse: (value: string) => (parseCalendarDate(value) ? value : null),
  serialize: (value: string) => value,
});

export const TABS = ["calendar", "list"] as const;
export type BookingsTab = (typeof TABS)[number];

export const bookingsSearchParams = {
  tab: parseAsStringLiteral(TABS).withDefault("calendar"),
  /** Calendar: day or week, anchored at `date` (today when absent). */
  view: parseAsStringLiteral(["day", "week"] as const).withDefault("week"),
  date: parseAsCalendarDate,
  /** Both views: one resource's bookings. */
  resource: parseAsString,
  /** Calendar: cancelled and expired bookings are hidden unless asked for. */
  showCancelled: parseAsBoolean.withDefault(false),
  /** List filters; from/to are inclusive local dates. */
  status: parseAsStringLiteral(BOOKING_STATUSES),
  from: parseAsCalendarDate,
  to: parseAsCalendarDate,
  cursor: parseAsString,
};

export const loadBookingsSearchParams = createLoader(bookingsSearchParams);

export const resourcesSearchParams = {
  archived: parseAsBoolean.withDefault(false),
  cursor: parseAsString,
};

export const loadResourcesSearchParams = createLoader(resourcesSearchParams);
