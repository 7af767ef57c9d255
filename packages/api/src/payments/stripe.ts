// The PaymentProvider backed by Stripe (the `stripe` SDK). Amounts are passed through untouched: orders
// already hold integer minor units in the currency's own exponent (JPY 1500 is ¥1500, USD 1500 is
// $15.00), which is exactly what Stripe expects. Every write carries an Idempotency-Key, so the SDK's
// retries (and ours) can never create a second PaymentIntent or Refund. Stripe's errors become
// AppErrors that say what to do, without Stripe's internals (request ids, raw messages).
import Stripe from "stripe";
import { AppError } from "../errors";
import type {
  BillingProvider,
  BillingSubscription,
  CreatedPayment,
  CreatePaymentInput,
  HostedBillingSession,
  PaidPlan,
  PaymentProvider,
} from "../payments";

export interface StripeConnection {
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** Retries on network errors / 409 / 5xx, with the same Idempotency-Key. Default 2. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
  /** Stripe price ids of the paid plans (STRIPE_PRICE_PRO / STRIPE_PRICE_ENTERPRISE); unset plans are not sold. */
  prices?: Partial<Record<PaidPlan, string>>;
}

/** What the webhook processor re-reads from Stripe: the current truth, never the event body. */
export interface PaymentIntentState {
  id: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  amountReceived: number;
  currency: string;
  metadata: Record<string, string>;
  /** True when the last payment attempt failed (status is then requires_payment_method). */
  lastPaymentFailed: boolean;
}

export interface RefundState {
  id: string;
  status: "pending" | "succeeded" | "failed" | "canceled";
  amount: number;
  currency: string;
  paymentIntentId: string | null;
}

/** An invoice as Stripe reports it now: what `invoice.*` events are re-read into. */
export interface InvoiceState {
  id: string;
  customerId: string | null;
  /** The subscription that generated it; null for a one-off invoice. */
  subscriptionId: string | null;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  amountPaid: number;
  currency: string;
}

/** What the worker needs from Stripe: re-reading objects for webhook events, and cancelling expired orders' payments. */
export interface StripeReader {
  retrievePaymentIntent(id: string): Promise<PaymentIntentState>;
  retrieveRefund(id: string): Promise<RefundState>;
  /** True when the PaymentIntent is (now) cancelled; false when it succeeded or is completing. */
  cancelPayment(paymentIntentId: string, idempotencyKey: string): Promise<boolean>;
  retrieveSubscription(id: string): Promise<BillingSubscription>;
  retrieveInvoice(id: string): Promise<InvoiceState>;
}

function idOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && "id" in value && typeof value.id === "string")
    return value.id;
  return null;
}

function invoiceStatus(status: string | null): InvoiceState["status"] {
  if (status === "paid" || status === "open" || status === "uncollectible" || status === "void")
    return status;
  return "draft";
}

function refundStatus(status: string | null): RefundState["status"] {
  if (status === "succeeded") return "succeeded";
  if (status === "failed") return "failed";
  if (status === "canceled") return "canceled";
  return "pending"; // pending, requires_action
}

