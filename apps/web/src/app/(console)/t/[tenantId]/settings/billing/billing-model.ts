// Pure logic behind Settings → Billing: how a subscription status and a metered quantity read, and
// which action a plan card offers. The flow follows what is honest at Stripe: a workspace without a
// live subscription starts a paid plan through Checkout (where a payment method is entered); one with
// a subscription changes its price (billing.changePlan) or cancels it (changePlan to free). The plan
// in force moves only when Stripe's event arrives, in either case.
import type { Plan, UsageMetric } from "@frontdesk/db";

export const PLANS: readonly Plan[] = ["free", "pro", "enterprise"];

export const PLAN_LABELS: Record<Plan, string> = {
  free: "Free",
  pro: "Pro",
  enterprise: "Enterprise",
};

export const PLAN_BLURBS: Record<Plan, string> = {
  free: "To try Frontdesk out.",
  pro: "For a practice in daily use.",
  enterprise: "For groups and high volume.",
};

const RANK: Record<Plan, number> = { free: 0, pro: 1, enterprise: 2 };

export const METRIC_LABELS: Record<UsageMetric, string> = {
  bookings: "Bookings",
  orders: "Orders",
  metric_points: "Metric points",
  scores: "Scores",
  phi_scans: "PHI scans",
};

/** Stripe's subscription statuses (and `none`) in words, with a badge colour. */
export function subscriptionStatus(status: string): {
  label: string;
  variant: "success" | "warning" | "destructive" | "secondary" | "outline";
} {
  switch (status) {
    case "none":
      return { label: "No subscription", variant: "outline" };
    case "active":
      return { label: "Active", variant: "success" };
    case "trialing":
      return { label: "Trial", variant: "success" };
    case "past_due":
      return { label: "Past due", variant: "warning" };
    case "incomplete":
      return { label: "Awaiting payment", variant: "warning" };
    case "unpaid":
      return { label: "Unpaid", variant: "destructive" };
    case "canceled":
      return { label: "Cancelled", variant: "secondary" };
    case "incomplete_expired":
      return { label: "Expired", variant: "secondary" };
    default:
      return { label: status, variant: "outline" };
  }
}

/** Whether the workspace has a subscription Stripe has not ended (then plans change on it, not through Checkout). */
export function hasLiveSubscription(status: string): boolean {
  return status !== "none" && status !== "canceled" && status !== "incomplete_expired";
}

export type PlanAction =
  | { kind: "current" }
  /** Nothing to do from here (e.g. Free while on a paid plan an operator set without a subscription). */
  | { kind: "none" }
  /** Pending: asked of Stripe, waiting for its confirmation. */
  | { kind: "requested" }
  | { kind: "checkout"; label: string; plan: "pro" | "enterprise" }
  | { kind: "change"; label: string }
  | { kind: "cancel"; label: string };

/** What the card of `plan` offers, given the plan in force, the one asked for, and the subscription's status. */
export function planAction(
  plan: Plan,
  state: { plan: Plan; pendingPlan: Plan | null; status: string },
): PlanAction {
  if (state.pendingPlan === plan) return { kind: "requested" };
  if (plan === state.plan) return { kind: "current" };
  const label = `${RANK[plan] > RANK[state.plan] ? "Upgrade" : "Change plan"} to ${PLAN_LABELS[plan]}`;
  if (!hasLiveSubscription(state.status))
    return plan === "free" ? { kind: "none" } : { kind: "checkout", label, plan };
  if (plan === "free") return { kind: "cancel", label: "Downgrade to Free" };
  return { kind: "change", label };
}

/** 0..100 for a progress bar; a limit of 0 reads as full. */
export function usagePercent(used: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.min(100, Math.round((used / limit) * 1000) / 10);
}

/** The page's own URL without Stripe's `checkout` marker, for Stripe to send the owner back to. */
export function returnUrlFrom(href: string): string {
  const url = new URL(href);
  url.searchParams.delete("checkout");
  url.hash = "";
  return url.toString();
}
