// Starts the job runner: pg-boss on the given database, one worker per job module, cron schedules
// and a heartbeat row. Used by the standalone process (main.ts, PostgreSQL) and, in embedded mode,
// in-process by the web app, which owns the one PGlite instance:
//
//   if (database.backend === "pglite") {          // after runMigrations(database)
//     const worker = await startWorker({ database, logger, workerId: "web-embedded" });
//     // on shutdown: await worker.stop(); then database.close()
//   }
import { hostname } from "node:os";
import {
  createMailTransport,
  mailConfigFromEnv,
  type DispatchOptions,
  type MailConfig,
  type StripeReader,
} from "@frontdesk/api";
import type { Database } from "@frontdesk/db";
import type { Job, PgBoss, WorkOptions } from "pg-boss";
import { HEARTBEAT_INTERVAL_MS, writeHeartbeat, type HeartbeatInfo } from "./heartbeat";
import { jobs as defaultJobs } from "./jobs";
import type { JobDeps, JobModule } from "./jobs/types";
import { createLogger, safeError, type Logger } from "./logger";
import {
  DEFAULT_QUEUE_OPTIONS,
  DEFAULT_WORK_OPTIONS,
  createBoss,
  deadLetterQueueName,
} from "./queue";

export interface StartWorkerOptions {
  /** A migrated database. The worker does not close it: its owner does, after `stop()`. */
  database: Database;
  logger?: Logger;
  /** The heartbeat row's key. Default `<hostname>:<pid>`. */
  workerId?: string;
  /** The job modules to run. Default: every module in `jobs/index.ts`. */
  jobs?: readonly JobModule[];
  heartbeatIntervalMs?: number;
  /** How long `stop()` waits for running jobs; jobs still running then are failed and retried later. */
  drainTimeoutMs?: number;
  /** Stripe (from the app's environment); jobs that need it do nothing without it. */
  payments?: StripeReader | null;
  /**
   * Outbound webhook delivery. Default: public https/http targets only (no loopback), the standard
   * retry schedule; apps pass `{ policy: webhookPolicyFromEnv(process.env) }`.
   */
  webhooks?: DispatchOptions;
  /**
   * Email settings; apps pass `mailConfigFromEnv(process.env)`. Default: the development mailbox
   * (no SMTP) with development link signing.
   */
  mail?: MailConfig;
}

export interface StopResult {
  /** False when the drain limit passed with handlers still running (their jobs are failed and retried). */
  drained: boolean;
  /** Batches still running when the drain limit passed. */
  abandoned: number;
}

export interface Worker {
  readonly boss: PgBoss;
  readonly workerId: string;
  /** Stops taking jobs, waits for the running ones (up to `drainTimeoutMs`), then resolves. */
  stop(): Promise<StopResult>;
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

export async function startWorker(options: StartWorkerOptions): Promise<Worker> {
  const { database } = options;
  const modules = options.jobs ?? defaultJobs;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const logger = (options.logger ?? createLogger()).child({ workerId });
  const startedAt = new Date();
  const info = (state: HeartbeatInfo["state"]): HeartbeatInfo => ({
    state,
    queues: modules.map((m) => m.queue),
    pid: process.pid,
    backend: database.backend,
  });

  const boss = createBoss(database);
  // Handler calls in progress, so stop() can tell a drain that finished from one that hit its limit
  // (pg-boss fails the jobs of abandoned handlers and resolves either way).
  const running = { count: 0 };
  const deps = {
    payments: options.payments ?? null,
    webhooks: options.webhooks ?? { policy: { allowLoopback: false, allowHttp: false } },
    mail: mailDeps(options.mail ?? mailConfigFromEnv({}), logger),
  };
  // pg-boss throws from emit() when nobody listens for `error`. Warnings can carry query parameters
  // (slow-query warnings include them), so only the message is logged.
  boss.on("error", (err) => logger.error({ err: safeError(err) }, "queue error"));
  boss.on("warning", (warning) => logger.warn({ warning: warning.message }, "queue warning"));

  await boss.start();
  try {
    for (const module of modules) await register(boss, module, database, logger, deps, running);
    await writeHeartbeat(database.db, { workerId, startedAt, info: info("running") });
    for (const module of modules) {
      if (module.runOnStart) await boss.send(module.queue, {});
    }
  } catch (err) {
    await boss.stop({ graceful: false });
    throw err;
  }

  let beat: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (beat) return;
    beat = writeHeartbeat(database.db, { workerId, startedAt, info: info("running") })
      .catch((err: unknown) => logger.warn({ err: safeError(err) }, "heartbeat failed"))
      .finally(() => {
        beat = undefined;
      });
  }, options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();

