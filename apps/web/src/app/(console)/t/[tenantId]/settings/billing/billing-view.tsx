"use client";
// Settings → Billing: the plan in force, the subscription's status and period, this month's usage
// against the plan's limits, and the plans. Owners start a paid plan through Stripe Checkout, change
// or cancel it on the subscription they have, and open Stripe's billing portal; everyone else sees
// the plan and usage read-only (billing.* is owner-only at the API).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CreditCard, ExternalLink, Info } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import type { Plan, UsageMetric } from "@frontdesk/db";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime, formatNumber } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { ErrorState, LoadingState } from "@/components/query-state";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { parseAsStringLiteral, useQueryState } from "@/components/use-url-state";
import { useTRPC } from "@/trpc/react";
import {
  hasLiveSubscription,
  METRIC_LABELS,
  PLAN_BLURBS,
  PLAN_LABELS,
  PLANS,
  planAction,
  returnUrlFrom,
  subscriptionStatus,
  usagePercent,
  type PlanAction,
} from "./billing-model";

export type PlanLimits = Record<Plan, Record<UsageMetric, number>>;

export const NOT_CONFIGURED_NOTICE =
  "Payments are not configured on this server (no STRIPE_SECRET_KEY), so plans cannot be bought or changed here. Usage limits still apply.";

/** `checkout=success|cancelled`: where Stripe Checkout sent the owner back. */
const checkoutParser = parseAsStringLiteral(["success", "cancelled"] as const);

