// The sweep job through the real worker and queue: a signed webhook recorded by ingestion is
// processed by the job (re-reading the local Stripe-speaking server), and the order becomes paid.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { ingestStripeWebhook, type StripePaymentProvider } from "@frontdesk/api";
import { callerFor, createTenantWithKey } from "@frontdesk/testing/api";
import { type LocalStripe } from "@frontdesk/testing/stripe-local";
import { useStripeTestbed } from "@frontdesk/testing/stripe-testbed";
import { orders, stripeEvents, type Database } from "@frontdesk/db";
import { testLogger, waitFor } from "@frontdesk/testing/worker";
import { startWorker, type Worker } from "../../worker";
import * as processStripeEvents from "./process-stripe-events";

const SECRET = "whsec_worker_test";
let local: LocalStripe;
let provider: StripePaymentProvider;
let database: Database;
let worker: Worker | undefined;
useStripeTestbed((t) => ({ database, local, provider } = t), { max: 4 });
// Registered after the testbed's, so it runs before the database closes (after-hooks run as a stack).
afterAll(async () => {
  await worker?.stop();
});

it("marks an order paid once the job has processed its recorded payment_intent.succeeded event", async () => {
  const tenant = await createTenantWithKey(database);
  const caller = await callerFor(database, { apiKey: tenant.adminKey }, { payments: provider });
  const order = await caller.orders.create({
    items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 2500 }],
    currency: "USD",
    idempotencyKey: randomUUID(),
  });
  if (!order.paymentIntentId) throw new Error("no payment intent");
  local.setPaymentIntentStatus(order.paymentIntentId, "succeeded");
  const hook = local.signedEvent({
    type: "payment_intent.succeeded",
    object: local.state.paymentIntents.get(order.paymentIntentId) ?? {},
    secret: SECRET,
  });
  const ingested = await ingestStripeWebhook({
    database,
    rawBody: hook.payload,
    signature: hook.signature,
    secret: SECRET,
  });
  expect(ingested.status).toBe(200);
  expect((await database.db.select().from(orders).where(eq(orders.id, order.id)))[0]?.status).toBe(
    "pending",
  );

  worker = await startWorker({
    database,
    logger: testLogger(),
    jobs: [processStripeEvents],
    payments: provider,
    workerId: "stripe-test",
  });
  const status = await waitFor("the order to be paid", async () => {
    const [row] = await database.db
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.id, order.id));
    return row?.status === "paid" ? row.status : undefined;
  });
  expect(status).toBe("paid");
  if (!ingested.eventId) throw new Error("no event id");
  const [event] = await database.db
    .select()
    .from(stripeEvents)
    .where(eq(stripeEvents.id, ingested.eventId));
  expect(event?.status).toBe("processed");
});
