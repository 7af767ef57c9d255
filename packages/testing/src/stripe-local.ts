// A local HTTP server that speaks Stripe's wire format for the calls Frontdesk makes, so tests run the
// real `stripe` SDK (pointed here with `host`/`port`/`protocol`) with no Stripe account or network.
// Covered: PaymentIntents (create, retrieve, cancel), Refunds (create, retrieve), Customers (create,
// retrieve), Subscriptions (create with `customer` + `items[0][price]`, retrieve, update of an item's
// price or of `cancel_at_period_end`, cancel with DELETE) over a fixed set of monthly prices (plan →
// price id, `{ pro: "price_pro", enterprise: "price_enterprise" }` by default), form-encoded bodies
// with bracket notation, JSON objects with `object` and prefixed ids, the error envelope, Bearer auth,
// and Idempotency-Key semantics (same key + same params → the stored response replayed with
// `Idempotent-Replayed: true`; other params → 400 idempotency_error). Faults: `dropNextResponse(path)`
// commits the request and then destroys the socket without answering. Test helpers move a
// PaymentIntent between statuses and sign webhook payloads exactly as Stripe does.
// Subscriptions start `active` (no payment collection, trials, invoices or proration) with a 30-day
// period on their item (where current API versions put it); `setSubscriptionStatus` moves them.
// Invoices: retrieve only (`GET /v1/invoices/:id`); the test helpers `createInvoice` / `setInvoiceStatus`
// make and move them (paid | open | uncollectible) WITHOUT touching the subscription — a test moves
// that itself, as Stripe's billing would after a failed renewal. An invoice names its subscription both
// under `parent.subscription_details` (current API versions) and as the older top-level `subscription`.
// Checkout: `POST /v1/checkout/sessions` (mode `subscription` only; `line_items[0][price]` of a known
// price, `success_url` required, `customer` must exist) and `GET /v1/checkout/sessions/:id` answer an
// `open` `checkout.session` (id `cs_test_…`, a `url` on checkout.stripe.com, `expires_at` 24 h on).
// Nobody pays it: the test helper `completeCheckoutSession` does what Stripe does once the customer
// pays — creates the subscription (with `subscription_data[metadata]`) and marks the session
// `complete` / `paid`. Billing portal: `POST /v1/billing_portal/sessions` (`customer` required and
// must exist, optional `return_url`) answers a `billing_portal.session` (id `bps_…`, a `url` on
// billing.stripe.com); the portal itself is not simulated.
// NOT covered: creating/paying/finalizing Invoices through the API, Charges, Prices/Products endpoints,
// Checkout in payment/setup mode, line items and discounts of sessions, portal configurations and
// flows, lists and search, expand[], Connect accounts, API versions, rate limits, 3-D Secure flows,
// real card behaviour.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { StripePaymentProvider } from "@frontdesk/api";

export type LocalIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "canceled"
  | "succeeded";

export interface LocalPaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  status: LocalIntentStatus;
  client_secret: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
  canceled_at: number | null;
  cancellation_reason: string | null;
  last_payment_error: { type: string; code: string; message: string } | null;
}

export interface LocalRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  status: "pending" | "succeeded" | "failed" | "canceled";
  metadata: Record<string, string>;
  created: number;
}

