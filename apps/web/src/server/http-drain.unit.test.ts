// The drain on a plain node:http server: what clients see when SIGTERM arrives mid-request.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDrainController, type DrainController, type RequestListener } from "./http-drain";

let server: Server | undefined;

afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function start(
  app: RequestListener,
  drainTimeoutMs = 5000,
): Promise<{ url: string; drain: DrainController }> {
  const created = createServer();
  server = created;
  const drain = createDrainController(created, app, { drainTimeoutMs, retryAfterSeconds: 1 });
  created.on("request", drain.listener);
  await new Promise<void>((resolve) => created.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(created.address() as AddressInfo).port}`, drain };
}

/** An app whose /slow requests wait until released. */
function slowApp() {
  const waiting: (() => void)[] = [];
  let started = 0;
  const app: RequestListener = (req, res) => {
    if (req.url === "/slow") {
      started++;
      waiting.push(() => res.end("done"));
      return;
    }
    res.end("ok");
  };
  return { app, started: () => started, release: () => waiting.splice(0).forEach((end) => end()) };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe("createDrainController", () => {
  it("lets a running request finish with Connection: close and answers new ones 503 with Retry-After", async () => {
    const slow = slowApp();
    const { url, drain } = await start(slow.app);
    expect(await (await fetch(`${url}/fast`)).text()).toBe("ok");

    const running = fetch(`${url}/slow`);
    await until(() => slow.started() === 1);
    const drained = drain.drain();
    expect(drain.draining).toBe(true);

    const refused = await fetch(`${url}/api/trpc/bookings.list`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("connection")).toBe("close");
    const body = (await refused.json()) as {
      error: { json: { data: { code: string; httpStatus: number } } };
    };
    expect(body.error.json.data).toEqual({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "draining" });

    slow.release();
    const response = await running;
    expect(response.status).toBe(200);
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.text()).toBe("done");
    const result = await drained;
    expect(result).toMatchObject({ drained: true, cutOff: 0, refused: 2 });
    expect(server?.listening).toBe(false);
  });

  it("resolves at once when nothing is running", async () => {
    const { drain } = await start(slowApp().app);
    expect(await drain.drain()).toMatchObject({ drained: true, cutOff: 0, refused: 0 });
  });

  it("cuts off a request still running at the drain limit and reports it", async () => {
    const slow = slowApp();
    const { url, drain } = await start(slow.app, 200);
    const running = fetch(`${url}/slow`).then(
      (r) => r.status,
      () => "reset",
    );
    await until(() => slow.started() === 1);
    const result = await drain.drain();
    expect(result).toMatchObject({ drained: false, cutOff: 1 });
    expect(await running).toBe("reset");
  });
});
