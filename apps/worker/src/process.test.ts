// Real worker processes (src/test-fixtures/worker-process.ts: the standalone worker's start and
// drain path with one effect job) killed and stopped mid-job. PostgreSQL only: embedded PGlite
// belongs to one process.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase, testBackend, testDatabaseUrl } from "@frontdesk/testing/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testLogger, waitFor } from "@frontdesk/testing/worker";
import { BOSS_SCHEMA, DEFAULT_QUEUE_OPTIONS, createBoss } from "./queue";
import { effectJob } from "./test-fixtures/effect-job";
import { startWorker } from "./worker";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const postgresOnly = testBackend() !== "postgres";

let database: Database;
const table = `worker_effects_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

beforeAll(async () => {
  if (postgresOnly) return;
  database = await createTestDatabase();
  // A primary key although the test needs none: db:verify (run by cli.test.ts on the same shared
  // database, maybe at this moment) fails on any table without one.
  await database.db.execute(
    sql`create table ${sql.identifier(table)} (id bigint generated always as identity primary key, job_id uuid not null, attempt int not null, pid int not null)`,
  );
});

afterAll(async () => {
  if (postgresOnly) return;
  await database.db.execute(sql`drop table if exists ${sql.identifier(table)}`);
  await database.close();
});

function spawnWorker(queue: string, env: Record<string, string> = {}) {
  // node itself, not the tsx CLI: that one runs the script in a child process, and a SIGKILL of the
  // CLI would leave the real worker running.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/test-fixtures/worker-process.ts"],
    {
      cwd: packageDir,
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        LOG_LEVEL: "info",
        FIXTURE_QUEUE: queue,
        FIXTURE_TABLE: table,
        FIXTURE_HANG: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitForLog(run: ReturnType<typeof spawnWorker>, text: string): Promise<void> {
  await waitFor(
    `the worker process to log ${text}`,
    async () => {
      if (run.child.exitCode !== null)
        throw new Error(`worker exited early: ${run.output().stderr}`);
      return run.output().stdout.includes(text) ? true : undefined;
    },
    { timeoutMs: 90_000 },
  );
}

async function waitForStart(run: ReturnType<typeof spawnWorker>, jobId: string): Promise<void> {
  await waitFor(
    "the worker process to start the job",
    async () => {
      if (run.child.exitCode !== null)
        throw new Error(`worker exited early: ${run.output().stderr}`);
      return run.output().stdout.includes(`job-started ${jobId}`) ? true : undefined;
    },
    { timeoutMs: 90_000 },
  );
}

async function jobState(id: string): Promise<{ state: string; retry_count: number } | undefined> {
  const [row] = await queryRows<{ state: string; retry_count: number }>(
    database.db,
    sql`select state::text as state, retry_count from ${sql.identifier(BOSS_SCHEMA)}.job where id = ${id}::uuid`,
  );
  return row;
}

/** Sends one job to `queue` from a pg-boss instance that works no queue, so only the process under test can take it. */
async function sendOne(queue: string): Promise<string> {
  const boss = createBoss(database);
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await boss.createQueue(queue, DEFAULT_QUEUE_OPTIONS);
    const id = await boss.send(queue, {});
    if (!id) throw new Error("send returned no job id");
    return id;
  } finally {
    await boss.stop({ graceful: false });
  }
}

async function effects(jobId: string) {
  return queryRows<{ attempt: number; pid: number }>(
    database.db,
    sql`select attempt, pid from ${sql.identifier(table)} where job_id = ${jobId}::uuid`,
  );
}

describe.skipIf(postgresOnly)("worker processes", () => {
  it("a job whose worker process was killed with SIGKILL is retried within 90 s, and its effect happens once", async () => {
    const queue = `test.crash-${randomUUID().slice(0, 8)}`;
    const run = spawnWorker(queue);
    try {
      await waitForLog(run, "worker started");
      const id = await sendOne(queue);
      await waitForStart(run, id);
      run.child.kill("SIGKILL");
      await run.exited;
      const killedAt = performance.now();

      // Another worker (this process) takes over the queue; its runs do not hang.
      const survivor = await startWorker({
        database,
        logger: testLogger(),
        workerId: `test-survivor-${queue}`,
        jobs: [effectJob(queue, table, { hang: false })],
      });
      try {
        const final = await waitFor(
          "the killed job to be retried and completed",
          async () => {
            const job = await jobState(id);
            return job && ["completed", "failed"].includes(job.state) ? job : undefined;
          },
          { timeoutMs: 90_000, intervalMs: 250 },
        );
        console.log(
          `worker crash: job retried and completed ${((performance.now() - killedAt) / 1000).toFixed(1)} s after kill -9`,
        );
        expect(final).toEqual({ state: "completed", retry_count: 1 });
      } finally {
        await survivor.stop();
      }
      // The killed run's transaction never committed: one effect, from the retry.
      expect(await effects(id)).toEqual([{ attempt: 1, pid: process.pid }]);
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    }
  });

  it("a drain that reaches WORKER_DRAIN_TIMEOUT_SECONDS exits 1, and the cut-off job is retried", async () => {
    const queue = `test.drain-${randomUUID().slice(0, 8)}`;
    const run = spawnWorker(queue, { WORKER_DRAIN_TIMEOUT_SECONDS: "1" });
    try {
      await waitForLog(run, "worker started");
      const id = await sendOne(queue);
      await waitForStart(run, id);
      run.child.kill("SIGTERM");
      const { code } = await run.exited;

      expect(code, run.output().stderr).toBe(1);
      expect(run.output().stdout).toContain('"msg":"drain timed out"');
      expect((await jobState(id))?.state).toBe("retry");
      expect(await effects(id)).toEqual([]);
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    }
  });

  it("a drain whose jobs finish in time exits 0", async () => {
    const queue = `test.clean-${randomUUID().slice(0, 8)}`;
    const run = spawnWorker(queue, { FIXTURE_HANG: "0" });
    try {
      await waitForLog(run, "worker started");
      const id = await sendOne(queue);
      await waitFor("the job to complete", async () =>
        (await jobState(id))?.state === "completed" ? true : undefined,
      );
      run.child.kill("SIGTERM");
      const { code } = await run.exited;
      expect(code, run.output().stderr).toBe(0);
      expect(await effects(id)).toHaveLength(1);
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    }
  });
});
