// The Stripe provider through the real `stripe` SDK against the local Stripe-speaking server: wire
// format, idempotency, a dropped response retried into ONE PaymentIntent and ONE order, errors.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { startLocalStripe, type LocalStripe } from "@frontdesk/testing/stripe-local";
import { useStripeTestbed } from "@frontdesk/testing/stripe-testbed";
import { AppError } from "../errors";
import { idempotencyKeyDigest } from "../idempotency";
import { createPaymentProviderFromEnv, StripePaymentProvider } from "./stripe";

let local: LocalStripe;
let stripe: Stripe;
let provider: StripePaymentProvider;
let database: Database;
let tenant: TestTenant;
useStripeTestbed((t) => ({ database, local, provider, stripe } = t));
beforeAll(async () => {
  tenant = await createTenantWithKey(database);
});

const ids = () => ({
  tenantId: randomUUID(),
  orderId: randomUUID(),
  idempotencyKey: `k-${randomUUID()}`,
});

describe("local Stripe server", () => {
  it("speaks form encoding with brackets, returns Stripe objects, and replays idempotent requests", async () => {
    const first = await stripe.paymentIntents.create(
      { amount: 1200, currency: "usd", metadata: { a: "1", b: "x y" } },
      { idempotencyKey: "same" },
    );
    expect(first).toMatchObject({
      object: "payment_intent",
      amount: 1200,
      currency: "usd",
      status: "requires_payment_method",
      metadata: { a: "1", b: "x y" },
    });
    expect(first.id).toMatch(/^pi_/);
    const replay = await stripe.paymentIntents.create(
      { amount: 1200, currency: "usd", metadata: { a: "1", b: "x y" } },
      { idempotencyKey: "same" },
    );
    expect(replay.id).toBe(first.id);
    await expect(
      stripe.paymentIntents.create({ amount: 1300, currency: "usd" }, { idempotencyKey: "same" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({
      code: "resource_missing",
      statusCode: 404,
    });
    const bad = new Stripe("nope", { host: local.host, port: local.port, protocol: "http" });
    await expect(bad.paymentIntents.retrieve(first.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    expect(local.state.paymentIntents.size).toBeGreaterThanOrEqual(1);
  });

  it("signs webhooks so the SDK verifies them", () => {
    const { payload, signature, event } = local.signedEvent({
      type: "payment_intent.succeeded",
      object: { id: "pi_x" },
      secret: "whsec_test",
    });
    expect(Stripe.webhooks.constructEvent(payload, signature, "whsec_test").id).toBe(event.id);
  });
});

describe("StripePaymentProvider", () => {
  it("passes minor units through untouched (zero-decimal JPY 1500 stays 1500), lower-cases the currency, tags the intent", async () => {
    const input = { ...ids(), amount: 1500, currency: "JPY" };
    const created = await provider.createPayment(input);
    const pi = local.state.paymentIntents.get(created.paymentIntentId);
    expect(pi).toMatchObject({
      amount: 1500,
      currency: "jpy",
      metadata: { tenant_id: input.tenantId, order_id: input.orderId },
    });
    expect(created.clientSecret).toBe(pi?.client_secret);
    const usd = await provider.createPayment({ ...ids(), amount: 1999, currency: "USD" });
    expect(local.state.paymentIntents.get(usd.paymentIntentId)?.amount).toBe(1999);
  });

  it("a committed PaymentIntent whose response is dropped is recovered by the SDK's retry with the same key", async () => {
    const before = local.state.paymentIntents.size;
    local.dropNextResponse("/v1/payment_intents");
    const input = { ...ids(), amount: 500, currency: "EUR" };
    const created = await provider.createPayment(input);
    expect(local.state.paymentIntents.size).toBe(before + 1);
    const posts = local.state.requests.filter((r) => r.idempotencyKey === input.idempotencyKey);
    expect(posts).toHaveLength(2);
    expect(local.state.paymentIntents.has(created.paymentIntentId)).toBe(true);
  });

  it("orders.create through a dropped response makes ONE PaymentIntent and ONE order", async () => {
    const payments = createPaymentProviderFromEnv({
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_API_HOST: local.host,
      STRIPE_API_PORT: String(local.port),
      STRIPE_API_PROTOCOL: "http",
    });
    expect(payments).not.toBeNull();
    const caller = await callerFor(database, { apiKey: tenant.adminKey }, { payments });
    const key = randomUUID();
    const input = {
      items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 1500 }],
      currency: "JPY",
      idempotencyKey: key,
    };
    const intentsBefore = local.state.paymentIntents.size;
    local.dropNextResponse("/v1/payment_intents");
    const order = await caller.orders.create(input);
    const again = await (
      await callerFor(database, { apiKey: tenant.adminKey }, { payments })
    ).orders.create(input);
    expect(again.id).toBe(order.id);
    expect(local.state.paymentIntents.size).toBe(intentsBefore + 1);
    const pi = order.paymentIntentId
      ? local.state.paymentIntents.get(order.paymentIntentId)
      : undefined;
    expect(pi).toMatchObject({
      amount: 1500,
      currency: "jpy",
      metadata: { tenant_id: tenant.tenantId, order_id: order.id },
    });
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from orders where tenant_id = ${tenant.tenantId} and idempotency_key = ${idempotencyKeyDigest(key)}`,
    );
    expect(row?.n).toBe(1);
  });

  it("cancels cancellable intents, reports false for succeeded ones, and refunds idempotently", async () => {
    const a = await provider.createPayment({ ...ids(), amount: 1000, currency: "usd" });
    expect(await provider.cancelPayment(a.paymentIntentId, `c-${randomUUID()}`)).toBe(true);
    const b = await provider.createPayment({ ...ids(), amount: 1000, currency: "usd" });
    local.setPaymentIntentStatus(b.paymentIntentId, "succeeded");
    expect(await provider.cancelPayment(b.paymentIntentId, `c-${randomUUID()}`)).toBe(false);
    const key = `r-${randomUUID()}`;
    const r1 = await provider.refund({
      paymentIntentId: b.paymentIntentId,
      amount: 400,
      idempotencyKey: key,
    });
    const r2 = await provider.refund({
      paymentIntentId: b.paymentIntentId,
      amount: 400,
      idempotencyKey: key,
    });
    expect(r2).toEqual(r1);
    expect(r1.status).toBe("succeeded");
    expect(r1.refundId).toMatch(/^re_/);
    expect(
      [...local.state.refunds.values()].filter((r) => r.payment_intent === b.paymentIntentId),
    ).toHaveLength(1);
  });

  it("turns provider errors into actionable AppErrors without Stripe internals", async () => {
    const b = await provider.createPayment({ ...ids(), amount: 1000, currency: "usd" });
    local.setPaymentIntentStatus(b.paymentIntentId, "succeeded");
    const tooMuch = await provider
      .refund({
        paymentIntentId: b.paymentIntentId,
        amount: 5000,
        idempotencyKey: `r-${randomUUID()}`,
      })
      .catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(AppError);
    expect((tooMuch as AppError).code).toBe("CONFLICT");
    expect((tooMuch as AppError).message).not.toMatch(/req_|pi_|stripe\.com/i);

    const unpaid = await provider.createPayment({ ...ids(), amount: 1000, currency: "usd" });
    await expect(
      provider.refund({
        paymentIntentId: unpaid.paymentIntentId,
        amount: 100,
        idempotencyKey: `r-${randomUUID()}`,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const wrongKey = new StripePaymentProvider("sk_live_bad x", {
      host: local.host,
      port: local.port,
      protocol: "http",
    });
    const rejected = await wrongKey
      .createPayment({ ...ids(), amount: 1, currency: "usd" })
      .catch((e: unknown) => e);
    expect(rejected).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((rejected as AppError).message).toContain("STRIPE_SECRET_KEY");

    const closed = await startLocalStripe();
    const offline = new StripePaymentProvider("sk_test_x", {
      host: closed.host,
      port: closed.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    await closed.close();
    const unreachable = await offline
      .createPayment({ ...ids(), amount: 1, currency: "usd" })
      .catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((unreachable as AppError).message).toContain("try again");

    // Through the API the same error reaches the client as a TRPCError with the same message.
    const caller = await callerFor(database, { apiKey: tenant.adminKey }, { payments: offline });
    const err = await caller.orders
      .create({
        items: [{ sku: "S", name: "Visit", quantity: 1, unitAmount: 100 }],
        currency: "USD",
        idempotencyKey: randomUUID(),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("PRECONDITION_FAILED");
  });

  it("is absent without STRIPE_SECRET_KEY", () => {
    expect(createPaymentProviderFromEnv({})).toBeNull();
    expect(createPaymentProviderFromEnv({ STRIPE_SECRET_KEY: "  " })).toBeNull();
  });
});
