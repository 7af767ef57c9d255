// The SDK against the real app router over real HTTP (both back ends): typed calls, auth errors,
// the 413 limit, and a create whose response is lost in transit — retried with the SDK's key, it
// yields exactly one booking. Also checks the SDK's idempotent-mutation list against the router.
import { once } from "node:events";
import { connect, createServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@frontdesk/api";
import { createTenantWithKey, everyDay, type TestTenant } from "@frontdesk/testing/api";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import { createDb, type Database } from "@frontdesk/db";
import { createTestDatabase, testBackend } from "@frontdesk/testing/db";
import { createFrontdeskClient, TRPCClientError, type FrontdeskClient } from "./index";
import { isIdempotentMutation } from "./links";

let database: Database;
let server: TestServer;
let tenant: TestTenant;
let frontdesk: FrontdeskClient;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database);
  tenant = await createTenantWithKey(database);
  frontdesk = createFrontdeskClient({ url: server.url, apiKey: tenant.adminKey });
});

afterAll(async () => {
  await server.close();
  await database.close();
});

async function clientCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) =>
      error instanceof TRPCClientError
        ? (error.data as { code?: string } | undefined)?.code
        : "NOT_A_CLIENT_ERROR",
  );
}

/** A TCP proxy that lets the first connection's request through but drops it as the response starts. */
async function responseDroppingProxy(
  target: string,
): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    const number = ++connections;
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      if (number === 1) {
        // The server has done the work; the caller never hears about it.
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on("end", () => client.end());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  const address = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe("the SDK over HTTP", () => {
  it("makes typed calls end to end (ping, tenant.get, apiKeys.list, batched)", async () => {
    const [pong, current, keys] = await Promise.all([
      frontdesk.ping.query(),
      frontdesk.tenant.get.query(),
      frontdesk.apiKeys.list.query({}),
    ]);
    expect(pong).toBeTruthy();
    expect(current.id).toBe(tenant.tenantId);
    expect(keys.items.length).toBeGreaterThan(0);
    expect(keys.items[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("records the caller's address with a mutation's audit row", async () => {
    const key = await frontdesk.apiKeys.create.mutate({
      name: "audited over HTTP",
      scopes: ["bookings:read"],
    });
    const audit = await frontdesk.audit.list.query({ action: "apiKeys.create" });
    const entry = audit.items.find((item) => item.targetId === key.id);
    expect(entry?.ip).toMatch(/127\.0\.0\.1/);
  });

  it("refuses a wrong key with UNAUTHORIZED (and does not retry it)", async () => {
    let retries = 0;
    const intruder = createFrontdeskClient({
      url: server.url,
      apiKey: `fd_${"a".repeat(12)}_${"b".repeat(32)}`,
      retryPolicy: { onRetry: () => void retries++ },
    });
    expect(await clientCodeOf(intruder.tenant.get.query())).toBe("UNAUTHORIZED");
    expect(await clientCodeOf(intruder.bookings.resources.list.query({}))).toBe("UNAUTHORIZED");
    expect(retries).toBe(0);
  });

  it("gets PAYLOAD_TOO_LARGE for a body over the 4 MiB limit", async () => {
    const code = await clientCodeOf(
      frontdesk.scores.scoreConversation.mutate({
        sessionId: "big",
        messages: Array.from({ length: 500 }, () => ({
          role: "user" as const,
          content: "x".repeat(9_000),
        })),
      }),
    );
    expect(code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("creates a booking from a free slot exactly once when the first response is lost", async () => {
    const resource = await frontdesk.bookings.resources.create.mutate({
      name: "Dr. Retry",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      availability: everyDay(),
    });
    const from = new Date(Date.now() + 2 * 86_400_000);
    const slots = await frontdesk.bookings.slots.query({
      resourceId: resource.id,
      from,
      to: new Date(from.getTime() + 86_400_000),
    });
    const slot = slots.find((s) => s.available);
    if (!slot) throw new Error("no free slot");

    const proxy = await responseDroppingProxy(server.url);
    try {
      const retried: number[] = [];
      const flaky = createFrontdeskClient({
        url: proxy.url,
        apiKey: tenant.adminKey,
        retryPolicy: { baseDelayMs: 1, onRetry: ({ attempt }) => void retried.push(attempt) },
      });
      const booking = await flaky.bookings.create.mutate({
        slotId: slot.slotId,
        attendee: { name: "Ada", email: "ada@example.com" },
      });
      expect(retried).toEqual([1]);
      expect(proxy.connections()).toBe(2);
      const stored = await frontdesk.bookings.list.query({ resourceId: resource.id });
      expect(stored.items.map((b) => b.id)).toEqual([booking.id]);
    } finally {
      await proxy.close();
    }
  });
});

describe.skipIf(testBackend() !== "postgres")("the SDK while the database is down", () => {
  it("retries SERVICE_UNAVAILABLE (503, Retry-After) for queries and keyed creates, not for unkeyed mutations", async () => {
    // A server whose database refuses connections: an outage or a failover in progress.
    const down = await createDb({ url: "postgres://postgres@127.0.0.1:1/frontdesk", max: 1 });
    const downServer = await startTestServer(down);
    try {
      const retried: string[] = [];
      const sdk = createFrontdeskClient({
        url: downServer.url,
        apiKey: tenant.adminKey,
        retries: 2,
        retryPolicy: {
          sleep: () => Promise.resolve(),
          onRetry: ({ path, attempt }) => retried.push(`${path}#${attempt}`),
        },
      });
      expect(await clientCodeOf(sdk.orders.list.query({}))).toBe("SERVICE_UNAVAILABLE");
      expect(
        await clientCodeOf(
          sdk.bookings.create.mutate({
            slotId: "x".repeat(20),
            attendee: { name: "A", email: "a@example.com" },
          }),
        ),
      ).toBe("SERVICE_UNAVAILABLE");
      expect(
        await clientCodeOf(
          sdk.apiKeys.revoke.mutate({ id: "00000000-0000-4000-8000-000000000000" }),
        ),
      ).toBe("SERVICE_UNAVAILABLE");
      expect(retried).toEqual([
        "orders.list#1",
        "orders.list#2",
        "bookings.create#1",
        "bookings.create#2",
      ]);
    } finally {
      await downServer.close();
      await down.close();
    }
  });
});

describe("IDEMPOTENT_MUTATIONS against the router", () => {
  // Generated: a new create-type mutation must either take an idempotencyKey or be excluded in links.ts.
  it("keys exactly the mutations whose input accepts an idempotencyKey", () => {
    const mismatched: string[] = [];
    for (const [path, procedure] of Object.entries(
      appRouter._def.procedures as Record<string, unknown>,
    )) {
      const def = (procedure as { _def: { type: string; inputs: unknown[] } })._def;
      if (def.type !== "mutation") continue;
      const accepts = def.inputs.some((input) => topLevelKeys(input).includes("idempotencyKey"));
      if (accepts !== isIdempotentMutation(path))
        mismatched.push(
          `${path} (accepts a key: ${accepts}, SDK keys it: ${isIdempotentMutation(path)})`,
        );
    }
    expect(mismatched).toEqual([]);
  });
});

// The top-level field names of a zod 4 object schema (through optional/default/pipe wrappers).
function topLevelKeys(schema: unknown): string[] {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = (
      current as {
        _zod?: { def?: { type?: string; shape?: object; innerType?: unknown; in?: unknown } };
      } | null
    )?._zod?.def;
    if (!def) return [];
    if (def.type === "object" && def.shape) return Object.keys(def.shape);
    current = def.innerType ?? def.in;
  }
  return [];
}
