// Stripe webhooks: ingestion (what the HTTP route calls with the RAW body) and processing (what the
// worker calls). Flow:
//
//   Stripe ──POST raw body + Stripe-Signature──▶ ingestStripeWebhook
//       constructEvent (default 300 s tolerance) ── bad, or signed > 300 s in the future ──▶ 400, nothing written
//       INSERT stripe_events (status 'received') ON CONFLICT (id) DO NOTHING ──▶ 200 (duplicate: true if seen)
//   worker ──▶ sweepStripeEvents ──▶ processStripeEvent(id), one transaction per event:
//       lock the row (FOR UPDATE SKIP LOCKED; a row someone else holds is theirs) ── not 'received' ──▶ done
//       re-read the PaymentIntent / Refund FROM STRIPE (the event body is only a pointer)
//       apply to the order (applyPaymentEvent; refunds by provider refund id) ──▶ status 'processed'
//       customer.subscription.* ──▶ re-read the Subscription ──▶ upsert `subscriptions`, set tenants.plan
//       invoice.paid / invoice.payment_failed ──▶ re-read the Invoice, then ITS Subscription ──▶ the same
//         subscription sync (a failed renewal that moved it to past_due/unpaid reaches tenants.plan)
//       unknown tenant / order / event type ──▶ 'ignored'; Stripe unreachable ──▶ attempts+1 (→ 'dead' at 5)
//
// Enqueueing: the `received` row IS the queue entry. pg-boss 12's `send` can take a `db` executor, but
// the API package does not depend on pg-boss and the dedupe row already carries everything a worker
// needs; a sweep with SKIP LOCKED gives the same exactly-once effect with one write on the hot path.
import { and, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import {
  orderRefunds,
  orders,
  stripeEvents,
  withTenant,
  type Database,
  type Db,
  isUuid,
} from "@frontdesk/db";
import { applySubscription } from "../billing/service";
import { AppError } from "../errors";
import { applyPaymentEvent } from "../orders/payment-events";
import { canTransition } from "../orders/status";
import type { BillingSubscription } from "../payments";
import type { PaymentIntentState, StripeReader } from "./stripe";

/** Invoice events that re-sync the invoice's subscription; other `invoice.*` types are recorded and ignored. */
const INVOICE_EVENTS = new Set(["invoice.paid", "invoice.payment_failed"]);

/** Attempts after which an event whose processing keeps failing goes to the dead letter status. */
export const MAX_EVENT_ATTEMPTS = 5;

export interface IngestInput {
  database: Database;
  rawBody: string | Buffer;
  signature: string | null | undefined;
  secret: string;
}

export interface IngestResult {
  status: 200 | 400;
  duplicate?: boolean;
  eventId?: string;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
}

/** How far a signature's timestamp may lie from our clock, either way: the SDK's default tolerance. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The `t=` of a Stripe-Signature header (seconds), or null when there is none or it is not a number. */
export function signatureTimestamp(header: string): number | null {
  for (const part of header.split(",")) {
    const [key, value] = part.split("=", 2).map((x) => x.trim());
    if (key === "t") return value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : null;
  }
  return null;
}

/** Verifies and records one delivery. Never throws for bad input: 400 means "not from Stripe". */
export async function ingestStripeWebhook(input: IngestInput): Promise<IngestResult> {
  if (!input.signature || !input.secret) return { status: 400 };
  let event: Stripe.Event;
  try {
    // Never pass 0 as the tolerance — it disables the age check.
    event = Stripe.webhooks.constructEvent(
      input.rawBody,
      input.signature,
      input.secret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch {
    return { status: 400 };
  }
  // The SDK refuses signatures older than the tolerance but accepts any from the future (a negative
  // age): a delivery signed ahead of time, or with a skewed clock, is refused the same way.
  const signedAt = signatureTimestamp(input.signature);
  const latest = Math.floor(Date.now() / 1000) + WEBHOOK_TOLERANCE_SECONDS;
  if (signedAt === null || signedAt > latest || event.created > latest) return { status: 400 };
  const object = record(record(event.data)?.object);
  const objectId = typeof object?.id === "string" ? object.id : null;
  const tenantId = record(object?.metadata)?.tenant_id;
  const inserted = await input.database.db
    .insert(stripeEvents)
    .values({
      id: event.id,
      type: event.type,
      objectId,
      account: typeof event.account === "string" ? event.account : null,
      tenantId: typeof tenantId === "string" && isUuid(tenantId) ? tenantId : null,
      stripeCreatedAt: new Date(event.created * 1000),
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return { status: 200, duplicate: inserted.length === 0, eventId: event.id };
}

export type ProcessOutcome = "processed" | "ignored" | "skipped" | "retry" | "dead";

export interface ProcessResult {
  outcome: ProcessOutcome;
  /** True when this call changed an order (status or refunds): counts effects exactly once. */
  changed: boolean;
  reason?: string;
}

type EventRow = typeof stripeEvents.$inferSelect;

interface Effect {
  status: "processed" | "ignored";
  changed: boolean;
  reason?: string;
}

/**
 * Processes one recorded event exactly once. Safe to call concurrently and repeatedly for the same id:
 * the first caller locks the row, later callers skip it (or find it no longer 'received').
 */
export async function processStripeEvent(
  database: Database,
  eventId: string,
  stripe: StripeReader,
): Promise<ProcessResult> {
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(stripeEvents)
      .where(and(eq(stripeEvents.id, eventId), eq(stripeEvents.status, "received")))
      .for("update", { skipLocked: true });
    if (!row) return { outcome: "skipped", changed: false };

    let effect: Effect;
    try {
      effect = await applyEvent(tx, row, stripe);
      // withTenant's SET LOCAL ROLE outlives its (released) savepoint: back to the owner for stripe_events.
      await tx.execute(sql`reset role`);
    } catch (error) {
      await tx.execute(sql`reset role`);
      if (error instanceof AppError && error.code === "CONFLICT") {
        // The order moved where this event cannot take it (e.g. paid after it expired): recorded, ignored.
        effect = { status: "ignored", changed: false, reason: error.message };
      } else if (error instanceof AppError && error.code === "NOT_FOUND") {
        effect = { status: "ignored", changed: false, reason: error.message };
      } else {
        // Stripe unreachable or another transient failure: count the attempt, leave it for the next sweep.
        const attempts = row.attempts + 1;
        const dead = attempts >= MAX_EVENT_ATTEMPTS;
        const reason = error instanceof Error ? error.message.slice(0, 500) : "processing failed";
        await tx
          .update(stripeEvents)
          .set({ attempts, status: dead ? "dead" : "received", lastError: reason })
          .where(eq(stripeEvents.id, row.id));
        return { outcome: dead ? "dead" : "retry", changed: false, reason };
      }
    }
    await tx
      .update(stripeEvents)
      .set({
        status: effect.status,
        attempts: row.attempts + 1,
        lastError: effect.reason ?? null,
        processedAt: sql`now()`,
      })
      .where(eq(stripeEvents.id, row.id));
    return {
      outcome: effect.status,
      changed: effect.changed,
      ...(effect.reason ? { reason: effect.reason } : {}),
    };
  });
}

/** Processes up to `limit` received events, oldest first; returns what happened to each. */
export async function sweepStripeEvents(
  database: Database,
  stripe: StripeReader,
  limit = 100,
): Promise<ProcessResult[]> {
  const pending = await database.db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(eq(stripeEvents.status, "received"))
    .orderBy(stripeEvents.receivedAt)
    .limit(limit);
  const results: ProcessResult[] = [];
  for (const { id } of pending) results.push(await processStripeEvent(database, id, stripe));
  return results;
}

async function applyEvent(tx: Db, row: EventRow, stripe: StripeReader): Promise<Effect> {
  if (!row.objectId)
    return { status: "ignored", changed: false, reason: "event without an object" };
  if (row.type.startsWith("payment_intent.")) {
    const intent = await stripe.retrievePaymentIntent(row.objectId);
    return reconcileIntent(tx, intent, null);
  }
  if (row.type.startsWith("refund.") || row.type.startsWith("charge.refund")) {
    // refund.* carry the refund; charge.refund.updated too. (charge.refunded carries a charge: not read here.)
    if (!row.objectId.startsWith("re_"))
      return {
        status: "ignored",
        changed: false,
        reason: "refund events are read through refund.* objects",
      };
    const refund = await stripe.retrieveRefund(row.objectId);
    if (!refund.paymentIntentId)
      return { status: "ignored", changed: false, reason: "refund without a payment" };
    const intent = await stripe.retrievePaymentIntent(refund.paymentIntentId);
    return reconcileIntent(tx, intent, refund);
  }
  if (row.type.startsWith("customer.subscription.")) {
    return syncSubscription(tx, await stripe.retrieveSubscription(row.objectId));
  }
  if (INVOICE_EVENTS.has(row.type)) {
    // The invoice says which subscription it is for; the subscription (re-read too) says what the
    // payment, or its failure, did to it: Stripe moves it to past_due / unpaid / active itself.
    const invoice = await stripe.retrieveInvoice(row.objectId);
    if (!invoice.subscriptionId || !invoice.customerId) {
      return { status: "ignored", changed: false, reason: "invoice without a subscription" };
    }
    const subscription = await stripe.retrieveSubscription(invoice.subscriptionId);
    if (subscription.customerId !== invoice.customerId) {
      return {
        status: "ignored",
        changed: false,
        reason: "invoice of another customer than its subscription's",
      };
    }
    return syncSubscription(tx, subscription);
  }
  return { status: "ignored", changed: false, reason: `event type ${row.type} is not handled` };
}

/**
 * Mirrors a subscription re-read from Stripe into its tenant (from the subscription's metadata). An
 * unknown tenant is ignored here; an unknown price, or a customer that is not the tenant's (an invoice
 * or subscription of a customer no tenant has), is CONFLICT / NOT_FOUND from applySubscription: recorded, ignored.
 */
async function syncSubscription(tx: Db, subscription: BillingSubscription): Promise<Effect> {
  const tenantId = subscription.metadata.tenant_id;
  if (!tenantId || !isUuid(tenantId)) {
    return { status: "ignored", changed: false, reason: "subscription without a Frontdesk tenant" };
  }
  const changed = await withTenant(tx, { tenantId }, (db) =>
    applySubscription(db, tenantId, subscription),
  );
  return { status: "processed", changed };
}

/** Brings the order behind `intent` to Stripe's current state (and records `refund` when given). */
async function reconcileIntent(
  tx: Db,
  intent: PaymentIntentState,
  refund: Awaited<ReturnType<StripeReader["retrieveRefund"]>> | null,
): Promise<Effect> {
  const tenantId = intent.metadata.tenant_id;
  const orderId = intent.metadata.order_id;
  if (!tenantId || !orderId || !isUuid(tenantId) || !isUuid(orderId)) {
    return {
      status: "ignored",
      changed: false,
      reason: "payment without a Frontdesk tenant/order",
    };
  }
  // The tenant's RLS scope, as a savepoint of the event transaction; the caller resets the role after.
  return withTenant(tx, { tenantId }, async (db) => {
    const [order] = await db
      .select()
      .from(orders)
      .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)))
      .for("update");
    if (!order || order.paymentIntentId !== intent.id) {
      return {
        status: "ignored",
        changed: false,
        reason: "unknown order for this payment",
      } satisfies Effect;
    }
    let changed = false;
    if (intent.status === "succeeded")
      changed = (await applyPaymentEvent(db, tenantId, orderId, "succeeded")).changed;
    else if (intent.status === "canceled")
      changed = (await applyPaymentEvent(db, tenantId, orderId, "canceled")).changed;
    else if (intent.status === "requires_payment_method" && intent.lastPaymentFailed) {
      changed = (await applyPaymentEvent(db, tenantId, orderId, "failed")).changed;
    }
    // processing / requires_action / requires_confirmation / requires_capture: no change.
    if (refund) changed = (await recordRefund(db, tenantId, orderId, refund)) || changed;
    return { status: "processed", changed } satisfies Effect;
  });
}

