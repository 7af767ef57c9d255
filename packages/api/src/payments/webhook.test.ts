// Webhook ingestion and processing against the local Stripe-speaking server and a real database:
// signature checks with no side effect, exactly-once under duplicated concurrent deliveries, and the
// same final state for every arrival order (the processor re-reads Stripe).
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orderRefunds, orders, queryRows, stripeEvents, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { type LocalStripe, type SignedWebhook } from "@frontdesk/testing/stripe-local";
import { useStripeTestbed } from "@frontdesk/testing/stripe-testbed";
import { type StripePaymentProvider } from "./stripe";
import { ingestStripeWebhook, processStripeEvent } from "./webhook";

const SECRET = "whsec_test_frontdesk";
let local: LocalStripe;
let provider: StripePaymentProvider;
let database: Database;
let tenant: TestTenant;
useStripeTestbed((t) => ({ database, local, provider } = t), { max: 6 });
beforeAll(async () => {
  tenant = await createTenantWithKey(database);
});

async function createOrder(amount = 2500): Promise<{ id: string; paymentIntentId: string }> {
  const caller = await callerFor(database, { apiKey: tenant.adminKey }, { payments: provider });
  const order = await caller.orders.create({
    items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: amount }],
    currency: "USD",
    idempotencyKey: randomUUID(),
  });
  if (!order.paymentIntentId) throw new Error("no payment intent");
  return { id: order.id, paymentIntentId: order.paymentIntentId };
}

function deliver(hook: SignedWebhook, overrides: { payload?: string; secret?: string } = {}) {
  return ingestStripeWebhook({
    database,
    rawBody: overrides.payload ?? hook.payload,
    signature: hook.signature,
    secret: overrides.secret ?? SECRET,
  });
}

async function eventRows(ids: string[]) {
  return database.db.select().from(stripeEvents).where(inArray(stripeEvents.id, ids));
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id));
  return row;
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("ingestStripeWebhook", () => {
  it("answers 400 and writes nothing for a tampered body, a wrong secret, an old timestamp or no signature", async () => {
    const order = await createOrder();
    local.setPaymentIntentStatus(order.paymentIntentId, "succeeded");
    const pi = local.state.paymentIntents.get(order.paymentIntentId) ?? {};
    const [before] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from stripe_events`,
    );

    const hook = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
    });
    expect(
      await deliver(hook, { payload: hook.payload.replace('"succeeded"', '"canceled"') }),
    ).toEqual({ status: 400 });
    expect(await deliver(hook, { payload: `${hook.payload} ` })).toEqual({ status: 400 });
    expect(await deliver(hook, { secret: "whsec_other" })).toEqual({ status: 400 });
    const old = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(await deliver(old)).toEqual({ status: 400 });
    // Signed more than 5 minutes ahead of our clock: refused like a stale one.
    const future = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 301,
    });
    expect(await deliver(future)).toEqual({ status: 400 });
    const farFuture = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 86_400,
    });
    expect(await deliver(farFuture)).toEqual({ status: 400 });
    expect(
      await ingestStripeWebhook({
        database,
        rawBody: hook.payload,
        signature: undefined,
        secret: SECRET,
      }),
    ).toEqual({ status: 400 });
    expect(
      await ingestStripeWebhook({
        database,
        rawBody: hook.payload,
        signature: hook.signature,
        secret: "",
      }),
    ).toEqual({ status: 400 });

    const [after] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from stripe_events`,
    );
    expect(after?.n).toBe(before?.n);
    expect(
      await eventRows([
        hook.event.id as string,
        old.event.id as string,
        future.event.id as string,
        farFuture.event.id as string,
      ]),
    ).toHaveLength(0);
    expect((await orderRow(order.id))?.status).toBe("pending");

    // Within the tolerance it is accepted, recorded once, and a redelivery is a duplicate.
    const recent = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 200,
    });
    expect(await deliver(recent)).toMatchObject({ status: 200, duplicate: false });
    expect(await deliver(recent)).toMatchObject({ status: 200, duplicate: true });
    // A little ahead of our clock (skew within the tolerance) is fine too.
    const ahead = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 200,
    });
    expect(await deliver(ahead)).toMatchObject({ status: 200, duplicate: false });
    const [row] = await eventRows([recent.event.id as string]);
    expect(row).toMatchObject({
      type: "payment_intent.succeeded",
      objectId: order.paymentIntentId,
      tenantId: tenant.tenantId,
      status: "received",
    });
  });
});

