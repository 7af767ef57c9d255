// Orders through the real context (auth, policy, RLS transaction): money, idempotency, payments via a
// stand-in provider, the status machine, refunds under concurrency, lists, and tenant isolation.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  orderRefunds,
  orders,
  queryRows,
  tenants,
  usageCounters,
  withTenant,
  type Database,
} from "@frontdesk/db";
import {
  createKey,
  createMember,
  createTenantWithKey,
  callerFor,
  type TestAuth,
  type TestTenant,
} from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { codeOf, errorOf } from "@frontdesk/testing/errors";
import type { CreatedPayment, CreatePaymentInput, PaymentProvider } from "../payments";
import { idempotencyKeyDigest } from "../idempotency";
import type { CreateOrderInput } from "./schemas";
import { expireUnpaidOrders } from "./expiry";
import { applyPaymentEvent } from "./payment-events";

/** Stands in for Stripe's remote API: records calls and, like Stripe, answers a repeated key with the same intent. */
class FakePayments implements PaymentProvider {
  created: CreatePaymentInput[] = [];
  cancelled: { paymentIntentId: string; idempotencyKey: string }[] = [];
  refunds: { paymentIntentId: string; amount: number; idempotencyKey: string }[] = [];
  failCreate = false;
  cancelResult = true;
  refundStatus: "pending" | "succeeded" | "failed" = "succeeded";
  private intents = new Map<string, { input: CreatePaymentInput; id: string }>();

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    this.created.push(input);
    if (this.failCreate) throw new Error("payment network unavailable");
    const prior = this.intents.get(input.idempotencyKey);
    if (prior && JSON.stringify(prior.input) !== JSON.stringify(input))
      throw new Error("idempotency key reused with different parameters");
    const id = prior?.id ?? `pi_${randomUUID().replace(/-/g, "")}`;
    this.intents.set(input.idempotencyKey, { input, id });
    return { provider: "stripe", paymentIntentId: id, clientSecret: `${id}_secret_test` };
  }

  async cancelPayment(paymentIntentId: string, idempotencyKey: string): Promise<boolean> {
    this.cancelled.push({ paymentIntentId, idempotencyKey });
    return this.cancelResult;
  }

  async refund(input: { paymentIntentId: string; amount: number; idempotencyKey: string }) {
    this.refunds.push(input);
    return { refundId: `re_${randomUUID().replace(/-/g, "")}`, status: this.refundStatus };
  }
}

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t), { max: 6 });

function caller(auth: TestAuth, payments: PaymentProvider | null = null) {
  return callerFor(database, auth, { payments });
}

