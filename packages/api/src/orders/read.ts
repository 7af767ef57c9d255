// Reading orders: one with its refunds, and the keyset-paginated list with per-currency totals.
import { and, asc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { orders, orderTotals, type Db } from "@frontdesk/db";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { keyset, toPage } from "../pagination";
import type {
  CurrencyTotal,
  ListOrdersData,
  OrderIdInput,
  OrderPage,
  OrderWithRefunds,
} from "./schemas";
import { toOrder, findOrder, refundsOf } from "./rows";

export async function getOrder(
  db: Db,
  actor: Actor,
  input: OrderIdInput,
): Promise<OrderWithRefunds> {
  const row = await findOrder(db, actor.tenantId, input.id, false);
  return { ...toOrder(row), refunds: await refundsOf(db, actor.tenantId, row.id) };
}

/** Newest first by default; `totals` (per currency, over the whole filter) come with the first page. */
export async function listOrders(db: Db, actor: Actor, input: ListOrdersData): Promise<OrderPage> {
  if (input.from && input.to && input.from >= input.to)
    throw new AppError("BAD_REQUEST", "`from` must be before `to`");
  if (
    input.minTotal !== undefined &&
    input.maxTotal !== undefined &&
    input.minTotal > input.maxTotal
  ) {
    throw new AppError("BAD_REQUEST", "`minTotal` must not be greater than `maxTotal`");
  }

  const filter: SQL[] = [eq(orders.tenantId, actor.tenantId)];
  if (input.status !== undefined)
    filter.push(
      inArray(orders.status, Array.isArray(input.status) ? input.status : [input.status]),
    );
  if (input.customerEmail !== undefined)
    filter.push(sql`lower(${orders.customerEmail}) = lower(${input.customerEmail})`);
  if (input.from) filter.push(gte(orders.createdAt, input.from));
  if (input.to) filter.push(lt(orders.createdAt, input.to));
  if (input.minTotal !== undefined) filter.push(gte(orders.totalAmount, input.minTotal));
  if (input.maxTotal !== undefined) filter.push(lte(orders.totalAmount, input.maxTotal));
  if (input.currency !== undefined) filter.push(eq(orders.currency, input.currency));

  const keys = keyset(orders.createdAt, orders.id, input);
  const rows = await db
    .select({ order: orders, position: keys.position })
    .from(orders)
    .where(and(...filter, keys.after))
    .orderBy(...keys.orderBy)
    .limit(input.limit + 1);

  const { items, nextCursor } = toPage(rows, input.limit, (r) => ({
    value: r.position,
    id: r.order.id,
  }));
  const result: OrderPage = { items: items.map((r) => toOrder(r.order)), nextCursor };
  if (input.includeTotals ?? input.cursor === undefined) {
    const rollupAnswers =
      input.customerEmail === undefined &&
      input.from === undefined &&
      input.to === undefined &&
      input.minTotal === undefined &&
      input.maxTotal === undefined;
    result.totals = rollupAnswers
      ? await rolledUpTotals(db, actor.tenantId, input)
      : await totalsOf(db, filter);
  }
  return result;
}

/**
 * The totals when the filter is only status and currency: from `order_totals` (a few rows per
 * tenant, kept by triggers), not a scan of every order the tenant ever had. Other filters are
 * answered from the orders themselves, bounded by the filter's index (time range, etc.).
 */
async function rolledUpTotals(
  db: Db,
  tenantId: string,
  input: ListOrdersData,
): Promise<CurrencyTotal[]> {
  const where: SQL[] = [eq(orderTotals.tenantId, tenantId)];
  if (input.status !== undefined)
    where.push(
      inArray(orderTotals.status, Array.isArray(input.status) ? input.status : [input.status]),
    );
  if (input.currency !== undefined) where.push(eq(orderTotals.currency, input.currency));
  const rows = await db
    .select({
      currency: orderTotals.currency,
      count: sql<string>`sum(${orderTotals.orderCount})::text`,
      totalAmount: sql<string>`sum(${orderTotals.totalAmount})::text`,
      refundedAmount: sql<string>`sum(${orderTotals.refundedAmount})::text`,
    })
    .from(orderTotals)
    .where(and(...where))
    .groupBy(orderTotals.currency)
    // A (currency, status) whose orders were all deleted keeps a zero row: not a currency with orders.
    .having(sql`sum(${orderTotals.orderCount}) > 0`)
    .orderBy(asc(orderTotals.currency));
  return rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    totalAmount: Number(r.totalAmount),
    refundedAmount: Number(r.refundedAmount),
  }));
}

async function totalsOf(db: Db, filter: SQL[]): Promise<CurrencyTotal[]> {
  const rows = await db
    .select({
      currency: orders.currency,
      count: sql<number>`count(*)::int`,
      totalAmount: sql<string>`coalesce(sum(${orders.totalAmount}), 0)::text`,
      refundedAmount: sql<string>`coalesce(sum(${orders.refundedAmount}), 0)::text`,
    })
    .from(orders)
    .where(and(...filter))
    .groupBy(orders.currency)
    .orderBy(asc(orders.currency));
  return rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    totalAmount: Number(r.totalAmount),
    refundedAmount: Number(r.refundedAmount),
  }));
}
