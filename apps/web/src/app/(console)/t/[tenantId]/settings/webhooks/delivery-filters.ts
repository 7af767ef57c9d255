// The deliveries table's filters as they live in the URL, and the `webhooks.deliveries.list` input
// they mean. Shared by the server page (prefetch) and the client view, so both ask for the same query
// key. Days are calendar days in the tenant's zone: "from" counts from its midnight, "to" includes
// its whole day.
import { createLoader, parseAsString } from "nuqs/server";
import type { RouterInputs } from "@frontdesk/api";
import { parseDayRange } from "@/lib/day-range";
import type { EventCatalogue } from "./event-types";

export const DELIVERIES_PAGE_SIZE = 25;
/** Endpoints a tenant may have (the API's cap): one page lists them all. */
export const ENDPOINTS_PAGE_SIZE = 50;
/** The pager of the deliveries table keeps its cursor under this prefix (`dcursor`). */
export const DELIVERIES_PAGER = "d";

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryFilterParsers = {
  endpoint: parseAsString,
  type: parseAsString,
  status: parseAsString,
  from: parseAsString,
  to: parseAsString,
};

export const loadDeliverySearchParams = createLoader({
  ...deliveryFilterParsers,
  [`${DELIVERIES_PAGER}cursor`]: parseAsString,
});

export interface DeliveryFilters {
  endpoint: string | null;
  type: string | null;
  status: string | null;
  from: string | null;
  to: string | null;
}

export type DeliveriesListInput = RouterInputs["webhooks"]["deliveries"]["list"];
type EventTypeFilter = NonNullable<DeliveriesListInput["eventType"]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function hasFilters(f: DeliveryFilters): boolean {
  return Boolean(f.endpoint || f.type || f.status || f.from || f.to);
}

function isStatus(value: string): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(value);
}

function isEventType(value: string, catalogue: EventCatalogue): value is EventTypeFilter {
  return value === catalogue.testType || (catalogue.types as readonly string[]).includes(value);
}

/** The list input for these filters, or a message saying which filter cannot be used as it is. */
export function deliveriesListInput(
  f: DeliveryFilters,
  cursor: string | null | undefined,
  timeZone: string,
  catalogue: EventCatalogue,
): { ok: true; input: DeliveriesListInput } | { ok: false; message: string } {
  const input: DeliveriesListInput = { limit: DELIVERIES_PAGE_SIZE };
  if (f.endpoint) {
    if (!UUID.test(f.endpoint))
      return { ok: false, message: "Endpoint is not a valid endpoint id." };
    input.endpointId = f.endpoint.toLowerCase();
  }
  if (f.type) {
    if (!isEventType(f.type, catalogue))
      return {
        ok: false,
        message: `Event type "${f.type.slice(0, 60)}" is not one Frontdesk sends.`,
      };
    input.eventType = f.type;
  }
  if (f.status) {
    if (!isStatus(f.status))
      return { ok: false, message: "Status must be pending, succeeded or failed." };
    input.status = f.status;
  }
  const days = parseDayRange(f.from, f.to, timeZone);
  if (!days.ok) return days;
  if (days.from) input.from = days.from;
  if (days.to) input.to = days.to;
  if (cursor) input.cursor = cursor;
  return { ok: true, input };
}
