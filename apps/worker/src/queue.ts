// The job queue: pg-boss on the application's own database.
//
// Why pg-boss rather than graphile-worker: it is actively maintained; it is a SKIP LOCKED queue in
// the same PostgreSQL the app already runs (no Redis, and jobs can be sent in the app's transaction);
// it has cron schedules, retries with exponential backoff and dead-letter queues built in; and it
// runs in-process on embedded PGlite through its `fromPglite` adapter, so `pnpm dev` needs no server.
// graphile-worker is driven through a node-postgres pool, and PGlite cannot safely serve more than
// one connection (see docs/toolchain.md).
import type { Database } from "@frontdesk/db";
import { PgBoss, fromPglite, type Queue } from "pg-boss";

/** pg-boss keeps its tables in their own schema, away from the app's migrations. */
export const BOSS_SCHEMA = "pgboss";

/** Queue options every job gets unless its module overrides them. */
export const DEFAULT_QUEUE_OPTIONS = {
  retryLimit: 3,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 15 * 60,
  expireInSeconds: 15 * 60,
  // Wake workers on send (LISTEN/NOTIFY) instead of waiting for the next poll.
  notify: true,
} satisfies Omit<Queue, "name">;

/**
 * A pg-boss instance for the database. PostgreSQL: its own small `pg` pool from the URL. Embedded:
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
    });
  }
  if (!database.url) throw new Error("PostgreSQL database has no connection URL");
  return new PgBoss({
    connectionString: database.url,
    schema: BOSS_SCHEMA,
    max: 4,
    useListenNotify: true,
  });
}

/** The queue that keeps a job's payload after its retries are spent, for inspection and redrive. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}.dead`;
}
