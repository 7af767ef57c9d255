// postgres.js as patched here sends a transaction's first statements right behind its BEGIN instead
// of waiting for BEGIN's answer (one round trip less per transaction). What must still hold: the
// statements run inside the transaction, in order; nobody else's query slips into it, even when the
// transaction waited in the pool's queue; and the round trip is really saved.
import { Socket } from "node:net";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, createTestTenant, testBackend } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { withTenant } from "../tenant-scope";

describe.skipIf(testBackend() !== "postgres")("pipelined BEGIN (postgres.js)", () => {
  let database: Database;
  let raw: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase({ max: 1 });
    if (!database.url) throw new Error("PostgreSQL only");
    // One connection: whatever else is queued must wait for the transaction, never join it.
    raw = postgres(database.url, { max: 1, onnotice: () => {} });
    await raw`select 1`;
  });

  afterAll(async () => {
    await raw.end();
    await database.close();
  });

  it("writes BEGIN and the first statement together: two socket writes for BEGIN, SELECT, COMMIT", async () => {
    // Warm the statement up, so its description is cached and only the pipelining is counted.
    await raw.begin((tx) => tx`select 1 as one`);
    const write = vi.spyOn(Socket.prototype, "write");
    try {
      await raw.begin((tx) => tx`select 1 as one`);
      // Before: BEGIN, then SELECT once BEGIN answered, then COMMIT — three writes.
      expect(write).toHaveBeenCalledTimes(2);
    } finally {
      write.mockRestore();
    }
  });

  it("runs every statement inside the transaction, even one that queued for the connection", async () => {
    const holder = raw.begin(async (tx) => {
      await tx`select pg_sleep(0.05)`;
    });
    // Queued behind the holder: a transaction, then plain queries that must not run inside it.
    const queued = raw.begin(async (tx) => {
      const [a] = await tx<{ x: string }[]>`select txid_current()::text as x`;
      const [b] = await tx<{ x: string }[]>`select txid_current()::text as x`;
      return [a?.x, b?.x];
    });
    const plain = Array.from({ length: 4 }, () =>
      raw<{ x: string; open: boolean }[]>`
        select txid_current()::text as x, now() <> statement_timestamp() as open`.then(
        ([row]) => row,
      ),
    );
    await holder;
    const [first, second] = await queued;
    expect(first).toBeDefined();
    expect(second).toBe(first);
    for (const row of await Promise.all(plain)) {
      expect(row?.x).not.toBe(first);
    }
  });

  it("fails the transaction, and runs nothing of it, when its first statement fails", async () => {
    await expect(
      raw.begin(async (tx) => {
        await tx`select 1/0`;
      }),
    ).rejects.toMatchObject({ code: "22012" });
    const [row] = await raw<{ n: number }[]>`select 1 as n`;
    expect(row?.n).toBe(1);
  });

  it("keeps RLS settings transaction-local through withTenant", async () => {
    const tenantId = await createTestTenant(database);
    const [inside] = await withTenant(database.db, { tenantId }, (tx) =>
      queryRows<{ tenant: string; role: string }>(
        tx,
        sql`select current_setting('app.tenant_id') as tenant, current_user as role`,
      ),
    );
    expect(inside).toEqual({ tenant: tenantId, role: "frontdesk_app" });
    const [after] = await queryRows<{ tenant: string | null; role: string }>(
      database.db,
      sql`select nullif(current_setting('app.tenant_id', true), '') as tenant, current_user as role`,
    );
    expect(after?.tenant ?? null).toBeNull();
    expect(after?.role).not.toBe("frontdesk_app");
  });
  it("reserves the connection for a transaction whose BEGIN fills a busy connection's pipeline", async () => {
    if (!database.url) throw new Error("PostgreSQL only");
    // Every connection busy and a pipeline of two: some BEGIN is written as a connection's second
    // queued statement. Upstream skipped the reservation then (porsager/postgres#823, #1189): the
    // BEGIN failed as UNSAFE_TRANSACTION (a booking stampede's 500s) and the connection went back
    // to the pool in the middle of the transaction.
    // (max_pipeline is a postgres.js option its type declarations leave out.)
    const options = { max: 3, max_pipeline: 2, onnotice: () => {} };
    const pool = postgres(database.url, options);
    try {
      await pool`select 1`;
      const failures: unknown[] = [];
      let seenInside = 0;
      for (let round = 0; round < 10; round++) {
        const holders = Array.from({ length: 3 }, () => pool`select pg_sleep(0.02)`);
        const plain = Array.from({ length: 6 }, () =>
          pool<{ tx: string }[]>`select coalesce(current_setting('test.tx', true), '') as tx`.then(
            ([row]) => void (row?.tx && seenInside++),
          ),
        );
        const transactions = Array.from({ length: 5 }, () =>
          pool
            .begin(async (tx) => {
              await tx`select set_config('test.tx', 'inside', true)`;
              await tx`select pg_sleep(0.005)`;
            })
            .catch((error: unknown) => void failures.push(error)),
        );
        await Promise.all([...holders, ...plain, ...transactions]);
      }
      expect(failures).toEqual([]);
      expect(seenInside).toBe(0);
    } finally {
      await pool.end();
    }
  });
});