export function BillingView({ limits }: { limits: PlanLimits }) {
  const trpc = useTRPC();
  const { isOwner } = useConsole();
  const [checkout, setCheckout] = useQueryState("checkout", checkoutParser);
  const tenant = useQuery(trpc.tenant.get.queryOptions());
  const usage = useQuery(trpc.usage.current.queryOptions());
  const billing = useQuery({
    ...trpc.billing.get.queryOptions(undefined, { enabled: isOwner }),
    // Back from a paid Checkout: the plan moves when Stripe's event arrives, usually within seconds.
    refetchInterval: (q) =>
      checkout === "success" &&
      q.state.data &&
      !hasLiveSubscription(q.state.data.status) &&
      q.state.dataUpdateCount < 24
        ? 5_000
        : false,
  });

  const plan = billing.data?.plan ?? tenant.data?.plan;
  const usageItems = billing.data?.usage ?? usage.data;

  return (
    <>
      <PageHeader
        title="Billing"
        description="Your Frontdesk plan, this month's usage against its limits, and how you pay for it."
        actions={isOwner && billing.data ? <ManageBillingButton state={billing.data} /> : null}
      />
      <div className="grid gap-4">
        {checkout ? (
          <CheckoutNotice outcome={checkout} onDismiss={() => void setCheckout(null)} />
        ) : null}
        {isOwner && billing.data && !billing.data.paymentsConfigured ? (
          <p
            role="status"
            className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
            id="billing-not-configured"
          >
            <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{NOT_CONFIGURED_NOTICE}</span>
          </p>
        ) : null}
        {!isOwner ? (
          <p className="flex gap-2 rounded-md border bg-card p-3 text-sm">
            <Info className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
            <span>
              Only the workspace owner can change the plan or manage billing. Ask them if you need
              higher limits.
            </span>
          </p>
        ) : null}

        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Current plan</CardTitle>
            </CardHeader>
            <CardContent>
              {isOwner && billing.isError ? (
                <ErrorState
                  label="billing"
                  message={apiErrorMessage(billing.error)}
                  onRetry={billing.refetch}
                />
              ) : plan === undefined ? (
                tenant.isError ? (
                  <ErrorState
                    label="the plan"
                    message={apiErrorMessage(tenant.error)}
                    onRetry={tenant.refetch}
                  />
                ) : (
                  <LoadingState label="the plan" rows={2} />
                )
              ) : (
                <CurrentPlan plan={plan} state={billing.data} />
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Usage this month</CardTitle>
              {usageItems?.[0] ? (
                <CardDescription>
                  Counters reset on {formatDateTime(usageItems[0].period.end, "UTC")} UTC.
                </CardDescription>
              ) : null}
            </CardHeader>
            <CardContent>
              {usageItems ? (
                <UsageBars items={usageItems} />
              ) : usage.isError ? (
                <ErrorState
                  label="usage"
                  message={apiErrorMessage(usage.error)}
                  onRetry={usage.refetch}
                />
              ) : (
                <LoadingState label="usage" rows={5} />
              )}
            </CardContent>
          </Card>
        </div>

        <section aria-labelledby="plans-heading" className="grid gap-3">
          <h2 id="plans-heading" className="text-lg font-semibold">
            Plans
          </h2>
          <div className="grid gap-4 md:grid-cols-3">
            {PLANS.map((p) => (
              <PlanCard
                key={p}
                plan={p}
                limits={limits[p]}
                current={plan}
                state={isOwner ? billing.data : undefined}
              />
            ))}
          </div>
        </section>
      </div>
    </>
  );
}

function CheckoutNotice({
  outcome,
  onDismiss,
}: {
  outcome: "success" | "cancelled";
  onDismiss: () => void;
}) {
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-3 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-950"
    >
      <CheckCircle2 className="size-4 shrink-0" aria-hidden />
      <span className="flex-1">
        {outcome === "success"
          ? "Checkout complete. Your new plan takes effect as soon as Stripe confirms the subscription, usually within a minute."
          : "Checkout cancelled; nothing was charged and your plan is unchanged."}
      </span>
      <Button size="sm" variant="outline" onClick={onDismiss}>
        Dismiss
      </Button>
    </div>
  );
}

type BillingState = RouterOutputs["billing"]["get"];

function CurrentPlan({ plan, state }: { plan: Plan; state: BillingState | undefined }) {
  const status = state ? subscriptionStatus(state.status) : null;
  return (
    <dl className="grid grid-cols-2 gap-4 text-sm">
      <div>
        <dt className="text-xs font-medium text-muted-foreground uppercase">Plan</dt>
        <dd className="text-lg font-semibold">{PLAN_LABELS[plan]}</dd>
      </div>
      {status ? (
        <div>
          <dt className="text-xs font-medium text-muted-foreground uppercase">Subscription</dt>
          <dd>
            <Badge variant={status.variant}>{status.label}</Badge>
          </dd>
        </div>
      ) : null}
      {state?.currentPeriodEnd ? (
        <div>
          <dt className="text-xs font-medium text-muted-foreground uppercase">
            {state.cancelAtPeriodEnd ? "Ends on" : "Current period ends"}
          </dt>
          <dd>{formatDateTime(state.currentPeriodEnd, "UTC")} UTC</dd>
        </div>
      ) : null}
      {state?.pendingPlan ? (
        <div className="col-span-2 rounded-md bg-muted p-2">
          <dt className="visually-hidden">Requested change</dt>
          <dd>
            Change to <strong>{PLAN_LABELS[state.pendingPlan]}</strong> requested; it takes effect
            when Stripe confirms it.
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function UsageBars({ items }: { items: { metric: UsageMetric; used: number; limit: number }[] }) {
  const base = useId();
  return (
    <ul className="grid gap-3">
      {items.map((item) => {
        const labelId = `${base}-${item.metric}`;
        const pct = usagePercent(item.used, item.limit);
        return (
          <li key={item.metric} className="grid gap-1">
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span id={labelId} className="font-medium">
                {METRIC_LABELS[item.metric]}
              </span>
              <span className="tabular-nums text-muted-foreground">
                {formatNumber(item.used, 0)} of {formatNumber(item.limit, 0)}
              </span>
            </div>
            <Progress
              value={pct}
              aria-labelledby={labelId}
              aria-valuetext={`${formatNumber(item.used, 0)} of ${formatNumber(item.limit, 0)} used (${pct}%)`}
            />
          </li>
        );
      })}
    </ul>
  );
}

function PlanCard({
  plan,
  limits,
  current,
  state,
}: {
  plan: Plan;
  limits: Record<UsageMetric, number>;
  current: Plan | undefined;
  /** Only for owners: without it the card is read-only. */
  state: BillingState | undefined;
}) {
  const action: PlanAction = state
    ? planAction(plan, state)
    : { kind: plan === current ? "current" : "none" };
  const headingId = useId();
  return (
    <Card
      aria-labelledby={headingId}
      className={action.kind === "current" ? "border-primary" : undefined}
    >
      <CardHeader>
        <div className="flex items-center justify-between gap-2">
          <CardTitle id={headingId}>{PLAN_LABELS[plan]}</CardTitle>
          {action.kind === "current" ? <Badge variant="info">Current plan</Badge> : null}
          {action.kind === "requested" ? <Badge variant="warning">Requested</Badge> : null}
        </div>
        <CardDescription>{PLAN_BLURBS[plan]}</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-1 text-sm">
          {(Object.keys(METRIC_LABELS) as UsageMetric[]).map((metric) => (
            <li key={metric} className="flex justify-between gap-2">
              <span className="text-muted-foreground">{METRIC_LABELS[metric]}</span>
              <span className="tabular-nums">{formatNumber(limits[metric], 0)} / month</span>
            </li>
          ))}
        </ul>
      </CardContent>
      {state ? (
        <CardFooter>
          <PlanButton plan={plan} action={action} state={state} />
        </CardFooter>
      ) : null}
    </Card>
  );
}

function PlanButton({
  plan,
  action,
  state,
}: {
  plan: Plan;
  action: PlanAction;
  state: BillingState;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const disabled = !state.paymentsConfigured;
  const describedBy = disabled ? "billing-not-configured" : undefined;

  const checkout = useMutation(
    trpc.billing.checkoutSession.mutationOptions({
      // Stripe's hosted page; it sends the owner back here with ?checkout=success|cancelled.
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (e) =>
        toast.error("Could not start the checkout", { description: apiErrorMessage(e) }),
    }),
  );
  const change = useMutation(
    trpc.billing.changePlan.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.billing.get.queryKey(), next);
        void queryClient.invalidateQueries({ queryKey: trpc.usage.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.tenant.pathKey() });
        setConfirming(false);
        toast.success(
          next.pendingPlan ? `${PLAN_LABELS[next.pendingPlan]} requested` : "Plan updated",
          next.pendingPlan
            ? { description: "The new plan takes effect when Stripe confirms it." }
            : undefined,
        );
      },
      onError: (e) => toast.error("The plan was not changed", { description: apiErrorMessage(e) }),
    }),
  );

  if (action.kind === "current" || action.kind === "none" || action.kind === "requested")
    return null;
  if (action.kind === "checkout") {
    return (
      <Button
        className="w-full"
        disabled={disabled || checkout.isPending}
        aria-describedby={describedBy}
        aria-busy={checkout.isPending}
        onClick={() =>
          checkout.mutate({ plan: action.plan, returnUrl: returnUrlFrom(window.location.href) })
        }
      >
        {action.label}
      </Button>
    );
  }
  const cancelling = action.kind === "cancel";
  return (
    <AlertDialog open={confirming} onOpenChange={setConfirming}>
      <AlertDialogTrigger asChild>
        <Button
          className="w-full"
          variant={cancelling ? "outline" : "default"}
          disabled={disabled}
          aria-describedby={describedBy}
        >
          {action.label}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            {cancelling ? "Cancel the subscription?" : `Switch to ${PLAN_LABELS[plan]}?`}
          </AlertDialogTitle>
          <AlertDialogDescription>
            {cancelling
              ? "The subscription is cancelled at Stripe now, and the workspace moves to the Free plan's limits when Stripe confirms it. Usage above Free's limits is refused from then on."
              : `The subscription's price changes to ${PLAN_LABELS[plan]} at Stripe (it prorates the difference on your next invoice). The new limits apply when Stripe confirms the change.`}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep {PLAN_LABELS[state.plan]}</AlertDialogCancel>
          <Button
            variant={cancelling ? "destructive" : "default"}
            disabled={change.isPending}
            aria-busy={change.isPending}
            onClick={() => change.mutate({ plan })}
          >
            {cancelling ? "Confirm downgrade" : "Confirm change"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function ManageBillingButton({ state }: { state: BillingState }) {
  const trpc = useTRPC();
  const portal = useMutation(
    trpc.billing.portalSession.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (e) =>
        toast.error("Could not open the billing portal", { description: apiErrorMessage(e) }),
    }),
  );
  const reason = !state.paymentsConfigured
    ? "billing-not-configured"
    : !state.hasBillingAccount
      ? "billing-no-account"
      : undefined;
  return (
    <div className="grid justify-items-end gap-1">
      <Button
        variant="outline"
        disabled={reason !== undefined || portal.isPending}
        aria-describedby={reason}
        aria-busy={portal.isPending}
        onClick={() => portal.mutate({ returnUrl: returnUrlFrom(window.location.href) })}
      >
        <CreditCard aria-hidden /> Manage billing <ExternalLink aria-hidden />
      </Button>
      {state.paymentsConfigured && !state.hasBillingAccount ? (
        <p id="billing-no-account" className="text-xs text-muted-foreground">
          Available once you have a paid plan.
        </p>
      ) : null}
    </div>
  );
}
