// order_totals (the orders list's per-currency totals) must equal the totals computed from the
// orders themselves after any mix of inserts, status and refund changes and deletes — in bulk
// statements and across tenants — and stay behind the tenant policy like every tenant table.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, withTenant, type Database } from "@frontdesk/db";
import { callerFor, type TestTenant } from "@frontdesk/testing/api";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";

let database: Database;
let a: TestTenant;
let b: TestTenant;

useTwoTenants((t) => ({ database, a, b } = t), { max: 4 });

type Row = {
  tenant_id: string;
  currency: string;
  status: string;
  n: string;
  total: string;
  refunded: string;
};

/** Both answers per (tenant, currency, status), as the owner (no RLS), for the two test tenants. */
async function bothAnswers(): Promise<{ rollup: Row[]; raw: Row[] }> {
  const tenants = sql`(${a.tenantId}::uuid, ${b.tenantId}::uuid)`;
  const rollup = await queryRows<Row>(
    database.db,
    sql`select tenant_id::text, currency, status, order_count::text as n, total_amount::text as total, refunded_amount::text as refunded
        from order_totals where tenant_id in ${tenants} and order_count <> 0 order by 1, 2, 3`,
  );
  const raw = await queryRows<Row>(
    database.db,
    sql`select tenant_id::text, currency, status, count(*)::text as n, sum(total_amount)::text as total, sum(refunded_amount)::text as refunded
        from orders where tenant_id in ${tenants} group by 1, 2, 3 order by 1, 2, 3`,
  );
  return { rollup, raw };
}

async function insertOrders(tenantId: string, count: number, currency: string): Promise<void> {
  await database.db.execute(sql`
    insert into orders (tenant_id, status, currency, items, total_amount, idempotency_key)
    select ${tenantId}, 'pending', ${currency}, '[]'::jsonb, 100 * i, ${randomUUID()} || '-' || i
    from generate_series(1, ${count}::int) i`);
}

describe("order_totals", () => {
  it("equals the raw totals after bulk inserts, status and refund changes and deletes, per tenant", async () => {
    await insertOrders(a.tenantId, 40, "USD");
    await insertOrders(a.tenantId, 7, "EUR");
    await insertOrders(b.tenantId, 25, "USD");
    let answers = await bothAnswers();
    expect(answers.rollup.length).toBeGreaterThan(0);
    expect(answers.rollup).toEqual(answers.raw);

    // Several rows change status and amounts in one statement; one update moves nothing.
    await database.db.execute(
      sql`update orders set status = 'paid' where tenant_id = ${a.tenantId} and total_amount % 300 = 0`,
    );
    await database.db.execute(
      sql`update orders set status = 'partially_refunded', refunded_amount = total_amount / 2
          where tenant_id = ${a.tenantId} and status = 'paid' and total_amount > 2000`,
    );
    await database.db.execute(sql`update orders set notes = 'n' where tenant_id = ${b.tenantId}`);
    await database.db.execute(
      sql`delete from orders where tenant_id = ${b.tenantId} and total_amount <= 500`,
    );
    answers = await bothAnswers();
    expect(answers.rollup).toEqual(answers.raw);
    expect(answers.rollup.some((r) => r.status === "partially_refunded")).toBe(true);
  });

  it("answers orders.list totals from the rollup, the same as from the orders", async () => {
    const c = await callerFor(database, { apiKey: a.adminKey });
    const page = await c.orders.list({ limit: 5 });
    const raw = await queryRows<{ currency: string; n: number; total: string; refunded: string }>(
      database.db,
      sql`select currency, count(*)::int as n, sum(total_amount)::text as total, sum(refunded_amount)::text as refunded
          from orders where tenant_id = ${a.tenantId} group by 1 order by 1`,
    );
    expect(page.totals).toEqual(
      raw.map((r) => ({
        currency: r.currency,
        count: r.n,
        totalAmount: Number(r.total),
        refundedAmount: Number(r.refunded),
      })),
    );
    const paid = await c.orders.list({ status: ["paid", "partially_refunded"], currency: "USD" });
    const [paidRaw] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from orders where tenant_id = ${a.tenantId} and currency = 'USD' and status in ('paid', 'partially_refunded')`,
    );
    expect(paid.totals?.[0]?.count).toBe(paidRaw?.n);
  });

  it("shows and changes one tenant's totals only, under the app role", async () => {
    const seen = await withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
      queryRows<{ tenant_id: string }>(tx, sql`select distinct tenant_id::text from order_totals`),
    );
    expect(seen).toEqual([{ tenant_id: a.tenantId }]);
    await expect(
      withTenant(database.db, { tenantId: a.tenantId }, (tx) =>
        tx.execute(
          sql`insert into order_totals (tenant_id, currency, status, order_count) values (${b.tenantId}, 'GBP', 'paid', 1)`,
        ),
      ),
    ).rejects.toThrow();
  });
});
