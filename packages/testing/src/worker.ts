// Helpers shared by this package's tests (not exported from the package).
import type { PgBoss } from "pg-boss";
import { pino, type Logger } from "pino";

/** Quiet unless LOG_LEVEL asks otherwise, so a failing test can be rerun with logs. */
export function testLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "silent" });
}

/** Polls until `check` returns a value other than undefined; generous bounds, never a fixed sleep. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Sends one job to `queue` and waits until it has ended; returns its final state. */
export async function runQueuedJob(boss: PgBoss, queue: string): Promise<string> {
  const id = await boss.send(queue, {});
  if (!id) throw new Error("send returned no job id");
  return waitFor("the job to finish", async () => {
    const [job] = await boss.findJobs(queue, { id });
    return job && ["completed", "failed", "cancelled"].includes(job.state) ? job.state : undefined;
  });
}
