// Inputs and outputs of the billing procedures (the tenant's own Frontdesk plan), reused by the SDK.
import { z } from "zod";
import { PLANS } from "@frontdesk/db";
import { currentUsageOutput } from "../platform/usage/schemas";
import { phiField } from "../phi-fields";

export const planSchema = z.enum(PLANS);

export const changePlanInput = z.object({ plan: planSchema });
export type ChangePlanInput = z.infer<typeof changePlanInput>;

export const paidPlanSchema = z.enum(["pro", "enterprise"]);

/**
 * Where Stripe sends the owner back (the console page that asked): an absolute http(s) URL without
 * credentials, at most 2,048 characters (Stripe's own limit is higher; no real page needs more).
 */
export const returnUrl = phiField(
  "transient",
  z
    .url({ protocol: /^https?$/, message: "returnUrl must be an absolute http(s) URL" })
    .max(2048)
    .refine((url) => {
      const parsed = new URL(url);
      return parsed.username === "" && parsed.password === "";
    }, "returnUrl must not contain a user name or password"),
);

export const checkoutSessionInput = z.object({ plan: paidPlanSchema, returnUrl });
export type CheckoutSessionInput = z.infer<typeof checkoutSessionInput>;

export const portalSessionInput = z.object({ returnUrl });
export type PortalSessionInput = z.infer<typeof portalSessionInput>;

/** A hosted Stripe page to send the owner's browser to; valid for a short while (Checkout: 24 h, portal: 5 min). */
export const hostedSessionOutput = z.object({ id: z.string(), url: z.url() });
export type HostedSession = z.infer<typeof hostedSessionOutput>;

export const billingStateOutput = z.object({
  /** The plan in force: its limits are the ones `recordUsage` enforces. Changes only with Stripe's verified events. */
  plan: planSchema,
  /** The plan Stripe has been asked for but whose event has not been processed yet; null when none. */
  pendingPlan: planSchema.nullable(),
  /** The subscription's status at Stripe (`active`, `past_due`, `canceled`, …), or `none` without one. */
  status: z.string().max(40),
  currentPeriodEnd: z.date().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** This month's usage against the limits of `plan` (as `usage.current`). */
  usage: currentUsageOutput,
  /** False without STRIPE_SECRET_KEY: plans cannot be changed here. */
  paymentsConfigured: z.boolean(),
  /** Whether the tenant has a Stripe customer (made by its first paid plan): the billing portal needs one. */
  hasBillingAccount: z.boolean(),
});
export type BillingState = z.infer<typeof billingStateOutput>;
