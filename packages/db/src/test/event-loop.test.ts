// On PGlite every statement runs synchronously on the app's own thread: a burst of queries (a page's
// prefetches) must still let the event loop turn between them, or no socket is read or written and
// no timer fires until the last one has answered. On PostgreSQL the driver's socket I/O turns it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testBackend } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

describe("a burst of queries", () => {
  it("lets a callback queued for the event loop's next turn run before its last answer", async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const burst = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? database.db.execute(sql`select ${i}::int as i`)
        : database.db.transaction((tx) => tx.execute(sql`select ${i}::int as i`)),
    );
    const turnedBeforeLast = await Promise.all(burst).then(() => turned);
    expect(turnedBeforeLast).toBe(true);
  });

  // One connection runs them one by one; a PostgreSQL pool runs them side by side in any order.
  it.runIf(testBackend() === "pglite")(
    "still runs the queries in the order they were made",
    async () => {
      await database.db.execute(sql`create temporary table burst_order (i int)`);
      try {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            database.db.execute(sql`insert into burst_order (i) values (${i})`),
          ),
        );
        const rows = await queryRows<{ i: number }>(
          database.db,
          sql`select i from burst_order order by ctid`,
        );
        expect(rows.map((r) => Number(r.i))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      } finally {
        await database.db.execute(sql`drop table burst_order`);
      }
    },
  );
});
