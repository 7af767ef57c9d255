// Applies the SQL migrations in the top-level drizzle/ folder, idempotently. On PostgreSQL a session
// advisory lock makes concurrent starters (web + worker) wait for each other instead of racing.
import { existsSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./client";

const MIGRATION_LOCK = 4_242_001;

/**
 * The migrations folder: `FRONTDESK_MIGRATIONS_DIR`, else the nearest `drizzle/` with a journal walking
 * up from the current directory. Resolved at run time because bundlers (next build) break
 * `new URL(..., import.meta.url)` for folders.
 */
export function migrationsFolder(start = process.cwd()): string {
  const fromEnv = process.env.FRONTDESK_MIGRATIONS_DIR;
  if (fromEnv) return path.resolve(/*turbopackIgnore: true*/ fromEnv);
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    const candidate = path.join(dir, "drizzle");
    if (existsSync(path.join(candidate, "meta", "_journal.json"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `No drizzle/ migrations folder found above ${start}; set FRONTDESK_MIGRATIONS_DIR to the folder.`,
  );
}

export async function runMigrations(database: Database, folder = migrationsFolder()): Promise<void> {
  if (database.pglite) {
    await migratePglite(drizzlePglite({ client: database.pglite }), { migrationsFolder: folder });
    return;
  }
  if (!database.url) throw new Error("database has neither a PGlite client nor a PostgreSQL URL");
  // One dedicated connection: the advisory lock is held by the session that migrates.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder: folder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
