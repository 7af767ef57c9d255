// The database misbehaving under a request, on PostgreSQL (and through PgBouncer in the pooler
// project): a backend terminated mid-transaction, a table lock held by someone else, a runaway
// statement, a pool with no connection free, a server that refuses connections. Each fails the
// affected call quickly with an error classified as the database being unavailable (never an
// uncaught exception), and leaves unrelated calls and the pool working.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestTenant,
  testBackend,
  testDatabaseUrl,
  testDirectDatabaseUrl,
} from "@frontdesk/testing/db";
import { createDb, queryRows, type Database, type DatabaseTimeouts } from "../client";
import { databaseUnavailableReason, recentDatabaseUnavailability } from "../errors";
import { outbox } from "../schema";
import { withTenant } from "../tenant-scope";

const onPostgres = testBackend() === "postgres";

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => "resolved",
    (error: unknown) =>
      databaseUnavailableReason(error) ?? `unclassified: ${(error as Error).name}`,
  );
}

function databaseWith(timeouts: Partial<DatabaseTimeouts>, max = 2): Promise<Database> {
  return createDb({ url: testDatabaseUrl(), directUrl: testDirectDatabaseUrl(), max, timeouts });
}

/** Waits (up to 5 s) until backend `pid` is running a statement that mentions `fragment`. */
async function waitUntilRunning(pid: number, fragment: string): Promise<void> {
  const watcher = postgres(testDirectDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    for (let i = 0; i < 250; i++) {
      const rows =
        await watcher`select 1 from pg_stat_activity where pid = ${pid} and state = 'active' and query like ${`%${fragment}%`}`;
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`backend ${pid} never started running ${fragment}`);
  } finally {
    await watcher.end();
  }
}

