// The HTTP transport's defences, over a real socket: anonymous uploads are refused before their body
// is read (so stalled ones hold nothing), bodies are limited per procedure, a body that stalls times
// out, and only so many bodies are read at once.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor, createTenantWithKey, type TestTenant } from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import {
  bodyLimitFor,
  DEFAULT_BODY_LIMIT_BYTES,
  MAX_REQUEST_BODY_BYTES,
  procedurePaths,
} from "./http";

let database: Database;
let tenant: TestTenant;
const open: Socket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenantWithKey(database);
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await database.close();
});

/**
 * Starts an upload that declares `declared` bytes, sends `sent` of them and then stalls. Resolves
 * with the status line's code once the server answers (0 if it closes without answering).
 */
function stalledUpload(
  server: TestServer,
  path: string,
  options: { declared: number; sent: number; headers?: Record<string, string> },
): Promise<number> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    open.push(socket);
    let answer = "";
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match) resolve(Number(match[1]));
    });
    socket.on("close", () => resolve(0));
    const extra = Object.entries(options.headers ?? {})
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${options.declared}\r\n${extra}\r\n`,
    );
    socket.write(Buffer.alloc(options.sent, 0x20));
  });
}

describe("body limits per procedure", () => {
  it("give the default to ordinary procedures and the large limit only where the contract needs it", () => {
    expect(bodyLimitFor(["bookings.create"])).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(bodyLimitFor(["metrics.recordBatch"])).toBe(MAX_REQUEST_BODY_BYTES);
    expect(bodyLimitFor(["bookings.create", "bookings.cancel"])).toBe(2 * DEFAULT_BODY_LIMIT_BYTES);
    expect(bodyLimitFor(["metrics.recordBatch", "scores.scoreConversation"])).toBe(
      MAX_REQUEST_BODY_BYTES,
    );
    expect(bodyLimitFor([])).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(procedurePaths("http://x/api/trpc/a.b,c.d?batch=1", "/api/trpc")).toEqual([
      "a.b",
      "c.d",
    ]);
    expect(procedurePaths("http://x/elsewhere/a", "/api/trpc")).toEqual([]);
    expect(procedurePaths("http://x/api/trpc/%E0%A4%A", "/api/trpc")).toEqual([]);
  });
});

describe("the tRPC HTTP handler", () => {
  it("refuses 200 stalled maximum-size anonymous uploads before reading their bodies, and /api/health still answers", async () => {
    const server = await startTestServer(database, { bodyIdleTimeoutMs: 60_000 });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 200 }, () =>
          stalledUpload(server, "/api/trpc/metrics.recordBatch", {
            declared: MAX_REQUEST_BODY_BYTES,
            sent: 16 * 1024,
          }),
        ),
      );
      // Answered while 99.6 % of every body is still unsent: nothing waited for (or buffered) them.
      expect(new Set(statuses)).toEqual(new Set([401]));
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
    } finally {
      await server.close();
    }
  });

  it("refuses uploads with a malformed, unknown or revoked key the same way", async () => {
    const server = await startTestServer(database, { bodyIdleTimeoutMs: 60_000 });
    const admin = await callerFor(database, { apiKey: tenant.adminKey });
    const revoked = await admin.apiKeys.create({ name: "revoked", scopes: ["admin"] });
    await admin.apiKeys.revoke({ id: revoked.id });
    const unknown = `${revoked.secret.slice(0, -4)}AAAA`;
    try {
      for (const authorization of [
        "Basic abc",
        "Bearer nonsense",
        `Bearer ${unknown}`,
        `Bearer ${revoked.secret}`,
      ]) {
        const status = await stalledUpload(server, "/api/trpc/metrics.recordBatch", {
          declared: MAX_REQUEST_BODY_BYTES,
          sent: 1024,
          headers: { authorization },
        });
        expect(status, authorization).toBe(401);
      }
    } finally {
      await server.close();
    }
  });

  it("looks an API key up once per mutation: the check before the body is the call's lookup and count", async () => {
    // Statements sent outside a transaction: credentials (and nothing else, for an API key's call).
    let outside = 0;
    const counting: Database = {
      ...database,
      db: new Proxy(database.db, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (property !== "execute" || typeof value !== "function") return value;
          return (...args: unknown[]) => {
            outside++;
            return Reflect.apply(value, target, args) as unknown;
          };
        },
      }),
    };
    const server = await startTestServer(counting);
    const create = (path: string, body: unknown) =>
      fetch(`${server.url}/api/trpc/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const resource = (name: string) => ({
      json: { name, timeZone: "UTC", slotMinutes: 30, availability: [] },
    });
    try {
      const one = await create("bookings.resources.create", resource("once"));
      expect(one.status).toBe(200);
      expect(outside).toBe(1);
      // A batch: the first call takes the lookup made before the body, the others count themselves.
      outside = 0;
      const batch = await create(
        "bookings.resources.create,bookings.resources.create,bookings.resources.create?batch=1",
        { 0: resource("b0"), 1: resource("b1"), 2: resource("b2") },
      );
      expect(batch.status).toBe(200);
      expect(outside).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("reads an authenticated body only up to its procedure's limit", async () => {
    const server = await startTestServer(database);
    const post = (path: string, body: string) =>
      fetch(`${server.url}/api/trpc/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.adminKey}`, "content-type": "application/json" },
        body,
      });
    try {
      const big = JSON.stringify({ json: { name: "x".repeat(100 * 1024) } });
      expect((await post("bookings.resources.create", big)).status).toBe(413);
      // The same size is fine where the contract needs it (refused by validation, not by size).
      const batch = JSON.stringify({
        json: { points: [{ name: "x".repeat(100 * 1024), value: 1 }] },
      });
      expect((await post("metrics.recordBatch", batch)).status).toBe(400);
      expect(
        (await post("metrics.recordBatch", "x".repeat(MAX_REQUEST_BODY_BYTES + 1))).status,
      ).toBe(413);
    } finally {
      await server.close();
    }
  });

  it("gives up on an authenticated body that stalls (408)", async () => {
    const server = await startTestServer(database, { bodyIdleTimeoutMs: 200 });
    try {
      const status = await stalledUpload(server, "/api/trpc/metrics.recordBatch", {
        declared: 1024 * 1024,
        sent: 1024,
        headers: { authorization: `Bearer ${tenant.adminKey}` },
      });
      expect(status).toBe(408);
    } finally {
      await server.close();
    }
  });

  it("reads at most N bodies at once and answers 503 with Retry-After beyond that", async () => {
    const server = await startTestServer(database, {
      maxConcurrentBodyReads: 2,
      bodyIdleTimeoutMs: 60_000,
    });
    const authorization = `Bearer ${tenant.adminKey}`;
    try {
      for (let i = 0; i < 2; i++) {
        void stalledUpload(server, "/api/trpc/metrics.recordBatch", {
          declared: 1024 * 1024,
          sent: 1024,
          headers: { authorization },
        });
      }
      // The two stalled bodies enter the gate once their key is looked up; then a third is refused.
      let refused: Response | undefined;
      for (let attempt = 0; attempt < 200 && !refused; attempt++) {
        const response = await fetch(`${server.url}/api/trpc/metrics.recordBatch`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify({ json: { points: [] } }),
        });
        if (response.status === 503) refused = response;
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(refused?.headers.get("retry-after")).toBe("1");
      // Reads without a body (queries) are not gated.
      const query = await fetch(`${server.url}/api/trpc/tenant.get`, {
        headers: { authorization },
      });
      expect(query.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
