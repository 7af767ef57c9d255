// Test helpers: a migrated database on the back end this vitest project runs (PGlite or PostgreSQL),
// and throw-away tenants so tests isolate themselves without truncating shared tables.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { createDb, type Database } from "../client";
import { tenants } from "../schema";

export type TestBackend = "pglite" | "postgres";

export function testBackend(): TestBackend {
  return process.env.FRONTDESK_TEST_BACKEND === "postgres" ? "postgres" : "pglite";
}

/** A migrated database for this test file. Close it in afterAll. */
export async function createTestDatabase(options: { max?: number } = {}): Promise<Database> {
  if (testBackend() === "postgres") {
    return createDb({ url: inject("testDatabaseUrl"), max: options.max ?? 4 });
  }
  const template = await readFile(inject("pgliteTemplate"));
  return createDb({ dataDir: "memory://", loadDataDir: new Blob([template]) });
}

/** The PostgreSQL URL of the test database ("" on PGlite). */
export function testDatabaseUrl(): string {
  return testBackend() === "postgres" ? inject("testDatabaseUrl") : "";
}

/** Inserts a tenant (as the migrating owner, outside RLS) and returns its id. */
export async function createTestTenant(
  database: Database,
  values: Partial<typeof tenants.$inferInsert> = {},
): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const [row] = await database.db
    .insert(tenants)
    .values({ name: `Test ${suffix}`, slug: `test-${suffix}`, ...values })
    .returning({ id: tenants.id });
  if (!row) throw new Error("tenant insert returned nothing");
  return row.id;
}
