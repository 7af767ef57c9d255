// Test helpers: a migrated database on the back end this vitest project runs (PGlite or PostgreSQL),
// and throw-away tenants so tests isolate themselves without truncating shared tables.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { inject } from "vitest";
import { createDb, runMigrations, tenants, type Database } from "@frontdesk/db";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The URL the app uses: the server, or PgBouncer in front of it in the pooler project. */
    testDatabaseUrl: string;
    /** The server itself (DIRECT_DATABASE_URL); equal to testDatabaseUrl unless through a pooler. */
    testDirectDatabaseUrl: string;
  }
}

export type TestBackend = "pglite" | "postgres";

export function testBackend(): TestBackend {
  return process.env.FRONTDESK_TEST_BACKEND === "postgres" ? "postgres" : "pglite";
}

async function pgliteTemplate(): Promise<Blob> {
  return new Blob([await readFile(inject("pgliteTemplate"))]);
}

/** The shared migrated database of this test run (PostgreSQL), or a private copy of the template (PGlite). */
export async function createTestDatabase(
  options: { max?: number; username?: string } = {},
): Promise<Database> {
  if (testBackend() === "postgres") {
    return createDb({
      url: withUser(inject("testDatabaseUrl"), options.username),
      directUrl: withUser(inject("testDirectDatabaseUrl"), options.username),
      max: options.max ?? 4,
    });
  }
  return createDb({
    dataDir: "memory://",
    loadDataDir: await pgliteTemplate(),
    username: options.username,
  });
}

/** The PostgreSQL URL of the test database as the app reaches it ("" on PGlite): through PgBouncer in the pooler project. */
export function testDatabaseUrl(): string {
  return testBackend() === "postgres" ? inject("testDatabaseUrl") : "";
}

/** The test database's server itself ("" on PGlite); differs from testDatabaseUrl() only through a pooler. */
export function testDirectDatabaseUrl(): string {
  return testBackend() === "postgres" ? inject("testDirectDatabaseUrl") : "";
}

/** Whether this run reaches PostgreSQL through PgBouncer in transaction mode (the pooler project). */
export function throughPooler(): boolean {
  return (
    testBackend() === "postgres" && inject("testDatabaseUrl") !== inject("testDirectDatabaseUrl")
  );
}

/** The URL with another database name (PgBouncer's `*` entry serves every name). */
function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function withUser(url: string, username: string | undefined): string {
  if (!username) return url;
  const u = new URL(url);
  u.username = username;
  u.password = "";
  return u.toString();
}

/**
 * A database of its own for tests that change database-wide state (RLS switches, migrations):
 * PostgreSQL gets a new database (dropped on close), PGlite a fresh instance. `migrated: false` gives
 * an empty one.
 */
export async function createScratchDatabase(
  options: { migrated?: boolean } = {},
): Promise<Database> {
  const migrated = options.migrated ?? true;
  if (testBackend() === "pglite") {
    return migrated
      ? createDb({ dataDir: "memory://", loadDataDir: await pgliteTemplate() })
      : createDb({ dataDir: "memory://" });
  }
  const base = inject("testDirectDatabaseUrl");
  const name = `frontdesk_scratch_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = await createDb({
    url: withDatabaseName(inject("testDatabaseUrl"), name),
    directUrl: withDatabaseName(base, name),
    max: 4,
  });
  if (migrated) await runMigrations(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
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
