// Stripe webhooks: the raw body is verified against STRIPE_WEBHOOK_SECRET (default 300 s tolerance),
// recorded once in stripe_events (ON CONFLICT DO NOTHING) and answered at once; the worker processes
// recorded events by re-reading Stripe. Bad signatures get 400 and change nothing.
import { ingestStripeWebhook, processStripeEvent, readRequestBody } from "@frontdesk/api";
import { env } from "@/env";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";
import { getPayments } from "@/server/payments";
import { bodyGate } from "@/server/request-limits";

export const dynamic = "force-dynamic";

const MAX_WEBHOOK_BYTES = 512 * 1024;

const REFUSALS = { PAYLOAD_TOO_LARGE: 413, TIMEOUT: 408, SERVICE_UNAVAILABLE: 503 } as const;

export async function POST(req: Request): Promise<Response> {
  if (!env.STRIPE_WEBHOOK_SECRET)
    return Response.json({ error: "webhooks are not configured" }, { status: 400 });
  // Nothing to verify a delivery with before its body is read: without a signature it is not read
  // at all, and with one it is read under the same gate, cap and timeouts as tRPC bodies.
  if (!req.headers.get("stripe-signature"))
    return Response.json({ error: "invalid signature" }, { status: 400 });
  const read = await readRequestBody(req, {
    limit: MAX_WEBHOOK_BYTES,
    gate: bodyGate,
    refuse: (code, message) =>
      Response.json(
        { error: message },
        {
          status: REFUSALS[code],
          headers: code === "SERVICE_UNAVAILABLE" ? { "retry-after": "1" } : {},
        },
      ),
  });
  if (!read.ok) return read.response;
  const database = await getDatabase();
  const result = await ingestStripeWebhook({
    database,
    rawBody: Buffer.from(read.body ?? new Uint8Array()),
    signature: req.headers.get("stripe-signature"),
    secret: env.STRIPE_WEBHOOK_SECRET,
  });
  if (result.status !== 200) return Response.json({ error: "invalid signature" }, { status: 400 });
  // Best effort, after the answer is decided: lower latency than waiting for the worker's sweep,
  // which processes the event anyway if this fails.
  const payments = getPayments();
  if (payments && result.eventId && !result.duplicate) {
    const eventId = result.eventId;
    void processStripeEvent(database, eventId, payments).catch((error: unknown) =>
      logger.warn(
        { eventId, err: error instanceof Error ? error.name : "unknown" },
        "stripe event will be retried by the worker",
      ),
    );
  }
  return Response.json({ received: true, duplicate: result.duplicate ?? false });
}