export interface LocalCustomer {
  id: string;
  object: "customer";
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface LocalPrice {
  id: string;
  object: "price";
  active: true;
  currency: "usd";
  unit_amount: number;
  recurring: { interval: "month"; interval_count: 1 };
  product: string;
  type: "recurring";
  livemode: false;
}

export type LocalSubscriptionStatus =
  "active" | "trialing" | "past_due" | "unpaid" | "canceled" | "incomplete" | "incomplete_expired";

export interface LocalSubscriptionItem {
  id: string;
  object: "subscription_item";
  price: LocalPrice;
  quantity: 1;
  subscription: string;
  current_period_start: number;
  current_period_end: number;
  created: number;
}

export interface LocalSubscription {
  id: string;
  object: "subscription";
  customer: string;
  status: LocalSubscriptionStatus;
  items: { object: "list"; data: LocalSubscriptionItem[]; has_more: false; url: string };
  metadata: Record<string, string>;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  ended_at: number | null;
  created: number;
  livemode: false;
}

export type LocalInvoiceStatus = "paid" | "open" | "uncollectible";

export interface LocalInvoice {
  id: string;
  object: "invoice";
  customer: string;
  /** Older API versions' field; current ones name the subscription under `parent`. */
  subscription: string | null;
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { subscription: string; metadata: Record<string, string> };
  } | null;
  status: LocalInvoiceStatus;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  currency: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface LocalCheckoutSession {
  id: string;
  object: "checkout.session";
  mode: "subscription";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  customer: string | null;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  currency: string;
  amount_subtotal: number;
  amount_total: number;
  metadata: Record<string, string>;
  subscription: string | null;
  created: number;
  expires_at: number;
  livemode: false;
}

export interface LocalPortalSession {
  id: string;
  object: "billing_portal.session";
  configuration: string;
  customer: string;
  flow: null;
  locale: null;
  on_behalf_of: null;
  return_url: string | null;
  url: string;
  created: number;
  livemode: false;
}

/** Plan → price id, the shape of the apps' STRIPE_PRICE_* configuration. */
export const LOCAL_PRICES = { pro: "price_pro", enterprise: "price_enterprise" } as const;

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface LocalStripeState {
  paymentIntents: Map<string, LocalPaymentIntent>;
  refunds: Map<string, LocalRefund>;
  customers: Map<string, LocalCustomer>;
  subscriptions: Map<string, LocalSubscription>;
  invoices: Map<string, LocalInvoice>;
  checkoutSessions: Map<string, LocalCheckoutSession>;
  portalSessions: Map<string, LocalPortalSession>;
  idempotency: Map<string, StoredResponse>;
  /** Every request received, in order (method and path), retries included. */
  requests: { method: string; path: string; idempotencyKey: string | null }[];
}

export interface SignedWebhook {
  event: Record<string, unknown>;
  payload: string;
  signature: string;
}

export interface LocalStripe {
  host: string;
  port: number;
  protocol: "http";
  state: LocalStripeState;
  /** The next POST to `path` is committed, then its socket is destroyed without a response. */
  dropNextResponse(path: string): void;
  /** Moves a PaymentIntent as the customer's actions would (failed = requires_payment_method + error). */
  setPaymentIntentStatus(
    id: string,
    to: "succeeded" | "failed" | "processing" | "requires_action" | "canceled",
  ): LocalPaymentIntent;
  /** A Stripe Event around a copy of `object`, signed with `secret` (timestamp in seconds; now by default). */
  /** Moves a Subscription as Stripe's billing would (a failed renewal → past_due, …); canceled ends it. */
  setSubscriptionStatus(id: string, to: LocalSubscriptionStatus): LocalSubscription;
  /**
   * An invoice of `subscription` for its price (its customer and currency), `open` by default; `paid`
   * sets amount_paid to the amount due. The subscription itself is not changed.
   */
  createInvoice(subscription: string, status?: LocalInvoiceStatus): LocalInvoice;
  /** Moves an invoice: paid (amount_paid = amount_due), open after a failed attempt (attempt_count + 1), uncollectible. */
  setInvoiceStatus(id: string, to: LocalInvoiceStatus): LocalInvoice;
  /**
   * What Stripe does once the customer pays an open subscription Checkout Session: creates the
   * subscription (its `subscription_data[metadata]`, the session's customer and price) and marks the
   * session complete and paid. Deliver `customer.subscription.created` for it yourself.
   */
  completeCheckoutSession(id: string): {
    session: LocalCheckoutSession;
    subscription: LocalSubscription;
  };
  signedEvent(input: {
    type: string;
    object: object;
    secret: string;
    timestamp?: number;
    id?: string;
  }): SignedWebhook;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | undefined,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** `metadata[order_id]=x&expand[0]=y` → `{ metadata: { order_id: "x" }, expand: { "0": "y" } }`. */
export function parseForm(body: string): Params {
  const out: Params = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const [head = rawKey, ...rest] = rawKey.split("[");
    const path = [head, ...rest.map((p) => p.replace(/\]$/, ""))];
    let node: Params = out;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const child = node[segment];
      if (typeof child === "object" && child !== null) node = child as Params;
      else {
        const created: Params = {};
        node[segment] = created;
        node = created;
      }
    });
  }
  return out;
}

