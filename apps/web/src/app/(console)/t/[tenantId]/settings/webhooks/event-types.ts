// The event catalogue as the console offers it: grouped for the endpoint form's picker and the
// deliveries filter. The list itself comes from the API's one catalogue, read by the server page and
// passed down as a prop: importing it here would ship zod to the browser, whose schema compiler
// probes `new Function` and trips the page's CSP.
import type { WebhookEventType } from "@frontdesk/api/webhook-events";

export type EventType = WebhookEventType;

export interface EventCatalogue {
  /** Every type an endpoint can subscribe to, in catalogue order. */
  types: readonly EventType[];
  /** The type of `webhooks.sendTest` deliveries (filterable, not subscribable). */
  testType: string;
}

const GROUP_LABELS: Record<string, string> = {
  booking: "Bookings",
  order: "Orders",
  score: "Scores",
  phi: "PHI",
  member: "Members",
  api_key: "API keys",
};

export interface EventGroup {
  label: string;
  types: EventType[];
}

/** The catalogue grouped by object, in catalogue order. */
export function eventGroups(types: readonly EventType[]): EventGroup[] {
  const groups = new Map<string, EventType[]>();
  for (const type of types) {
    const object = type.slice(0, type.indexOf("."));
    groups.set(object, [...(groups.get(object) ?? []), type]);
  }
  return [...groups].map(([object, list]) => ({
    label: GROUP_LABELS[object] ?? object,
    types: list,
  }));
}
