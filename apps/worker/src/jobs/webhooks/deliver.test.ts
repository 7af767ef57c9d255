// The webhook delivery job through a real pg-boss queue and through the worker's poller, against a
// real receiver on loopback. Runs on a database of its own so no other test file's worker claims
// these deliveries.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCaller, createContext } from "@frontdesk/api";
import { provisionTenant, queryRows, type Database } from "@frontdesk/db";
import { createScratchDatabase } from "@frontdesk/testing/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQueuedJob, testLogger, waitFor } from "@frontdesk/testing/worker";
import { startWorker } from "../../worker";
import * as deliver from "./deliver";

let database: Database;
let server: Server;
let url: string;
const received: string[] = [];

beforeAll(async () => {
  database = await createScratchDatabase();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push(String(req.headers["webhook-id"]));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
});

async function tenantWithEndpoint(): Promise<{
  tenantId: string;
  call: ReturnType<typeof createCaller>;
}> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const { tenantId, apiKey } = await provisionTenant(database.db, {
    name: `Hooks ${suffix}`,
    slug: `hooks-${suffix}`,
    timeZone: "UTC",
    plan: "pro",
    ownerEmail: `hooks-${suffix}@example.com`,
    apiKey: { name: "hooks", scopes: ["admin"] },
  });
  if (!apiKey) throw new Error("no key");
  const call = createCaller(
    await createContext({
      database,
      headers: new Headers({ authorization: `Bearer ${apiKey.secret}` }),
    }),
  );
  await call.webhooks.endpoints.create({ url });
  return { tenantId, call };
}

const policy = { allowLoopback: true, allowHttp: true };

describe("webhooks.deliver", () => {
  it("a queued run delivers what is due and records it", async () => {
    const { tenantId, call } = await tenantWithEndpoint();
    const endpoint = (await call.webhooks.endpoints.list({})).items[0];
    if (!endpoint) throw new Error("no endpoint");
    const delivery = await call.webhooks.sendTest({ endpointId: endpoint.id });
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "hooks-queued",
      jobs: [{ ...deliver, pollIntervalMs: undefined }],
      webhooks: { policy },
    });
    try {
      expect(await runQueuedJob(worker.boss, deliver.queue)).toBe("completed");
    } finally {
      await worker.stop();
    }
    expect(received).toContain(delivery.eventId);
    const [row] = await queryRows<{ status: string }>(
      database.db,
      sql`select status from webhook_deliveries where tenant_id = ${tenantId} and id = ${delivery.id}`,
    );
    expect(row?.status).toBe("succeeded");
  });

  it("the worker's poller delivers a new event without waiting for the cron", async () => {
    const { call } = await tenantWithEndpoint();
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "hooks-poll",
      jobs: [deliver],
      webhooks: { policy },
    });
    try {
      const endpoint = (await call.webhooks.endpoints.list({})).items[0];
      if (!endpoint) throw new Error("no endpoint");
      const delivery = await call.webhooks.sendTest({ endpointId: endpoint.id });
      await waitFor("the poller to deliver", async () =>
        received.includes(delivery.eventId) ? true : undefined,
      );
    } finally {
      await worker.stop();
    }
  });

  it("refuses loopback targets unless allowed, before connecting", async () => {
    const { tenantId, call } = await tenantWithEndpoint();
    const endpoint = (await call.webhooks.endpoints.list({})).items[0];
    if (!endpoint) throw new Error("no endpoint");
    const delivery = await call.webhooks.sendTest({ endpointId: endpoint.id });
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: "hooks-strict",
      jobs: [{ ...deliver, pollIntervalMs: undefined }],
      webhooks: { policy: { allowLoopback: false, allowHttp: true } },
    });
    try {
      expect(await runQueuedJob(worker.boss, deliver.queue)).toBe("completed");
    } finally {
      await worker.stop();
    }
    expect(received).not.toContain(delivery.eventId);
    const [attempt] = await queryRows<{ status_code: number | null; response: string }>(
      database.db,
      sql`select status_code, response from webhook_delivery_attempts where tenant_id = ${tenantId} and delivery_id = ${delivery.id}`,
    );
    expect(attempt).toMatchObject({ status_code: null });
    expect(attempt?.response).toMatch(/loopback/);
  });
});
