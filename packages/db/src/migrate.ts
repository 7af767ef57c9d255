// Applies the SQL migrations in the top-level drizzle/ folder, idempotently. On PostgreSQL the whole
// run is ONE transaction holding a transaction-scoped advisory lock, so concurrent starters (web +
// worker, three web replicas) wait for each other instead of racing, and the lock can never outlive
// its run — not even through a pooler in transaction mode, where a session lock would stay behind
// on whichever server connection took it. It goes over DIRECT_DATABASE_URL when one is set.
import { existsSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./client";
import { PG_LOCK_NOT_AVAILABLE, pgErrorCode } from "./errors";

const MIGRATION_LOCK = 4_242_001;

/** How long a migration run waits for another one to finish before giving up (default). */
export const DEFAULT_MIGRATION_LOCK_WAIT_MS = 60_000;

export interface RunMigrationsOptions {
  /**
   * Give up (MigrationLockTimeoutError) when another process has been migrating for this long, so a
   * starting server can report itself unhealthy and retry instead of hanging. 0 waits forever.
   */
  lockWaitMs?: number;
}

export class MigrationLockTimeoutError extends Error {
  /** Counted as the database being unavailable (SERVICE_UNAVAILABLE): it is not ready yet. */
  readonly code = "MIGRATION_LOCK_TIMEOUT";
  constructor(ms: number) {
    super(`another process has been applying migrations for over ${ms} ms; gave up waiting for it`);
    this.name = "MigrationLockTimeoutError";
  }
}

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

export async function runMigrations(
  database: Database,
  folder = migrationsFolder(),
  options: RunMigrationsOptions = {},
): Promise<void> {
  if (database.pglite) {
    await migratePglite(drizzlePglite({ client: database.pglite }), { migrationsFolder: folder });
    return;
  }
  const url = database.directUrl ?? database.url;
  if (!url) throw new Error("database has neither a PGlite client nor a PostgreSQL URL");
  const lockWaitMs =
    options.lockWaitMs ?? database.migrationLockWaitMs ?? DEFAULT_MIGRATION_LOCK_WAIT_MS;
  // Unnamed statements: correct whether `url` is the server or (no direct URL given) a pooler.
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    prepare: false,
    connection: { application_name: "frontdesk-migrate" },
  });
  try {
    await sql.begin(async (tx) => {
      // lock_timeout bounds the wait for the advisory lock; the migrations themselves run with the
      // server's default again.
      await tx`select set_config('lock_timeout', ${String(lockWaitMs)}, true)`;
      try {
        await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      } catch (error) {
        if (pgErrorCode(error) === PG_LOCK_NOT_AVAILABLE)
          throw new MigrationLockTimeoutError(lockWaitMs);
        throw error;
      }
      await tx`set local lock_timeout to default`;
      await migratePostgres(drizzlePostgres({ client: savepointsAsTransactions(tx, sql) }), {
        migrationsFolder: folder,
      });
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * drizzle's migrator opens its own transaction (`begin`); inside ours it becomes a savepoint, so the
 * migrations run under the lock in the same transaction.
 */
function savepointsAsTransactions(tx: postgres.TransactionSql, sql: postgres.Sql): postgres.Sql {
  return new Proxy(tx, {
    get(target, property, receiver) {
      // drizzle sets its type parsers on the client's options, which a transaction handle lacks.
      if (property === "options") return sql.options;
      if (property === "begin") {
        return (callback: (sp: postgres.TransactionSql) => unknown) => target.savepoint(callback);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as unknown as postgres.Sql;
}
