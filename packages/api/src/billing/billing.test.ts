// Billing of the tenant's own plan against the local Stripe-speaking server: changePlan only asks
// Stripe; tenants.plan (and so the limits recordUsage enforces) follows verified, processed
// customer.subscription.* events. Upgrade → downgrade → cancel moves the limits accordingly.
// invoice.paid / invoice.payment_failed re-read the invoice and then its subscription.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  stripeEvents,
  subscriptions,
  tenants,
  usageCounters,
  type Database,
  type Plan,
} from "@frontdesk/db";
import {
  LOCAL_PRICES,
  type LocalInvoice,
  type LocalStripe,
  type SignedWebhook,
  localStripeProvider,
} from "@frontdesk/testing/stripe-local";
import { useStripeTestbed } from "@frontdesk/testing/stripe-testbed";
import {
  callerFor,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";
import { type StripePaymentProvider } from "../payments/stripe";
import { ingestStripeWebhook, processStripeEvent, type ProcessResult } from "../payments/webhook";
import { recordUsage } from "../usage";

const SECRET = "whsec_billing_test";
let local: LocalStripe;
let stripe: Stripe;
let provider: StripePaymentProvider;
let database: Database;
useStripeTestbed((t) => ({ database, local, provider, stripe } = t), { prices: LOCAL_PRICES });

const owner = (t: TestTenant, payments: StripePaymentProvider | null = provider) =>
  callerFor(
    database,
    { userId: t.ownerUserId, tenantId: t.tenantId },
    { payments, appOrigin: "https://console.example" },
  );

async function planOf(tenantId: string): Promise<Plan | undefined> {
  const [row] = await database.db
    .select({ plan: tenants.plan })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row?.plan;
}

function subscriptionsAtStripe(tenantId: string) {
  return [...local.state.subscriptions.values()].filter((s) => s.metadata.tenant_id === tenantId);
}

/** Stripe sends `type` for the subscription as it is now; the webhook records it and the processor applies it. */
async function deliver(
  type: string,
  subscriptionId: string,
  object?: object,
  reader = provider,
): Promise<ProcessResult> {
  const sub = object ?? local.state.subscriptions.get(subscriptionId);
  if (!sub) throw new Error("no such subscription");
  const hook = local.signedEvent({ type, object: sub, secret: SECRET });
  const ingested = await ingestStripeWebhook({
    database,
    rawBody: hook.payload,
    signature: hook.signature,
    secret: SECRET,
  });
  if (!ingested.eventId) throw new Error("event not recorded");
  return processStripeEvent(database, ingested.eventId, reader);
}

/** `amount` more orders this month, in its own transaction (a refusal rolls the increment back). */
async function useOrders(tenantId: string, amount: number): Promise<string> {
  try {
    await database.db.transaction((tx) => recordUsage(tx, tenantId, "orders", amount));
    return "ok";
  } catch (error) {
    return error instanceof Error && "code" in error ? String(error.code) : "error";
  }
}

describe("billing", () => {
  it("upgrade → downgrade → cancel moves tenants.plan only on verified events, and the limits recordUsage enforces with it", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    expect(await api.billing.get()).toMatchObject({
      plan: "free",
      pendingPlan: null,
      status: "none",
      paymentsConfigured: true,
      cancelAtPeriodEnd: false,
      currentPeriodEnd: null,
    });
    expect(await useOrders(t.tenantId, 150)).toBe("ok");

    // Upgrade: Stripe is asked, the plan waits for the event.
    const asked = await api.billing.changePlan({ plan: "enterprise" });
    expect(asked).toMatchObject({ plan: "free", pendingPlan: "enterprise", status: "active" });
    expect(await planOf(t.tenantId)).toBe("free");
    expect(await useOrders(t.tenantId, 9_000)).toBe("TOO_MANY_REQUESTS");
    const [sub] = subscriptionsAtStripe(t.tenantId);
    if (!sub) throw new Error("no subscription at Stripe");
    expect(sub.items.data[0]?.price.id).toBe(LOCAL_PRICES.enterprise);
    const customerCreates = local.state.requests.filter((r) => r.path === "/v1/customers");
    expect(customerCreates.map((r) => r.idempotencyKey)).toContain(`customer:${t.tenantId}`);
    const [tenantRow] = await database.db.select().from(tenants).where(eq(tenants.id, t.tenantId));
    expect(tenantRow?.stripeCustomerId).toBe(sub.customer);

    expect(await deliver("customer.subscription.created", sub.id)).toMatchObject({
      outcome: "processed",
      changed: true,
    });
    expect(await planOf(t.tenantId)).toBe("enterprise");
    const upgraded = await api.billing.get();
    expect(upgraded).toMatchObject({ plan: "enterprise", pendingPlan: null, status: "active" });
    expect(upgraded.currentPeriodEnd?.getTime()).toBe(
      (sub.items.data[0]?.current_period_end ?? 0) * 1000,
    );
    expect(upgraded.usage.find((u) => u.metric === "orders")).toMatchObject({
      used: 150,
      limit: 1_000_000,
    });
    expect(await useOrders(t.tenantId, 9_000)).toBe("ok");

    // Downgrade to pro: the same subscription, another price.
    expect(await api.billing.changePlan({ plan: "pro" })).toMatchObject({
      plan: "enterprise",
      pendingPlan: "pro",
    });
    expect(subscriptionsAtStripe(t.tenantId)).toHaveLength(1);
    expect(sub.items.data[0]?.price.id).toBe(LOCAL_PRICES.pro);
    expect(await useOrders(t.tenantId, 2_000)).toBe("ok"); // still enterprise until the event
    expect(await deliver("customer.subscription.updated", sub.id)).toMatchObject({
      outcome: "processed",
      changed: true,
    });
    expect(await planOf(t.tenantId)).toBe("pro");
    expect(await useOrders(t.tenantId, 1)).toBe("TOO_MANY_REQUESTS"); // 11,151 > pro's 10,000
    // Back under pro's limit (as if those 2,000 had been next month's).
    await database.db
      .update(usageCounters)
      .set({ used: 9_150 })
      .where(and(eq(usageCounters.tenantId, t.tenantId), eq(usageCounters.metric, "orders")));
    expect(await useOrders(t.tenantId, 1)).toBe("ok"); // 9,151: pro allows it

    // Cancel: back to free, whose limit refuses what pro allowed.
    expect(await api.billing.changePlan({ plan: "free" })).toMatchObject({
      plan: "pro",
      pendingPlan: "free",
      status: "canceled",
    });
    expect(sub.status).toBe("canceled");
    expect(await deliver("customer.subscription.deleted", sub.id)).toMatchObject({
      outcome: "processed",
      changed: true,
    });
    expect(await planOf(t.tenantId)).toBe("free");
    expect(await useOrders(t.tenantId, 1)).toBe("TOO_MANY_REQUESTS");
    expect(await api.billing.get()).toMatchObject({
      plan: "free",
      pendingPlan: null,
      status: "canceled",
    });

    // A stale event arriving late (its body says active enterprise) re-reads Stripe: nothing moves back.
    const staleBody = { ...sub, status: "active" };
    expect(await deliver("customer.subscription.created", sub.id, staleBody)).toMatchObject({
      outcome: "processed",
      changed: false,
    });
    expect(await planOf(t.tenantId)).toBe("free");

    // Upgrading again reuses the customer and starts a new subscription.
    await api.billing.changePlan({ plan: "pro" });
    const subs = subscriptionsAtStripe(t.tenantId);
    expect(subs).toHaveLength(2);
    expect(new Set(subs.map((s) => s.customer)).size).toBe(1);
    expect(
      [...local.state.customers.values()].filter((c) => c.metadata.tenant_id === t.tenantId),
    ).toHaveLength(1);
    const second = subs.find((s) => s.id !== sub.id);
    if (!second) throw new Error("no second subscription");
    await deliver("customer.subscription.created", second.id);
    expect(await planOf(t.tenantId)).toBe("pro");
  });

  it("a repeated changePlan makes one subscription; a missing plan price and missing Stripe are PRECONDITION_FAILED", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    await api.billing.changePlan({ plan: "pro" });
    await api.billing.changePlan({ plan: "pro" });
    expect(subscriptionsAtStripe(t.tenantId)).toHaveLength(1);
    const rows = await database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, t.tenantId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ plan: "pro", status: "active" });

    const noEnterprise = localStripeProvider(local, { pro: LOCAL_PRICES.pro });
    expect(
      await codeOf((await owner(t, noEnterprise)).billing.changePlan({ plan: "enterprise" })),
    ).toBe("PRECONDITION_FAILED");

    const unconfigured = await owner(t, null);
    expect(await unconfigured.billing.get()).toMatchObject({ paymentsConfigured: false });
    expect(await codeOf(unconfigured.billing.changePlan({ plan: "free" }))).toBe(
      "PRECONDITION_FAILED",
    );
  });

  it("a subscription Stripe started but we never recorded is not joined by a second one when the retry asks for another plan", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    // Creates the Stripe customer (and nothing else) the way the console's Checkout button does.
    await api.billing.checkoutSession({
      plan: "pro",
      returnUrl: "https://console.example/billing",
    });
    const [tenant] = await database.db
      .select({ customerId: tenants.stripeCustomerId })
      .from(tenants)
      .where(eq(tenants.id, t.tenantId));
    if (!tenant?.customerId) throw new Error("no Stripe customer");
    // A changePlan to pro whose transaction was lost after Stripe answered: the subscription exists
    // at Stripe under the request's key, and no row of ours knows it.
    await provider.createSubscription(
      { tenantId: t.tenantId, customerId: tenant.customerId, plan: "pro" },
      `subscription:${t.tenantId}:0`,
    );
    expect(
      await database.db.select().from(subscriptions).where(eq(subscriptions.tenantId, t.tenantId)),
    ).toHaveLength(0);

    const refused = await api.billing.changePlan({ plan: "enterprise" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("CONFLICT");
    expect((refused as TRPCError).message).toMatch(/still being recorded/);
    expect(subscriptionsAtStripe(t.tenantId)).toHaveLength(1);

    // Asking again for the first plan replays Stripe's answer and records it; then the plan changes.
    await api.billing.changePlan({ plan: "pro" });
    await api.billing.changePlan({ plan: "enterprise" });
    expect(subscriptionsAtStripe(t.tenantId)).toHaveLength(1);
    const rows = await database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, t.tenantId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ plan: "enterprise" });
  });

  it("is for owners only: admins and API keys are FORBIDDEN", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const admin = await callerFor(
      database,
      { userId: await createMember(database, t.tenantId, "admin"), tenantId: t.tenantId },
      { payments: provider },
    );
    expect(await codeOf(admin.billing.get())).toBe("FORBIDDEN");
    expect(await codeOf(admin.billing.changePlan({ plan: "pro" }))).toBe("FORBIDDEN");
    const key = await callerFor(database, { apiKey: t.adminKey }, { payments: provider });
    expect(await codeOf(key.billing.changePlan({ plan: "pro" }))).toBe("FORBIDDEN");
    expect(subscriptionsAtStripe(t.tenantId)).toHaveLength(0);
  });

  it("ignores subscription events of unknown tenants, of another tenant's customer, and of unknown prices", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    await (await owner(t)).billing.changePlan({ plan: "pro" });

    const stranger = await stripe.customers.create({ name: "Elsewhere" });
    // Claims the tenant in its metadata, but its customer is not the tenant's.
    const forged = await stripe.subscriptions.create({
      customer: stranger.id,
      items: [{ price: LOCAL_PRICES.enterprise }],
      metadata: { tenant_id: t.tenantId },
    });
    expect(await deliver("customer.subscription.created", forged.id)).toMatchObject({
      outcome: "ignored",
      changed: false,
    });
    const foreign = await stripe.subscriptions.create({
      customer: stranger.id,
      items: [{ price: LOCAL_PRICES.pro }],
      metadata: { tenant_id: randomUUID() },
    });
    expect(await deliver("customer.subscription.created", foreign.id)).toMatchObject({
      outcome: "ignored",
    });
    const untagged = await stripe.subscriptions.create({
      customer: stranger.id,
      items: [{ price: LOCAL_PRICES.pro }],
    });
    expect(await deliver("customer.subscription.created", untagged.id)).toMatchObject({
      outcome: "ignored",
    });
    // The tenant's own subscription, read by a deployment that does not sell enterprise: not a plan it knows.
    const [own] = subscriptionsAtStripe(t.tenantId).filter((s) => s.customer !== stranger.id);
    if (!own) throw new Error("no subscription");
    const proOnly = localStripeProvider(local, { pro: "price_other" });
    expect(
      await deliver("customer.subscription.created", own.id, undefined, proOnly),
    ).toMatchObject({ outcome: "ignored" });
    expect(await planOf(t.tenantId)).toBe("free");
  });

  it("a past_due subscription keeps its plan; unpaid drops the tenant to free", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    await (await owner(t)).billing.changePlan({ plan: "pro" });
    const [sub] = subscriptionsAtStripe(t.tenantId);
    if (!sub) throw new Error("no subscription");
    await deliver("customer.subscription.created", sub.id);
    local.setSubscriptionStatus(sub.id, "past_due");
    await deliver("customer.subscription.updated", sub.id);
    expect(await planOf(t.tenantId)).toBe("pro");
    local.setSubscriptionStatus(sub.id, "unpaid");
    await deliver("customer.subscription.updated", sub.id);
    expect(await planOf(t.tenantId)).toBe("free");
  });
});

