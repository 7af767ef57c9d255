// The HTTP transport's defences, over a real socket: anonymous uploads are refused before their body
// is read (so stalled ones hold nothing), bodies are limited per procedure, a body that stalls times
// out, and the bodies read at once never reserve more than the gate's byte budget (a burst of small
// ones waits in line for it; stalled large ones cannot pin more).
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import { callerFor, createTenantWithKey, everyDay, type TestTenant } from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import {
  BodyReadGate,
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

interface RawAnswer {
  /** The status line's code; 0 if the server closed without answering. */
  status: number;
  /** The response head (status line and headers), lower-cased. */
  head: string;
}

interface RawUpload {
  socket: Socket;
  answer: Promise<RawAnswer>;
}

/** Starts an upload that declares `declared` bytes and sends `sent` (then stalls, if fewer). */
function rawUpload(
  server: TestServer,
  path: string,
  options: { declared: number; sent: number | string; headers?: Record<string, string> },
): RawUpload {
  const { port } = new URL(server.url);
  const socket = connect(Number(port), "127.0.0.1");
  open.push(socket);
  const answer = new Promise<RawAnswer>((resolve) => {
    let received = "";
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n\r\n");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match && end >= 0) {
        resolve({ status: Number(match[1]), head: received.slice(0, end).toLowerCase() });
      }
    });
    socket.on("close", () => resolve({ status: 0, head: "" }));
  });
  const extra = Object.entries(options.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${options.declared}\r\n${extra}\r\n`,
  );
  socket.write(typeof options.sent === "string" ? options.sent : Buffer.alloc(options.sent, 0x20));
  return { socket, answer };
}

/**
 * Starts an upload that declares `declared` bytes, sends `sent` of them and then stalls. Resolves
 * with the status line's code once the server answers (0 if it closes without answering).
 */
async function stalledUpload(
  server: TestServer,
  path: string,
  options: { declared: number; sent: number; headers?: Record<string, string> },
): Promise<number> {
  return (await rawUpload(server, path, options).answer).status;
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

  it("reads an authenticated body that arrives in pieces, and keeps serving after a client leaves mid-body", async () => {
    const server = await startTestServer(database, { bodyIdleTimeoutMs: 5_000 });
    try {
      const body = JSON.stringify({
        json: {
          name: "Arrives in pieces",
          timeZone: "UTC",
          slotMinutes: 30,
          availability: everyDay(),
        },
      });
      const cut = [0, 7, Math.floor(body.length / 2), body.length];
      const upload = rawUpload(server, "/api/trpc/bookings.resources.create", {
        declared: Buffer.byteLength(body),
        sent: body.slice(cut[0], cut[1]),
        headers: { authorization: `Bearer ${tenant.adminKey}` },
      });
      for (let i = 1; i + 1 < cut.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        upload.socket.write(body.slice(cut[i], cut[i + 1]));
      }
      expect((await upload.answer).status).toBe(200);

      const gone = rawUpload(server, "/api/trpc/bookings.resources.create", {
        declared: 1024,
        sent: 100,
        headers: { authorization: `Bearer ${tenant.adminKey}` },
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      gone.socket.destroy();
      expect((await gone.answer).status).toBe(0);
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
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

  it("queues a burst of 300 small bodies behind a full byte budget and serves every one: 1 booking, 299 CONFLICT, no 503", async () => {
    // A budget of 2 KiB: a few ~300-byte bodies at a time. The wait is long here so that only the
    // queue's behaviour is under test, not how fast this machine drains it.
    const gate = new BodyReadGate({ capacityBytes: 2048, maxWaitMs: 60_000 });
    const server = await startTestServer(database, { gate, bodyIdleTimeoutMs: 60_000 });
    const authorization = `Bearer ${tenant.adminKey}`;
    const admin = await callerFor(database, { apiKey: tenant.adminKey });
    const resource = await admin.bookings.resources.create({
      name: "Dr. Burst",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      availability: everyDay(),
    });
    const from = new Date(Date.now() + 2 * 86_400_000);
    const slot = (
      await admin.bookings.slots({
        resourceId: resource.id,
        from,
        to: new Date(from.getTime() + 86_400_000),
      })
    ).find((s) => s.available);
    if (!slot) throw new Error("no free slot");
    try {
      // One upload holds the whole budget, so every request of the burst must wait in line.
      const holder = rawUpload(server, "/api/trpc/bookings.create", {
        declared: 2048,
        sent: 1,
        headers: { authorization },
      });
      await vi.waitFor(() => expect(gate.reservedBytes).toBe(2048), { timeout: 30_000 });
      const burst = Array.from({ length: 300 }, (_, i) =>
        fetch(`${server.url}/api/trpc/bookings.create`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify({
            json: {
              slotId: slot.slotId,
              attendee: { name: `Patient ${i}`, email: `patient-${i}@example.com` },
              notes: "x".repeat(120),
            },
          }),
        }).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }),
      );
      await vi.waitFor(() => expect(gate.waiting).toBe(300), { timeout: 60_000, interval: 20 });
      expect(gate.reservedBytes).toBe(2048);
      // The holder sends the rest of its body (not JSON: 400), which frees the budget.
      holder.socket.write(Buffer.alloc(2047, 0x20));
      expect((await holder.answer).status).toBe(400);
      const counts: Record<number, number> = {};
      for (const status of await Promise.all(burst)) counts[status] = (counts[status] ?? 0) + 1;
      expect(counts).toEqual({ 200: 1, 409: 299 });
      expect(gate.reservedBytes).toBe(0);
      expect(gate.waiting).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("bounds what stalled maximum-size uploads pin by the budget; the next waits at most maxWaitMs, then 503 with Retry-After", async () => {
    const maxWaitMs = 300;
    const gate = new BodyReadGate({ capacityBytes: 2 * MAX_REQUEST_BODY_BYTES, maxWaitMs });
    const server = await startTestServer(database, { gate, bodyIdleTimeoutMs: 60_000 });
    const authorization = `Bearer ${tenant.adminKey}`;
    const upload = () =>
      rawUpload(server, "/api/trpc/metrics.recordBatch", {
        declared: MAX_REQUEST_BODY_BYTES,
        sent: 1024,
        headers: { authorization },
      });
    try {
      const stalled = [upload(), upload()];
      await vi.waitFor(() => expect(gate.inFlight).toBe(2), { timeout: 30_000 });
      expect(gate.reservedBytes).toBe(2 * MAX_REQUEST_BODY_BYTES);

      const started = performance.now();
      const next = upload();
      await vi.waitFor(() => expect(gate.waiting).toBe(1), { timeout: 30_000, interval: 5 });
      // Waiting reserves nothing: the budget is all that the stalled uploads and the waiter pin.
      expect(gate.reservedBytes).toBe(2 * MAX_REQUEST_BODY_BYTES);
      const refused = await next.answer;
      const waited = performance.now() - started;
      expect(refused.status).toBe(503);
      expect(refused.head).toContain("\r\nretry-after: 1");
      expect(waited).toBeGreaterThanOrEqual(maxWaitMs);
      expect(gate.waiting).toBe(0);
      expect(gate.reservedBytes).toBe(2 * MAX_REQUEST_BODY_BYTES);

      // Reads without a body (queries) are not gated.
      const query = await fetch(`${server.url}/api/trpc/tenant.get`, {
        headers: { authorization },
      });
      expect(query.status).toBe(200);

      // The stalled clients go away: their reservations are returned.
      for (const { socket } of stalled) socket.destroy();
      await vi.waitFor(() => expect(gate.reservedBytes).toBe(0), { timeout: 30_000 });
      expect(gate.inFlight).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("takes a waiter whose client disconnects out of the queue, and leaks no reserved bytes", async () => {
    // The wait is far longer than the test: only the disconnect can take the waiter out.
    const gate = new BodyReadGate({ capacityBytes: 1024 * 1024, maxWaitMs: 600_000 });
    const server = await startTestServer(database, { gate, bodyIdleTimeoutMs: 60_000 });
    const authorization = `Bearer ${tenant.adminKey}`;
    try {
      const holder = rawUpload(server, "/api/trpc/metrics.recordBatch", {
        declared: 1024 * 1024,
        sent: 1024,
        headers: { authorization },
      });
      await vi.waitFor(() => expect(gate.reservedBytes).toBe(1024 * 1024), { timeout: 30_000 });
      const body = JSON.stringify({ json: { points: [] } });
      const waiter = rawUpload(server, "/api/trpc/metrics.recordBatch", {
        declared: Buffer.byteLength(body),
        sent: body,
        headers: { authorization },
      });
      await vi.waitFor(() => expect(gate.waiting).toBe(1), { timeout: 30_000, interval: 5 });
      waiter.socket.destroy();
      await vi.waitFor(() => expect(gate.waiting).toBe(0), { timeout: 30_000, interval: 5 });
      expect(gate.reservedBytes).toBe(1024 * 1024);
      holder.socket.destroy();
      await vi.waitFor(() => expect(gate.reservedBytes).toBe(0), { timeout: 30_000 });
      expect(gate.inFlight).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("the body tRPC reads", () => {
  it("is read as a Request's would be: a byte order mark dropped, malformed JSON a BAD_REQUEST, another media type refused", async () => {
    const server = await startTestServer(database);
    const post = (body: string, type: string) =>
      fetch(`${server.url}/api/trpc/bookings.resources.create`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.adminKey}`, "content-type": type },
        body,
      });
    const codeOf = async (response: Response) =>
      ((await response.json()) as { error?: { json?: { data?: { code?: string } } } }).error?.json
        ?.data?.code;
    const resource = (name: string) =>
      JSON.stringify({ json: { name, timeZone: "UTC", slotMinutes: 30, availability: [] } });
    try {
      expect(
        (await post(`\uFEFF${resource("bom")}`, "application/json; charset=utf-8")).status,
      ).toBe(200);
      expect((await post(resource("case"), "Application/JSON")).status).toBe(200);
      const malformed = await post("{not json", "application/json");
      expect(malformed.status).toBe(400);
      expect(await codeOf(malformed)).toBe("BAD_REQUEST");
      const empty = await post("", "application/json");
      expect(empty.status).toBe(400);
      const text = await post(resource("text"), "text/plain");
      expect(text.status).toBe(415);
      expect(await codeOf(text)).toBe("UNSUPPORTED_MEDIA_TYPE");
    } finally {
      await server.close();
    }
  });
});