function orderInput(overrides: Partial<CreateOrderInput> = {}): CreateOrderInput {
  return {
    items: [
      { sku: "SKU-1", name: "Consultation", quantity: 2, unitAmount: 2500 },
      { sku: "SKU-2", name: "Report", quantity: 1, unitAmount: 1999 },
    ],
    currency: "USD",
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

async function orderCount(tenantId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from orders where tenant_id = ${tenantId}`,
  );
  return row?.n ?? -1;
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id));
  return row;
}

async function usedOrders(tenantId: string): Promise<number> {
  const [row] = await database.db
    .select({ used: usageCounters.used })
    .from(usageCounters)
    .where(and(eq(usageCounters.tenantId, tenantId), eq(usageCounters.metric, "orders")));
  return Number(row?.used ?? 0);
}

/** Marks an order paid the way the Stripe webhook will: through applyPaymentEvent, under the tenant's RLS. */
async function markPaid(tenantId: string, orderId: string) {
  return withTenant(database.db, { tenantId }, (tx) =>
    applyPaymentEvent(tx, tenantId, orderId, "succeeded"),
  );
}

async function paidOrder(
  t: TestTenant,
  unitAmount: number,
  payments: PaymentProvider | null = null,
) {
  const c = await caller({ apiKey: t.adminKey }, payments);
  const order = await c.orders.create(
    orderInput({ items: [{ sku: "P", name: "Paid item", quantity: 1, unitAmount }] }),
  );
  await markPaid(t.tenantId, order.id);
  return order;
}

describe("orders.create", () => {
  it("creates a pending order with an integer total, expiry from the tenant's timeout and no payment without a provider", async () => {
    const t = await createTenantWithKey(database);
    await database.db
      .update(tenants)
      .set({ orderPaymentTimeoutMinutes: 30 })
      .where(eq(tenants.id, t.tenantId));
    const c = await caller({ apiKey: t.adminKey });
    const order = await c.orders.create(
      orderInput({
        currency: "usd",
        customerEmail: "Pat.Doe@Example.com",
        shippingAddress: {
          line1: "1 Main St",
          city: "Springfield",
          postalCode: "12345",
          country: "us",
        },
        notes: "Leave at the front desk",
      }),
    );
    expect(order).toMatchObject({
      status: "pending",
      currency: "USD",
      totalAmount: 6999,
      refundedAmount: 0,
      customerEmail: "Pat.Doe@Example.com",
      shippingAddress: {
        line1: "1 Main St",
        city: "Springfield",
        postalCode: "12345",
        country: "US",
      },
      notes: "Leave at the front desk",
      payment: null,
      paymentIntentId: null,
    });
    expect(order.expiresAt?.getTime()).toBe(order.createdAt.getTime() + 30 * 60_000);
    expect(await usedOrders(t.tenantId)).toBe(1);
    expect(await c.orders.get({ id: order.id })).toMatchObject({
      id: order.id,
      totalAmount: 6999,
      refunds: [],
    });
  });

  it("keeps zero-decimal (JPY) and three-decimal (KWD) totals in integer minor units", async () => {
    const c = await caller({ apiKey: a.adminKey });
    const yen = await c.orders.create(
      orderInput({
        currency: "JPY",
        items: [
          { sku: "T", name: "Tea", quantity: 3, unitAmount: 1500 },
          { sku: "C", name: "Cake", quantity: 1, unitAmount: 480 },
        ],
      }),
    );
    expect(yen.totalAmount).toBe(4980);
    const dinar = await c.orders.create(
      orderInput({
        currency: "KWD",
        items: [
          { sku: "S", name: "Service", quantity: 7, unitAmount: 1234 },
          { sku: "F", name: "Fee", quantity: 1, unitAmount: 5 },
        ],
      }),
    );
    expect(dinar.totalAmount).toBe(8643);
    expect((await orderRow(dinar.id))?.totalAmount).toBe(8643);
  });

  it("refuses a total past the cap (quantity × unitAmount) with BAD_REQUEST and stores nothing", async () => {
    const t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const line = await errorOf(
      c.orders.create(
        orderInput({
          items: [{ sku: "BIG", name: "Big", quantity: 10_000, unitAmount: 10_000_000_000 }],
        }),
      ),
    );
    expect(line?.code).toBe("BAD_REQUEST");
    expect(line?.message).toMatch(/Item 1 \(BIG\).*USD 999,999,999\.99/);
    const sum = await errorOf(
      c.orders.create(
        orderInput({
          items: Array.from({ length: 200 }, (_, i) => ({
            sku: `S${i}`,
            name: "Line",
            quantity: 10_000,
            unitAmount: 50_000,
          })),
        }),
      ),
    );
    expect(sum).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/order total exceeds the maximum/) as unknown,
    });
    expect(await orderCount(t.tenantId)).toBe(0);
    expect(await usedOrders(t.tenantId)).toBe(0);
  });

  it("validates every bound with BAD_REQUEST and stores nothing", async () => {
    const t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const item = { sku: "OK", name: "Item", quantity: 1, unitAmount: 100 };
    const bad: CreateOrderInput[] = [
      orderInput({ items: [] }),
      orderInput({ items: Array.from({ length: 201 }, () => item) }),
      orderInput({ items: [{ ...item, quantity: 0 }] }),
      orderInput({ items: [{ ...item, quantity: 10_001 }] }),
      orderInput({ items: [{ ...item, quantity: 1.5 }] }),
      orderInput({ items: [{ ...item, unitAmount: -1 }] }),
      orderInput({ items: [{ ...item, unitAmount: 10.5 }] }),
      orderInput({ items: [{ ...item, unitAmount: 10_000_000_001 }] }),
      orderInput({ items: [{ ...item, unitAmount: Number.NaN }] }),
      orderInput({ items: [{ ...item, sku: "" }] }),
      orderInput({ items: [{ ...item, sku: "a".repeat(65) }] }),
      orderInput({ items: [{ ...item, sku: "has space" }] }),
      orderInput({ items: [{ ...item, name: "" }] }),
      orderInput({ items: [{ ...item, name: "n".repeat(201) }] }),
      orderInput({ currency: "XXX" }),
      orderInput({ currency: "US" }),
      orderInput({ currency: "US1" }),
      orderInput({ customerEmail: "not-an-email" }),
      orderInput({ customerEmail: `${"a".repeat(310)}@example.com` }),
      orderInput({
        shippingAddress: { line1: "1 Main", city: "X", postalCode: "1", country: "USA" },
      }),
      orderInput({
        shippingAddress: { line1: "l".repeat(201), city: "X", postalCode: "1", country: "US" },
      }),
      orderInput({ notes: "n".repeat(5001) }),
      orderInput({ idempotencyKey: "" }),
      orderInput({ idempotencyKey: "k".repeat(256) }),
    ];
    for (const input of bad) expect(await codeOf(c.orders.create(input))).toBe("BAD_REQUEST");
    const { idempotencyKey: _omit, ...withoutKey } = orderInput();
    expect(await codeOf(c.orders.create(withoutKey as CreateOrderInput))).toBe("BAD_REQUEST");
    expect(await orderCount(t.tenantId)).toBe(0);
    // The bounds themselves are accepted.
    const edge = await c.orders.create(
      orderInput({
        items: [{ sku: "a".repeat(64), name: "n".repeat(200), quantity: 10_000, unitAmount: 0 }],
        notes: "n".repeat(5000),
        idempotencyKey: "k".repeat(255),
      }),
    );
    expect(edge.totalAmount).toBe(0);
  });
});

describe("orders.create idempotency", () => {
  it("returns the first order for the same key and input, and CONFLICT for different input", async () => {
    const t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const input = orderInput({ notes: "first" });
    const first = await c.orders.create(input);
    const again = await c.orders.create({ ...input, items: input.items.map((i) => ({ ...i })) });
    expect(again.id).toBe(first.id);
    expect(again.createdAt).toEqual(first.createdAt);
    const changed = await errorOf(c.orders.create({ ...input, notes: "second" }));
    expect(changed?.code).toBe("CONFLICT");
    expect(changed?.message).toMatch(/idempotency key/);
    expect(await orderCount(t.tenantId)).toBe(1);
    expect(await usedOrders(t.tenantId)).toBe(1);
    // Another tenant may use the same key for its own order.
    const other = await (await caller({ apiKey: b.adminKey })).orders.create(input);
    expect(other.id).not.toBe(first.id);
  });

  it("makes exactly one order from 20 concurrent creates with one key", async () => {
    const t = await createTenantWithKey(database);
    const payments = new FakePayments();
    const input = orderInput();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, async () =>
        (await caller({ apiKey: t.adminKey }, payments)).orders.create(input),
      ),
    );
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failed = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    // A loser may at worst be told to retry; it never gets a second order.
    for (const reason of failed)
      expect(reason instanceof TRPCError && reason.code).toBe("CONFLICT");
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((o) => o.id)).size).toBe(1);
    expect(await orderCount(t.tenantId)).toBe(1);
    expect(await usedOrders(t.tenantId)).toBe(1);
    expect(payments.created).toHaveLength(1);
    expect(ok.filter((o) => o.payment !== null)).toHaveLength(1);
  });
});

describe("orders.create with a payment provider", () => {
  it("creates the payment with a key derived from the order's, stores its id and returns the client secret once", async () => {
    const t = await createTenantWithKey(database);
    const payments = new FakePayments();
    const c = await caller({ apiKey: t.adminKey }, payments);
    const input = orderInput();
    const order = await c.orders.create(input);
    expect(payments.created).toEqual([
      {
        tenantId: t.tenantId,
        orderId: order.id,
        amount: 6999,
        currency: "USD",
        // The provider sees the key's digest, never the client's text.
        idempotencyKey: `order:${t.tenantId}:${idempotencyKeyDigest(input.idempotencyKey)}`,
      },
    ]);
    expect(order.payment).toEqual({
      provider: "stripe",
      clientSecret: expect.stringMatching(/^pi_.*_secret_test$/) as unknown,
    });
    expect(order.paymentIntentId).toMatch(/^pi_/);
    const row = await orderRow(order.id);
    expect(row).toMatchObject({
      paymentProvider: "stripe",
      paymentIntentId: order.paymentIntentId,
    });
    expect(JSON.stringify(row)).not.toContain("secret");

    const replay = await c.orders.create(input);
    expect(replay).toMatchObject({
      id: order.id,
      paymentIntentId: order.paymentIntentId,
      payment: null,
    });
    expect(payments.created).toHaveLength(1);
    expect((await c.orders.get({ id: order.id })).payment).toBeNull();
  });

  it("leaves no order when the provider fails, and a retry with the same key asks for the same payment", async () => {
    const t = await createTenantWithKey(database);
    const payments = new FakePayments();
    payments.failCreate = true;
    const c = await caller({ apiKey: t.adminKey }, payments);
    const input = orderInput({ notes: "retry me" });
    expect(await codeOf(c.orders.create(input))).toBe("INTERNAL_SERVER_ERROR");
    expect(await orderCount(t.tenantId)).toBe(0);
    expect(await usedOrders(t.tenantId)).toBe(0);

    payments.failCreate = false;
    const order = await c.orders.create(input);
    expect(payments.created).toHaveLength(2);
    // Same order id and key both times: the provider can recognise the retry.
    expect(payments.created[0]).toEqual(payments.created[1]);
    expect(payments.created[1]?.orderId).toBe(order.id);
    await c.orders.create(input);
    expect(payments.created).toHaveLength(2);
    expect(await orderCount(t.tenantId)).toBe(1);
  });
});

describe("orders.cancel", () => {
  it("cancels a pending order (and its payment), then refuses every other status", async () => {
    const t = await createTenantWithKey(database);
    const payments = new FakePayments();
    const c = await caller({ apiKey: t.adminKey }, payments);
    const order = await c.orders.create(orderInput());
    const cancelled = await c.orders.cancel({
      id: order.id,
      reason: "Customer changed their mind",
    });
    expect(cancelled).toMatchObject({
      id: order.id,
      status: "cancelled",
      cancelReason: "Customer changed their mind",
    });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
    expect(payments.cancelled).toEqual([
      {
        paymentIntentId: order.paymentIntentId,
        idempotencyKey: `order-cancel:${t.tenantId}:${order.id}`,
      },
    ]);

    expect(await errorOf(c.orders.cancel({ id: order.id }))).toMatchObject({
      code: "CONFLICT",
      message: "Order is cancelled; only pending orders can be cancelled",
    });
    const paid = await paidOrder(t, 1000);
    expect(await errorOf(c.orders.cancel({ id: paid.id }))).toMatchObject({
      code: "CONFLICT",
      message: "Order is paid; only pending orders can be cancelled",
    });
    expect((await orderRow(paid.id))?.status).toBe("paid");
  });

  it("keeps the order pending when the provider cannot cancel the payment", async () => {
    const t = await createTenantWithKey(database);
    const payments = new FakePayments();
    payments.cancelResult = false;
    const c = await caller({ apiKey: t.adminKey }, payments);
    const order = await c.orders.create(orderInput());
    expect(await codeOf(c.orders.cancel({ id: order.id }))).toBe("CONFLICT");
    expect((await orderRow(order.id))?.status).toBe("pending");
  });

  it("validates the reason length", async () => {
    const c = await caller({ apiKey: a.adminKey });
    const order = await c.orders.create(orderInput());
    expect(await codeOf(c.orders.cancel({ id: order.id, reason: "r".repeat(501) }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.orders.cancel({ id: "not-a-uuid" }))).toBe("BAD_REQUEST");
    expect((await orderRow(order.id))?.status).toBe("pending");
  });
});

describe("orders.refund", () => {
  it("refuses unpaid orders, refunds partially up to the total, then refuses one more", async () => {
    const t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const pending = await c.orders.create(orderInput());
    expect(await errorOf(c.orders.refund({ id: pending.id, amount: 100 }))).toMatchObject({
      code: "CONFLICT",
      message: "Order is pending; only paid or partially refunded orders can be refunded",
    });

    const order = await paidOrder(t, 10_000);
    const first = await c.orders.refund({ id: order.id, amount: 3000, reason: "Damaged" });
    expect(first).toMatchObject({ status: "partially_refunded", refundedAmount: 3000 });
    expect(first.refunds).toMatchObject([
      { amount: 3000, currency: "USD", status: "succeeded", reason: "Damaged" },
    ]);

    const tooMuch = await errorOf(c.orders.refund({ id: order.id, amount: 7001 }));
    expect(tooMuch).toMatchObject({
      code: "CONFLICT",
      message:
        "A refund of USD 70.01 exceeds what is left to refund: USD 70.00 of USD 100.00 paid (USD 30.00 already refunded or pending)",
    });

    const second = await c.orders.refund({ id: order.id, amount: 4000 });
    expect(second).toMatchObject({ status: "partially_refunded", refundedAmount: 7000 });
    // Without an amount: the rest.
    const rest = await c.orders.refund({ id: order.id });
    expect(rest).toMatchObject({ status: "refunded", refundedAmount: 10_000 });
    expect(rest.refunds.map((r) => r.amount)).toEqual([3000, 4000, 3000]);

    const more = await errorOf(c.orders.refund({ id: order.id, amount: 1 }));
    expect(more?.code).toBe("CONFLICT");
    expect(more?.message).toMatch(/USD 100\.00/);
    expect(await codeOf(c.orders.refund({ id: order.id, amount: 0 }))).toBe("BAD_REQUEST");
  });

  it("is idempotent per key: same key → one refund; same key with another amount or order → CONFLICT", async () => {
    const t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const order = await paidOrder(t, 5000);
    const key = randomUUID();
    const first = await c.orders.refund({ id: order.id, amount: 1000, idempotencyKey: key });
    const again = await c.orders.refund({ id: order.id, amount: 1000, idempotencyKey: key });
    expect(again.refunds).toEqual(first.refunds);
    expect(again.refundedAmount).toBe(1000);
    expect(await codeOf(c.orders.refund({ id: order.id, amount: 2000, idempotencyKey: key }))).toBe(
      "CONFLICT",
    );
    const other = await paidOrder(t, 5000);
    expect(await codeOf(c.orders.refund({ id: other.id, amount: 1000, idempotencyKey: key }))).toBe(
      "CONFLICT",
    );
    const rows = await database.db
      .select()
      .from(orderRefunds)
      .where(eq(orderRefunds.tenantId, t.tenantId));
    expect(rows).toHaveLength(1);
  });

  it("goes through the provider: pending refunds count against the total but not the refunded amount", async () => {
    const t = await createTenantWithKey(database);
    const payments = new FakePayments();
    payments.refundStatus = "pending";
    const c = await caller({ apiKey: t.adminKey }, payments);
    const order = await paidOrder(t, 2000, payments);
    const refunded = await c.orders.refund({
      id: order.id,
      amount: 1500,
      idempotencyKey: "refund-1",
    });
    expect(payments.refunds).toEqual([
      {
        paymentIntentId: order.paymentIntentId,
        amount: 1500,
        idempotencyKey: `refund:${t.tenantId}:${idempotencyKeyDigest("refund-1")}`,
      },
    ]);
    expect(refunded).toMatchObject({ status: "paid", refundedAmount: 0 });
    expect(refunded.refunds).toMatchObject([{ amount: 1500, status: "pending" }]);
    const over = await errorOf(c.orders.refund({ id: order.id, amount: 501 }));
    expect(over?.message).toMatch(/USD 5\.00 of USD 20\.00/);

    payments.refundStatus = "succeeded";
    const done = await c.orders.refund({ id: order.id, amount: 500 });
    expect(done).toMatchObject({ status: "partially_refunded", refundedAmount: 500 });
    const [stored] = await database.db
      .select()
      .from(orderRefunds)
      .where(eq(orderRefunds.orderId, order.id))
      .orderBy(orderRefunds.createdAt);
    expect(stored?.providerRefundId).toMatch(/^re_/);
  });

  it("never refunds more than the total under 10 concurrent refunds of 30% each", async () => {
    const t = await createTenantWithKey(database);
    const order = await paidOrder(t, 10_000);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, async () =>
        (await caller({ apiKey: t.adminKey })).orders.refund({ id: order.id, amount: 3000 }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const rejected = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(ok).toHaveLength(3);
    for (const reason of rejected)
      expect(reason instanceof TRPCError && reason.code).toBe("CONFLICT");
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ refundedAmount: 9000, status: "partially_refunded" });
    const [sum] = await queryRows<{ total: number }>(
      database.db,
      sql`select coalesce(sum(amount), 0)::int as total from order_refunds where order_id = ${order.id}`,
    );
    expect(sum?.total).toBe(9000);
  });
});

describe("orders.list", () => {
  let t: TestTenant;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const make = async (
      name: string,
      currency: string,
      unitAmount: number,
      customerEmail?: string,
    ) => {
      ids[name] = (
        await c.orders.create(
          orderInput({
            currency,
            customerEmail,
            items: [{ sku: name, name, quantity: 1, unitAmount }],
          }),
        )
      ).id;
    };
    await make("u1", "USD", 1000, "ann@example.com");
    await make("u2", "USD", 2500);
    await make("u3", "USD", 4000, "Ann@Example.com");
    await make("e1", "EUR", 700);
    await make("j1", "JPY", 300);
    await markPaid(t.tenantId, ids.u2 ?? "");
    await c.orders.cancel({ id: ids.e1 ?? "" });
  });

  it("lists newest first with per-currency totals of the filter", async () => {
    const c = await caller({ apiKey: t.adminKey });
    const page = await c.orders.list({});
    expect(page.items.map((o) => o.items[0]?.sku)).toEqual(["j1", "e1", "u3", "u2", "u1"]);
    expect(page.nextCursor).toBeNull();
    expect(page.totals).toEqual([
      { currency: "EUR", count: 1, totalAmount: 700, refundedAmount: 0 },
      { currency: "JPY", count: 1, totalAmount: 300, refundedAmount: 0 },
      { currency: "USD", count: 3, totalAmount: 7500, refundedAmount: 0 },
    ]);
    const asc = await c.orders.list({ order: "asc", includeTotals: false });
    expect(asc.items.map((o) => o.items[0]?.sku)).toEqual(["u1", "u2", "u3", "e1", "j1"]);
    expect(asc.totals).toBeUndefined();
  });

  it("filters by status (one or several), customer email, currency, totals and time", async () => {
    const c = await caller({ apiKey: t.adminKey });
    const skus = async (input: Parameters<typeof c.orders.list>[0]) =>
      (await c.orders.list(input)).items.map((o) => o.items[0]?.sku);
    expect(await skus({ status: "paid" })).toEqual(["u2"]);
    expect(await skus({ status: ["paid", "cancelled"] })).toEqual(["e1", "u2"]);
    expect(await skus({ customerEmail: "ANN@example.com" })).toEqual(["u3", "u1"]);
    expect(await skus({ currency: "usd", minTotal: 2000 })).toEqual(["u3", "u2"]);
    expect(await skus({ currency: "USD", minTotal: 1000, maxTotal: 2500 })).toEqual(["u2", "u1"]);
    const all = await c.orders.list({});
    const u3 = all.items.find((o) => o.id === ids.u3);
    if (!u3) throw new Error("u3 missing");
    expect(await skus({ from: u3.createdAt })).toEqual(["j1", "e1", "u3"]);
    expect(await skus({ to: u3.createdAt })).toEqual(["u2", "u1"]);
    const filtered = await c.orders.list({ status: "pending", currency: "USD" });
    expect(filtered.totals).toEqual([
      { currency: "USD", count: 2, totalAmount: 5000, refundedAmount: 0 },
    ]);
    expect(await codeOf(c.orders.list({ minTotal: 10, maxTotal: 5 }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.orders.list({ from: u3.createdAt, to: u3.createdAt }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(c.orders.list({ currency: "ZZZ" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.orders.list({ limit: 201 }))).toBe("BAD_REQUEST");
  });

  it("pages with a keyset cursor without gaps or repeats, and rejects a forged cursor", async () => {
    const c = await caller({ apiKey: t.adminKey });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await c.orders.list({ limit: 2, cursor });
      if (pages === 0) expect(page.totals).toHaveLength(3);
      else expect(page.totals).toBeUndefined();
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual((await c.orders.list({})).items.map((o) => o.id));
    const forged = Buffer.from(JSON.stringify(["yesterday", "x"]), "utf8").toString("base64url");
    expect(await codeOf(c.orders.list({ cursor: forged }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.orders.list({ cursor: "!!!" }))).toBe("BAD_REQUEST");
  });

  it("shows one tenant's orders only", async () => {
    const page = await (
      await caller({ apiKey: b.adminKey })
    ).orders.list({ customerEmail: "ann@example.com" });
    expect(page.items).toEqual([]);
  });
});

describe("tenant isolation and policy", () => {
  it("answers NOT_FOUND for another tenant's order on get, cancel and refund, leaving it unchanged", async () => {
    const pending = await (await caller({ apiKey: a.adminKey })).orders.create(orderInput());
    const paid = await paidOrder(a, 5000);
    const before = [await orderRow(pending.id), await orderRow(paid.id)];
    const other = await caller({ apiKey: b.adminKey });
    expect(await codeOf(other.orders.get({ id: pending.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.orders.cancel({ id: pending.id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.orders.refund({ id: paid.id, amount: 100 }))).toBe("NOT_FOUND");
    expect(await codeOf(other.orders.get({ id: randomUUID() }))).toBe("NOT_FOUND");
    expect([await orderRow(pending.id), await orderRow(paid.id)]).toEqual(before);
    const refunds = await database.db
      .select()
      .from(orderRefunds)
      .where(eq(orderRefunds.orderId, paid.id));
    expect(refunds).toEqual([]);
  });

  it("lets viewers read, members create and cancel, and only admins refund; keys need orders scopes", async () => {
    const viewer = await caller({
      userId: await createMember(database, a.tenantId, "viewer"),
      tenantId: a.tenantId,
    });
    const member = await caller({
      userId: await createMember(database, a.tenantId, "member"),
      tenantId: a.tenantId,
    });
    const admin = await caller({
      userId: await createMember(database, a.tenantId, "admin"),
      tenantId: a.tenantId,
    });
    const order = await member.orders.create(orderInput());
    expect((await viewer.orders.get({ id: order.id })).id).toBe(order.id);
    expect(await codeOf(viewer.orders.create(orderInput()))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.orders.cancel({ id: order.id }))).toBe("FORBIDDEN");
    const paid = await paidOrder(a, 1000);
    expect(await codeOf(member.orders.refund({ id: paid.id }))).toBe("FORBIDDEN");
    expect((await admin.orders.refund({ id: paid.id })).status).toBe("refunded");
    await expect(member.orders.cancel({ id: order.id })).resolves.toMatchObject({
      status: "cancelled",
    });

    const readKey = await caller({
      apiKey: await createKey(database, a.tenantId, ["orders:read"]),
    });
    expect((await readKey.orders.list({ limit: 1 })).items).toHaveLength(1);
    expect(await codeOf(readKey.orders.create(orderInput()))).toBe("FORBIDDEN");
    const bookingsKey = await caller({
      apiKey: await createKey(database, a.tenantId, ["bookings:read"]),
    });
    expect(await codeOf(bookingsKey.orders.get({ id: order.id }))).toBe("FORBIDDEN");
    const writeKey = await caller({
      apiKey: await createKey(database, a.tenantId, ["orders:write"]),
    });
    expect((await writeKey.orders.create(orderInput())).status).toBe("pending");
  });
});

describe("applyPaymentEvent", () => {
  it("moves pending orders by the status machine and treats redelivered events as no-ops", async () => {
    const t = await createTenantWithKey(database);
    const c = await caller({ apiKey: t.adminKey });
    const order = await c.orders.create(orderInput());
    const paid = await markPaid(t.tenantId, order.id);
    expect(paid).toMatchObject({ changed: true, order: { status: "paid" } });
    expect(paid.order.paidAt).toBeInstanceOf(Date);
    expect(await markPaid(t.tenantId, order.id)).toMatchObject({
      changed: false,
      order: { status: "paid" },
    });
    // A failure reported after the payment succeeded is not a legal transition.
    await expect(
      withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
        applyPaymentEvent(tx, t.tenantId, order.id, "failed"),
      ),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Order is paid; a payment failed event cannot change it",
    });
    await c.orders.refund({ id: order.id });
    expect(await markPaid(t.tenantId, order.id)).toMatchObject({
      changed: false,
      order: { status: "refunded" },
    });

    const failing = await c.orders.create(orderInput());
    const failed = await applyPaymentEvent(database.db, t.tenantId, failing.id, "failed");
    expect(failed).toMatchObject({ changed: true, order: { status: "failed" } });
    expect((await applyPaymentEvent(database.db, t.tenantId, failing.id, "failed")).changed).toBe(
      false,
    );
    await expect(
      applyPaymentEvent(database.db, t.tenantId, failing.id, "succeeded"),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const cancelling = await c.orders.create(orderInput());
    expect(
      await applyPaymentEvent(database.db, t.tenantId, cancelling.id, "canceled"),
    ).toMatchObject({ changed: true, order: { status: "cancelled" } });
    expect((await orderRow(cancelling.id))?.cancelledAt).toBeInstanceOf(Date);
  });

  it("cannot reach another tenant's order", async () => {
    const order = await (await caller({ apiKey: a.adminKey })).orders.create(orderInput());
    await expect(
      withTenant(database.db, { tenantId: b.tenantId }, (tx) =>
        applyPaymentEvent(tx, b.tenantId, order.id, "succeeded"),
      ),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      applyPaymentEvent(database.db, b.tenantId, order.id, "succeeded"),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await orderRow(order.id))?.status).toBe("pending");
  });
});

describe("expireUnpaidOrders", () => {
  it("expires pending orders past their payment window, only those, once", async () => {
    const t = await createTenantWithKey(database);
    await database.db
      .update(tenants)
      .set({ orderPaymentTimeoutMinutes: 30 })
      .where(eq(tenants.id, t.tenantId));
    const c = await caller({ apiKey: t.adminKey });
    const stale = await c.orders.create(orderInput());
    const alsoStale = await c.orders.create(orderInput());
    const paid = await paidOrder(t, 1000);
    const cancelled = await c.orders.create(orderInput());
    await c.orders.cancel({ id: cancelled.id });
    const createdAt = stale.createdAt.getTime();
    // Scoped to this tenant by RLS, so other tests' orders in the shared database are untouched.
    const expire = (at: number) =>
      withTenant(database.db, { tenantId: t.tenantId }, (tx) =>
        expireUnpaidOrders(tx, new Date(at)),
      );

    expect(await expire(createdAt + 29 * 60_000)).toBe(0);
    expect(await expire(createdAt + 31 * 60_000)).toBe(2);
    expect(await expire(createdAt + 31 * 60_000)).toBe(0);
    expect((await orderRow(stale.id))?.status).toBe("expired");
    expect((await orderRow(alsoStale.id))?.status).toBe("expired");
    expect((await orderRow(paid.id))?.status).toBe("paid");
    expect((await orderRow(cancelled.id))?.status).toBe("cancelled");
    expect(await errorOf(c.orders.cancel({ id: stale.id }))).toMatchObject({
      code: "CONFLICT",
      message: "Order is expired; only pending orders can be cancelled",
    });
    await expect(
      applyPaymentEvent(database.db, t.tenantId, stale.id, "succeeded"),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
