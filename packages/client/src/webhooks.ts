// Receiving Frontdesk's webhooks: `verifyWebhook(body, headers, secret)` checks a delivery's Standard
// Webhooks signature and timestamp (the `standardwebhooks` library, the same one the server signs
// with) and returns the event parsed by the SAME zod schemas the server emits through
// (@frontdesk/webhook-events, bundled into this package). Pure JavaScript: it runs in Node, browsers
// and edge runtimes (no node:crypto; Request/Headers from fetch work as well as node:http's).
import { Webhook, WebhookVerificationError as SignatureError } from "standardwebhooks";
import { webhookEvent, type WebhookEvent } from "@frontdesk/webhook-events";

export {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT_TYPE,
  webhookEvent,
  webhookEventSchemas,
  webhookTestEvent,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventOf,
  type WebhookEventType,
} from "@frontdesk/webhook-events";

/**
 * Why a delivery was refused:
 * - `headers`: a `webhook-id`, `webhook-timestamp` or `webhook-signature` header is missing or malformed;
 * - `timestamp`: signed more than 5 minutes before (or after) now — a replayed or delayed request;
 * - `signature`: no signature matches the body with this secret (tampered, or another endpoint's secret);
 * - `payload`: the signature is valid but the body is not an event this SDK version knows (a newer
 *   event type: `error.payload` holds the parsed JSON, and answering 2xx stops the retries).
 */
export type WebhookVerificationReason = "headers" | "timestamp" | "signature" | "payload";

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
    /** Only for `payload`: the signed JSON that did not parse as a known event. */
    readonly payload?: unknown,
  ) {
    super(message);
  }
}

/** node:http's `req.headers`, a plain record, or fetch's `Headers` (`request.headers`). */
export type WebhookHeaders =
  { get(name: string): string | null } | Record<string, string | readonly string[] | undefined>;

const SIGNATURE_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | readonly string[] | undefined>;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() !== name) continue;
    // node:http joins repeated headers of these names; a list would be ambiguous: take none.
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

const decoder = new TextDecoder();

/**
 * Verifies a webhook delivery and returns its typed event (`{ id, type, createdAt, tenantId, data }`).
 *
 * @param body the request body exactly as received (a string or its bytes) — not re-serialised JSON
 * @param headers the request's headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * @param secret the endpoint's signing secret, `whsec_…`
 * @throws WebhookVerificationError with a `reason`; answer 400 (401 for `signature`) and the
 *   delivery is retried, except for `payload`, which is signed and may be acknowledged.
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
): WebhookEvent {
  const text = typeof body === "string" ? body : decoder.decode(body);
  const signed: Record<string, string> = {};
  for (const name of SIGNATURE_HEADERS) {
    const value = headerValue(headers, name);
    if (!value) {
      throw new WebhookVerificationError("headers", `The ${name} header is missing`);
    }
    signed[name] = value;
  }
  let verifier: Webhook;
  try {
    verifier = new Webhook(secret);
  } catch {
    // Never echo the secret: the message says what shape is expected.
    throw new TypeError("verifyWebhook: the secret must be the endpoint's whsec_… signing secret");
  }
  let json: unknown;
  try {
    json = verifier.verify(text, signed);
  } catch (error) {
    if (!(error instanceof SignatureError)) {
      // The body passed the signature but is not JSON (the library parses after verifying).
      throw new WebhookVerificationError("payload", "The signed body is not JSON");
    }
    const message = error.message;
    const reason: WebhookVerificationReason = /timestamp too (?:old|new)/i.test(message)
      ? "timestamp"
      : /headers/i.test(message)
        ? "headers"
        : "signature";
    throw new WebhookVerificationError(reason, describe(reason));
  }
  const parsed = webhookEvent.safeParse(json);
  if (!parsed.success) {
    throw new WebhookVerificationError(
      "payload",
      "The signed payload is not an event this version of @frontdesk/client knows; update it",
      json,
    );
  }
  return parsed.data;
}

function describe(reason: WebhookVerificationReason): string {
  switch (reason) {
    case "timestamp":
      return "The webhook-timestamp is more than 5 minutes away from now: a replayed or delayed delivery";
    case "headers":
      return "The webhook-timestamp header is not a Unix time in seconds";
    default:
      return "No webhook-signature matches this body and secret";
  }
}
