// The process-wide database (and, in embedded mode, the in-process worker). Created once per
// process and kept on globalThis: Next may evaluate this module several times (instrumentation
// and route bundles, every hot reload in dev), and a second PGlite on the same folder silently
// loses rows (docs/toolchain.md); the db package's lock file stops other processes, not this one.
import { describeErrorForLog, seedPhiDemo } from "@frontdesk/api";
import {
  createDbFromEnv,
  runMigrations,
  seedDemo,
  type Backend,
  type Database,
} from "@frontdesk/db";
import { startWorker } from "@frontdesk/worker";
import { embedded, mailEnv, webhookPolicy } from "@/env";
import { lifecycle } from "./lifecycle";
import { logger } from "./logger";
import { getPayments } from "./payments";

/** What this module needs of the worker: a way to drain it on shutdown. */
interface Worker {
  stop(): Promise<unknown>;
}

interface Runtime {
  database: Database;
  /** The in-process worker (embedded mode only); null when it is not running here. */
  worker: Worker | null;
}

const RUNTIME = Symbol.for("frontdesk.web.runtime");
const RETRY_AFTER_MS = 5_000;
const globalStore = globalThis as typeof globalThis & { [RUNTIME]?: Promise<Runtime> };

/** The database, migrated (and in embedded mode seeded, with the worker running). */
export async function getDatabase(): Promise<Database> {
  return (await getRuntime()).database;
}

function getRuntime(): Promise<Runtime> {
  let runtime = globalStore[RUNTIME];
  if (!runtime) {
    runtime = start().catch((error: unknown) => {
      // Retry on a later request (e.g. PostgreSQL was still booting), but not on every request
      // while it is down: keep answering with this failure for a few seconds first.
      setTimeout(() => {
        if (globalStore[RUNTIME] === runtime) delete globalStore[RUNTIME];
      }, RETRY_AFTER_MS).unref();
      throw error;
    });
    globalStore[RUNTIME] = runtime;
  }
  return runtime;
}

async function start(): Promise<Runtime> {
  const started = Date.now();
  const database = await createDbFromEnv();
  try {
    await runMigrations(database);
    if (database.backend === "pglite") await seedEmbeddedDemo(database);
  } catch (error) {
    // Close before a retry opens the folder again: two PGlite instances on one folder corrupt it.
    await database.close().catch(() => undefined);
    throw error;
  }
  // PGlite is single-process, so in embedded mode nobody else can run the jobs: this process does.
  const worker = database.backend === "pglite" ? await startEmbeddedWorker(database) : null;
  stopOnShutdown({ database, worker });
  logger.info(
    {
      backend: database.backend,
      location: database.location,
      ms: Date.now() - started,
      worker: worker !== null,
    },
    "database ready",
  );
  return { database, worker };
}

/**
 * The demo tenant for a first look in embedded mode (idempotent: a no-op when it exists), and its
 * PHI story written through the real gate (a no-op once the tenant has PHI events).
 * A failed seed is logged, not fatal: the product works without demo data.
 */
async function seedEmbeddedDemo(database: Database): Promise<void> {
  try {
    const result = await seedDemo(database);
    if (result.created) {
      logger.info(
        { counts: result.counts },
        `demo tenant seeded; sign in as ${result.ownerEmail} / ${result.ownerPassword}`,
      );
    }
    const phi = await seedPhiDemo(database);
    if (phi.created)
      logger.info(
        { stored: phi.stored, blocked: phi.blocked },
        "demo PHI events seeded through the gate",
      );
  } catch (error) {
    logger.error({ err: describeErrorForLog(error) }, "demo seed failed");
  }
}

/**
 * In embedded mode the worker must run in this process (it needs the one PGlite instance).
 * Failing to start it is logged, not fatal: the console and API still work without jobs.
 */
async function startEmbeddedWorker(database: Database): Promise<Worker | null> {
  try {
    return await startWorker({
      database,
      logger,
      payments: getPayments(),
      webhooks: { policy: webhookPolicy },
      mail: mailEnv,
    });
  } catch (error) {
    logger.error({ err: describeErrorForLog(error) }, "in-process worker failed to start");
    return null;
  }
}

/**
 * Closes the worker (after its drain) and then the database. Under the production server
 * (server.ts) that happens after the HTTP drain, when no request can still need the pool. Under
 * `next dev` / `next start`, Next's own signal handler closes the HTTP server and exits, so this is
 * best effort and races it; a PGlite write is durable when it returns, so losing the race loses no
 * committed data.
 */
function stopOnShutdown(runtime: Runtime): void {
  let stopped: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (stopped ??= (async () => {
      try {
        await runtime.worker?.stop();
      } catch (error) {
        logger.error({ err: describeErrorForLog(error) }, "worker did not stop cleanly");
      }
      await runtime.database.close().catch(() => undefined);
    })());
  const state = lifecycle();
  if (state.managed) {
    state.closers.add(close);
    return;
  }
  const onSignal = (): void => void close();
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

/** The back end the environment asks for, even when the database cannot be opened. */
export function configuredBackend(): Backend {
  return embedded ? "pglite" : "postgres";
}