  const pollers = modules.flatMap((module) =>
    module.pollIntervalMs
      ? [
          startPoller(
            module,
            module.pollIntervalMs,
            { db: database.db, database, boss, ...deps },
            logger,
          ),
        ]
      : [],
  );

  logger.info({ backend: database.backend, queues: modules.map((m) => m.queue) }, "worker started");

  let stopping: Promise<StopResult> | undefined;
  const stop = (): Promise<StopResult> => {
    stopping ??= (async () => {
      clearInterval(timer);
      await beat;
      await Promise.all(pollers.map((poller) => poller.stop()));
      const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
      // graceful: workers stop fetching, running handlers get up to `timeout` to finish.
      await boss.stop({ graceful: true, timeout: drainTimeoutMs });
      const abandoned = running.count;
      deps.mail.transport.close();
      if (abandoned > 0) {
        logger.error(
          { abandoned, drainTimeoutMs },
          "drain limit reached: running jobs were failed and will be retried",
        );
      }
      await writeHeartbeat(database.db, { workerId, startedAt, info: info("stopped") }).catch(
        (err: unknown) => logger.warn({ err: safeError(err) }, "final heartbeat failed"),
      );
      return { drained: abandoned === 0, abandoned };
    })();
    return stopping;
  };

  return { boss, workerId, stop };
}

async function register(
  boss: PgBoss,
  module: JobModule,
  database: Database,
  logger: Logger,
  deps: Pick<JobDeps, "payments" | "webhooks" | "mail">,
  running: { count: number },
): Promise<void> {
  const deadLetter = deadLetterQueueName(module.queue);
  // Nobody works the dead-letter queue: failed payloads wait there for inspection and redrive.
  await boss.createQueue(deadLetter, { retentionSeconds: 30 * 24 * 3600 });
  // createQueue leaves an existing queue's options as they are; updateQueue applies changed ones.
  const queueOptions = { ...DEFAULT_QUEUE_OPTIONS, ...module.queueOptions, deadLetter };
  await boss.createQueue(module.queue, queueOptions);
  const { policy: _policy, partition: _partition, ...updatable } = queueOptions;
  await boss.updateQueue(module.queue, updatable);

  const workOptions: WorkOptions = { ...DEFAULT_WORK_OPTIONS, ...module.workOptions };
  // pg-boss refuses a NOTIFY backstop shorter than the base poll.
  workOptions.notifyPollingIntervalSeconds = Math.max(
    workOptions.notifyPollingIntervalSeconds ?? DEFAULT_WORK_OPTIONS.notifyPollingIntervalSeconds,
    workOptions.pollingIntervalSeconds ?? DEFAULT_WORK_OPTIONS.pollingIntervalSeconds,
  );
  await boss.work<unknown>(module.queue, workOptions, async (batch: Job<unknown>[]) => {
    const log = logger.child({ queue: module.queue, jobIds: batch.map((job) => job.id) });
    const started = performance.now();
    running.count++;
    try {
      await module.handler({ db: database.db, database, logger: log, boss, ...deps }, batch);
    } catch (err) {
      log.error({ err: safeError(err), retryCount: batch[0]?.retryCount }, "job failed");
      throw err;
    } finally {
      running.count--;
    }
    log.info({ ms: Math.round(performance.now() - started), jobs: batch.length }, "job completed");
  });

  if (module.cron) await boss.schedule(module.queue, module.cron, null, { tz: "UTC" });
}

/** Runs `module.handler` with no jobs every `intervalMs`, never two at once; stop() waits for the run in flight. */
function startPoller(
  module: JobModule,
  intervalMs: number,
  deps: Omit<JobDeps, "logger">,
  logger: Logger,
): { stop(): Promise<void> } {
  const log = logger.child({ queue: module.queue, poll: true });
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = module
      .handler({ ...deps, logger: log }, [])
      .catch((err: unknown) => log.warn({ err: safeError(err) }, "poll run failed"))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function mailDeps(config: MailConfig, logger: Logger): JobDeps["mail"] {
  // One SMTP transport per worker: nodemailer reconnects per message, the transport only holds settings.
  return { config, transport: createMailTransport(config, logger.child({ component: "mail" })) };
}
