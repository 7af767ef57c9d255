import { z } from "zod";
import { listInput } from "../pagination";
import { phiField } from "../phi-fields";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE } from "./events";

export const webhookId = phiField("token", z.uuid());
const id = webhookId;

/**
 * Absolute http(s) URL; whether it may be called is decided at send time (see sender.ts). Screened:
 * the service refuses one whose path or query carries PHI (it is stored and shown as given).
 */
const endpointUrl = phiField(
  "screened",
  z
    .string()
    .trim()
    .min(1)
    .max(2048)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password
        );
      } catch {
        return false;
      }
    }, "url must be an absolute https:// URL without credentials"),
);

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)].sort());

export const createEndpointInput = z.object({
  url: endpointUrl,
  /** Free text: through the PHI gate. */
  description: phiField("gated", z.string().trim().max(500)).optional(),
  /** The event types it wants; omitted: every type, including ones added later. */
  events: eventTypes.optional(),
});
export type CreateEndpointInput = z.input<typeof createEndpointInput>;

export const updateEndpointInput = z.object({
  id,
  url: endpointUrl.optional(),
  description: phiField("gated", z.string().trim().max(500)).nullable().optional(),
  /** null: every type. */
  events: eventTypes.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.input<typeof updateEndpointInput>;

export const endpointIdInput = z.object({ id });
export type EndpointIdInput = z.input<typeof endpointIdInput>;

export const rotateSecretInput = z.object({
  id,
  /** How long the old secret keeps signing beside the new one (default 24 h; 0 ends it now). */
  overlapHours: z.number().int().min(0).max(168).default(24),
});
export type RotateSecretInput = z.input<typeof rotateSecretInput>;

export const listEndpointsInput = listInput;
export type ListEndpointsInput = z.input<typeof listEndpointsInput>;

export const listDeliveriesInput = listInput
  .extend({
    endpointId: id.optional(),
    status: z.enum(["pending", "succeeded", "failed"]).optional(),
    /** A catalogue type, or `webhook.test` for test deliveries. */
    eventType: z.enum([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE]).optional(),
    /** Deliveries created at or after `from` and before `to`. */
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((i) => !i.from || !i.to || i.from < i.to, {
    message: "`from` must be before `to`",
    path: ["from"],
  });
export type ListDeliveriesInput = z.input<typeof listDeliveriesInput>;

export const replayInput = z.union([
  z.object({ id }),
  /** Every delivery of the endpoint created at or after `since`, at most 30 days back. */
  z.object({ endpointId: id, since: z.coerce.date() }),
]);
export type ReplayInput = z.output<typeof replayInput>;

export const sendTestInput = z.object({ endpointId: id });
export type SendTestInput = z.input<typeof sendTestInput>;

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  /** null: every event type. */
  events: string[] | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  /** The first characters of the secret, to tell secrets apart (never the secret). */
  secretHint: string;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EndpointWithSecret extends WebhookEndpoint {
  /** Shown once: on create and on rotation. */
  secret: string;
}

export interface WebhookDeliveryAttempt {
  attempt: number;
  statusCode: number | null;
  latencyMs: number;
  response: string | null;
  succeeded: boolean;
  createdAt: Date;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastResponse: string | null;
  createdAt: Date;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  payload: Record<string, unknown>;
  attemptLog: WebhookDeliveryAttempt[];
}
