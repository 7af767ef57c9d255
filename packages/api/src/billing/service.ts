// The tenant's own Frontdesk plan, billed through Stripe: a Customer per tenant (created once,
// idempotency key `customer:<tenantId>`), a Subscription per paid plan. `changePlan` only ASKS Stripe
// (create / change price / cancel) and mirrors Stripe's answer in `subscriptions`; `tenants.plan` —
// and with it the limits `recordUsage` enforces — moves only when a verified
// `customer.subscription.*` event is processed (`applySubscription`, called by the webhook processor
// with the subscription re-read from Stripe).
import { and, count, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { subscriptions, tenants, type Db, type Plan } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { sameOriginUrl } from "../redirect-target";
import type { BillingProvider, BillingSubscription, PaidPlan, PaymentProvider } from "../payments";
import { getCurrentUsage } from "../platform/usage/service";
import type {
  BillingState,
  ChangePlanInput,
  CheckoutSessionInput,
  HostedSession,
  PortalSessionInput,
} from "./schemas";

export interface BillingDeps {
  /** `ctx.payments`; its `billing` side talks to Stripe. Null: billing is not configured. */
  payments?: PaymentProvider | null;
  /** `ctx.appOrigin`: hosted pages may only send the owner back to this origin. */
  appOrigin?: string | null;
}

/** Statuses in which a subscription still grants its plan (Stripe keeps access while a renewal is retried). */
export const ENTITLED_STATUSES = ["active", "trialing", "past_due"] as const;
/** Statuses after which a subscription is over for good. */
const ENDED_STATUSES = ["canceled", "incomplete_expired"];

const RANK: Record<Plan, number> = { free: 0, pro: 1, enterprise: 2 };

type SubscriptionRow = typeof subscriptions.$inferSelect;

/** The tenant's most recent subscription that has not ended, if any. */
async function liveSubscription(db: Db, tenantId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(
      and(eq(subscriptions.tenantId, tenantId), notInArray(subscriptions.status, ENDED_STATUSES)),
    )
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(1);
  return row;
}

export async function getBilling(
  db: Db,
  actor: Actor,
  deps: BillingDeps = {},
): Promise<BillingState> {
  const [tenant] = await db
    .select({ plan: tenants.plan, stripeCustomerId: tenants.stripeCustomerId })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  if (!tenant) throw new AppError("NOT_FOUND", "This tenant no longer exists");
  const live = await liveSubscription(db, actor.tenantId);
  const [latest] = live
    ? [live]
    : await db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.tenantId, actor.tenantId))
        .orderBy(desc(subscriptions.updatedAt), desc(subscriptions.id))
        .limit(1);
  const asked: Plan =
    live && (ENTITLED_STATUSES as readonly string[]).includes(live.status) ? live.plan : "free";
  return {
    plan: tenant.plan,
    // Without any subscription the plan was set outside billing (seed, operator): nothing was asked of Stripe.
    pendingPlan: latest === undefined || asked === tenant.plan ? null : asked,
    status: latest?.status ?? "none",
    currentPeriodEnd: live?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: live?.cancelAtPeriodEnd ?? false,
    usage: await getCurrentUsage(db, actor),
    paymentsConfigured: Boolean(deps.payments),
    hasBillingAccount: tenant.stripeCustomerId !== null,
  };
}

const NOT_CONFIGURED =
  "Payments are not configured on this server (no STRIPE_SECRET_KEY), so plans cannot be bought or changed here";

function billingOf(deps: BillingDeps): BillingProvider {
  const billing = deps.payments?.billing;
  if (!billing) throw new AppError("PRECONDITION_FAILED", NOT_CONFIGURED);
  return billing;
}

