// SIGTERM under load on the production server (`pnpm start`, server.ts): 50 SDK clients keep calling
// while the process is told to stop. No call may see a 500: requests already running finish, new
// ones get 503 with Retry-After and `Connection: close` (which the SDK retries), health turns 503,
// and the process exits 0 after closing the database.
import { randomUUID } from "node:crypto";
import { createFrontdeskClient, TRPCClientError } from "@frontdesk/client";
import { createTenantWithKey } from "@frontdesk/testing/api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startConsole, type E2eBackend, type RunningConsole } from "./harness";

const chromiumPath = inject("chromiumPath");
const backend = (process.env.FRONTDESK_E2E_BACKEND ?? "pglite") as E2eBackend;
const CLIENTS = 50;

interface Seen {
  status: number;
  retryAfter: string | null;
  connection: string | null;
  /** Sent before SIGTERM, answered after it. */
  spanned: boolean;
}

// The build is made by the e2e global setup, which runs only with Chromium present.
describe.skipIf(!chromiumPath)(`graceful shutdown (${backend})`, () => {
  let app: RunningConsole;
  let adminKey = "";

  beforeAll(async () => {
    app = await startConsole(backend, {
      env: { WEB_DRAIN_TIMEOUT_SECONDS: "25", LOG_LEVEL: "info" },
      prepare: async (database) => {
        adminKey = (await createTenantWithKey(database)).adminKey;
      },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it("SIGTERM under 50 concurrent clients: no 500, every refusal a retryable 503, running requests finish, exit 0", async () => {
    const seen: Seen[] = [];
    let transportErrors = 0;
    let signalledAt = 0;
    const recordingFetch: typeof fetch = async (input, init) => {
      const sentAt = performance.now();
      try {
        const response = await fetch(input, init);
        seen.push({
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          connection: response.headers.get("connection"),
          spanned: signalledAt > 0 && sentAt < signalledAt,
        });
        return response;
      } catch (error) {
        transportErrors++;
        throw error;
      }
    };
    // One SDK per client: each batches only its own calls, so 50 requests are on the wire at once.
    const sdks = Array.from({ length: CLIENTS }, () =>
      createFrontdeskClient({ url: app.baseUrl, apiKey: adminKey, fetch: recordingFetch }),
    );
    await sdks[0]?.scores.configs.upsert.mutate({ name: "csat", kind: "numeric", min: 1, max: 5 });

    let exited = false;
    void app.webExited.then(() => (exited = true));
    const failures: unknown[] = [];
    let succeeded = 0;
    const call = (client: number, n: number): Promise<unknown> => {
      const sdk = sdks[client];
      if (!sdk) throw new Error("no client");
      // A mix of reads and idempotent writes; a few big batches keep requests running at SIGTERM.
      if (client < 3) {
        const at = new Date();
        return sdk.metrics.recordBatch.mutate({
          points: Array.from({ length: 2000 }, (_, i) => ({ name: "shutdown.load", value: i, at })),
        });
      }
      if (client % 3 === 0) {
        return sdk.scores.record.mutate({
          sessionId: `s-${client}-${n}`,
          name: "csat",
          value: 4,
          idempotencyKey: randomUUID(),
        });
      }
      return sdk.bookings.resources.list.query({});
    };
    const loops = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; !exited; n++) {
        try {
          await call(client, n);
          succeeded++;
        } catch (error) {
          if (!exited) failures.push(error);
        }
      }
    });

    // Under full load for a moment, then SIGTERM.
    while (succeeded < 300) await new Promise((r) => setTimeout(r, 50));
    const health = [] as number[];
    signalledAt = performance.now();
    app.web.kill("SIGTERM");
    // Once the server says it is draining, health is 503 (or the process is already gone).
    while (!app.logs().includes('"msg":"draining…"') && !exited)
      await new Promise((r) => setTimeout(r, 10));
    if (!exited) {
      health.push(
        await fetch(`${app.baseUrl}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      );
    }
    const { code } = await app.webExited;
    const stoppedMs = performance.now() - signalledAt;
    await Promise.all(loops);

    const byStatus: Record<number, number> = {};
    for (const s of seen) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    const spanned = seen.filter((s) => s.spanned && s.status === 200).length;
    console.log(
      `shutdown (${backend}): exit ${code} after ${stoppedMs.toFixed(0)} ms; responses ${JSON.stringify(byStatus)}; ` +
        `${spanned} running at SIGTERM finished 200; ${transportErrors} connection errors after the listener closed; ` +
        `${failures.length} calls failed while the server was up`,
    );

    expect(code, app.logs()).toBe(0);
    expect(app.logs()).toContain('"msg":"requests drained"');
    expect(seen.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    expect(Object.keys(byStatus).map(Number).sort()).toEqual(byStatus[503] ? [200, 503] : [200]);
    for (const refusal of seen.filter((s) => s.status === 503)) {
      expect(refusal).toMatchObject({ retryAfter: "1", connection: "close" });
    }
    expect(health.every((status) => status === 503 || status === 0)).toBe(true);
    // A call that failed while the server was still up failed with the retryable 503 (after the
    // SDK's retries), never with an internal error.
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(TRPCClientError);
      const data = (failure as TRPCClientError<never>).data as { code?: string } | undefined;
      expect(data?.code ?? "transport").toMatch(/^(SERVICE_UNAVAILABLE|transport)$/);
    }
  });
});
