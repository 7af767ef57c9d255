// The rate limit holds across server processes: two HTTP servers (child processes) share one
// PostgreSQL count, so one key alternating between them gets exactly `perApiKey` calls a window.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase, testBackend, testDatabaseUrl } from "@frontdesk/db/testing";
import { createKey, createTenantWithKey } from "../testing";
import { keyIdOf } from "./test-helpers";

const LIMIT = 20;
const here = path.dirname(fileURLToPath(import.meta.url));
const apiRoot = path.resolve(here, "../..");
const tsx = path.resolve(apiRoot, "../../node_modules/.bin/tsx");

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(tsx, [path.join(here, "test-server.ts")], {
    cwd: apiRoot,
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      FRONTDESK_RATE_LIMIT_PER_API_KEY: String(LIMIT),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (!child.stdout) throw new Error("no stdout");
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`test server exited early with ${String(code)}`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      const parsed = JSON.parse(line) as { port?: number };
      if (typeof parsed.port === "number") return parsed.port;
    }
    throw new Error("test server closed stdout without a port");
  })();
  const port = await Promise.race([ready, exited]);
  return { child, port };
}

describe.skipIf(testBackend() !== "postgres")("rate limit across two server processes", () => {
  let database: Database;
  const servers: { child: ChildProcess; port: number }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    servers.push(...(await Promise.all([startServer(), startServer()])));
  });
  afterAll(async () => {
    for (const { child } of servers) {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    }
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
          const response = await fetch(`http://127.0.0.1:${server.port}/usage.current`, {
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