function assertSells(billing: BillingProvider, plan: PaidPlan): void {
  if (!billing.sellsPlan(plan)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The ${plan} plan is not for sale here (no Stripe price is configured: set STRIPE_PRICE_${plan.toUpperCase()})`,
    );
  }
}

interface LockedTenant {
  id: string;
  name: string;
  stripeCustomerId: string | null;
}

/** The tenant row, locked for the request: concurrent billing changes of one tenant are serialised. */
async function lockTenant(db: Db, tenantId: string): Promise<LockedTenant> {
  const [tenant] = await db
    .select({ id: tenants.id, name: tenants.name, stripeCustomerId: tenants.stripeCustomerId })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .for("update");
  if (!tenant) throw new AppError("NOT_FOUND", "This tenant no longer exists");
  return tenant;
}

/** The tenant's Stripe customer, created once (key `customer:<tenantId>`, so a retry makes no second one). */
async function ensureCustomer(
  db: Db,
  billing: BillingProvider,
  tenant: LockedTenant,
): Promise<string> {
  if (tenant.stripeCustomerId) return tenant.stripeCustomerId;
  const { id } = await billing.createCustomer(
    { tenantId: tenant.id, name: tenant.name },
    `customer:${tenant.id}`,
  );
  await db.update(tenants).set({ stripeCustomerId: id }).where(eq(tenants.id, tenant.id));
  return id;
}

/** Stripe's current view of the tenant's live subscription (mirrored), or null when it has none or it ended. */
async function currentSubscription(
  db: Db,
  billing: BillingProvider,
  tenantId: string,
): Promise<BillingSubscription | null> {
  const live = await liveSubscription(db, tenantId);
  // Our row may lag behind Stripe (an event not yet processed): decide on Stripe's current state.
  const current = live?.stripeSubscriptionId
    ? await billing.retrieveSubscription(live.stripeSubscriptionId)
    : null;
  if (current) await upsertSubscription(db, tenantId, current);
  return current && !ENDED_STATUSES.includes(current.status) ? current : null;
}

function withParam(url: URL, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

/**
 * The return URL, if it is a page of this app: Stripe would otherwise send the owner, straight
 * from a trusted checkout, to any site the caller named.
 */
function returnUrlOnAppOrigin(returnUrl: string, deps: BillingDeps): URL {
  const origin = deps.appOrigin;
  const url = origin ? sameOriginUrl(returnUrl, origin) : null;
  if (!url) {
    throw new AppError(
      "BAD_REQUEST",
      origin
        ? `returnUrl must be a page of this app (${origin})`
        : "This server does not know its own address, so it accepts no returnUrl",
    );
  }
  return url;
}

/**
 * A Stripe Checkout page where the owner enters a payment method and starts a paid plan: the honest
 * way from free to paid (a subscription made without a payment method would not be paid). Only for a
 * tenant without a live subscription — one that has it changes plans with `changePlan` or in the
 * portal. As with changePlan, tenants.plan moves only when Stripe's subscription event is processed.
 * The owner comes back to `returnUrl` with `checkout=success` or `checkout=cancelled`.
 */
export async function createCheckoutSession(
  db: Db,
  actor: Actor,
  input: CheckoutSessionInput,
  deps: BillingDeps = {},
): Promise<HostedSession> {
  const billing = billingOf(deps);
  assertSells(billing, input.plan);
  const returnUrl = returnUrlOnAppOrigin(input.returnUrl, deps);
  const tenant = await lockTenant(db, actor.tenantId);
  const current = await currentSubscription(db, billing, tenant.id);
  if (current) {
    throw new AppError(
      "CONFLICT",
      `This workspace already has a subscription (${current.plan ?? "unknown plan"}, ${current.status}); change its plan or manage it in the billing portal instead of starting another`,
    );
  }
  const customerId = await ensureCustomer(db, billing, tenant);
  return billing.createCheckoutSession({
    tenantId: tenant.id,
    customerId,
    plan: input.plan,
    successUrl: withParam(returnUrl, "checkout", "success"),
    cancelUrl: withParam(returnUrl, "checkout", "cancelled"),
  });
}

/** A Stripe billing portal page (payment methods, invoices, cancellation) for the tenant's customer. */
export async function createPortalSession(
  db: Db,
  actor: Actor,
  input: PortalSessionInput,
  deps: BillingDeps = {},
): Promise<HostedSession> {
  const billing = billingOf(deps);
  const returnUrl = returnUrlOnAppOrigin(input.returnUrl, deps);
  const [tenant] = await db
    .select({ stripeCustomerId: tenants.stripeCustomerId })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  if (!tenant) throw new AppError("NOT_FOUND", "This tenant no longer exists");
  if (!tenant.stripeCustomerId) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "This workspace has no billing account yet; choose a paid plan first, then manage billing here",
    );
  }
  return billing.createPortalSession({
    customerId: tenant.stripeCustomerId,
    returnUrl: returnUrl.toString(),
  });
}

/**
 * Asks Stripe for `input.plan`: free cancels the subscription; a paid plan creates the Customer (once)
 * and a Subscription, or changes the price of the existing one. The tenant row is locked for the
 * request, so concurrent changes of one tenant are serialised. Returns the state with `pendingPlan`
 * until Stripe's event confirms the change.
 */
export async function changePlan(
  db: Db,
  actor: Actor,
  input: ChangePlanInput,
  deps: BillingDeps = {},
): Promise<BillingState> {
  const billing = billingOf(deps);
  if (input.plan !== "free") assertSells(billing, input.plan);
  const tenant = await lockTenant(db, actor.tenantId);
  const current = await currentSubscription(db, billing, tenant.id);

  if (input.plan === "free") {
    if (current)
      await upsertSubscription(db, actor.tenantId, await billing.cancelSubscription(current.id));
    return getBilling(db, actor, deps);
  }

  if (current) {
    if (current.plan !== input.plan || current.cancelAtPeriodEnd) {
      if (!current.itemId)
        throw new AppError("CONFLICT", "The subscription has no item to change; contact support");
      await upsertSubscription(
        db,
        actor.tenantId,
        await billing.changeSubscriptionPlan(current.id, current.itemId, input.plan),
      );
    }
    return getBilling(db, actor, deps);
  }

  const customerId = await ensureCustomer(db, billing, tenant);
  // The key counts the tenant's subscriptions so far (stable under the lock) and leaves the plan out.
  // A retried request replays Stripe's answer instead of starting, and billing, a second
  // subscription; so does a retry that asks for ANOTHER plan, which Stripe refuses (same key, other
  // parameters → CONFLICT). An answer we failed to record can therefore never leave an orphaned,
  // billed subscription behind: it is recorded by its customer.subscription.created event or by a
  // retry with the same plan, and from then on its plan is changed, not a new one started.
  const [made] = await db
    .select({ n: count() })
    .from(subscriptions)
    .where(eq(subscriptions.tenantId, tenant.id));
  const created = await billing.createSubscription(
    { tenantId: tenant.id, customerId, plan: input.plan },
    `subscription:${tenant.id}:${made?.n ?? 0}`,
  );
  await upsertSubscription(db, actor.tenantId, created);
  return getBilling(db, actor, deps);
}

/**
 * Mirrors Stripe's view of a subscription in `subscriptions` (keyed by tenant + Stripe id); true when
 * the row was created or changed. A subscription whose price is not one of the plans is refused.
 */
export async function upsertSubscription(
  db: Db,
  tenantId: string,
  sub: BillingSubscription,
): Promise<boolean> {
  if (sub.plan === null)
    throw new AppError("CONFLICT", "The subscription's price is not one of the plans");
  const values = {
    plan: sub.plan,
    status: sub.status,
    stripeCustomerId: sub.customerId,
    currentPeriodStart: sub.currentPeriodStart,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
  };
  const [existing] = await db
    .select()
    .from(subscriptions)
    .where(
      and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.stripeSubscriptionId, sub.id)),
    )
    .for("update");
  const time = (d: Date | null) => d?.getTime() ?? null;
  if (
    existing &&
    existing.plan === values.plan &&
    existing.status === values.status &&
    existing.stripeCustomerId === values.stripeCustomerId &&
    time(existing.currentPeriodStart) === time(values.currentPeriodStart) &&
    time(existing.currentPeriodEnd) === time(values.currentPeriodEnd) &&
    existing.cancelAtPeriodEnd === values.cancelAtPeriodEnd
  ) {
    return false;
  }
  await db
    .insert(subscriptions)
    .values({ tenantId, stripeSubscriptionId: sub.id, ...values })
    .onConflictDoUpdate({
      target: [subscriptions.tenantId, subscriptions.stripeSubscriptionId],
      set: { ...values, updatedAt: sql`now()` },
    });
  return true;
}

/**
 * Applies a subscription re-read from Stripe (for the webhook processor; `db` in the tenant's scope):
 * mirrors it, then sets `tenants.plan` to the best plan among the tenant's entitled subscriptions
 * (none: free). Reading the mirror rather than the event makes any arrival order converge. Returns
 * whether anything changed; NOT_FOUND for a subscription that is not this tenant's customer's.
 */
export async function applySubscription(
  db: Db,
  tenantId: string,
  sub: BillingSubscription,
): Promise<boolean> {
  const [tenant] = await db
    .select({ plan: tenants.plan, stripeCustomerId: tenants.stripeCustomerId })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .for("update");
  if (!tenant || tenant.stripeCustomerId !== sub.customerId) {
    throw new AppError("NOT_FOUND", "No tenant has this subscription's customer");
  }
  const rowChanged = await upsertSubscription(db, tenantId, sub);
  const entitled = await db
    .select({ plan: subscriptions.plan })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        inArray(subscriptions.status, [...ENTITLED_STATUSES]),
      ),
    );
  const plan = entitled.reduce<Plan>(
    (best, r) => (RANK[r.plan] > RANK[best] ? r.plan : best),
    "free",
  );
  if (plan === tenant.plan) return rowChanged;
  await db.update(tenants).set({ plan }).where(eq(tenants.id, tenantId));
  return true;
}
