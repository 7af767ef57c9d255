// The API over real HTTP while the database fails it: refusing connections (an outage, a failover),
// a table lock held by someone else. Such calls answer SERVICE_UNAVAILABLE (503) with Retry-After
// (which the SDK retries: packages/client's sdk.test.ts); unrelated calls keep answering; and the log
// says what happened (error class, SQLSTATE, errno, procedure, request id) without one bind
// parameter, SQL text or key hash.
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "@frontdesk/db";
import { testBackend, testDatabaseUrl, testDirectDatabaseUrl } from "@frontdesk/testing/db";
import { createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import { DATABASE_RETRY_AFTER_SECONDS } from "./errors";
import { createRequestErrorLogger } from "./request-log";

/** A value that must never reach a log line, whatever fails. */
const CANARY = "canary-7f3a9c41@leak.example";

function captureLogs(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, sink), lines };
}

interface Answer {
  status: number;
  retryAfter: string | null;
  code: string | undefined;
}

/** One tRPC query over HTTP, as the SDK sends it (superjson input). */
async function query(
  server: TestServer,
  apiKey: string,
  path: string,
  input: unknown,
): Promise<Answer> {
  const response = await fetch(
    `${server.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    {
      headers: { authorization: `Bearer ${apiKey}` },
    },
  );
  const body = (await response.json()) as { error?: { json: { data: { code: string } } } };
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    code: body.error?.json.data.code,
  };
}

describe.skipIf(testBackend() !== "postgres")("the API while the database fails it", () => {
  let database: Database;
  let tenant: TestTenant;
  const logs = captureLogs();
  let server: TestServer;

  beforeAll(async () => {
    database = await createDb({
      url: testDatabaseUrl(),
      directUrl: testDirectDatabaseUrl(),
      max: 2,
      timeouts: { lockMs: 300, acquireMs: 3_000 },
    });
    tenant = await createTenantWithKey(database);
    server = await startTestServer(database, { logger: logs.logger });
  });

  afterAll(async () => {
    await server.close();
    await database.close();
  });

  it("answers 503 with Retry-After while the database refuses connections", async () => {
    const down = await createDb({ url: "postgres://postgres@127.0.0.1:1/frontdesk", max: 1 });
    const downServer = await startTestServer(down, { logger: logs.logger });
    try {
      expect(
        await query(downServer, tenant.adminKey, "orders.list", { customerEmail: CANARY }),
      ).toEqual({
        status: 503,
        retryAfter: String(DATABASE_RETRY_AFTER_SECONDS),
        code: "SERVICE_UNAVAILABLE",
      });
    } finally {
      await downServer.close();
      await down.close();
    }
  });

  it("fails calls that need a locked table fast with SERVICE_UNAVAILABLE while other calls answer", async () => {
    expect((await query(server, tenant.adminKey, "orders.list", {})).status).toBe(200);
    // Someone else (a migration, a manual session) holds the table, on the server itself.
    const admin = await createDb({ url: testDirectDatabaseUrl(), max: 1 });
    const holder = await (
      admin.sql ??
      (() => {
        throw new Error("no postgres.js client");
      })()
    ).reserve();
    try {
      await holder`begin`;
      await holder`lock table orders in access exclusive mode`;
      const started = Date.now();
      const [blocked, other] = await Promise.all([
        query(server, tenant.adminKey, "orders.list", { customerEmail: CANARY }),
        query(server, tenant.adminKey, "bookings.list", {}),
      ]);
      expect(blocked).toEqual({
        status: 503,
        retryAfter: String(DATABASE_RETRY_AFTER_SECONDS),
        code: "SERVICE_UNAVAILABLE",
      });
      expect(other.status).toBe(200);
      // Bounded by lock_timeout, not by how long the lock is held (it still is).
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await holder`rollback`;
      holder.release();
      await admin.close();
    }
  });

  it("logs the cause of every failure above and not one parameter, SQL text or key hash", () => {
    const keyHash = createHash("sha256").update(tenant.adminKey).digest("hex");
    const text = logs.lines.join("\n");
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of [CANARY, tenant.adminKey, keyHash, keyHash.slice(0, 16)])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/select |insert |update |params|Failed query/i);
    const entries = logs.lines.map(
      (line) =>
        JSON.parse(line) as {
          path?: string;
          code?: string;
          requestId?: string;
          err?: Record<string, unknown>;
        },
    );
    const causes = entries.map((e) => [
      e.path,
      e.code,
      e.err?.errno ?? e.err?.sqlState,
      e.err?.reason,
    ]);
    expect(causes).toContainEqual([
      "orders.list",
      "SERVICE_UNAVAILABLE",
      "ECONNREFUSED",
      "connection",
    ]);
    expect(causes).toContainEqual(["orders.list", "SERVICE_UNAVAILABLE", "55P03", "lock_timeout"]);
    for (const entry of entries.filter((e) => e.err && !("repeated" in e)))
      expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("collapsing repeated failures in the log", () => {
  it("logs the first of identical failures, then one line with how many followed in the interval", async () => {
    const { logger, lines } = captureLogs();
    const logFailedCall = createRequestErrorLogger(logger, { intervalMs: 200 });
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
      syscall: "connect",
    });
    for (let i = 0; i < 50; i++) {
      logFailedCall({
        error: new TRPCError({ code: "SERVICE_UNAVAILABLE", cause }),
        path: "orders.list",
        type: "query",
        requestId: `r${i}`,
      });
    }
    logFailedCall({
      error: new TRPCError({
        code: "INTERNAL_SERVER_ERROR",
        cause: new TypeError("x is undefined"),
      }),
      path: "orders.get",
      type: "query",
    });
    logFailedCall({
      error: new TRPCError({ code: "NOT_FOUND", message: "no such order" }),
      path: "orders.get",
      type: "query",
    });
    expect(lines).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toHaveLength(3);
    const summary = JSON.parse(lines[2] ?? "{}") as {
      repeated?: number;
      path?: string;
      err?: { errno?: string };
    };
    expect(summary).toMatchObject({
      repeated: 49,
      path: "orders.list",
      err: { errno: "ECONNREFUSED" },
    });
  });
});
