// The job queue: pg-boss on the application's own database.
//
// Why pg-boss rather than graphile-worker: it is actively maintained; it is a SKIP LOCKED queue in
// the same PostgreSQL the app already runs (no Redis, and jobs can be sent in the app's transaction);
// it has cron schedules, retries with exponential backoff and dead-letter queues built in; and it
// runs in-process on embedded PGlite through its `fromPglite` adapter, so `pnpm dev` needs no server.
// graphile-worker is driven through a node-postgres pool, and PGlite cannot safely serve more than
// one connection (see docs/toolchain.md).
import type { Database } from "@frontdesk/db";
import { PgBoss, fromPglite, type ConstructorOptions, type Queue, type WorkOptions } from "pg-boss";

/** pg-boss keeps its tables in their own schema, away from the app's migrations. */
export const BOSS_SCHEMA = "pgboss";

/**
 * Queue options every job gets unless its module overrides them.
 *
 * A job whose worker died (kill -9, OOM, a lost machine) must come back within about a minute, not
 * after its 15-minute expiry: the running worker refreshes the job's heartbeat every
 * HEARTBEAT_SECONDS / 2, and the supervisor (every SUPERVISE_SECONDS) fails a job whose heartbeat is
 * older than HEARTBEAT_SECONDS, which retries it after retryDelay (10-20 s on the first retry). Worst
 * case from the crash to the retry's start: 20 + 15 + 20 + NOTIFY_POLL_SECONDS ≈ 60 s.
 * `expireInSeconds` stays as the bound on a job that is alive but stuck.
 */
export const HEARTBEAT_SECONDS = 20;
export const SUPERVISE_SECONDS = 15;
export const DEFAULT_QUEUE_OPTIONS = {
  retryLimit: 3,
  retryDelay: 10,
  retryBackoff: true,
  retryDelayMax: 15 * 60,
  expireInSeconds: 15 * 60,
  heartbeatSeconds: HEARTBEAT_SECONDS,
  // Wake workers on send (LISTEN/NOTIFY) instead of waiting for the next poll.
  notify: true,
} satisfies Omit<Queue, "name">;

/** How often an idle worker looks for due jobs that no NOTIFY announces (retries, startAfter). */
export const NOTIFY_POLL_SECONDS = 5;

/**
 * How every queue is worked unless its module overrides it. pg-boss defaults to one job per fetch
 * and, with NOTIFY on, 30 s between fetches: a backlog of queued runs drained at one job per queue
 * every 30 s. Here a fetch takes up to `batchSize` jobs (our handlers treat a batch of runs as one
 * pass), and while fetches come back full the worker fetches again at once (`burstWhenBatchFull`),
 * so a backlog drains at full speed and polling only slows down once the queue is empty.
 */
export const DEFAULT_WORK_OPTIONS = {
  batchSize: 25,
  burstWhenBatchFull: true,
  localConcurrency: 1,
  pollingIntervalSeconds: 2,
  notifyPollingIntervalSeconds: NOTIFY_POLL_SECONDS,
} satisfies WorkOptions;

/** Supervision (expiry, lost heartbeats, queue stats) often enough for the heartbeat bound above. */
const SUPERVISION = {
  superviseIntervalSeconds: SUPERVISE_SECONDS,
  monitorIntervalSeconds: SUPERVISE_SECONDS,
} satisfies ConstructorOptions;

/**
 * A pg-boss instance for the database. PostgreSQL: its own small `pg` pool from the direct URL. Embedded:
 * the PGlite instance the app already has, in-process — PGlite is single-process, so the queue must
 * never open the data directory a second time.
 */
export function createBoss(database: Database): PgBoss {
  if (database.backend === "pglite") {
    if (!database.pglite) throw new Error("embedded database has no PGlite instance");
    return new PgBoss({
      backend: "pglite",
      db: fromPglite(database.pglite),
      schema: BOSS_SCHEMA,
      useListenNotify: true,
      ...SUPERVISION,
    });
  }
  if (!database.url) throw new Error("PostgreSQL database has no connection URL");
  return new PgBoss({
    // LISTEN/NOTIFY and pg-boss's session state need a real session: never a transaction-mode pooler.
    connectionString: database.directUrl ?? database.url,
    schema: BOSS_SCHEMA,
    max: 4,
    useListenNotify: true,
    ...SUPERVISION,
  });
}

/** The queue that keeps a job's payload after its retries are spent, for inspection and redrive. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}.dead`;
}
