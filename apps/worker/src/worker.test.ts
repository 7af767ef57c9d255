import { randomUUID } from "node:crypto";
import { queryRows, workerHeartbeats, type Database } from "@frontdesk/db";
import { createTestDatabase, testBackend } from "@frontdesk/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobQueues } from "./jobs";
import type { JobModule } from "./jobs/types";
import { BOSS_SCHEMA } from "./queue";
import { testLogger, waitFor } from "./test-helpers";
import { startWorker } from "./worker";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

async function heartbeat(workerId: string) {
  const [row] = await database.db
    .select()
    .from(workerHeartbeats)
    .where(eq(workerHeartbeats.workerId, workerId));
  return row;
}

describe("startWorker", () => {
  it("writes its heartbeat on start, refreshes it, and marks it stopped on stop", async () => {
    const workerId = `test-${randomUUID()}`;
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId,
      heartbeatIntervalMs: 200,
    });
    try {
      const first = await heartbeat(workerId);
      expect(first?.info).toMatchObject({
        state: "running",
        backend: testBackend(),
        pid: process.pid,
        queues: expect.arrayContaining([jobQueues.ensureMetricPartitions]) as unknown,
      });
      const firstSeen = first?.lastSeenAt.getTime() ?? 0;
      await waitFor("a second heartbeat", async () => {
        const row = await heartbeat(workerId);
        return row && row.lastSeenAt.getTime() > firstSeen ? row : undefined;
      });
    } finally {
      await worker.stop();
    }
    expect((await heartbeat(workerId))?.info).toMatchObject({ state: "stopped" });
  });

  it("stop() waits for a running job to finish before it resolves", async () => {
    const queue = `test.slow-${randomUUID().slice(0, 8)}`;
    let startedAt: number | undefined;
    let finishedAt: number | undefined;
    const slowJob: JobModule = {
      queue,
      workOptions: { pollingIntervalSeconds: 0.5 },
      handler: async () => {
        startedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 300));
        finishedAt = performance.now();
      },
    };
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: `test-${queue}`,
      jobs: [slowJob],
    });

    const id = await worker.boss.send(queue, {});
    if (!id) throw new Error("send returned no job id");
    await waitFor("the job to start", async () => startedAt);
    await worker.stop();
    const stoppedAt = performance.now();

    expect(finishedAt).toBeDefined();
    expect(finishedAt ?? Infinity).toBeLessThanOrEqual(stoppedAt);
    const [job] = await queryRows<{ state: string }>(
      database.db,
      sql`select state from ${sql.identifier(BOSS_SCHEMA)}.job where id = ${id}::uuid`,
    );
    expect(job?.state).toBe("completed");
  });
});
