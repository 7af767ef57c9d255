// billing.checkoutSession and billing.portalSession against the local Stripe-speaking server: Checkout
// starts a paid plan for a tenant without one (its own customer, the plan's price, the tenant as
// client_reference_id and in the subscription's metadata) and the plan still moves only with the
// verified subscription event; the portal needs a billing account; owners only; the return URL is
// validated before anything reaches Stripe; without Stripe both are PRECONDITION_FAILED.
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { tenants, type Database, type Plan } from "@frontdesk/db";
import {
  LOCAL_PRICES,
  type LocalStripe,
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
import { AppError } from "../errors";
import { type StripePaymentProvider } from "../payments/stripe";
import { ingestStripeWebhook, processStripeEvent } from "../payments/webhook";

const SECRET = "whsec_hosted_sessions_test";
const APP_ORIGIN = "https://console.example.com";
const RETURN = `${APP_ORIGIN}/t/abc/settings/billing?tab=plans`;
let local: LocalStripe;
let stripe: Stripe;
let provider: StripePaymentProvider;
let database: Database;
useStripeTestbed((t) => ({ database, local, provider, stripe } = t), { prices: LOCAL_PRICES });

const owner = (t: TestTenant, payments: StripePaymentProvider | null = provider) =>
  callerFor(
    database,
    { userId: t.ownerUserId, tenantId: t.tenantId },
    { payments, appOrigin: APP_ORIGIN },
  );

async function tenantRow(
  tenantId: string,
): Promise<{ plan: Plan; stripeCustomerId: string | null }> {
  const [row] = await database.db
    .select({ plan: tenants.plan, stripeCustomerId: tenants.stripeCustomerId })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) throw new Error("no tenant");
  return row;
}

/** Requests the local server received since `mark` (an index into its request log). */
const requestsSince = (mark: number) => local.state.requests.slice(mark);

