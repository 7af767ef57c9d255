// Tenant settings are transaction-local: thousands of interleaved transactions for two tenants on a
// pool of two connections never see the other tenant's rows, and a connection handed back to the
// pool carries neither the tenant nor the app role.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { outbox } from "../schema";
import { withTenant } from "../tenant-scope";

let database: Database;
let tenants: [string, string];

beforeAll(async () => {
  database = await createTestDatabase({ max: 2 });
  tenants = [await createTestTenant(database), await createTestTenant(database)];
  for (const tenantId of tenants) {
    await database.db.insert(outbox).values([
      { tenantId, kind: "probe" },
      { tenantId, kind: "probe" },
    ]);
  }
});

afterAll(async () => {
  await database.close();
});

it("never shows a tenant another tenant's rows across 2,000 interleaved transactions on 2 connections", async () => {
  const TOTAL = 2000;
  const CONCURRENCY = 40;
  let leaks = 0;
  let checked = 0;
  for (let batch = 0; batch < TOTAL / CONCURRENCY; batch++) {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const tenantId = tenants[(batch + i) % 2] ?? tenants[0];
        const rows = await withTenant(database.db, { tenantId }, (tx) =>
          queryRows<{ tenant_id: string; setting: string }>(
            tx,
            sql`select tenant_id, current_setting('app.tenant_id') as setting from outbox`,
          ),
        );
        if (rows.length !== 2) leaks++;
        for (const row of rows) if (row.tenant_id !== tenantId || row.setting !== tenantId) leaks++;
        checked++;
        // Interleave plain queries on the same pool: they must find no tenant and the login role.
        if (i % 10 === 0) {
          const [plain] = await queryRows<{ setting: string | null; role: string }>(
            database.db,
            sql`select nullif(current_setting('app.tenant_id', true), '') as setting, current_user as role`,
          );
          if (plain?.setting != null || plain?.role === "frontdesk_app") leaks++;
        }
      }),
    );
  }
  expect(checked).toBe(TOTAL);
  expect(leaks).toBe(0);
});

it("rolls the tenant back with a failed transaction", async () => {
  const tenantId = tenants[0];
  await expect(
    withTenant(database.db, { tenantId }, async (tx) => {
      await tx.insert(outbox).values({ tenantId, kind: "rolled-back" });
      throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
  const [after] = await queryRows<{ n: number; setting: string | null }>(
    database.db,
    sql`select (select count(*)::int from outbox where kind = 'rolled-back' and tenant_id = ${tenantId}) as n, nullif(current_setting('app.tenant_id', true), '') as setting`,
  );
  expect(after).toEqual({ n: 0, setting: null });
});

it("rejects a tenant id that is not a UUID before touching the database", async () => {
  await expect(withTenant(database.db, { tenantId: "1 or 1=1" }, async () => 1)).rejects.toThrow(
    "tenantId must be a UUID",
  );
});
