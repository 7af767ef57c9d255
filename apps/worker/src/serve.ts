// The worker process's life after start-up: run until SIGTERM/SIGINT, drain, and tell the supervisor
// how it went through the exit code. Shared by `main.ts` and the tests' worker processes, so a test
// that kills or stops a worker process exercises this very path.
import type { Logger } from "./logger";
import { startWorker, type StartWorkerOptions } from "./worker";

/** Resolves with the first SIGTERM or SIGINT. Listen early, so a signal during start-up still drains. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}

/**
 * Starts the worker, waits for `signalled`, drains, and returns the exit code: 0 when every running
 * job finished within the drain limit, 1 when the limit was hit (those jobs were failed and will be
 * retried), so a supervisor can tell a clean stop from a cut-off one. The caller closes the database.
 */
export async function serveUntilSignal(
  options: StartWorkerOptions & { logger: Logger },
  signalled: Promise<NodeJS.Signals>,
): Promise<number> {
  const { logger } = options;
  const worker = await startWorker(options);
  const signal = await signalled;
  logger.info({ signal }, "draining…");
  // A second signal while draining means "now".
  const force = (): void => {
    logger.warn("second signal: exiting without waiting for running jobs");
    process.exit(1);
  };
  process.once("SIGTERM", force);
  process.once("SIGINT", force);

  const result = await worker.stop();
  if (!result.drained) {
    logger.error({ abandoned: result.abandoned }, "drain timed out");
    return 1;
  }
  return 0;
}
