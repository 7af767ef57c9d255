// The outbound webhook events: every type, and the zod schema of each payload. This package is the
// ONE source of the payload shapes: the API emits through it (an event that does not parse is a bug
// the tests catch) and `@frontdesk/client` bundles it and exports it beside `verifyWebhook`, so an
// integrator's handler is typed and parsed by the same schemas. It imports nothing but zod, because
// integrators' programs (browsers and edge runtimes included) load it.
//
// Payloads are JSON: instants are ISO strings. Objects appear as the API returns them (masked values
// only: what the PHI gate stored, never raw input). packages/api/src/webhooks/events-agree.ts fails
// to compile when an API type changes and a payload schema here does not follow.
import { z } from "zod";

export const WEBHOOK_EVENT_TYPES = [
  "booking.created",
  "booking.confirmed",
  "booking.cancelled",
  "booking.rescheduled",
  "booking.expired",
  "order.created",
  "order.paid",
  "order.payment_failed",
  "order.refunded",
  "order.cancelled",
  "order.expired",
  "score.recorded",
  "phi.blocked",
  "phi.alerted",
  "member.added",
  "member.removed",
  "api_key.created",
  "api_key.revoked",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The type a test delivery (`webhooks.sendTest`) carries; it is never emitted by a change. */
export const WEBHOOK_TEST_EVENT_TYPE = "webhook.test";

const instant = z.iso.datetime({ offset: true });

export const bookingStatus = z.enum(["pending", "confirmed", "cancelled", "expired"]);
export const orderStatus = z.enum([
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "failed",
  "cancelled",
  "expired",
]);
export const refundStatus = z.enum(["pending", "succeeded", "failed", "canceled"]);
export const memberRole = z.enum(["owner", "admin", "member", "viewer"]);

export const webhookBooking = z.object({
  id: z.uuid(),
  resourceId: z.uuid(),
  slotId: z.string(),
  start: instant,
  end: instant,
  status: bookingStatus,
  attendee: z.object({ name: z.string(), email: z.string() }),
  notes: z.string().nullable(),
  holdExpiresAt: instant.nullable(),
  rescheduledFromId: z.uuid().nullable(),
  rescheduledToId: z.uuid().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
});

const orderItem = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitAmount: z.number().int(),
});

export const webhookOrder = z.object({
  id: z.uuid(),
  status: orderStatus,
  currency: z.string().length(3),
  items: z.array(orderItem),
  totalAmount: z.number().int(),
  refundedAmount: z.number().int(),
  customerEmail: z.string().nullable(),
  shippingAddress: z
    .object({
      line1: z.string(),
      line2: z.string().optional(),
      city: z.string(),
      region: z.string().optional(),
      postalCode: z.string(),
      country: z.string(),
    })
    .nullable(),
  notes: z.string().nullable(),
  paymentProvider: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  expiresAt: instant.nullable(),
  paidAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancelReason: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
});

export const webhookRefund = z.object({
  id: z.uuid(),
  amount: z.number().int(),
  currency: z.string().length(3),
  status: refundStatus,
  reason: z.string().nullable(),
  createdAt: instant,
});

export const webhookScore = z.object({
  id: z.uuid(),
  sessionId: z.string(),
  name: z.string(),
  kind: z.enum(["numeric", "categorical", "boolean"]),
  value: z.union([z.number(), z.string(), z.boolean()]),
  source: z.enum(["rubric", "annotation", "end_user", "api"]),
  configId: z.uuid().nullable(),
  comment: z.string().nullable(),
  createdAt: instant,
});

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    /** Unique per event: receivers deduplicate on it (delivery is at least once). */
    id: z.uuid(),
    type: z.literal(type),
    createdAt: instant,
    tenantId: z.uuid(),
    data,
  });

const booking = z.object({ booking: webhookBooking });
const order = z.object({ order: webhookOrder });

export const webhookEventSchemas = {
  "booking.created": envelope("booking.created", booking),
  "booking.confirmed": envelope("booking.confirmed", booking),
  "booking.cancelled": envelope("booking.cancelled", booking),
  /** One event for a reschedule: the new booking and the one it replaced, linked both ways. */
  "booking.rescheduled": envelope(
    "booking.rescheduled",
    z.object({ booking: webhookBooking, previous: webhookBooking }),
  ),
  "booking.expired": envelope("booking.expired", booking),
  "order.created": envelope("order.created", order),
  "order.paid": envelope("order.paid", order),
  "order.payment_failed": envelope("order.payment_failed", order),
  "order.refunded": envelope(
    "order.refunded",
    z.object({ order: webhookOrder, refund: webhookRefund }),
  ),
  "order.cancelled": envelope("order.cancelled", order),
  "order.expired": envelope("order.expired", order),
  "score.recorded": envelope("score.recorded", z.object({ score: webhookScore })),
  /** Type and source only: never the text, masked or not. */
  "phi.blocked": envelope(
    "phi.blocked",
    z.object({ types: z.array(z.string()), source: z.string() }),
  ),
  "phi.alerted": envelope(
    "phi.alerted",
    z.object({ types: z.array(z.string()), source: z.string() }),
  ),
  "member.added": envelope(
    "member.added",
    z.object({ member: z.object({ userId: z.uuid(), role: memberRole }) }),
  ),
  "member.removed": envelope(
    "member.removed",
    z.object({ member: z.object({ userId: z.uuid(), role: memberRole }) }),
  ),
  "api_key.created": envelope(
    "api_key.created",
    z.object({
      apiKey: z.object({
        id: z.uuid(),
        name: z.string(),
        prefix: z.string(),
        scopes: z.array(z.string()),
      }),
    }),
  ),
  "api_key.revoked": envelope(
    "api_key.revoked",
    z.object({
      apiKey: z.object({
        id: z.uuid(),
        name: z.string(),
        prefix: z.string(),
        scopes: z.array(z.string()),
      }),
    }),
  ),
} satisfies { [K in WebhookEventType]: z.ZodType };

export const webhookTestEvent = envelope(
  WEBHOOK_TEST_EVENT_TYPE,
  z.object({ message: z.string() }),
);

/** Any event a receiver may get: a discriminated union on `type`. */
export const webhookEvent = z.discriminatedUnion("type", [
  ...(Object.values(webhookEventSchemas) as [
    (typeof webhookEventSchemas)[WebhookEventType],
    ...(typeof webhookEventSchemas)[WebhookEventType][],
  ]),
  webhookTestEvent,
]);
export type WebhookEvent = z.infer<typeof webhookEvent>;
export type WebhookEventOf<T extends WebhookEventType> = z.infer<(typeof webhookEventSchemas)[T]>;
export type WebhookEventData<T extends WebhookEventType> = WebhookEventOf<T>["data"];
