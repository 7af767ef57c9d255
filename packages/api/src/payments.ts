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
  refund(input: { paymentIntentId: string; amount: number; idempotencyKey: string }): Promise<{ refundId: string; status: "pending" | "succeeded" | "failed" }>;
}
