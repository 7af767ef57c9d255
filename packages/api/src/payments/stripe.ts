// The PaymentProvider backed by Stripe (the `stripe` SDK). Amounts are passed through untouched: orders
// already hold integer minor units in the currency's own exponent (JPY 1500 is ¥1500, USD 1500 is
// $15.00), which is exactly what Stripe expects. Every write carries an Idempotency-Key, so the SDK's
// retries (and ours) can never create a second PaymentIntent or Refund. Stripe's errors become
// AppErrors that say what to do, without Stripe's internals (request ids, raw messages).
import Stripe from "stripe";
import { AppError } from "../errors";
import type { CreatedPayment, CreatePaymentInput, PaymentProvider } from "../payments";

export interface StripeConnection {
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** Retries on network errors / 409 / 5xx, with the same Idempotency-Key. Default 2. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
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

export interface StripeReader {
  retrievePaymentIntent(id: string): Promise<PaymentIntentState>;
  retrieveRefund(id: string): Promise<RefundState>;
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
    throw new AppError("CONFLICT", `The payment provider already handled a different request with this idempotency key; use a new key to ${action}`, options);
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    throw new AppError("PRECONDITION_FAILED", `The payment method was declined; ask the customer for another payment method`, options);
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    throw new AppError("TOO_MANY_REQUESTS", `The payment provider is busy; try again in a few seconds`, { ...options, retryAfterSeconds: 5 });
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    throw new AppError("PRECONDITION_FAILED", `Payments are not configured correctly (the payment provider rejected the API key); ask the workspace owner to check STRIPE_SECRET_KEY`, options);
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    if (error.code === "resource_missing") throw new AppError("NOT_FOUND", `The payment provider has no record of this payment; it cannot ${action}`, options);
    if (error.code === "amount_too_large" || error.code === "charge_already_refunded") {
      throw new AppError("CONFLICT", `The payment provider refused to ${action}: the amount exceeds what is left on the payment`, options);
    }
    if (error.code === "payment_intent_unexpected_state" || error.code === "charge_not_refundable") {
      throw new AppError("CONFLICT", `The payment is not in a state that allows it to ${action}; check the order again shortly`, options);
    }
    throw new AppError("BAD_REQUEST", `The payment provider refused to ${action} (check the amount and currency)`, options);
  }
  // Connection errors and 5xx after the SDK's own retries: safe to retry with the same idempotency key.
  throw new AppError("PRECONDITION_FAILED", `The payment provider could not be reached to ${action}; try again with the same idempotency key (no payment is made twice)`, options);
}

export class StripePaymentProvider implements PaymentProvider, StripeReader {
  readonly stripe: Stripe;

  constructor(secretKey: string, connection: StripeConnection = {}) {
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
    if (!intent.client_secret) throw new Error("Stripe returned a PaymentIntent without a client secret");
    return { provider: "stripe", paymentIntentId: intent.id, clientSecret: intent.client_secret };
  }

  async cancelPayment(paymentIntentId: string, idempotencyKey: string): Promise<boolean> {
    try {
      const intent = await this.stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey });
      return intent.status === "canceled";
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "payment_intent_unexpected_state") {
        // Already cancelled counts as cancelled; succeeded / processing cannot be.
        const current = await this.retrievePaymentIntent(paymentIntentId);
        return current.status === "canceled";
      }
      toPaymentError(error, "cancel the payment");
    }
  }

  async refund(input: { paymentIntentId: string; amount: number; idempotencyKey: string }): Promise<{ refundId: string; status: "pending" | "succeeded" | "failed" }> {
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
}

/**
 * The provider from the environment: null without STRIPE_SECRET_KEY (orders then carry no payment;
 * the console says so). STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL point it elsewhere
 * (a local Stripe-speaking server).
 */
export function createPaymentProviderFromEnv(env: Record<string, string | undefined>): StripePaymentProvider | null {
  const key = env.STRIPE_SECRET_KEY?.trim();
  if (!key) return null;
  const protocol = env.STRIPE_API_PROTOCOL;
  const port = env.STRIPE_API_PORT ? Number(env.STRIPE_API_PORT) : undefined;
  return new StripePaymentProvider(key, {
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
    ...(protocol === "http" || protocol === "https" ? { protocol } : {}),
  });
}