describe("processStripeEvent", () => {
  it("100 events each delivered 10 times, shuffled and concurrent → 100 rows and 100 effects", async () => {
    const created: { id: string; paymentIntentId: string }[] = [];
    for (let i = 0; i < 100; i++) created.push(await createOrder(100 + i));
    const hooks = created.map((o) => {
      const pi = local.setPaymentIntentStatus(o.paymentIntentId, "succeeded");
      return local.signedEvent({ type: "payment_intent.succeeded", object: pi, secret: SECRET });
    });
    const deliveries = shuffle(hooks.flatMap((h) => Array.from({ length: 10 }, () => h)));
    const results = await Promise.all(
      deliveries.map(async (hook) => {
        const ingested = await deliver(hook);
        expect(ingested.status).toBe(200);
        // Every delivery also asks for processing (as a worker racing the sweep would).
        return processStripeEvent(database, hook.event.id as string, provider);
      }),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(100);
    expect(results.filter((r) => r.outcome === "processed")).toHaveLength(100);
    const rows = await eventRows(hooks.map((h) => h.event.id as string));
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.status === "processed" && r.attempts === 1)).toBe(true);
    const paid = await database.db
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          inArray(
            orders.id,
            created.map((o) => o.id),
          ),
          eq(orders.status, "paid"),
        ),
      );
    expect(paid).toHaveLength(100);
  });

  it("all 24 orderings of created, processing, succeeded, refunded → the same final state", async () => {
    const finals = new Set<string>();
    for (const ordering of permutations([0, 1, 2, 3])) {
      const order = await createOrder(4000);
      const pi = local.state.paymentIntents.get(order.paymentIntentId);
      if (!pi) throw new Error("no intent");
      const hooks: SignedWebhook[] = [];
      hooks.push(local.signedEvent({ type: "payment_intent.created", object: pi, secret: SECRET }));
      hooks.push(
        local.signedEvent({
          type: "payment_intent.processing",
          object: local.setPaymentIntentStatus(pi.id, "processing"),
          secret: SECRET,
        }),
      );
      hooks.push(
        local.signedEvent({
          type: "payment_intent.succeeded",
          object: local.setPaymentIntentStatus(pi.id, "succeeded"),
          secret: SECRET,
        }),
      );
      const refund = await provider.refund({
        paymentIntentId: pi.id,
        amount: 4000,
        idempotencyKey: `dash-${randomUUID()}`,
      });
      hooks.push(
        local.signedEvent({
          type: "refund.created",
          object: local.state.refunds.get(refund.refundId) ?? {},
          secret: SECRET,
        }),
      );

      for (const index of ordering) {
        const hook = hooks[index];
        if (!hook) throw new Error("no hook");
        expect((await deliver(hook)).status).toBe(200);
        const result = await processStripeEvent(database, hook.event.id as string, provider);
        expect(result.outcome).toBe("processed");
      }
      const final = await orderRow(order.id);
      const refunds = await database.db
        .select()
        .from(orderRefunds)
        .where(eq(orderRefunds.orderId, order.id));
      finals.add(
        JSON.stringify({
          status: final?.status,
          refunded: final?.refundedAmount,
          paid: final?.paidAt !== null,
          refunds: refunds.map((r) => [r.amount, r.status]),
        }),
      );
    }
    expect([...finals]).toEqual([
      JSON.stringify({
        status: "refunded",
        refunded: 4000,
        paid: true,
        refunds: [[4000, "succeeded"]],
      }),
    ]);
  });

  it("a refund made through orders.refund is not counted again by its webhook", async () => {
    const order = await createOrder(3000);
    const pi = local.setPaymentIntentStatus(order.paymentIntentId, "succeeded");
    const paidHook = local.signedEvent({
      type: "payment_intent.succeeded",
      object: pi,
      secret: SECRET,
    });
    await deliver(paidHook);
    await processStripeEvent(database, paidHook.event.id as string, provider);
    const caller = await callerFor(database, { apiKey: tenant.adminKey }, { payments: provider });
    const refunded = await caller.orders.refund({
      id: order.id,
      amount: 1000,
      idempotencyKey: randomUUID(),
    });
    expect(refunded).toMatchObject({ status: "partially_refunded", refundedAmount: 1000 });
    const refund = [...local.state.refunds.values()].find((r) => r.payment_intent === pi.id);
    const hook = local.signedEvent({
      type: "refund.updated",
      object: refund ?? {},
      secret: SECRET,
    });
    await deliver(hook);
    expect(await processStripeEvent(database, hook.event.id as string, provider)).toMatchObject({
      outcome: "processed",
      changed: false,
    });
    expect(await orderRow(order.id)).toMatchObject({
      status: "partially_refunded",
      refundedAmount: 1000,
    });
  });

  it("maps a failed payment to failed and a cancelled one to cancelled; processing changes nothing", async () => {
    const failing = await createOrder();
    const processingHook = local.signedEvent({
      type: "payment_intent.processing",
      object: local.setPaymentIntentStatus(failing.paymentIntentId, "processing"),
      secret: SECRET,
    });
    await deliver(processingHook);
    expect(
      await processStripeEvent(database, processingHook.event.id as string, provider),
    ).toMatchObject({ outcome: "processed", changed: false });
    expect((await orderRow(failing.id))?.status).toBe("pending");
    const failedHook = local.signedEvent({
      type: "payment_intent.payment_failed",
      object: local.setPaymentIntentStatus(failing.paymentIntentId, "failed"),
      secret: SECRET,
    });
    await deliver(failedHook);
    expect(
      await processStripeEvent(database, failedHook.event.id as string, provider),
    ).toMatchObject({ outcome: "processed", changed: true });
    expect((await orderRow(failing.id))?.status).toBe("failed");

    const cancelled = await createOrder();
    const hook = local.signedEvent({
      type: "payment_intent.canceled",
      object: local.setPaymentIntentStatus(cancelled.paymentIntentId, "canceled"),
      secret: SECRET,
    });
    await deliver(hook);
    await processStripeEvent(database, hook.event.id as string, provider);
    expect((await orderRow(cancelled.id))?.status).toBe("cancelled");
  });

  it("records and ignores events for unknown tenants, unknown orders and unhandled types", async () => {
    const foreign = await provider.createPayment({
      tenantId: randomUUID(),
      orderId: randomUUID(),
      amount: 100,
      currency: "usd",
      idempotencyKey: randomUUID(),
    });
    const noMeta = local.signedEvent({ type: "x", object: {}, secret: SECRET });
    const hooks = [
      local.signedEvent({
        type: "payment_intent.succeeded",
        object: local.setPaymentIntentStatus(foreign.paymentIntentId, "succeeded"),
        secret: SECRET,
      }),
      local.signedEvent({
        type: "customer.created",
        object: { id: "cus_123", object: "customer" },
        secret: SECRET,
      }),
      local.signedEvent({
        type: "payment_intent.succeeded",
        object: { id: "pi_foreign", metadata: { tenant_id: "not-a-uuid" } },
        secret: SECRET,
      }),
      noMeta,
    ];
    for (const hook of hooks) {
      expect((await deliver(hook)).status).toBe(200);
      const result = await processStripeEvent(database, hook.event.id as string, provider);
      expect(["ignored", "dead", "retry"]).toContain(result.outcome);
    }
    const rows = await eventRows(hooks.map((h) => h.event.id as string));
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.id === hooks[0]?.event.id)).toMatchObject({ status: "ignored" });
    expect(rows.find((r) => r.id === hooks[1]?.event.id)).toMatchObject({ status: "ignored" });
    // pi_foreign does not exist at Stripe: NOT_FOUND from the re-read → ignored, not crashed on.
    expect(rows.find((r) => r.id === hooks[2]?.event.id)).toMatchObject({
      status: "ignored",
      tenantId: null,
    });
  });
});
