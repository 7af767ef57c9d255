// The SDK's links over real HTTP: a tiny node:http server answers each request from a script (tRPC
// envelopes, statuses, Retry-After, dropped connections), so nothing about fetch is mocked.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getUntypedClient, type TRPCClientError } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { createFrontdeskClient, trpcEndpoint, type FrontdeskClientOptions } from "./index";
import { backoffDelay, isIdempotentMutation } from "./links";

interface Call {
  method: string;
  url: URL;
  /** tRPC's batch format (`?batch=1`, inputs and answers keyed by position), or one call alone. */
  batched: boolean;
  paths: string[];
  inputs: unknown[];
  headers: IncomingHttpHeaders;
}

type Reply = { status: number; headers?: Record<string, string>; items: unknown[] } | "drop";

const ok = (data: unknown) => ({ result: { data: superjson.serialize(data) } });
const fail = (code: string, httpStatus: number, extra: Record<string, unknown> = {}) => ({
  error: superjson.serialize({
    message: `scripted ${code}`,
    code: -32000,
    data: { code, httpStatus, ...extra },
  }),
});
/** The same reply for every operation in the batch. */
const all =
  (
    status: number,
    item: (call: Call, index: number) => unknown,
    headers?: Record<string, string>,
  ) =>
  (call: Call): Reply => ({
    status,
    headers,
    items: call.paths.map((_, i) => item(call, i)),
  });
const echo = all(200, (call, i) => ok({ path: call.paths[i], input: call.inputs[i] ?? null }));

let server: Server | undefined;
let calls: Call[] = [];

afterEach(async () => {
  calls = [];
  if (server) {
    server.closeAllConnections();
    server.close();
    server = undefined;
  }
});

function decodeInputs(raw: string | null, count: number, batched: boolean): unknown[] {
  if (!raw) return Array.from({ length: count }, () => undefined);
  if (!batched)
    return [superjson.deserialize(JSON.parse(raw) as Parameters<typeof superjson.deserialize>[0])];
  const parsed = JSON.parse(raw) as Record<
    string,
    Parameters<typeof superjson.deserialize>[0] | undefined
  >;
  return Array.from({ length: count }, (_, i) => {
    const item = parsed[String(i)];
    return item === undefined ? undefined : superjson.deserialize(item);
  });
}

/** Starts the scripted server; `script[n]` answers the n-th request (the last entry repeats). */
async function scripted(script: ((call: Call) => Reply)[]): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const paths = decodeURIComponent(url.pathname.replace(/^\/api\/trpc\//, "")).split(",");
      const body = Buffer.concat(chunks).toString("utf8");
      const batched = url.searchParams.get("batch") === "1";
      const call: Call = {
        method: req.method ?? "",
        url,
        batched,
        paths,
        inputs: decodeInputs(
          req.method === "GET" ? url.searchParams.get("input") : body || null,
          paths.length,
          batched,
        ),
        headers: req.headers,
      };
      calls.push(call);
      const answer = script[Math.min(calls.length - 1, script.length - 1)];
      const reply = answer ? answer(call) : "drop";
      if (reply === "drop") {
        // The connection dies before any response: what a crashed server or a reset looks like.
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(call.batched ? reply.items : reply.items[0]));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function client(url: string, options: Partial<FrontdeskClientOptions> = {}, delays: number[] = []) {
  return getUntypedClient(
    createFrontdeskClient({
      url,
      apiKey: "fd_test_key",
      retryPolicy: {
        baseDelayMs: 100,
        maxDelayMs: 1_000,
        random: () => 0.5,
        // Record the schedule instead of waiting it out: tests never depend on timing.
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
      ...options,
    }),
  );
}

async function failure(promise: Promise<unknown>): Promise<TRPCClientError<AnyRouter>> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as TRPCClientError<AnyRouter>,
  );
}

describe("createFrontdeskClient transport", () => {
  it("calls <url>/api/trpc with the Bearer key and the caller's headers, and batches at most maxBatchSize calls", async () => {
    const url = await scripted([echo]);
    const c = client(`${url}/`, {
      headers: { "x-trace": "t1", Authorization: "Bearer stolen" },
      maxBatchSize: 50,
    });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => c.query("health.ping", { i })),
    );
    expect(results).toHaveLength(60);
    expect(calls.map((call) => call.paths.length).sort((a, b) => a - b)).toEqual([10, 50]);
    for (const call of calls) {
      expect(call.url.pathname.startsWith("/api/trpc/")).toBe(true);
      expect(call.headers.authorization).toBe("Bearer fd_test_key");
      expect(call.headers["x-trace"]).toBe("t1");
    }
  });
});