describe("invoice events", () => {
  /** Records one delivery of `hook` and processes it (as the webhook route and the sweep would). */
  async function send(
    hook: SignedWebhook,
  ): Promise<{ duplicate: boolean | undefined; result: ProcessResult }> {
    const ingested = await ingestStripeWebhook({
      database,
      rawBody: hook.payload,
      signature: hook.signature,
      secret: SECRET,
    });
    if (!ingested.eventId) throw new Error("event not recorded");
    return {
      duplicate: ingested.duplicate,
      result: await processStripeEvent(database, ingested.eventId, provider),
    };
  }
  const invoiceHook = (type: string, invoice: LocalInvoice | object) =>
    local.signedEvent({ type, object: invoice, secret: SECRET });

  async function subscriptionStatus(tenantId: string): Promise<string | undefined> {
    const [row] = await database.db
      .select({ status: subscriptions.status })
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, tenantId));
    return row?.status;
  }

  it("payment_failed re-reads the subscription (past_due keeps the plan, unpaid drops it); paid restores it; duplicates apply once", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    await (await owner(t)).billing.changePlan({ plan: "pro" });
    const [sub] = subscriptionsAtStripe(t.tenantId);
    if (!sub) throw new Error("no subscription");
    await deliver("customer.subscription.created", sub.id);
    expect(await planOf(t.tenantId)).toBe("pro");

    // The renewal's first attempt fails: Stripe leaves the invoice open and moves the subscription to past_due.
    const invoice = local.createInvoice(sub.id);
    local.setInvoiceStatus(invoice.id, "open");
    expect(await provider.retrieveInvoice(invoice.id)).toEqual({
      id: invoice.id,
      customerId: sub.customer,
      subscriptionId: sub.id,
      status: "open",
      amountPaid: 0,
      currency: "usd",
    });
    local.setSubscriptionStatus(sub.id, "past_due");
    const failed = invoiceHook("invoice.payment_failed", invoice);
    expect(await send(failed)).toEqual({
      duplicate: false,
      result: { outcome: "processed", changed: true },
    });
    expect(await subscriptionStatus(t.tenantId)).toBe("past_due");
    expect(await planOf(t.tenantId)).toBe("pro"); // Stripe keeps access while it retries

    // The same delivery again (Stripe retries on a slow answer): recorded once, applied once.
    expect(await send(failed)).toEqual({
      duplicate: true,
      result: { outcome: "skipped", changed: false },
    });
    const [row] = await database.db
      .select()
      .from(stripeEvents)
      .where(eq(stripeEvents.id, failed.event.id as string));
    expect(row).toMatchObject({
      type: "invoice.payment_failed",
      objectId: invoice.id,
      status: "processed",
      attempts: 1,
    });

    // The last retry fails too: the subscription is unpaid and the tenant is back on free.
    local.setInvoiceStatus(invoice.id, "open");
    local.setSubscriptionStatus(sub.id, "unpaid");
    expect((await send(invoiceHook("invoice.payment_failed", invoice))).result).toEqual({
      outcome: "processed",
      changed: true,
    });
    expect(await subscriptionStatus(t.tenantId)).toBe("unpaid");
    expect(await planOf(t.tenantId)).toBe("free");
    expect(await useOrders(t.tenantId, 1_001)).toBe("TOO_MANY_REQUESTS");

    // The customer pays: the invoice is paid and the subscription active again.
    local.setInvoiceStatus(invoice.id, "paid");
    local.setSubscriptionStatus(sub.id, "active");
    const paid = invoiceHook("invoice.paid", invoice);
    const results = await Promise.all([send(paid), send(paid), send(paid)]);
    expect(results.filter((r) => r.duplicate === false)).toHaveLength(1);
    expect(results.filter((r) => r.result.changed)).toHaveLength(1);
    expect(results.filter((r) => r.result.outcome === "processed")).toHaveLength(1);
    expect(await subscriptionStatus(t.tenantId)).toBe("active");
    expect(await planOf(t.tenantId)).toBe("pro");
    expect(await provider.retrieveInvoice(invoice.id)).toMatchObject({
      status: "paid",
      amountPaid: 4_900,
    });

    // A late payment_failed whose body still says open re-reads Stripe: nothing moves back.
    const staleBody = { ...invoice, status: "open", amount_paid: 0 };
    expect((await send(invoiceHook("invoice.payment_failed", staleBody))).result).toEqual({
      outcome: "processed",
      changed: false,
    });
    expect(await planOf(t.tenantId)).toBe("pro");
  });

  it("records and ignores invoices of unknown customers, of missing invoices and unhandled invoice types", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    await (await owner(t)).billing.changePlan({ plan: "pro" });
    const stranger = await stripe.customers.create({ name: "Elsewhere" });
    // A customer no tenant has, even with a subscription claiming the tenant in its metadata.
    const forged = await stripe.subscriptions.create({
      customer: stranger.id,
      items: [{ price: LOCAL_PRICES.enterprise }],
      metadata: { tenant_id: t.tenantId },
    });
    const untagged = await stripe.subscriptions.create({
      customer: stranger.id,
      items: [{ price: LOCAL_PRICES.pro }],
    });
    const hooks = [
      invoiceHook("invoice.paid", local.createInvoice(forged.id, "paid")),
      invoiceHook("invoice.payment_failed", local.createInvoice(untagged.id)),
      invoiceHook("invoice.paid", { id: "in_missing", object: "invoice" }),
      invoiceHook("invoice.created", local.createInvoice(forged.id)),
    ];
    for (const hook of hooks) {
      expect((await send(hook)).result).toMatchObject({ outcome: "ignored", changed: false });
    }
    const rows = await database.db
      .select()
      .from(stripeEvents)
      .where(
        inArray(
          stripeEvents.id,
          hooks.map((h) => h.event.id as string),
        ),
      );
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === "ignored" && r.attempts === 1)).toBe(true);
    expect(await planOf(t.tenantId)).toBe("free");
    expect(
      await database.db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.stripeSubscriptionId, forged.id)),
    ).toHaveLength(0);
  });
});
