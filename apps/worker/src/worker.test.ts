import { randomUUID } from "node:crypto";
import { queryRows, workerHeartbeats, type Database } from "@frontdesk/db";
import { createTestDatabase, testBackend } from "@frontdesk/testing/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testLogger, waitFor } from "@frontdesk/testing/worker";
import { jobQueues } from "./jobs";
import type { JobModule } from "./jobs/types";
import { BOSS_SCHEMA } from "./queue";
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

  it("drains a backlog of 1,000 queued jobs across four queues at full speed", async () => {
    const suffix = randomUUID().slice(0, 8);
    const handled = new Map<string, number>();
    const modules: JobModule[] = [0, 1, 2, 3].map((i) => ({
      queue: `test.backlog-${i}-${suffix}`,
      handler: (_deps, batch) => {
        for (const job of batch) handled.set(job.id, (handled.get(job.id) ?? 0) + 1);
        return Promise.resolve();
      },
    }));
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: `test-backlog-${suffix}`,
      jobs: modules,
    });
    try {
      // Queued while the worker is up but before it could see them: one insert per queue, which is
      // one NOTIFY each — what a backlog after an outage or a burst of sends looks like.
      const started = performance.now();
      const ids: string[] = [];
      for (const module of modules) {
        const batch = Array.from({ length: 250 }, (_, n) => ({ id: randomUUID(), data: { n } }));
        await worker.boss.insert(module.queue, batch);
        ids.push(...batch.map((job) => job.id));
      }
      expect(ids).toHaveLength(1000);
      await waitFor("1,000 jobs to complete", async () => {
        const [row] = await queryRows<{ completed: number }>(
          database.db,
          sql`select count(*)::int as completed from ${sql.identifier(BOSS_SCHEMA)}.job
              where name like ${`test.backlog-%-${suffix}`} and state = 'completed'`,
        );
        return row && row.completed === 1000 ? row.completed : undefined;
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `worker backlog (${testBackend()}): 1,000 jobs over 4 queues in ${seconds.toFixed(1)} s, ${(1000 / seconds).toFixed(0)} jobs/s`,
      );
      expect(ids.every((id) => handled.get(id) === 1)).toBe(true);
    } finally {
      await worker.stop();
    }
  });

  it("stop() reports a drain that hit its limit, and the cut-off job is failed for a retry", async () => {
    const queue = `test.stuck-${randomUUID().slice(0, 8)}`;
    let started = false;
    let release: (() => void) | undefined;
    const stuckJob: JobModule = {
      queue,
      handler: () => {
        started = true;
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: `test-${queue}`,
      jobs: [stuckJob],
      drainTimeoutMs: 1000,
    });
    const id = await worker.boss.send(queue, {});
    if (!id) throw new Error("send returned no job id");
    await waitFor("the job to start", async () => (started ? true : undefined));
    const result = await worker.stop();
    release?.();

    expect(result).toEqual({ drained: false, abandoned: 1 });
    const [job] = await queryRows<{ state: string }>(
      database.db,
      sql`select state from ${sql.identifier(BOSS_SCHEMA)}.job where id = ${id}::uuid`,
    );
    expect(job?.state).toBe("retry");
  });
});
