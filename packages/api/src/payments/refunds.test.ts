// Partial refunds of an order paid through the local Stripe-speaking server: the order is paid only by
// a processed, signed payment_intent.succeeded event; refunds through `orders.refund` go to Stripe and
// add up to the total (→ refunded); one more is CONFLICT; Stripe's own refusal is CONFLICT too.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { orderRefunds, orders, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { type LocalStripe } from "@frontdesk/testing/stripe-local";
import { useStripeTestbed } from "@frontdesk/testing/stripe-testbed";
import { codeOf } from "@frontdesk/testing/errors";
import { type StripePaymentProvider } from "./stripe";
import { ingestStripeWebhook, processStripeEvent } from "./webhook";
import type { PaymentProvider } from "../payments";

const SECRET = "whsec_refunds_test";
let local: LocalStripe;
let stripe: Stripe;
let provider: StripePaymentProvider;
let database: Database;
let tenant: TestTenant;
useStripeTestbed((t) => ({ database, local, provider, stripe } = t));
beforeAll(async () => {
  tenant = await createTenantWithKey(database);
});

const caller = () => callerFor(database, { apiKey: tenant.adminKey }, { payments: provider });

/** An order of `amount` USD minor units, paid the only way an order gets paid: a processed, verified event. */
async function paidOrder(amount: number): Promise<{ id: string; paymentIntentId: string }> {
  const order = await (
    await caller()
  ).orders.create({
    items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: amount }],
    currency: "USD",
    idempotencyKey: randomUUID(),
  });
  if (!order.paymentIntentId) throw new Error("no payment intent");
  const pi = local.setPaymentIntentStatus(order.paymentIntentId, "succeeded");
  const hook = local.signedEvent({ type: "payment_intent.succeeded", object: pi, secret: SECRET });
  const ingested = await ingestStripeWebhook({
    database,
    rawBody: hook.payload,
    signature: hook.signature,
    secret: SECRET,
  });
  if (!ingested.eventId) throw new Error("event not recorded");
  expect(await processStripeEvent(database, ingested.eventId, provider)).toMatchObject({
    outcome: "processed",
    changed: true,
  });
  const [row] = await database.db
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, order.id));
  expect(row?.status).toBe("paid");
  return { id: order.id, paymentIntentId: order.paymentIntentId };
}

const stripeRefundsOf = (paymentIntentId: string) =>
  [...local.state.refunds.values()].filter((r) => r.payment_intent === paymentIntentId);

