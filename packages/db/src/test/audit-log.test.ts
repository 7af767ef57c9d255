// audit_log is append-only for the app role.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { pgErrorCode, PG_INSUFFICIENT_PRIVILEGE } from "../errors";
import { auditLog } from "../schema";
import { withTenant } from "../tenant-scope";

let database: Database;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await createTestTenant(database);
});

afterAll(async () => {
  await database.close();
});

async function pgCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => pgErrorCode(e),
  );
}

it("lets the app role append and read its tenant's audit rows", async () => {
  const rows = await withTenant(database.db, { tenantId }, async (tx) => {
    await tx.insert(auditLog).values({
      tenantId,
      actorType: "user",
      actorId: "u1",
      action: "bookings.cancel",
      targetType: "booking",
      targetId: "b1",
    });
    return tx.select({ action: auditLog.action }).from(auditLog);
  });
  expect(rows).toEqual([{ action: "bookings.cancel" }]);
});

it("refuses UPDATE and DELETE on audit_log as the app role, leaving the rows as they were", async () => {
  expect(
    await pgCodeOf(
      withTenant(database.db, { tenantId }, (tx) =>
        tx.update(auditLog).set({ action: "tampered" }),
      ),
    ),
  ).toBe(PG_INSUFFICIENT_PRIVILEGE);
  expect(await pgCodeOf(withTenant(database.db, { tenantId }, (tx) => tx.delete(auditLog)))).toBe(
    PG_INSUFFICIENT_PRIVILEGE,
  );
  expect(
    await pgCodeOf(
      withTenant(database.db, { tenantId }, (tx) => tx.execute(sql`truncate audit_log`)),
    ),
  ).toBe(PG_INSUFFICIENT_PRIVILEGE);
  const rows = await queryRows<{ action: string }>(
    database.db,
    sql`select action from audit_log where tenant_id = ${tenantId}`,
  );
  expect(rows).toEqual([{ action: "bookings.cancel" }]);
});
