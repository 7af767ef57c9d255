// The expiry job against the local Stripe-speaking server: a due order's PaymentIntent is cancelled
// (key `expire:<orderId>`) and the order expires; an order whose payment already succeeded at Stripe
// stays pending and is then paid by its webhook event; orders without a payment, or not yet due, or
// in another tenant are handled accordingly; the job also runs through the queue.
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ingestStripeWebhook, processStripeEvent, StripePaymentProvider } from "@frontdesk/api";
import { callerFor, createTenantWithKey } from "@frontdesk/testing/api";
import { startLocalStripe, type LocalStripe } from "@frontdesk/testing/stripe-local";
import { useStripeTestbed } from "@frontdesk/testing/stripe-testbed";
import { orders, type Database } from "@frontdesk/db";
import { testLogger, runQueuedJob } from "@frontdesk/testing/worker";
import { startWorker } from "../../worker";
import * as expireUnpaid from "./expire-unpaid";

const SECRET = "whsec_expiry_test";
let local: LocalStripe;
let provider: StripePaymentProvider;
let database: Database;
useStripeTestbed((t) => ({ database, local, provider } = t), { max: 4 });

async function newOrder(
  tenantKey: string,
  withPayment = true,
): Promise<{ id: string; paymentIntentId: string | null }> {
  const caller = await callerFor(
    database,
    { apiKey: tenantKey },
    withPayment ? { payments: provider } : {},
  );
  const order = await caller.orders.create({
    items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 1200 }],
    currency: "USD",
    idempotencyKey: randomUUID(),
  });
  return { id: order.id, paymentIntentId: order.paymentIntentId };
}

/** Moves the order's payment window so it ended `minutes` ago (negative: ends in the future). */
async function dueSince(id: string, minutes: number): Promise<void> {
  await database.db
    .update(orders)
    .set({ expiresAt: sql`now() - make_interval(mins => ${minutes}::int)` })
    .where(eq(orders.id, id));
}

async function statusOf(ids: string[]): Promise<Record<string, string>> {
  const rows = await database.db
    .select({ id: orders.id, status: orders.status })
    .from(orders)
    .where(inArray(orders.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

describe("orders.expire-unpaid", () => {
  it("cancels due orders' PaymentIntents and expires them, in every tenant; leaves others; a second run changes nothing", async () => {
    const a = await createTenantWithKey(database);
    const b = await createTenantWithKey(database);
    const due = await newOrder(a.adminKey);
    const notDue = await newOrder(a.adminKey);
    const noPayment = await newOrder(a.adminKey, false);
    const otherTenant = await newOrder(b.adminKey);
    await dueSince(due.id, 1);
    await dueSince(noPayment.id, 1);
    await dueSince(otherTenant.id, 10);
    await dueSince(notDue.id, -30);

    const counts = await expireUnpaid.expireUnpaidOrders(database, provider);
    // Other test files may leave due orders in a shared database: count at least ours.
    expect(counts.expired).toBeGreaterThanOrEqual(3);
    expect(await statusOf([due.id, notDue.id, noPayment.id, otherTenant.id])).toEqual({
      [due.id]: "expired",
      [notDue.id]: "pending",
      [noPayment.id]: "expired",
      [otherTenant.id]: "expired",
    });
    for (const order of [due, otherTenant]) {
      const pi = order.paymentIntentId
        ? local.state.paymentIntents.get(order.paymentIntentId)
        : undefined;
      expect(pi?.status).toBe("canceled");
      const cancels = local.state.requests.filter(
        (r) => r.path === `/v1/payment_intents/${order.paymentIntentId ?? ""}/cancel`,
      );
      expect(cancels.map((r) => r.idempotencyKey)).toEqual([`expire:${order.id}`]);
    }
    expect(
      notDue.paymentIntentId && local.state.paymentIntents.get(notDue.paymentIntentId)?.status,
    ).toBe("requires_payment_method");

    const requests = local.state.requests.length;
    await expireUnpaid.expireUnpaidOrders(database, provider);
    expect(await statusOf([due.id, noPayment.id, otherTenant.id])).toEqual({
      [due.id]: "expired",
      [noPayment.id]: "expired",
      [otherTenant.id]: "expired",
    });
    expect(local.state.requests.length).toBe(requests);
  });

  it("does not expire an order whose payment already succeeded at Stripe: the webhook marks it paid", async () => {
    const tenant = await createTenantWithKey(database);
    const order = await newOrder(tenant.adminKey);
    if (!order.paymentIntentId) throw new Error("no payment intent");
    await dueSince(order.id, 5);
    const pi = local.setPaymentIntentStatus(order.paymentIntentId, "succeeded");

    await expireUnpaid.expireUnpaidOrders(database, provider);
    expect(await statusOf([order.id])).toEqual({ [order.id]: "pending" });
    expect(local.state.paymentIntents.get(order.paymentIntentId)?.status).toBe("succeeded");

    const hook = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
    });
    const ingested = await ingestStripeWebhook({
      database,
      rawBody: hook.payload,
      signature: hook.signature,
      secret: SECRET,
    });
    if (!ingested.eventId) throw new Error("not recorded");
    expect(await processStripeEvent(database, ingested.eventId, provider)).toMatchObject({
      outcome: "processed",
      changed: true,
    });
    expect(await statusOf([order.id])).toEqual({ [order.id]: "paid" });
  });

  it("leaves a due order pending when Stripe cannot be reached, and expires it on the next run", async () => {
    const tenant = await createTenantWithKey(database);
    const order = await newOrder(tenant.adminKey);
    await dueSince(order.id, 5);
    const closed = await startLocalStripe();
    const offline = new StripePaymentProvider("sk_test_x", {
      host: closed.host,
      port: closed.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    await closed.close();

    const failed = await expireUnpaid.expireUnpaidOrders(database, offline);
    expect(failed.failed).toBeGreaterThanOrEqual(1);
    expect(await statusOf([order.id])).toEqual({ [order.id]: "pending" });

    await expireUnpaid.expireUnpaidOrders(database, provider);
    expect(await statusOf([order.id])).toEqual({ [order.id]: "expired" });
  });

  it("expires a due order when the job runs through the queue", async () => {
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "test-expire-unpaid",
      // No cron in the test: the only run is the job sent below.
      jobs: [{ queue: expireUnpaid.queue, handler: expireUnpaid.handler }],
      payments: provider,
    });
    try {
      const tenant = await createTenantWithKey(database);
      const order = await newOrder(tenant.adminKey);
      await dueSince(order.id, 2);
      const state = await runQueuedJob(worker.boss, expireUnpaid.queue);
      expect(state).toBe("completed");
      expect(await statusOf([order.id])).toEqual({ [order.id]: "expired" });
      expect(
        order.paymentIntentId && local.state.paymentIntents.get(order.paymentIntentId)?.status,
      ).toBe("canceled");
    } finally {
      await worker.stop();
    }
  });
});
