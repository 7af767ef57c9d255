import { queryRows, type Database, type Db } from "@frontdesk/db";
import { createTestDatabase, testBackend } from "@frontdesk/testing/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQueuedJob, testLogger } from "@frontdesk/testing/worker";
import { startWorker } from "../../worker";
import * as ensurePartitions from "./ensure-partitions";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

/** The partitions that should exist: this month (UTC) and the next three, per the database clock. */
async function expectedPartitions(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select to_char(date_trunc('month', now() at time zone 'UTC') + make_interval(months => i),
                       '"analytics_metrics_y"YYYY"m"MM') as name
        from generate_series(0, 3) as i order by i`,
  );
  return rows.map((row) => row.name);
}

async function missingPartitions(db: Db, names: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    const [row] = await queryRows<{ found: string | null }>(
      db,
      sql`select to_regclass(${`public.${name}`})::text as found`,
    );
    if (!row?.found) missing.push(name);
  }
  return missing;
}

/**
 * Drops partitions and returns what the job then creates, in one transaction that holds the parent
 * table exclusively, so another test file's worker cannot recreate them in between.
 */
async function dropThenEnsure(names: string[]): Promise<number> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`lock table analytics_metrics in access exclusive mode`);
    for (const name of names) await tx.execute(sql`drop table ${sql.identifier(name)}`);
    return ensurePartitions.ensureMetricPartitions(tx);
  });
}

/**
 * Which partitions a test may drop. PGlite: all four (the database belongs to this file). PostgreSQL:
 * the database is shared with other test files that write metrics now, so only the last month,
 * which nothing writes to.
 */
function droppable(names: string[]): string[] {
  return testBackend() === "pglite" ? names : names.slice(-1);
}

describe("metrics.ensure-partitions", () => {
  it("creates the missing partitions for the current month and the next three; a second run creates none", async () => {
    const expected = await expectedPartitions(database.db);
    expect(expected).toHaveLength(4);
    const dropped = droppable(expected);

    const created = await dropThenEnsure(dropped);

    expect(created).toBe(dropped.length);
    expect(await missingPartitions(database.db, expected)).toEqual([]);
    expect(await ensurePartitions.ensureMetricPartitions(database.db)).toBe(0);
  });

  it("recreates a dropped future partition when the job runs through the queue", async () => {
    // No start-up run, so the only run is the job this test sends.
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "test-ensure-partitions",
      jobs: [{ ...ensurePartitions, runOnStart: false }],
    });
    try {
      const expected = await expectedPartitions(database.db);
      const last = expected.slice(-1);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`lock table analytics_metrics in access exclusive mode`);
        for (const name of last) await tx.execute(sql`drop table ${sql.identifier(name)}`);
      });

      const state = await runQueuedJob(worker.boss, ensurePartitions.queue);

      expect(state).toBe("completed");
      expect(await missingPartitions(database.db, expected)).toEqual([]);
    } finally {
      await worker.stop();
    }
  });
});
