// The rate limit holds across server processes: two HTTP servers (child processes) share one
// PostgreSQL count, so one key alternating between them gets exactly `perApiKey` calls a window.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import { createKey, createTenantWithKey, keyIdOf } from "@frontdesk/testing/api";
import { createTestDatabase, testBackend, testDatabaseUrl } from "@frontdesk/testing/db";
import { startServerProcess, type ServerProcess } from "@frontdesk/testing/server-process";

const LIMIT = 20;

function startServer(): Promise<ServerProcess> {
  return startServerProcess({
    DATABASE_URL: testDatabaseUrl(),
    FRONTDESK_RATE_LIMIT_PER_API_KEY: String(LIMIT),
  });
}

describe.skipIf(testBackend() !== "postgres")("rate limit across two server processes", () => {
  let database: Database;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    servers.push(...(await Promise.all([startServer(), startServer()])));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.close();
  });

  it(`lets one key through exactly ${LIMIT} times a minute, whichever server it calls`, async () => {
    const t = await createTenantWithKey(database);
    const key = await createKey(database, t.tenantId, ["admin"]);
    const keyId = await keyIdOf(database, key);

    // Start at the beginning of a one-minute window when the current one is nearly over, so all
    // 100 calls normally fall into one window (the assertions below hold either way).
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 45_000)
      await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 50));

    const statuses: number[] = [];
    const codes: string[] = [];
    // Ten concurrent calls at a time, alternating between the two servers.
    for (let batch = 0; batch < 10; batch++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const server = servers[(batch * 10 + i) % 2];
          if (!server) throw new Error("no server");
          const response = await fetch(`${server.url}/api/trpc/usage.current`, {
            headers: { authorization: `Bearer ${key}` },
          });
          const body = (await response.json()) as {
            error?: { json?: { data?: { code?: string } } };
          };
          return { status: response.status, code: body.error?.json?.data?.code ?? "OK" };
        }),
      );
      for (const r of results) {
        statuses.push(r.status);
        codes.push(r.code);
      }
    }

    const allowed = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    expect(allowed + refused).toBe(100);
    expect(new Set(codes.filter((c) => c !== "OK"))).toEqual(new Set(["TOO_MANY_REQUESTS"]));

    // Never more than the limit in any window, and every window that saw more than the limit
    // allowed exactly the limit.
    const windows = await queryRows<{ count: number }>(
      database.db,
      sql`select count from rate_limit_buckets where key = ${`key:${keyId}`} order by window_start`,
    );
    expect(windows.reduce((sum, w) => sum + w.count, 0)).toBe(100);
    expect(allowed).toBe(windows.reduce((sum, w) => sum + Math.min(w.count, LIMIT), 0));
    if (windows.length === 1) {
      expect(allowed).toBe(LIMIT);
      expect(refused).toBe(100 - LIMIT);
    } else {
      expect(allowed).toBeLessThanOrEqual(2 * LIMIT);
    }
  });
});
