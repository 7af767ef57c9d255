// The seam orders call for payments. The Stripe issue implements it; without a provider, orders are
// created with no payment attached.
export interface CreatePaymentInput {
  tenantId: string;
  orderId: string;
  amount: number;
  currency: string;
  /** Derived from the order's idempotency key, so a retried create makes no second payment. */
  idempotencyKey: string;
}

export interface CreatedPayment {
  provider: "stripe";
  paymentIntentId: string;
  clientSecret: string;
}

export interface PaymentProvider {
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Cancels a payment that has not been captured; true when it was cancelled. */
  cancelPayment(paymentIntentId: string, idempotencyKey: string): Promise<boolean>;
  refund(input: {
    paymentIntentId: string;
    amount: number;
    idempotencyKey: string;
  }): Promise<{ refundId: string; status: "pending" | "succeeded" | "failed" }>;
  /** Billing of the tenant's own plan, when the provider offers it. */
  readonly billing?: BillingProvider | null;
}

/** A paid plan (free has no subscription). */
export type PaidPlan = "pro" | "enterprise";

/** A subscription as the billing provider reports it now (never an event body). */
export interface BillingSubscription {
  id: string;
  customerId: string;
  status: string;
  /** The plan of the subscription's price; null for a price that is not one of the configured plans. */
  plan: PaidPlan | null;
  /** The subscription's (single) item, whose price is changed to change plans. */
  itemId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  metadata: Record<string, string>;
}

/** Tenants' own plans: a customer per tenant, a subscription per paid plan. */
export interface BillingProvider {
  /** Whether the paid plan has a price configured (STRIPE_PRICE_PRO / STRIPE_PRICE_ENTERPRISE). */
  sellsPlan(plan: PaidPlan): boolean;
  createCustomer(
    input: { tenantId: string; name: string },
    idempotencyKey: string,
  ): Promise<{ id: string }>;
  /** Idempotent per key: a retry never creates (and bills) a second subscription. */
  createSubscription(
    input: { tenantId: string; customerId: string; plan: PaidPlan },
    idempotencyKey: string,
  ): Promise<BillingSubscription>;
  changeSubscriptionPlan(
    subscriptionId: string,
    itemId: string,
    plan: PaidPlan,
  ): Promise<BillingSubscription>;
  /** Cancels now; an already cancelled subscription is returned as it is. */
  cancelSubscription(subscriptionId: string): Promise<BillingSubscription>;
  retrieveSubscription(subscriptionId: string): Promise<BillingSubscription>;
  /**
   * A hosted Checkout page (mode subscription) where the customer enters a payment method and starts
   * `plan`; the subscription carries `tenant_id` in its metadata like the ones createSubscription makes.
   * No idempotency key of ours: every click may make a new session (an unused one expires), and the
   * SDK keys its own retries.
   */
  createCheckoutSession(input: {
    tenantId: string;
    customerId: string;
    plan: PaidPlan;
    successUrl: string;
    cancelUrl: string;
  }): Promise<HostedBillingSession>;
  /** A hosted billing portal page (payment methods, invoices, cancellation) for the customer. */
  createPortalSession(input: {
    customerId: string;
    returnUrl: string;
  }): Promise<HostedBillingSession>;
}

/** A Stripe-hosted page to redirect the owner's browser to. */
export interface HostedBillingSession {
  id: string;
  url: string;
}