describe("billing.checkoutSession", () => {
  it("opens a subscription Checkout for the tenant's own customer and plan price; the plan moves only with the verified event", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    expect(await api.billing.get()).toMatchObject({
      plan: "free",
      hasBillingAccount: false,
      paymentsConfigured: true,
    });

    const checkout = await api.billing.checkoutSession({ plan: "pro", returnUrl: RETURN });
    expect(checkout.id).toMatch(/^cs_test_/);
    expect(checkout.url).toBe(`https://checkout.stripe.com/c/pay/${checkout.id}`);

    const { stripeCustomerId } = await tenantRow(t.tenantId);
    expect(stripeCustomerId).toMatch(/^cus_/);
    const session = local.state.checkoutSessions.get(checkout.id);
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      customer: stripeCustomerId,
      client_reference_id: t.tenantId,
      amount_total: 4_900,
      metadata: { tenant_id: t.tenantId, plan: "pro" },
    });
    // The page the owner came from, with the outcome added and its own query kept.
    const success = new URL(session?.success_url ?? "");
    expect(`${success.origin}${success.pathname}`).toBe(
      "https://console.example.com/t/abc/settings/billing",
    );
    expect(Object.fromEntries(success.searchParams)).toEqual({ tab: "plans", checkout: "success" });
    expect(new URL(session?.cancel_url ?? "").searchParams.get("checkout")).toBe("cancelled");
    expect(await api.billing.get()).toMatchObject({
      plan: "free",
      pendingPlan: null,
      hasBillingAccount: true,
    });

    // A second click before paying: another session for the same customer, no second customer.
    const again = await api.billing.checkoutSession({ plan: "enterprise", returnUrl: RETURN });
    expect(again.id).not.toBe(checkout.id);
    expect(local.state.checkoutSessions.get(again.id)).toMatchObject({
      customer: stripeCustomerId,
      amount_total: 49_900,
    });
    expect(
      [...local.state.customers.values()].filter((c) => c.metadata.tenant_id === t.tenantId),
    ).toHaveLength(1);

    // The customer pays the first one: Stripe starts the subscription, tagged with the tenant.
    const { subscription } = local.completeCheckoutSession(checkout.id);
    expect(subscription).toMatchObject({
      customer: stripeCustomerId,
      metadata: { tenant_id: t.tenantId },
    });
    expect(subscription.items.data[0]?.price.id).toBe(LOCAL_PRICES.pro);
    expect(await tenantRow(t.tenantId)).toMatchObject({ plan: "free" });
    const hook = local.signedEvent({
      type: "customer.subscription.created",
      object: subscription,
      secret: SECRET,
    });
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
    expect(await tenantRow(t.tenantId)).toMatchObject({ plan: "pro" });
    expect(await api.billing.get()).toMatchObject({
      plan: "pro",
      status: "active",
      pendingPlan: null,
    });

    // Subscribed now: another Checkout would start a second subscription, so it is refused.
    const before = local.state.requests.length;
    expect(
      await codeOf(api.billing.checkoutSession({ plan: "enterprise", returnUrl: RETURN })),
    ).toBe("CONFLICT");
    expect(requestsSince(before).filter((r) => r.path === "/v1/checkout/sessions")).toEqual([]);
    // Changing the plan of the subscription it has is changePlan's job.
    expect(await api.billing.changePlan({ plan: "enterprise" })).toMatchObject({
      plan: "pro",
      pendingPlan: "enterprise",
    });
  });

  it("a plan set outside billing (no subscription) is not a pending change; a paid plan is still bought through Checkout", async () => {
    const t = await createTenantWithKey(database, { plan: "pro" });
    const api = await owner(t);
    expect(await api.billing.get()).toMatchObject({
      plan: "pro",
      pendingPlan: null,
      status: "none",
      hasBillingAccount: false,
    });
    const checkout = await api.billing.checkoutSession({ plan: "enterprise", returnUrl: RETURN });
    expect(local.state.checkoutSessions.get(checkout.id)).toMatchObject({
      client_reference_id: t.tenantId,
      amount_total: 49_900,
    });
    expect(await api.billing.get()).toMatchObject({ plan: "pro", pendingPlan: null });
  });

  it("validates the plan and the return URL before anything reaches Stripe", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    const before = local.state.requests.length;
    const bad: unknown[] = [
      { plan: "free", returnUrl: RETURN },
      { plan: "pro", returnUrl: "javascript:alert(1)" },
      { plan: "pro", returnUrl: "ftp://console.example.com/billing" },
      { plan: "pro", returnUrl: "/t/abc/settings/billing" },
      { plan: "pro", returnUrl: "https://owner:secret@console.example.com/billing" },
      { plan: "pro", returnUrl: `https://console.example.com/${"a".repeat(2048)}` },
      { plan: "pro" },
    ];
    for (const input of bad) {
      // Deliberately outside the input type: the schema must refuse it at runtime.
      expect(
        await codeOf(api.billing.checkoutSession(input as { plan: "pro"; returnUrl: string })),
      ).toBe("BAD_REQUEST");
    }
    expect(await codeOf(api.billing.portalSession({ returnUrl: "data:text/html,hi" }))).toBe(
      "BAD_REQUEST",
    );
    expect(requestsSince(before)).toEqual([]);
    expect(await tenantRow(t.tenantId)).toMatchObject({ stripeCustomerId: null });
  });

  it("sends the owner back only to this app's own origin", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    // Creates the tenant's billing account, so the portal would open for a good return URL.
    await api.billing.checkoutSession({ plan: "pro", returnUrl: RETURN });
    const before = local.state.requests.length;
    const elsewhere = [
      "https://evil.example/t/abc/settings/billing",
      "http://console.example.com/t/abc/settings/billing",
      "https://console.example.com:8443/billing",
      "https://console.example.com.evil.example/billing",
    ];
    for (const returnUrl of elsewhere) {
      const error = await api.billing.portalSession({ returnUrl }).catch((e: unknown) => e);
      expect(error, returnUrl).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toBe(
        `returnUrl must be a page of this app (${APP_ORIGIN})`,
      );
      expect(
        await codeOf(api.billing.checkoutSession({ plan: "enterprise", returnUrl })),
        returnUrl,
      ).toBe("BAD_REQUEST");
    }
    // Without a known origin of its own the server accepts no return URL at all.
    const unknownOrigin = await callerFor(
      database,
      { userId: t.ownerUserId, tenantId: t.tenantId },
      { payments: provider },
    );
    expect(await codeOf(unknownOrigin.billing.portalSession({ returnUrl: RETURN }))).toBe(
      "BAD_REQUEST",
    );
    expect(requestsSince(before)).toEqual([]);
    expect((await api.billing.portalSession({ returnUrl: RETURN })).url).toMatch(/^https:\/\//);
  });

  it("is PRECONDITION_FAILED without Stripe and for a plan without a configured price", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const unconfigured = await owner(t, null);
    expect(await unconfigured.billing.get()).toMatchObject({
      paymentsConfigured: false,
      hasBillingAccount: false,
    });
    const error = await unconfigured.billing
      .checkoutSession({ plan: "pro", returnUrl: RETURN })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("Payments are not configured") as unknown,
    });
    expect(await codeOf(unconfigured.billing.portalSession({ returnUrl: RETURN }))).toBe(
      "PRECONDITION_FAILED",
    );

    const proOnly = localStripeProvider(local, { pro: LOCAL_PRICES.pro });
    const before = local.state.requests.length;
    expect(
      await codeOf(
        (await owner(t, proOnly)).billing.checkoutSession({
          plan: "enterprise",
          returnUrl: RETURN,
        }),
      ),
    ).toBe("PRECONDITION_FAILED");
    expect(requestsSince(before)).toEqual([]);
  });

  it("is for owners only: admins, members, viewers and API keys are FORBIDDEN and reach no one", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const before = local.state.requests.length;
    for (const role of ["admin", "member", "viewer"] as const) {
      const api = await callerFor(
        database,
        { userId: await createMember(database, t.tenantId, role), tenantId: t.tenantId },
        { payments: provider },
      );
      expect(
        await codeOf(api.billing.checkoutSession({ plan: "pro", returnUrl: RETURN })),
        role,
      ).toBe("FORBIDDEN");
      expect(await codeOf(api.billing.portalSession({ returnUrl: RETURN })), role).toBe(
        "FORBIDDEN",
      );
    }
    const key = await callerFor(database, { apiKey: t.adminKey }, { payments: provider });
    expect(await codeOf(key.billing.checkoutSession({ plan: "pro", returnUrl: RETURN }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(key.billing.portalSession({ returnUrl: RETURN }))).toBe("FORBIDDEN");
    expect(requestsSince(before)).toEqual([]);
    expect(await tenantRow(t.tenantId)).toMatchObject({ stripeCustomerId: null });
  });
});

