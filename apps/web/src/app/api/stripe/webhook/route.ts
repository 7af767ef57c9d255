// Stripe webhooks: the raw body is verified against STRIPE_WEBHOOK_SECRET (default 300 s tolerance),
// recorded once in stripe_events (ON CONFLICT DO NOTHING) and answered at once; the worker processes
// recorded events by re-reading Stripe. Bad signatures get 400 and change nothing.
import { ingestStripeWebhook, processStripeEvent } from "@frontdesk/api";
import { env } from "@/env";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";
import { getPayments } from "@/server/payments";
import { limitRequestBody } from "@/server/request-limits";

export const dynamic = "force-dynamic";

const MAX_WEBHOOK_BYTES = 512 * 1024;

export async function POST(req: Request): Promise<Response> {
  const limited = await limitRequestBody(req, MAX_WEBHOOK_BYTES);
  if (!limited.ok) return Response.json({ error: "payload too large" }, { status: 413 });
  if (!env.STRIPE_WEBHOOK_SECRET) return Response.json({ error: "webhooks are not configured" }, { status: 400 });
  const database = await getDatabase();
  const result = await ingestStripeWebhook({
    database,
    rawBody: await limited.request.text(),
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
      logger.warn({ eventId, err: error instanceof Error ? error.name : "unknown" }, "stripe event will be retried by the worker"),
    );
  }
  return Response.json({ received: true, duplicate: result.duplicate ?? false });
}
