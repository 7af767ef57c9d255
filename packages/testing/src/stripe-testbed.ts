// What a test file that takes payments needs: its own test database, the local Stripe-speaking
// server, the product's Stripe provider pointed at it, and the `stripe` SDK itself pointed at it (for
// what a test does as Stripe, or as some other account) — set up in the file's beforeAll and closed
// in its afterAll.
//
//   let database: Database;
//   let local: LocalStripe;
//   let provider: StripePaymentProvider;
//   useStripeTestbed((testbed) => ({ database, local, provider } = testbed));
import Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import type { StripePaymentProvider } from "@frontdesk/api";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "./db";
import { localStripeProvider, startLocalStripe, type LocalStripe } from "./stripe-local";

export interface StripeTestbed {
  database: Database;
  local: LocalStripe;
  provider: StripePaymentProvider;
  stripe: Stripe;
}

export function useStripeTestbed(
  receive: (testbed: StripeTestbed) => void,
  options: {
    /** Pool size (tests that run transactions side by side want more than the default). */
    max?: number;
    /** The provider's plan → price ids; without them it offers no paid plan (billing tests pass LOCAL_PRICES). */
    prices?: Partial<Record<"pro" | "enterprise", string>>;
  } = {},
): void {
  let testbed: StripeTestbed | undefined;
  beforeAll(async () => {
    const local = await startLocalStripe();
    const database = await createTestDatabase(
      options.max === undefined ? {} : { max: options.max },
    );
    testbed = {
      database,
      local,
      provider: localStripeProvider(local, options.prices),
      stripe: new Stripe("sk_test_local", {
        host: local.host,
        port: local.port,
        protocol: local.protocol,
      }),
    };
    receive(testbed);
  });
  afterAll(async () => {
    await testbed?.local.close();
    await testbed?.database.close();
  });
}