describe("billing.portalSession", () => {
  it("needs a billing account; then opens the portal for the tenant's customer with the return URL", async () => {
    const t = await createTenantWithKey(database, { plan: "free" });
    const api = await owner(t);
    const error = await api.billing.portalSession({ returnUrl: RETURN }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("no billing account yet") as unknown,
    });

    await api.billing.checkoutSession({ plan: "pro", returnUrl: RETURN });
    const { stripeCustomerId } = await tenantRow(t.tenantId);
    const portal = await api.billing.portalSession({ returnUrl: RETURN });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/test_/);
    expect(local.state.portalSessions.get(portal.id)).toMatchObject({
      object: "billing_portal.session",
      customer: stripeCustomerId,
      return_url: RETURN,
      url: portal.url,
    });
  });
});

describe("local Stripe server: Checkout and portal sessions", () => {
  it("answers the SDK with Stripe's objects and refuses what Stripe would", async () => {
    const customer = await stripe.customers.create({ name: "Wire" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: LOCAL_PRICES.enterprise, quantity: 1 }],
      success_url: "https://example.com/ok",
    });
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      customer: customer.id,
      cancel_url: null,
      subscription: null,
    });
    expect(session.expires_at - session.created).toBe(86_400);
    expect((await stripe.checkout.sessions.retrieve(session.id)).id).toBe(session.id);
    const { session: completed } = local.completeCheckoutSession(session.id);
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", url: null });
    expect(() => local.completeCheckoutSession(session.id)).toThrow(/not open/);

    const line = [{ price: LOCAL_PRICES.pro, quantity: 1 }];
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        customer: "cus_missing",
        line_items: line,
        success_url: "https://example.com/ok",
      }),
    ).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
    await expect(
      stripe.checkout.sessions.create({ mode: "subscription", line_items: line }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "success_url" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: "price_nope", quantity: 1 }],
        success_url: "https://example.com/ok",
      }),
    ).rejects.toMatchObject({ code: "resource_missing" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: line,
        success_url: "not a url",
      }),
    ).rejects.toMatchObject({ code: "url_invalid" });

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    expect(portal).toMatchObject({
      object: "billing_portal.session",
      customer: customer.id,
      return_url: null,
    });
    await expect(
      stripe.billingPortal.sessions.create({ customer: "cus_missing" }),
    ).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
  });

  it("the provider maps Stripe's refusal to an AppError a person can act on", async () => {
    const error = await provider
      .createPortalSession({ customerId: "cus_missing", returnUrl: RETURN })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "NOT_FOUND" });
  });
});