describe("partial refunds through Stripe", () => {
  it("partial refunds adding up to the total make the order refunded; one more is CONFLICT and reaches no one", async () => {
    const order = await paidOrder(2500);
    const api = await caller();

    const first = await api.orders.refund({
      id: order.id,
      amount: 1000,
      idempotencyKey: randomUUID(),
    });
    expect(first).toMatchObject({ status: "partially_refunded", refundedAmount: 1000 });
    const second = await api.orders.refund({
      id: order.id,
      amount: 1000,
      idempotencyKey: randomUUID(),
    });
    expect(second).toMatchObject({ status: "partially_refunded", refundedAmount: 2000 });
    const last = await api.orders.refund({
      id: order.id,
      amount: 500,
      idempotencyKey: randomUUID(),
    });
    expect(last).toMatchObject({ status: "refunded", refundedAmount: 2500 });
    expect(last.refunds.map((r) => [r.amount, r.status])).toEqual([
      [1000, "succeeded"],
      [1000, "succeeded"],
      [500, "succeeded"],
    ]);
    expect(
      stripeRefundsOf(order.paymentIntentId)
        .map((r) => r.amount)
        .sort(),
    ).toEqual([1000, 1000, 500].sort());

    const stripeRequests = local.state.requests.length;
    expect(
      await codeOf(api.orders.refund({ id: order.id, amount: 1, idempotencyKey: randomUUID() })),
    ).toBe("CONFLICT");
    expect(await codeOf(api.orders.refund({ id: order.id, idempotencyKey: randomUUID() }))).toBe(
      "CONFLICT",
    );
    expect(local.state.requests.length).toBe(stripeRequests);
    const rows = await database.db
      .select()
      .from(orderRefunds)
      .where(and(eq(orderRefunds.tenantId, tenant.tenantId), eq(orderRefunds.orderId, order.id)));
    expect(rows).toHaveLength(3);
  });

  it("a refund larger than what is left is CONFLICT before Stripe is asked", async () => {
    const order = await paidOrder(1000);
    const api = await caller();
    await api.orders.refund({ id: order.id, amount: 600, idempotencyKey: randomUUID() });
    expect(
      await codeOf(api.orders.refund({ id: order.id, amount: 401, idempotencyKey: randomUUID() })),
    ).toBe("CONFLICT");
    expect(stripeRefundsOf(order.paymentIntentId)).toHaveLength(1);
    expect(
      await api.orders.refund({ id: order.id, amount: 400, idempotencyKey: randomUUID() }),
    ).toMatchObject({ status: "refunded" });
  });

  it("Stripe's refusal (a refund made elsewhere used up the charge) maps to CONFLICT and leaves no refund row", async () => {
    const order = await paidOrder(2000);
    // A dashboard refund the webhook has not delivered yet: Stripe has 500 left, Frontdesk thinks 2000.
    await stripe.refunds.create({ payment_intent: order.paymentIntentId, amount: 1500 });

    const api = await caller();
    const error = await api.orders
      .refund({ id: order.id, amount: 1000, idempotencyKey: randomUUID() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).not.toMatch(/pi_|re_|req_/);
    const rows = await database.db
      .select()
      .from(orderRefunds)
      .where(and(eq(orderRefunds.tenantId, tenant.tenantId), eq(orderRefunds.orderId, order.id)));
    expect(rows).toEqual([]);
    const [row] = await database.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: "paid", refundedAmount: 0 });

    // What Stripe still allows goes through.
    expect(
      await api.orders.refund({ id: order.id, amount: 500, idempotencyKey: randomUUID() }),
    ).toMatchObject({ status: "partially_refunded", refundedAmount: 500 });
  });

  it("a retried refund with the same idempotency key refunds once at Stripe", async () => {
    const order = await paidOrder(900);
    const key = randomUUID();
    const api = await caller();
    const once = await api.orders.refund({ id: order.id, amount: 300, idempotencyKey: key });
    const again = await api.orders.refund({ id: order.id, amount: 300, idempotencyKey: key });
    expect(again.refunds).toEqual(once.refunds);
    expect(stripeRefundsOf(order.paymentIntentId)).toHaveLength(1);
  });

  it("a refund whose transaction is re-run after a serialization failure refunds once at Stripe, with or without a key", async () => {
    for (const idempotencyKey of [undefined, randomUUID()]) {
      const order = await paidOrder(1200);
      // Stripe answers, then the request's transaction fails as a serialization failure would
      // (SQLSTATE 40001) — tenantProcedure re-runs the whole procedure, Stripe call included.
      let failures = 1;
      const flaky: PaymentProvider = {
        createPayment: (input) => provider.createPayment(input),
        cancelPayment: (id, key) => provider.cancelPayment(id, key),
        async refund(input) {
          const result = await provider.refund(input);
          if (failures-- > 0)
            throw Object.assign(new Error("could not serialize access due to concurrent update"), {
              code: "40001",
            });
          return result;
        },
      };
      const api = await callerFor(database, { apiKey: tenant.adminKey }, { payments: flaky });
      const refunded = await api.orders.refund({ id: order.id, amount: 400, idempotencyKey });
      expect(failures).toBe(-1); // the procedure ran twice
      expect(refunded).toMatchObject({ status: "partially_refunded", refundedAmount: 400 });
      expect(refunded.refunds).toHaveLength(1);
      expect(stripeRefundsOf(order.paymentIntentId).map((r) => r.amount)).toEqual([400]);
    }
  });
});
