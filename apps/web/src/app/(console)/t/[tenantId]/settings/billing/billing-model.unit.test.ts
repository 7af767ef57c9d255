import { describe, expect, it } from "vitest";
import {
  hasLiveSubscription,
  planAction,
  returnUrlFrom,
  subscriptionStatus,
  usagePercent,
} from "./billing-model";

describe("planAction", () => {
  it("without a subscription, paid plans start through Checkout", () => {
    const state = { plan: "free", pendingPlan: null, status: "none" } as const;
    expect(planAction("free", state)).toEqual({ kind: "current" });
    expect(planAction("pro", state)).toEqual({
      kind: "checkout",
      label: "Upgrade to Pro",
      plan: "pro",
    });
    expect(planAction("enterprise", state)).toEqual({
      kind: "checkout",
      label: "Upgrade to Enterprise",
      plan: "enterprise",
    });
    // A cancelled subscription is over: a new plan is a new Checkout.
    expect(planAction("pro", { ...state, status: "canceled" })).toEqual({
      kind: "checkout",
      label: "Upgrade to Pro",
      plan: "pro",
    });
  });

  it("with a live subscription, plans change on it and Free cancels it", () => {
    const state = { plan: "enterprise", pendingPlan: null, status: "active" } as const;
    expect(planAction("enterprise", state)).toEqual({ kind: "current" });
    expect(planAction("pro", state)).toEqual({ kind: "change", label: "Change plan to Pro" });
    expect(planAction("free", state)).toEqual({ kind: "cancel", label: "Downgrade to Free" });
    expect(
      planAction("enterprise", { plan: "pro", pendingPlan: null, status: "past_due" }),
    ).toEqual({ kind: "change", label: "Upgrade to Enterprise" });
  });

  it("shows a requested plan as waiting for Stripe, and offers nothing it cannot do", () => {
    expect(planAction("pro", { plan: "free", pendingPlan: "pro", status: "active" })).toEqual({
      kind: "requested",
    });
    expect(planAction("free", { plan: "pro", pendingPlan: null, status: "none" })).toEqual({
      kind: "none",
    });
  });
});

describe("statuses, usage and the return URL", () => {
  it("reads Stripe's statuses", () => {
    expect(subscriptionStatus("past_due")).toEqual({ label: "Past due", variant: "warning" });
    expect(subscriptionStatus("something_new").label).toBe("something_new");
    expect(hasLiveSubscription("unpaid")).toBe(true);
    expect(hasLiveSubscription("incomplete_expired")).toBe(false);
  });

  it("caps usage at 100 % and treats a zero limit as full", () => {
    expect(usagePercent(50, 200)).toBe(25);
    expect(usagePercent(1, 3)).toBe(33.3);
    expect(usagePercent(300, 200)).toBe(100);
    expect(usagePercent(0, 0)).toBe(100);
  });

  it("drops Stripe's checkout marker and the fragment, keeps the rest", () => {
    expect(returnUrlFrom("https://c.example/t/1/settings/billing?checkout=success&x=1#top")).toBe(
      "https://c.example/t/1/settings/billing?x=1",
    );
  });
});