/** Maps a Stripe SDK error to an AppError a person can act on; anything else is rethrown as is. */
export function toPaymentError(error: unknown, action: string): never {
  if (!(error instanceof Stripe.errors.StripeError)) throw error;
  const options = { cause: error };
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    throw new AppError(
      "CONFLICT",
      `The payment provider already handled a different request with this idempotency key; use a new key to ${action}`,
      options,
    );
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The payment method was declined; ask the customer for another payment method`,
      options,
    );
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `The payment provider is busy; try again in a few seconds`,
      { ...options, retryAfterSeconds: 5 },
    );
  }
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `Payments are not configured correctly (the payment provider rejected the API key); ask the workspace owner to check STRIPE_SECRET_KEY`,
      options,
    );
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    if (error.code === "resource_missing")
      throw new AppError(
        "NOT_FOUND",
        `The payment provider has no record of this payment; it cannot ${action}`,
        options,
      );
    if (error.code === "amount_too_large" || error.code === "charge_already_refunded") {
      throw new AppError(
        "CONFLICT",
        `The payment provider refused to ${action}: the amount exceeds what is left on the payment`,
        options,
      );
    }
    if (
      error.code === "payment_intent_unexpected_state" ||
      error.code === "charge_not_refundable"
    ) {
      throw new AppError(
        "CONFLICT",
        `The payment is not in a state that allows it to ${action}; check the order again shortly`,
        options,
      );
    }
    throw new AppError(
      "BAD_REQUEST",
      `The payment provider refused to ${action} (check the amount and currency)`,
      options,
    );
  }
  // Connection errors and 5xx after the SDK's own retries: safe to retry with the same idempotency key.
  throw new AppError(
    "PRECONDITION_FAILED",
    `The payment provider could not be reached to ${action}; try again with the same idempotency key (no payment is made twice)`,
    options,
  );
}

export class StripePaymentProvider implements PaymentProvider, StripeReader, BillingProvider {
  readonly stripe: Stripe;
  private readonly prices: Partial<Record<PaidPlan, string>>;

  constructor(secretKey: string, connection: StripeConnection = {}) {
    this.prices = { ...connection.prices };
    this.stripe = new Stripe(secretKey, {
      maxNetworkRetries: connection.maxNetworkRetries ?? 2,
      ...(connection.host === undefined ? {} : { host: connection.host }),
      ...(connection.port === undefined ? {} : { port: connection.port }),
      ...(connection.protocol === undefined ? {} : { protocol: connection.protocol }),
      ...(connection.timeoutMs === undefined ? {} : { timeout: connection.timeoutMs }),
      telemetry: false,
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          metadata: { tenant_id: input.tenantId, order_id: input.orderId },
        },
        { idempotencyKey: input.idempotencyKey },
      );
    } catch (error) {
      toPaymentError(error, "create the payment");
    }
    if (!intent.client_secret)
      throw new Error("Stripe returned a PaymentIntent without a client secret");
    return { provider: "stripe", paymentIntentId: intent.id, clientSecret: intent.client_secret };
  }

  async cancelPayment(paymentIntentId: string, idempotencyKey: string): Promise<boolean> {
    try {
      const intent = await this.stripe.paymentIntents.cancel(
        paymentIntentId,
        {},
        { idempotencyKey },
      );
      return intent.status === "canceled";
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        error.code === "payment_intent_unexpected_state"
      ) {
        // Already cancelled counts as cancelled; succeeded / processing cannot be.
        const current = await this.retrievePaymentIntent(paymentIntentId);
        return current.status === "canceled";
      }
      toPaymentError(error, "cancel the payment");
    }
  }

  async refund(input: {
    paymentIntentId: string;
    amount: number;
    idempotencyKey: string;
  }): Promise<{ refundId: string; status: "pending" | "succeeded" | "failed" }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount: input.amount },
        { idempotencyKey: input.idempotencyKey },
      );
      const status = refundStatus(refund.status);
      return { refundId: refund.id, status: status === "canceled" ? "failed" : status };
    } catch (error) {
      toPaymentError(error, "refund the payment");
    }
  }

  async retrievePaymentIntent(id: string): Promise<PaymentIntentState> {
    try {
      const pi = await this.stripe.paymentIntents.retrieve(id);
      return {
        id: pi.id,
        status: pi.status,
        amount: pi.amount,
        amountReceived: pi.amount_received,
        currency: pi.currency,
        metadata: { ...pi.metadata },
        lastPaymentFailed: pi.last_payment_error !== null && pi.last_payment_error !== undefined,
      };
    } catch (error) {
      toPaymentError(error, "read the payment");
    }
  }

  async retrieveRefund(id: string): Promise<RefundState> {
    try {
      const refund = await this.stripe.refunds.retrieve(id);
      const pi = refund.payment_intent;
      return {
        id: refund.id,
        status: refundStatus(refund.status),
        amount: refund.amount,
        currency: refund.currency,
        paymentIntentId: typeof pi === "string" ? pi : (pi?.id ?? null),
      };
    } catch (error) {
      toPaymentError(error, "read the refund");
    }
  }

  async retrieveInvoice(id: string): Promise<InvoiceState> {
    try {
      const invoice = await this.stripe.invoices.retrieve(id);
      // Current API versions name the subscription under `parent`; older ones as a top-level field.
      const legacy: unknown = (invoice as unknown as Record<string, unknown>).subscription;
      const subscription = invoice.parent?.subscription_details?.subscription ?? legacy;
      return {
        id: invoice.id ?? id,
        customerId: idOf(invoice.customer),
        subscriptionId: idOf(subscription),
        status: invoiceStatus(invoice.status),
        amountPaid: invoice.amount_paid,
        currency: invoice.currency,
      };
    } catch (error) {
      toPaymentError(error, "read the invoice");
    }
  }

  // ---- Billing of tenants' own plans ----

  get billing(): BillingProvider {
    return this;
  }

  sellsPlan(plan: PaidPlan): boolean {
    return Boolean(this.prices[plan]);
  }

  private priceOf(plan: PaidPlan): string {
    const price = this.prices[plan];
    if (!price) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `The ${plan} plan is not for sale here (no Stripe price is configured: set STRIPE_PRICE_${plan.toUpperCase()})`,
      );
    }
    return price;
  }

  private planOf(priceId: string | undefined): PaidPlan | null {
    if (priceId === undefined) return null;
    if (this.prices.pro === priceId) return "pro";
    if (this.prices.enterprise === priceId) return "enterprise";
    return null;
  }

  private toSubscription(sub: Stripe.Subscription): BillingSubscription {
    const item = sub.items.data[0];
    const customer = sub.customer;
    const at = (seconds: number | undefined) =>
      seconds === undefined ? null : new Date(seconds * 1000);
    return {
      id: sub.id,
      customerId: typeof customer === "string" ? customer : customer.id,
      status: sub.status,
      plan: this.planOf(item?.price.id),
      itemId: item?.id ?? null,
      // Current API versions keep the period on the item.
      currentPeriodStart: at(item?.current_period_start),
      currentPeriodEnd: at(item?.current_period_end),
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      metadata: { ...sub.metadata },
    };
  }

  async createCustomer(
    input: { tenantId: string; name: string },
    idempotencyKey: string,
  ): Promise<{ id: string }> {
    try {
      const customer = await this.stripe.customers.create(
        { name: input.name, metadata: { tenant_id: input.tenantId } },
        { idempotencyKey },
      );
      return { id: customer.id };
    } catch (error) {
      toPaymentError(error, "create the billing customer");
    }
  }

  async createSubscription(
    input: { tenantId: string; customerId: string; plan: PaidPlan },
    idempotencyKey: string,
  ): Promise<BillingSubscription> {
    const price = this.priceOf(input.plan);
    try {
      const sub = await this.stripe.subscriptions.create(
        { customer: input.customerId, items: [{ price }], metadata: { tenant_id: input.tenantId } },
        { idempotencyKey },
      );
      return this.toSubscription(sub);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeIdempotencyError) {
        // The key was used to start a subscription with other parameters (another plan): that one
        // exists at Stripe, and starting a second would bill the customer twice.
        throw new AppError(
          "CONFLICT",
          "A subscription was started for this workspace moments ago and is still being recorded; wait a minute, then change its plan",
          { cause: error },
        );
      }
      toPaymentError(error, "start the subscription");
    }
  }

  async changeSubscriptionPlan(
    subscriptionId: string,
    itemId: string,
    plan: PaidPlan,
  ): Promise<BillingSubscription> {
    const price = this.priceOf(plan);
    try {
      // Setting the price is idempotent by nature: the SDK's own key covers its retries.
      const sub = await this.stripe.subscriptions.update(subscriptionId, {
        items: [{ id: itemId, price }],
        cancel_at_period_end: false,
      });
      return this.toSubscription(sub);
    } catch (error) {
      toPaymentError(error, "change the subscription");
    }
  }

  async cancelSubscription(subscriptionId: string): Promise<BillingSubscription> {
    try {
      return this.toSubscription(await this.stripe.subscriptions.cancel(subscriptionId));
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        error.code !== "resource_missing"
      ) {
        const current = await this.retrieveSubscription(subscriptionId);
        if (current.status === "canceled") return current;
      }
      toPaymentError(error, "cancel the subscription");
    }
  }

  async retrieveSubscription(subscriptionId: string): Promise<BillingSubscription> {
    try {
      return this.toSubscription(await this.stripe.subscriptions.retrieve(subscriptionId));
    } catch (error) {
      toPaymentError(error, "read the subscription");
    }
  }

  async createCheckoutSession(input: {
    tenantId: string;
    customerId: string;
    plan: PaidPlan;
    successUrl: string;
    cancelUrl: string;
  }): Promise<HostedBillingSession> {
    const price = this.priceOf(input.plan);
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create({
        mode: "subscription",
        customer: input.customerId,
        client_reference_id: input.tenantId,
        line_items: [{ price, quantity: 1 }],
        // The webhook processor finds the tenant of a subscription by this metadata.
        subscription_data: { metadata: { tenant_id: input.tenantId } },
        metadata: { tenant_id: input.tenantId, plan: input.plan },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      });
    } catch (error) {
      toPaymentError(error, "start the checkout");
    }
    if (!session.url) throw new Error("Stripe returned a hosted Checkout Session without a url");
    return { id: session.id, url: session.url };
  }

  async createPortalSession(input: {
    customerId: string;
    returnUrl: string;
  }): Promise<HostedBillingSession> {
    try {
      const session = await this.stripe.billingPortal.sessions.create({
        customer: input.customerId,
        return_url: input.returnUrl,
      });
      return { id: session.id, url: session.url };
    } catch (error) {
      toPaymentError(error, "open the billing portal");
    }
  }
}

/**
 * The provider from the environment: null without STRIPE_SECRET_KEY (orders then carry no payment;
 * the console says so). STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL point it elsewhere
 * (a local Stripe-speaking server). STRIPE_PRICE_PRO / STRIPE_PRICE_ENTERPRISE: the paid plans' price ids.
 */
export function createPaymentProviderFromEnv(
  env: Record<string, string | undefined>,
): StripePaymentProvider | null {
  const key = env.STRIPE_SECRET_KEY?.trim();
  if (!key) return null;
  const protocol = env.STRIPE_API_PROTOCOL;
  const pro = env.STRIPE_PRICE_PRO?.trim();
  const enterprise = env.STRIPE_PRICE_ENTERPRISE?.trim();
  const port = env.STRIPE_API_PORT ? Number(env.STRIPE_API_PORT) : undefined;
  return new StripePaymentProvider(key, {
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
    ...(protocol === "http" || protocol === "https" ? { protocol } : {}),
    prices: { ...(pro ? { pro } : {}), ...(enterprise ? { enterprise } : {}) },
  });
}