/** Records a Stripe refund on the order (a dashboard refund gets its own row); true when anything changed. */
async function recordRefund(
  db: Db,
  tenantId: string,
  orderId: string,
  refund: Awaited<ReturnType<StripeReader["retrieveRefund"]>>,
): Promise<boolean> {
  const status = refund.status;
  const [existing] = await db
    .select()
    .from(orderRefunds)
    .where(and(eq(orderRefunds.tenantId, tenantId), eq(orderRefunds.providerRefundId, refund.id)))
    .for("update");
  let newlySucceeded = false;
  if (!existing) {
    await db.insert(orderRefunds).values({
      tenantId,
      orderId,
      amount: refund.amount,
      currency: refund.currency.toUpperCase(),
      status,
      providerRefundId: refund.id,
      createdBy: "stripe",
    });
    newlySucceeded = status === "succeeded";
  } else if (existing.status !== status && existing.status !== "succeeded") {
    await db
      .update(orderRefunds)
      .set({ status })
      .where(and(eq(orderRefunds.tenantId, tenantId), eq(orderRefunds.id, existing.id)));
    newlySucceeded = status === "succeeded";
    if (!newlySucceeded) return true;
  }
  if (!newlySucceeded) return !existing;

  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)));
  if (!order) return true;
  const refundedAmount = Math.min(order.totalAmount, order.refundedAmount + refund.amount);
  const next = refundedAmount === order.totalAmount ? "refunded" : "partially_refunded";
  if (!canTransition(order.status, next)) {
    throw new AppError("CONFLICT", `Order cannot record a refund in its current status`);
  }
  await db
    .update(orders)
    .set({ refundedAmount, status: next })
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.id, orderId),
        inArray(orders.status, ["paid", "partially_refunded"]),
      ),
    );
  return true;
}
