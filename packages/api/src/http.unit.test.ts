import superjson from "superjson";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BodyReadGate,
  DEFAULT_BODY_READ_BUDGET_BYTES,
  MAX_REQUEST_BODY_BYTES,
  trpcErrorResponse,
} from "./http";

describe("trpcErrorResponse", () => {
  it("answers in tRPC's own error envelope so @trpc/client reads data.code", async () => {
    const response = trpcErrorResponse("PAYLOAD_TOO_LARGE", "Request body exceeds 1048576 bytes");

    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
    expect(superjson.deserialize(body.error)).toEqual({
      message: "Request body exceeds 1048576 bytes",
      code: -32013,
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
  });
});

describe("BodyReadGate", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("budgets as many bytes as 64 maximum-size bodies by default", () => {
    expect(new BodyReadGate().capacityBytes).toBe(64 * MAX_REQUEST_BODY_BYTES);
    expect(DEFAULT_BODY_READ_BUDGET_BYTES).toBe(64 * MAX_REQUEST_BODY_BYTES);
  });

  it("admits reads while their bytes fit, then lets the next wait in order for the bytes released", async () => {
    const gate = new BodyReadGate({ capacityBytes: 1000 });
    const first = await gate.enter(600);
    const second = await gate.enter(400);
    expect(gate.reservedBytes).toBe(1000);
    expect(gate.inFlight).toBe(2);
    const order: string[] = [];
    const large = gate.enter(700).then((release) => {
      order.push("large");
      return release;
    });
    // Fits the 400 bytes the second read frees, but must not overtake the large one waiting ahead.
    const small = gate.enter(300).then((release) => {
      order.push("small");
      return release;
    });
    expect(gate.waiting).toBe(2);
    second?.();
    await Promise.resolve();
    expect(order).toEqual([]);
    first?.();
    const releases = await Promise.all([large, small]);
    expect(order).toEqual(["large", "small"]);
    expect(gate.reservedBytes).toBe(1000);
    expect(gate.waiting).toBe(0);
    for (const release of releases) {
      release?.();
      // Releasing twice frees nothing more.
      release?.();
    }
    expect(gate.reservedBytes).toBe(0);
    expect(gate.inFlight).toBe(0);
  });

  it("refuses at once a read that can never fit, and one that finds the queue full", async () => {
    const gate = new BodyReadGate({ capacityBytes: 100, maxWaiters: 1 });
    expect(await gate.enter(101)).toBeNull();
    const held = await gate.enter(100);
    const waiting = gate.enter(10);
    expect(await gate.enter(10)).toBeNull();
    expect(gate.waiting).toBe(1);
    held?.();
    (await waiting)?.();
    expect(gate.reservedBytes).toBe(0);
  });

  it("gives up on a wait after maxWaitMs, and lets the reads behind it in", async () => {
    vi.useFakeTimers();
    const gate = new BodyReadGate({ capacityBytes: 100, maxWaitMs: 2_000 });
    const held = await gate.enter(60);
    const large = gate.enter(50);
    vi.advanceTimersByTime(10);
    const small = gate.enter(40);
    vi.advanceTimersByTime(1_990);
    expect(await large).toBeNull();
    // The small read waited behind the large one; once that left, it fits.
    const release = await small;
    expect(release).not.toBeNull();
    expect(gate.reservedBytes).toBe(100);
    release?.();
    held?.();
    expect(gate.reservedBytes).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it("drops a waiter whose signal aborts (the client went away)", async () => {
    const gate = new BodyReadGate({ capacityBytes: 100, maxWaitMs: 60_000 });
    const held = await gate.enter(100);
    const client = new AbortController();
    const waiting = gate.enter(10, client.signal);
    expect(gate.waiting).toBe(1);
    client.abort();
    expect(await waiting).toBeNull();
    expect(gate.waiting).toBe(0);
    const aborted = AbortSignal.abort();
    expect(await gate.enter(10, aborted)).toBeNull();
    held?.();
    expect(gate.reservedBytes).toBe(0);
  });
});