function stringParam(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

function integerParam(params: Params, name: string, required: boolean): number | undefined {
  const raw = stringParam(params, name);
  if (raw === undefined) {
    if (required)
      throw new StripeHttpError(
        400,
        "invalid_request_error",
        "parameter_missing",
        `Missing required param: ${name}.`,
        name,
      );
    return undefined;
  }
  if (!/^\d+$/.test(raw))
    throw new StripeHttpError(
      400,
      "invalid_request_error",
      "parameter_invalid_integer",
      `Invalid integer: ${raw}`,
      name,
    );
  return Number(raw);
}

function metadataParam(params: Params): Record<string, string> {
  const raw = params.metadata;
  const out: Record<string, string> = {};
  if (typeof raw === "object" && raw !== null) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

const CANCELLABLE = new Set<LocalIntentStatus>([
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
]);

const PERIOD_SECONDS = 30 * 86_400;

export async function startLocalStripe(
  options: { prices?: Record<string, string> } = {},
): Promise<LocalStripe> {
  const prices = new Map<string, LocalPrice>();
  for (const [plan, id] of Object.entries(options.prices ?? LOCAL_PRICES)) {
    prices.set(id, {
      id,
      object: "price",
      active: true,
      currency: "usd",
      unit_amount: plan === "enterprise" ? 49_900 : 4_900,
      recurring: { interval: "month", interval_count: 1 },
      product: `prod_${plan}`,
      type: "recurring",
      livemode: false,
    });
  }
  const state: LocalStripeState = {
    paymentIntents: new Map(),
    refunds: new Map(),
    customers: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    idempotency: new Map(),
    requests: [],
  };
  const drops = new Set<string>();

  function intent(id: string): LocalPaymentIntent {
    const pi = state.paymentIntents.get(id);
    if (!pi)
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        "resource_missing",
        `No such payment_intent: '${id}'`,
        "intent",
      );
    return pi;
  }

  function customer(id: string): LocalCustomer {
    const found = state.customers.get(id);
    if (!found)
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        "resource_missing",
        `No such customer: '${id}'`,
        "customer",
      );
    return found;
  }

  function subscription(id: string): LocalSubscription {
    const found = state.subscriptions.get(id);
    if (!found)
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        "resource_missing",
        `No such subscription: '${id}'`,
        "id",
      );
    return found;
  }

  function invoice(id: string): LocalInvoice {
    const found = state.invoices.get(id);
    if (!found)
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        "resource_missing",
        `No such invoice: '${id}'`,
        "id",
      );
    return found;
  }

  function moveInvoice(id: string, to: LocalInvoiceStatus): LocalInvoice {
    const found = invoice(id);
    found.status = to;
    found.attempt_count += 1;
    found.amount_paid = to === "paid" ? found.amount_due : 0;
    found.amount_remaining = found.amount_due - found.amount_paid;
    return found;
  }

  function price(id: string | undefined, param: string): LocalPrice {
    if (!id)
      throw new StripeHttpError(
        400,
        "invalid_request_error",
        "parameter_missing",
        `Missing required param: ${param}.`,
        param,
      );
    const found = prices.get(id);
    if (!found)
      throw new StripeHttpError(
        400,
        "invalid_request_error",
        "resource_missing",
        `No such price: '${id}'`,
        param,
      );
    return found;
  }

  /** `items[0][price]` → the first item's params (the SDK sends arrays as indexed brackets). */
  function firstItem(params: Params): Params | undefined {
    const items = params.items;
    if (typeof items !== "object" || items === null) return undefined;
    const first = (items as Params)["0"];
    return typeof first === "object" && first !== null ? (first as Params) : undefined;
  }

  function booleanParam(params: Params, name: string): boolean | undefined {
    const raw = stringParam(params, name);
    if (raw === undefined) return undefined;
    if (raw !== "true" && raw !== "false")
      throw new StripeHttpError(
        400,
        "invalid_request_error",
        "parameter_invalid_boolean",
        `Invalid boolean: ${raw}`,
        name,
      );
    return raw === "true";
  }

  function makeSubscription(
    customerId: string,
    itemPrice: LocalPrice,
    metadata: Record<string, string>,
    cancelAtPeriodEnd: boolean,
  ): LocalSubscription {
    const id = newId("sub");
    const created = now();
    const sub: LocalSubscription = {
      id,
      object: "subscription",
      customer: customerId,
      status: "active",
      items: {
        object: "list",
        data: [
          {
            id: newId("si"),
            object: "subscription_item",
            price: itemPrice,
            quantity: 1,
            subscription: id,
            current_period_start: created,
            current_period_end: created + PERIOD_SECONDS,
            created,
          },
        ],
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
      },
      metadata,
      cancel_at_period_end: cancelAtPeriodEnd,
      canceled_at: null,
      ended_at: null,
      created,
      livemode: false,
    };
    state.subscriptions.set(id, sub);
    return sub;
  }

  /** What a completed Checkout Session needs to start its subscription (kept off the wire object). */
  const checkoutPlans = new Map<
    string,
    { price: LocalPrice; subscriptionMetadata: Record<string, string> }
  >();

  function checkoutSession(id: string): LocalCheckoutSession {
    const found = state.checkoutSessions.get(id);
    if (!found)
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        "resource_missing",
        `No such checkout.session: '${id}'`,
        "session",
      );
    return found;
  }

  function urlParam(params: Params, name: string, required: boolean): string | undefined {
    const raw = stringParam(params, name);
    if (raw === undefined) {
      if (required)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          `Missing required param: ${name}.`,
          name,
        );
      return undefined;
    }
    if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
      throw new StripeHttpError(
        400,
        "invalid_request_error",
        "url_invalid",
        "Not a valid URL",
        name,
      );
    }
    return raw;
  }

  function refundedOf(piId: string): number {
    let total = 0;
    for (const r of state.refunds.values())
      if (r.payment_intent === piId && (r.status === "succeeded" || r.status === "pending"))
        total += r.amount;
    return total;
  }

  function route(method: string, path: string, params: Params): { status: number; body: unknown } {
    let m: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/payment_intents") {
      const amount = integerParam(params, "amount", true) ?? 0;
      if (amount < 1)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "amount_too_small",
          "Amount must be at least 1.",
          "amount",
        );
      const currency = stringParam(params, "currency");
      if (!currency)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: currency.",
          "currency",
        );
      if (!/^[a-z]{3}$/.test(currency))
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_invalid_string",
          `Invalid currency: ${currency}.`,
          "currency",
        );
      const id = newId("pi");
      const pi: LocalPaymentIntent = {
        id,
        object: "payment_intent",
        amount,
        amount_received: 0,
        currency,
        status: "requires_payment_method",
        client_secret: `${id}_secret_${randomBytes(12).toString("hex")}`,
        metadata: metadataParam(params),
        created: now(),
        livemode: false,
        canceled_at: null,
        cancellation_reason: null,
        last_payment_error: null,
      };
      state.paymentIntents.set(id, pi);
      return { status: 200, body: pi };
    }
    if (method === "GET" && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      return { status: 200, body: intent(decodeURIComponent(m[1] ?? "")) };
    }
    if (method === "POST" && (m = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path))) {
      const pi = intent(decodeURIComponent(m[1] ?? ""));
      if (!CANCELLABLE.has(pi.status)) {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "payment_intent_unexpected_state",
          `You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`,
        );
      }
      pi.status = "canceled";
      pi.canceled_at = now();
      pi.cancellation_reason = stringParam(params, "cancellation_reason") ?? null;
      return { status: 200, body: pi };
    }
    if (method === "POST" && path === "/v1/refunds") {
      const piId = stringParam(params, "payment_intent");
      if (!piId)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: payment_intent.",
          "payment_intent",
        );
      const pi = intent(piId);
      if (pi.status !== "succeeded") {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "charge_not_refundable",
          "This PaymentIntent has no successful charge to refund.",
        );
      }
      const remaining = pi.amount_received - refundedOf(pi.id);
      if (remaining <= 0)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "charge_already_refunded",
          `Charge for ${pi.id} has already been refunded.`,
        );
      const amount = integerParam(params, "amount", false) ?? remaining;
      if (amount < 1 || amount > remaining) {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "amount_too_large",
          `Refund amount (${amount}) is greater than the unrefunded amount (${remaining}).`,
          "amount",
        );
      }
      const refund: LocalRefund = {
        id: newId("re"),
        object: "refund",
        amount,
        currency: pi.currency,
        payment_intent: pi.id,
        status: "succeeded",
        metadata: metadataParam(params),
        created: now(),
      };
      state.refunds.set(refund.id, refund);
      return { status: 200, body: refund };
    }
    if (method === "GET" && (m = /^\/v1\/refunds\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1] ?? "");
      const refund = state.refunds.get(id);
      if (!refund)
        throw new StripeHttpError(
          404,
          "invalid_request_error",
          "resource_missing",
          `No such refund: '${id}'`,
          "id",
        );
      return { status: 200, body: refund };
    }
    if (method === "POST" && path === "/v1/customers") {
      const created: LocalCustomer = {
        id: newId("cus"),
        object: "customer",
        email: stringParam(params, "email") ?? null,
        name: stringParam(params, "name") ?? null,
        metadata: metadataParam(params),
        created: now(),
        livemode: false,
      };
      state.customers.set(created.id, created);
      return { status: 200, body: created };
    }
    if (method === "GET" && (m = /^\/v1\/customers\/([^/]+)$/.exec(path))) {
      return { status: 200, body: customer(decodeURIComponent(m[1] ?? "")) };
    }
    if (method === "POST" && path === "/v1/subscriptions") {
      const customerId = stringParam(params, "customer");
      if (!customerId)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: customer.",
          "customer",
        );
      customer(customerId);
      const item = firstItem(params);
      if (!item)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: items.",
          "items",
        );
      const itemPrice = price(stringParam(item, "price"), "items[0][price]");
      const sub = makeSubscription(
        customerId,
        itemPrice,
        metadataParam(params),
        booleanParam(params, "cancel_at_period_end") ?? false,
      );
      return { status: 200, body: sub };
    }
    if (method === "GET" && (m = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      return { status: 200, body: subscription(decodeURIComponent(m[1] ?? "")) };
    }
    if (method === "POST" && (m = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      const sub = subscription(decodeURIComponent(m[1] ?? ""));
      if (sub.status === "canceled" || sub.status === "incomplete_expired") {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          undefined,
          `A canceled subscription can only update its cancellation_details and metadata.`,
        );
      }
      const item = firstItem(params);
      if (item) {
        const itemId = stringParam(item, "id");
        const target = sub.items.data.find((i) => i.id === itemId);
        // Without an id Stripe would add a second item; the local server keeps one item per subscription.
        if (!itemId || !target) {
          throw new StripeHttpError(
            400,
            "invalid_request_error",
            "resource_missing",
            `No such subscription item: '${itemId ?? ""}' (pass items[0][id] to change an item's price)`,
            "items[0][id]",
          );
        }
        target.price = price(stringParam(item, "price"), "items[0][price]");
      }
      const atPeriodEnd = booleanParam(params, "cancel_at_period_end");
      if (atPeriodEnd !== undefined) sub.cancel_at_period_end = atPeriodEnd;
      Object.assign(sub.metadata, metadataParam(params));
      return { status: 200, body: sub };
    }
    if (method === "DELETE" && (m = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      const sub = subscription(decodeURIComponent(m[1] ?? ""));
      if (sub.status === "canceled") {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          undefined,
          `This subscription has already been canceled.`,
        );
      }
      sub.status = "canceled";
      sub.canceled_at = now();
      sub.ended_at = sub.canceled_at;
      return { status: 200, body: sub };
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const mode = stringParam(params, "mode");
      if (!mode)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: mode.",
          "mode",
        );
      if (mode !== "subscription") {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_invalid_string",
          `The local Stripe server supports mode=subscription only, not ${mode}.`,
          "mode",
        );
      }
      const successUrl = urlParam(params, "success_url", true) ?? "";
      const cancelUrl = urlParam(params, "cancel_url", false) ?? null;
      const customerId = stringParam(params, "customer") ?? null;
      if (customerId !== null) customer(customerId);
      const lineItems = params.line_items;
      const first =
        typeof lineItems === "object" && lineItems !== null
          ? (lineItems as Params)["0"]
          : undefined;
      if (typeof first !== "object" || first === null) {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: line_items.",
          "line_items",
        );
      }
      const itemPrice = price(stringParam(first as Params, "price"), "line_items[0][price]");
      const quantity = integerParam(first as Params, "quantity", false) ?? 1;
      if (quantity !== 1) {
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_invalid_integer",
          "The local Stripe server supports quantity 1 only.",
          "line_items[0][quantity]",
        );
      }
      const subscriptionData = params.subscription_data;
      const id = `cs_test_${randomBytes(24).toString("hex")}`;
      const created = now();
      const session: LocalCheckoutSession = {
        id,
        object: "checkout.session",
        mode: "subscription",
        status: "open",
        payment_status: "unpaid",
        customer: customerId,
        client_reference_id: stringParam(params, "client_reference_id") ?? null,
        success_url: successUrl,
        cancel_url: cancelUrl,
        url: `https://checkout.stripe.com/c/pay/${id}`,
        currency: itemPrice.currency,
        amount_subtotal: itemPrice.unit_amount,
        amount_total: itemPrice.unit_amount,
        metadata: metadataParam(params),
        subscription: null,
        created,
        expires_at: created + 86_400,
        livemode: false,
      };
      state.checkoutSessions.set(id, session);
      checkoutPlans.set(id, {
        price: itemPrice,
        subscriptionMetadata:
          typeof subscriptionData === "object" && subscriptionData !== null
            ? metadataParam(subscriptionData as Params)
            : {},
      });
      return { status: 200, body: session };
    }
    if (method === "GET" && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) {
      return { status: 200, body: checkoutSession(decodeURIComponent(m[1] ?? "")) };
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      const customerId = stringParam(params, "customer");
      if (!customerId)
        throw new StripeHttpError(
          400,
          "invalid_request_error",
          "parameter_missing",
          "Missing required param: customer.",
          "customer",
        );
      customer(customerId);
      const session: LocalPortalSession = {
        id: newId("bps"),
        object: "billing_portal.session",
        configuration: "bpc_local_default",
        customer: customerId,
        flow: null,
        locale: null,
        on_behalf_of: null,
        return_url: urlParam(params, "return_url", false) ?? null,
        url: `https://billing.stripe.com/p/session/test_${randomBytes(24).toString("hex")}`,
        created: now(),
        livemode: false,
      };
      state.portalSessions.set(session.id, session);
      return { status: 200, body: session };
    }
    if (method === "GET" && (m = /^\/v1\/invoices\/([^/]+)$/.exec(path))) {
      return { status: 200, body: invoice(decodeURIComponent(m[1] ?? "")) };
    }
    throw new StripeHttpError(
      404,
      "invalid_request_error",
      undefined,
      `Unrecognized request URL (${method}: ${path}).`,
    );
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    extra: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "request-id": newId("req"),
      ...extra,
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const keyHeader = req.headers["idempotency-key"];
    const idempotencyKey = typeof keyHeader === "string" ? keyHeader : null;
    state.requests.push({ method, path, idempotencyKey });

    const auth = req.headers.authorization ?? "";
    if (!/^Bearer sk_(?:test|live)_\S+$/.test(auth)) {
      send(res, 401, {
        error: {
          type: "invalid_request_error",
          code: "api_key_invalid",
          message: "Invalid API Key provided.",
        },
      });
      return;
    }

    const params =
      method === "GET" || method === "DELETE"
        ? parseForm(url.search.slice(1) || body)
        : parseForm(body);
    const fingerprint = `${method} ${path} ${JSON.stringify(params)}`;
    if (method === "POST" && idempotencyKey) {
      const stored = state.idempotency.get(idempotencyKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          send(res, 400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
          return;
        }
        send(res, stored.status, stored.body, {
          "idempotent-replayed": "true",
          "idempotency-key": idempotencyKey,
        });
        return;
      }
    }

    let status: number;
    let result: unknown;
    try {
      ({ status, body: result } = route(method, path, params));
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      status = error.status;
      result = {
        error: { type: error.type, code: error.code, message: error.message, param: error.param },
      };
    }
    // Stripe stores the outcome of a keyed POST (errors from validation included) and replays it.
    if (method === "POST" && idempotencyKey) {
      state.idempotency.set(idempotencyKey, { fingerprint, status, body: result });
    }
    if (method === "POST" && drops.delete(path)) {
      req.socket.destroy();
      return;
    }
    send(res, status, result, idempotencyKey ? { "idempotency-key": idempotencyKey } : {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 500, { error: { type: "api_error", message: "local stripe failed" } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: "127.0.0.1",
    port,
    protocol: "http",
    state,
    dropNextResponse(path) {
      drops.add(path);
    },
    setPaymentIntentStatus(id, to) {
      const pi = intent(id);
      if (to === "failed") {
        pi.status = "requires_payment_method";
        pi.last_payment_error = {
          type: "card_error",
          code: "card_declined",
          message: "Your card was declined.",
        };
      } else {
        pi.status = to;
        if (to === "succeeded") {
          pi.amount_received = pi.amount;
          pi.last_payment_error = null;
        }
        if (to === "canceled") pi.canceled_at = now();
      }
      return pi;
    },
    setSubscriptionStatus(id, to) {
      const sub = subscription(id);
      sub.status = to;
      if (to === "canceled") {
        sub.canceled_at = now();
        sub.ended_at = sub.canceled_at;
      }
      return sub;
    },
    createInvoice(subscriptionId, status = "open") {
      const sub = subscription(subscriptionId);
      const itemPrice = sub.items.data[0]?.price;
      const due = itemPrice?.unit_amount ?? 0;
      const created: LocalInvoice = {
        id: newId("in"),
        object: "invoice",
        customer: sub.customer,
        subscription: sub.id,
        parent: {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { subscription: sub.id, metadata: { ...sub.metadata } },
        },
        status: "open",
        amount_due: due,
        amount_paid: 0,
        amount_remaining: due,
        attempt_count: 0,
        currency: itemPrice?.currency ?? "usd",
        metadata: {},
        created: now(),
        livemode: false,
      };
      state.invoices.set(created.id, created);
      return status === "open" ? created : moveInvoice(created.id, status);
    },
    setInvoiceStatus: moveInvoice,
    completeCheckoutSession(id) {
      const session = checkoutSession(id);
      const plan = checkoutPlans.get(id);
      if (session.status !== "open" || !plan)
        throw new Error(`checkout session ${id} is ${session.status}, not open`);
      let customerId = session.customer;
      if (customerId === null) {
        // Stripe makes a customer for a session started without one.
        const made: LocalCustomer = {
          id: newId("cus"),
          object: "customer",
          email: null,
          name: null,
          metadata: {},
          created: now(),
          livemode: false,
        };
        state.customers.set(made.id, made);
        customerId = made.id;
        session.customer = customerId;
      }
      const subscription = makeSubscription(
        customerId,
        plan.price,
        { ...plan.subscriptionMetadata },
        false,
      );
      session.status = "complete";
      session.payment_status = "paid";
      session.subscription = subscription.id;
      session.url = null;
      return { session, subscription };
    },
    signedEvent({ type, object, secret, timestamp, id }) {
      const event = {
        id: id ?? newId("evt"),
        object: "event",
        api_version: "2025-01-01",
        created: timestamp ?? now(),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object: structuredClone(object) },
      };
      const payload = JSON.stringify(event, null, 2);
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret,
        timestamp: timestamp ?? now(),
      });
      return { event, payload, signature };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The product's Stripe provider pointed at a local Stripe (with other price ids when `prices` is given). */
export function localStripeProvider(
  local: Pick<LocalStripe, "host" | "port" | "protocol">,
  prices?: Partial<Record<"pro" | "enterprise", string>>,
): StripePaymentProvider {
  return new StripePaymentProvider("sk_test_local", {
    host: local.host,
    port: local.port,
    protocol: local.protocol,
    ...(prices === undefined ? {} : { prices }),
  });
}
