// The payment provider for this process: Stripe when STRIPE_SECRET_KEY is set, else none (orders are
// then created with no payment attached). One instance per process.
import { createPaymentProviderFromEnv, type StripePaymentProvider } from "@frontdesk/api";
import { env } from "@/env";

const PROVIDER = Symbol.for("frontdesk.web.payments");
const store = globalThis as typeof globalThis & { [PROVIDER]?: StripePaymentProvider | null };

export function getPayments(): StripePaymentProvider | null {
  if (store[PROVIDER] === undefined) store[PROVIDER] = createPaymentProviderFromEnv(env);
  return store[PROVIDER] ?? null;
}
