// What a tenant transaction sets for its own statements, and that none of it outlives the
// transaction on the pooled connection.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { withTenant } from "../tenant-scope";

describe("tenant transaction settings", () => {
  let database: Database;
  let tenantId: string;

  beforeAll(async () => {
    // One connection: the statement after the transaction runs where the transaction ran.
    database = await createTestDatabase({ max: 1 });
    tenantId = await createTestTenant(database);
  });

  afterAll(async () => {
    await database.close();
  });

  const jit = async (db: Database["db"]) =>
    (await queryRows<{ jit: string }>(db, sql`select current_setting('jit') as jit`))[0]?.jit;

  it("switches JIT compilation off inside the transaction, and only there", async () => {
    const before = await jit(database.db);
    for (const readOnly of [true, false]) {
      expect(await withTenant(database.db, { tenantId, readOnly }, (tx) => jit(tx))).toBe("off");
    }
    expect(await jit(database.db)).toBe(before);
  });
});