describe.skipIf(!onPostgres)("database outages and slow queries", () => {
  let database: Database;
  let admin: postgres.Sql;
  let tenantId: string;

  beforeAll(async () => {
    database = await databaseWith({ lockMs: 300, queryMs: 500, mutationMs: 2_000, acquireMs: 500 });
    // Session-level work (holding a lock across statements) needs the server itself.
    admin = postgres(testDirectDatabaseUrl(), { max: 2, onnotice: () => {} });
    tenantId = await createTestTenant(database);
  });

  afterAll(async () => {
    await database.close();
    await admin.end();
  });

  it("turns a backend terminated mid-insert into a connection error, not an uncaught TypeError", async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
    // A pool of one, so every round and every check after it reuses the connection the kill closed.
    const single = await databaseWith(
      { lockMs: 300, queryMs: 500, mutationMs: 5_000, acquireMs: 5_000 },
      1,
    );
    try {
      for (let round = 0; round < 5; round++) {
        const call = withTenant(single.db, { tenantId }, async (tx) => {
          const [me] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
          const pid = me?.pid ?? 0;
          // drizzle's queries are lazy: `.then` sends this one now, so it is in flight when the
          // backend dies and the server's FATAL 57P01 answers it.
          const inserting = tx
            .execute(
              sql`insert into outbox (tenant_id, kind) select ${tenantId}, 'killed' from pg_sleep(0.5)`,
            )
            // Settled into a value: it fails while this function still awaits the kill, and an
            // unhandled rejection in between is not what this test is about.
            .then(
              () => null,
              (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
            );
          await waitUntilRunning(pid, "pg_sleep");
          await admin`select pg_terminate_backend(${pid})`;
          const failed = await inserting;
          if (failed) throw failed;
          // The next statements of the transaction (and its ROLLBACK) go to a connection that is gone.
          await tx.insert(outbox).values({ tenantId, kind: "after-kill" });
        });
        expect(await reasonOf(call)).toBe("connection");
        // The same pooled connection serves the next transaction: it reconnects at once, and nothing
        // of the dead socket (the FATAL that answered the insert, its ROLLBACK) reaches the new one.
        const [alive] = await withTenant(single.db, { tenantId }, (tx) =>
          queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`),
        );
        expect(alive?.pid).toBeGreaterThan(0);
      }
      // Timers postgres.js scheduled for the dead socket would fire now.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
      const rows = await withTenant(single.db, { tenantId }, (tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from outbox where kind in ('killed', 'after-kill')`,
        ),
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      process.off("uncaughtException", record);
      process.off("unhandledRejection", record);
      await single.close();
    }
  });

  it("fails calls that need a locked table with lock_timeout while unrelated calls keep working", async () => {
    const before = recentDatabaseUnavailability().lock_timeout;
    // A pool of two: without lock_timeout, the blocked calls would hold both connections until the
    // lock goes away and the unrelated calls would wait for them (then fail to acquire one).
    const small = await databaseWith({ lockMs: 300, acquireMs: 3_000 }, 2);
    const holder = await admin.reserve();
    try {
      await holder`begin`;
      await holder`lock table outbox in access exclusive mode`;
      // Twice the pool's size of blocked calls, and unrelated ones beside them.
      const blocked = Array.from({ length: 4 }, () =>
        reasonOf(
          withTenant(small.db, { tenantId, readOnly: true }, (tx) =>
            queryRows(tx, sql`select count(*) from outbox`),
          ),
        ),
      );
      const unrelated = Array.from({ length: 4 }, () =>
        withTenant(small.db, { tenantId, readOnly: true }, (tx) =>
          queryRows<{ n: number }>(tx, sql`select count(*)::int as n from bookings`),
        ),
      );
      expect(await Promise.all(blocked)).toEqual([
        "lock_timeout",
        "lock_timeout",
        "lock_timeout",
        "lock_timeout",
      ]);
      expect((await Promise.all(unrelated)).map((rows) => rows.length)).toEqual([1, 1, 1, 1]);
    } finally {
      await holder`rollback`;
      holder.release();
      await small.close();
    }
    expect(recentDatabaseUnavailability().lock_timeout).toBeGreaterThanOrEqual(before + 4);
  });

  it("cancels a query past the query timeout and gives mutations their longer one", async () => {
    expect(
      await reasonOf(
        withTenant(database.db, { tenantId, readOnly: true }, (tx) =>
          tx.execute(sql`select pg_sleep(1.5)`),
        ),
      ),
    ).toBe("statement_timeout");
    const [setting] = await withTenant(database.db, { tenantId }, (tx) =>
      queryRows<{ statement: string; lock: string }>(
        tx,
        sql`select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock`,
      ),
    );
    expect(setting).toEqual({ statement: "2s", lock: "300ms" });
  });

  it("answers with acquire_timeout when no pooled connection frees up in time", async () => {
    const small = await databaseWith({ acquireMs: 200, queryMs: 5_000 }, 1);
    try {
      const busy = withTenant(small.db, { tenantId, readOnly: true }, (tx) =>
        tx.execute(sql`select pg_sleep(1)`),
      );
      expect(
        await reasonOf(
          withTenant(small.db, { tenantId, readOnly: true }, (tx) => tx.execute(sql`select 1`)),
        ),
      ).toBe("acquire_timeout");
      await busy;
      // The abandoned transaction ran nothing, and the pool serves again.
      const rows = await withTenant(small.db, { tenantId, readOnly: true }, (tx) =>
        queryRows<{ one: number }>(tx, sql`select 1 as one`),
      );
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await small.close();
    }
  });

  it("classifies a refused connection as the database being unavailable", async () => {
    const nowhere = await createDb({
      url: "postgres://postgres@127.0.0.1:1/frontdesk",
      max: 1,
      timeouts: { acquireMs: 5_000 },
    });
    try {
      expect(
        await reasonOf(withTenant(nowhere.db, { tenantId }, (tx) => tx.execute(sql`select 1`))),
      ).toBe("connection");
    } finally {
      await nowhere.close();
    }
  });
});