describe("dispatch", () => {
  it("sends a call made alone at once, and calls made together in one batch", async () => {
    const url = await scripted([echo]);
    const c = client(url);
    await expect(c.query("bookings.list", { limit: 1 })).resolves.toEqual({
      path: "bookings.list",
      input: { limit: 1 },
    });
    await expect(c.mutation("bookings.cancel", { id: "b1" })).resolves.toEqual({
      path: "bookings.cancel",
      input: { id: "b1" },
    });
    const together = await Promise.all([
      c.query("bookings.get", { id: "a" }),
      c.query("bookings.get", { id: "b" }),
      c.mutation("bookings.confirm", { id: "c" }),
    ]);
    expect(together.map((r) => (r as { input: unknown }).input)).toEqual([
      { id: "a" },
      { id: "b" },
      { id: "c" },
    ]);
    const requests = calls.map((call) => [call.method, call.batched, call.paths.join(",")]);
    expect(requests.slice(0, 2)).toEqual([
      ["GET", false, "bookings.list"],
      ["POST", false, "bookings.cancel"],
    ]);
    // The two queries share a request; the mutation, alone of its kind, goes by itself (first).
    expect(requests.slice(2)).toEqual([
      ["POST", false, "bookings.confirm"],
      ["GET", true, "bookings.get,bookings.get"],
    ]);
  });

  it("does not send a call that was cancelled before its turn", async () => {
    const url = await scripted([echo]);
    const controller = new AbortController();
    const c = client(url);
    const cancelled = c.query("bookings.get", { id: "gone" }, { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toThrow();
    await c.query("bookings.get", { id: "kept" });
    expect(calls.map((call) => call.inputs)).toEqual([[{ id: "kept" }]]);
  });
});

describe("retry schedule", () => {
  it("retries a query after 503s with exponential backoff and equal jitter, then succeeds", async () => {
    const unavailable = all(503, () => fail("SERVICE_UNAVAILABLE", 503));
    const url = await scripted([unavailable, unavailable, unavailable, echo]);
    const delays: number[] = [];
    const result = await client(url, {}, delays).query("bookings.list", { limit: 1 });
    expect(result).toEqual({ path: "bookings.list", input: { limit: 1 } });
    expect(calls).toHaveLength(4);
    // base 100 ms doubling, half fixed + half random (random = 0.5): 75, 150, 300.
    expect(delays).toEqual([75, 150, 300]);
  });

  it("gives up after `retries` and returns the last error", async () => {
    const url = await scripted([all(503, () => fail("SERVICE_UNAVAILABLE", 503))]);
    const delays: number[] = [];
    const error = await failure(client(url, { retries: 2 }, delays).query("bookings.list", {}));
    expect(error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(calls).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it("keeps delays within [half, full] of the capped exponential", () => {
    const policy = { baseDelayMs: 250, maxDelayMs: 8_000 };
    expect(backoffDelay(1, { ...policy, random: () => 0 })).toBe(125);
    expect(backoffDelay(1, { ...policy, random: () => 0.999999 })).toBe(250);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(500);
    expect(backoffDelay(10, { ...policy, random: () => 0.999999 })).toBe(8_000);
    expect(backoffDelay(10, { ...policy, random: () => 0 })).toBe(4_000);
    expect(backoffDelay(1, { ...policy, random: () => 0 }, 3_000)).toBe(3_000);
  });

  it("honours Retry-After (header, then data.retryAfter) on 429", async () => {
    const limitedHeader = all(429, () => fail("TOO_MANY_REQUESTS", 429), { "retry-after": "2" });
    const limitedData = all(429, () => fail("TOO_MANY_REQUESTS", 429, { retryAfter: 3 }));
    const url = await scripted([limitedHeader, limitedData, echo]);
    const delays: number[] = [];
    await client(url, {}, delays).query("metrics.names", {});
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([2_000, 3_000]);
  });

  it("does not wait for a Retry-After longer than maxRetryAfterMs", async () => {
    const url = await scripted([
      all(429, () => fail("TOO_MANY_REQUESTS", 429, { retryAfter: 3_600 })),
      echo,
    ]);
    const error = await failure(client(url).query("metrics.names", {}));
    expect(error.data).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(calls).toHaveLength(1);
  });

  it.each([
    [400, "BAD_REQUEST"],
    [401, "UNAUTHORIZED"],
    [403, "FORBIDDEN"],
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
    [413, "PAYLOAD_TOO_LARGE"],
    [500, "INTERNAL_SERVER_ERROR"],
  ])("never retries HTTP %i (%s)", async (status, code) => {
    const url = await scripted([all(status, () => fail(code, status)), echo]);
    const delays: number[] = [];
    const error = await failure(client(url, {}, delays).query("bookings.list", {}));
    expect(error.data).toMatchObject({ code });
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("retries a query whose connection dropped", async () => {
    const url = await scripted([() => "drop", () => "drop", echo]);
    await expect(client(url).query("bookings.get", { id: "x" })).resolves.toEqual({
      path: "bookings.get",
      input: { id: "x" },
    });
    expect(calls).toHaveLength(3);
  });

  it("retries a non-JSON error page (a proxy's 502) but not a failure before sending", async () => {
    let htmlServed = 0;
    const url = await scripted([echo]);
    const delays: number[] = [];
    const proxyPage: typeof fetch = async (input, init) => {
      if (htmlServed++ === 0)
        return new Response("<html>Bad gateway</html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        });
      return fetch(input, init);
    };
    await expect(
      client(url, { fetch: proxyPage }, delays).query("bookings.list", {}),
    ).resolves.toBeTruthy();
    expect(delays).toHaveLength(1);

    const tooLong = client(url, {}, delays).query("bookings.list", { text: "x".repeat(20_000) });
    await expect(tooLong).rejects.toThrow();
    expect(delays).toHaveLength(1);
  });

  it("stops retrying when the caller aborts during the backoff", async () => {
    const url = await scripted([all(503, () => fail("SERVICE_UNAVAILABLE", 503)), echo]);
    const controller = new AbortController();
    const c = client(url, {
      retryPolicy: {
        sleep: (_ms, signal) =>
          new Promise<void>((resolve) => {
            controller.abort();
            if (signal.aborted) resolve();
            else signal.addEventListener("abort", () => resolve());
          }),
      },
    });
    await expect(c.query("bookings.list", {}, { signal: controller.signal })).rejects.toThrow();
    expect(calls).toHaveLength(1);
  });
});

describe("mutations: idempotency keys and retries", () => {
  it("never retries a mutation that carries no idempotency key (503 or dropped connection)", async () => {
    const url = await scripted([all(503, () => fail("SERVICE_UNAVAILABLE", 503)), echo]);
    const c = client(url);
    await failure(c.mutation("bookings.cancel", { id: "b1" }));
    expect(calls).toHaveLength(1);

    calls = [];
    server?.closeAllConnections();
    server?.close();
    const dropping = await scripted([() => "drop", echo]);
    await failure(client(dropping).mutation("bookings.confirm", { id: "b1" }));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.inputs[0]).toEqual({ id: "b1" });
  });

  it("adds an idempotencyKey to create-type mutations and sends the same key on the retry after a dropped connection", async () => {
    const url = await scripted([() => "drop", echo]);
    const result = await client(url).mutation("bookings.create", {
      slotId: "s1",
      attendee: { name: "A", email: "a@example.com" },
    });
    expect(calls).toHaveLength(2);
    const [first, second] = calls.map((call) => call.inputs[0] as { idempotencyKey?: string });
    expect(first?.idempotencyKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    expect(result).toMatchObject({
      input: { slotId: "s1", idempotencyKey: first?.idempotencyKey },
    });
  });

  it("keeps the caller's key, and keys every listed procedure but nothing else", async () => {
    const url = await scripted([echo]);
    const c = client(url);
    await c.mutation("orders.create", { items: [], idempotencyKey: "mine" });
    await c.mutation("orders.refund", { id: "o1" });
    await c.mutation("scores.record", { sessionId: "s", name: "n", value: 1 });
    await c.mutation("scores.scoreConversation", { sessionId: "s", messages: [] });
    await c.mutation("bookings.create", { slotId: "s1" });
    await c.mutation("orders.cancel", { id: "o1" });
    await c.query("bookings.list", {});
    await c.mutation("bookings.resources.create", { name: "Room" });
    const keyOf = (i: number) =>
      (calls[i]?.inputs[0] as { idempotencyKey?: string } | undefined)?.idempotencyKey;
    expect(keyOf(0)).toBe("mine");
    for (const i of [1, 2, 3, 4]) expect(keyOf(i)).toEqual(expect.any(String));
    expect(new Set([1, 2, 3, 4].map(keyOf)).size).toBe(4);
    expect(keyOf(5)).toBeUndefined();
    expect(keyOf(6)).toBeUndefined();
    // Excluded: matches `*.create` but the server takes no key, so it is neither keyed nor retried.
    expect(keyOf(7)).toBeUndefined();
  });

  it("retries a keyed mutation on 429/503 with the same key", async () => {
    const url = await scripted([
      all(429, () => fail("TOO_MANY_REQUESTS", 429, { retryAfter: 1 })),
      all(503, () => fail("SERVICE_UNAVAILABLE", 503)),
      echo,
    ]);
    const delays: number[] = [];
    await client(url, {}, delays).mutation("orders.refund", { id: "o1", amount: 100 });
    expect(calls).toHaveLength(3);
    expect(
      new Set(calls.map((call) => (call.inputs[0] as { idempotencyKey: string }).idempotencyKey))
        .size,
    ).toBe(1);
    expect(delays).toEqual([1_000, 150]);
  });

  it("matches procedure paths against the patterns exactly", () => {
    expect(isIdempotentMutation("bookings.create")).toBe(true);
    expect(isIdempotentMutation("orders.create")).toBe(true);
    expect(isIdempotentMutation("bookings.resources.create")).toBe(false);
    expect(isIdempotentMutation("scores.record")).toBe(true);
    expect(isIdempotentMutation("scores.recordBatch")).toBe(false);
    expect(isIdempotentMutation("create")).toBe(false);
    expect(isIdempotentMutation("bookings.createMany")).toBe(false);
    expect(isIdempotentMutation("metrics.record")).toBe(false);
  });
});

describe("trpcEndpoint", () => {
  it("appends /api/trpc once, whatever trailing slashes the base URL has", () => {
    expect(trpcEndpoint("https://frontdesk.example.com")).toBe(
      "https://frontdesk.example.com/api/trpc",
    );
    expect(trpcEndpoint("https://frontdesk.example.com///")).toBe(
      "https://frontdesk.example.com/api/trpc",
    );
    expect(trpcEndpoint("https://frontdesk.example.com/api/trpc/")).toBe(
      "https://frontdesk.example.com/api/trpc",
    );
    expect(trpcEndpoint("")).toBe("/api/trpc");
    // A long run of slashes is trimmed in one pass (the old pattern rescanned it from every position).
    expect(trpcEndpoint(`https://x.example${"/".repeat(100_000)}`)).toBe(
      "https://x.example/api/trpc",
    );
  });
});
