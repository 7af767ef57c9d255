// Inputs and outputs of the billing procedures (the tenant's own Frontdesk plan), reused by the SDK.
import { z } from "zod";
import { PLANS } from "@frontdesk/db";
import { currentUsageOutput } from "../platform/usage/schemas";

export const planSchema = z.enum(PLANS);

export const changePlanInput = z.object({ plan: planSchema });
export type ChangePlanInput = z.infer<typeof changePlanInput>;

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
});
export type BillingState = z.infer<typeof billingStateOutput>;
