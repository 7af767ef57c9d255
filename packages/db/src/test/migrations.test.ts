import postgres from "postgres";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { describe, expect, it } from "vitest";
import { createScratchDatabase, testBackend } from "@frontdesk/testing/db";
import { createDb, queryRows } from "../client";
import { databaseUnavailableReason } from "../errors";
import { MigrationLockTimeoutError, migrationsFolder, runMigrations } from "../migrate";

describe("migrations", () => {
  it("apply on an empty database, and a second run is a no-op", async () => {
    const database = await createScratchDatabase({ migrated: false });
    try {
      const expected = readMigrationFiles({ migrationsFolder: migrationsFolder() }).length;
      await runMigrations(database);
      const first = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(first[0]?.n).toBe(expected);
      const tables = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`,
      );

      await runMigrations(database);
      const second = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const tablesAgain = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`,
      );
      expect(second[0]?.n).toBe(expected);
      expect(tablesAgain).toEqual(tables);
      expect(tables[0]?.n).toBeGreaterThanOrEqual(28);
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(testBackend() !== "postgres")(
  "concurrent migrations (web, worker and CLI starting together)",
  () => {
    it("three runs at once on an empty database apply every migration exactly once and all finish", async () => {
      const database = await createScratchDatabase({ migrated: false });
      // Three processes' worth: each its own client, as web, worker and `db:migrate` would have.
      const others = await Promise.all(
        [0, 1, 2].map(() =>
          createDb({ url: database.url ?? "", directUrl: database.directUrl ?? "", max: 1 }),
        ),
      );
      try {
        const expected = readMigrationFiles({ migrationsFolder: migrationsFolder() }).length;
        await Promise.all(others.map((other) => runMigrations(other)));
        const [row] = await queryRows<{ n: number; distinct: number }>(
          database.db,
          sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`,
        );
        expect(row).toEqual({ n: expected, distinct: expected });
        // Nothing is left holding the lock (a session lock through a pooler would be): another run is instant.
        await runMigrations(database, migrationsFolder(), { lockWaitMs: 1_000 });
      } finally {
        await Promise.all(others.map((other) => other.close()));
        await database.close();
      }
    });

    it("gives up after lockWaitMs while another process holds the migration lock, as a database-unavailable error", async () => {
      const database = await createScratchDatabase();
      const holder = postgres(database.directUrl ?? "", { max: 1, onnotice: () => {} });
      const reserved = await holder.reserve();
      try {
        await reserved`begin`;
        await reserved`select pg_advisory_xact_lock(4242001)`;
        const error = await runMigrations(database, migrationsFolder(), { lockWaitMs: 200 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(MigrationLockTimeoutError);
        expect(databaseUnavailableReason(error)).toBe("connection");
        await reserved`rollback`;
        await runMigrations(database, migrationsFolder(), { lockWaitMs: 1_000 });
      } finally {
        reserved.release();
        await holder.end({ timeout: 1 });
        await database.close();
      }
    });
  },
);
