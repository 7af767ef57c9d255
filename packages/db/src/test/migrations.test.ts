import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { describe, expect, it } from "vitest";
import { queryRows } from "../client";
import { migrationsFolder, runMigrations } from "../migrate";
import { createScratchDatabase } from "../testing";

describe("migrations", () => {
  it("apply on an empty database, and a second run is a no-op", async () => {
    const database = await createScratchDatabase({ migrated: false });
    try {
      const expected = readMigrationFiles({ migrationsFolder: migrationsFolder() }).length;
      await runMigrations(database);
      const first = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(first[0]?.n).toBe(expected);
      const tables = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`,
      );

      await runMigrations(database);
      const second = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
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
