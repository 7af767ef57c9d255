// Health of the API's dependencies. `checkHealth` (the public /api/health route): is the database
// reachable (and how fast), and has it been migrated to exactly the migrations this build ships.
// `getOperatorHealth` (/api/health with the operator token) adds the platform's state: row-level
// security forced on every tenant table, the job queue's depth and dead letters, the worker's
// heartbeat, and Stripe webhook events (of every tenant) waiting or given up on (dead).
// `getAdminHealth` (a tenant admin's `health` procedure) has the same shape, but its queue and Stripe
// counts are the tenant's own: one tenant must not learn another's volume of work or payments.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { z } from "zod";
import {
  migrationsFolder,
  pgErrorCode,
  queryRows,
  recentDatabaseUnavailability,
  type DatabaseUnavailableReason,
  type Backend,
  type Database,
  type Db,
  type ReplicaStatus,
  tenantTableSecurity,
} from "@frontdesk/db";
import { DEAD_EMAIL_GRACE_DAYS, DIGEST_PATTERN } from "../email/retention";

export interface HealthReport {
  status: "ok" | "degraded";
  database: {
    reachable: boolean;
    latencyMs: number | null;
    backend: Backend;
    /**
     * Calls of this process the database failed in the last minute, by reason: `connection`
     * (refused, reset, terminated, starting up), `acquire_timeout` (no pooled connection in time),
     * `lock_timeout`, `statement_timeout` — which limit is firing. Not part of `status`: one hot row
     * timing out must not take every instance out of a load balancer.
     */
    failuresLastMinute?: Record<DatabaseUnavailableReason, number>;
    /** Start-up (connecting, migrating) has not finished yet. */
    starting?: boolean;
  };
  migrations: {
    /** Rows in drizzle.__drizzle_migrations; null when the database could not be asked. */
    applied: number | null;
    /** Entries in drizzle/meta/_journal.json; null when the journal could not be read. */
    expected: number | null;
    /** Applied count and the latest applied migration both match the journal. */
    current: boolean;
  };
}

export interface CheckHealthOptions {
  /** The drizzle/ folder (default: found by walking up from the working directory). */
  migrationsFolder?: string;
  /** Give up on the database after this long, so a hung connection cannot hang the probe. */
  timeoutMs?: number;
}

/** The public `ping`: proves the API process answers. It touches no database (see `checkHealth`). */
export function answerPing(): { ok: true; time: Date } {
  return { ok: true, time: new Date() };
}

const journalSchema = z.object({
  entries: z.array(z.object({ tag: z.string(), when: z.number() })),
});

interface Journal {
  count: number;
  /** `when` of the newest entry: drizzle stores it as `created_at` of the applied row. */
  latest: number | null;
}

async function readJournal(folder: string | undefined): Promise<Journal | null> {
  try {
    const file = path.join(folder ?? migrationsFolder(), "meta", "_journal.json");
    const { entries } = journalSchema.parse(JSON.parse(await readFile(file, "utf8")));
    const latest = entries.reduce<number | null>(
      (max, e) => (max === null || e.when > max ? e.when : max),
      null,
    );
    return { count: entries.length, latest };
  } catch {
    return null;
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Never migrated: the drizzle schema or its table does not exist yet.
const NOT_MIGRATED = new Set(["3F000", "42P01"]);

async function appliedMigrations(db: Db): Promise<{ count: number; latest: number | null }> {
  try {
    const [row] = await queryRows<{ count: number; latest: string | null }>(
      db,
      sql`select count(*)::int as count, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    return {
      count: Number(row?.count ?? 0),
      latest: row?.latest == null ? null : Number(row.latest),
    };
  } catch (error) {
    if (NOT_MIGRATED.has(pgErrorCode(error) ?? "")) return { count: 0, latest: null };
    throw error;
  }
}

export function checkHealth(
  database: Database,
  options: CheckHealthOptions = {},
): Promise<HealthReport> {
  return probe(database.db, database.backend, options);
}

/** Reachability, latency and migrations, asked through `db` (which must be able to read `drizzle.*`). */
async function probe(db: Db, backend: Backend, options: CheckHealthOptions): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const journal = await readJournal(options.migrationsFolder);

  let reachable = false;
  let latencyMs: number | null = null;
  let applied: { count: number; latest: number | null } | null = null;
  try {
    const started = performance.now();
    await withTimeout(db.execute(sql`select 1`), timeoutMs);
    latencyMs = Math.round((performance.now() - started) * 100) / 100;
    reachable = true;
    applied = await withTimeout(appliedMigrations(db), timeoutMs);
  } catch {
    // Reported as unreachable / unknown; the probe itself must not fail or echo driver text.
  }

  const current =
    journal !== null &&
    applied !== null &&
    applied.count === journal.count &&
    applied.latest === journal.latest;
  return {
    status: reachable && current ? "ok" : "degraded",
    database: { reachable, latencyMs, backend, failuresLastMinute: recentDatabaseUnavailability() },
    migrations: { applied: applied?.count ?? null, expected: journal?.count ?? null, current },
  };
}

export interface AdminHealthReport extends HealthReport {
  /** The per-transaction limits in force (ms); null on the embedded database, which has none. */
  limits: { queryMs: number; mutationMs: number; lockMs: number; acquireMs: number } | null;
  /** Row-level security enabled AND forced on every table that holds tenant data. */
  rls: { ok: boolean; tables: number; unprotected: string[] };
  /**
   * Operators: pg-boss jobs waiting (`created` or `retry`) and in dead-letter queues; null when the
   * queue schema is absent or unreadable. Tenant admins: the tenant's own background work — its
   * notifications waiting to be sent (`depth`) and given up on (`deadLetters`).
   */
  queue: { available: boolean; depth: number | null; deadLetters: number | null };
  /** The latest worker heartbeat; `alive` when it is at most WORKER_STALE_SECONDS old. */
  worker: { lastSeenAt: Date | null; ageSeconds: number | null; alive: boolean };
  /**
   * Stripe webhook events (`stripe_events`; for a tenant admin, only the tenant's): `received` ones wait for the sweep, `dead` ones failed
   * MAX_EVENT_ATTEMPTS times and are not retried (any makes the report degraded); `oldestReceivedAt` is
   * the receipt time of the oldest waiting one. Nulls when the table could not be read.
   */
  stripeEvents: { received: number | null; dead: number | null; oldestReceivedAt: Date | null };
  /**
   * The read replica (DATABASE_READ_URL); null when none is configured. `state`: `up`
   * (replica-tolerant queries read there), `down` (they read from the primary for the cool-down),
   * `probing`, `lagging` (behind by more than DATABASE_READ_MAX_LAG_SECONDS). `reachable`,
   * `inRecovery` (a standby, as it must be) and `lagSeconds` (how long ago the primary had written
   * everything the replica has replayed) are measured now. Not part of `status`: while it is
   * down, reads are served by the primary.
   */
  replica:
    | (ReplicaStatus & {
        reachable: boolean;
        inRecovery: boolean | null;
        lagSeconds: number | null;
      })
    | null;
  /**
   * Email (`email_messages`; for a tenant admin, only the tenant's): messages waiting to be sent, and
   * dead letters — messages that failed their last attempt and wait for a person (any makes the report
   * degraded), the most recent of them listed with the template and the error class (never the
   * recipient), each of which `email.resend` queues again. A message dead for longer than
   * DEAD_EMAIL_GRACE_DAYS has had its address erased and is no longer counted. Nulls when the table
   * could not be read.
   */
  email: EmailHealth;
  checkedAt: Date;
}

export interface EmailHealth {
  pending: number | null;
  dead: number | null;
  oldestPendingAt: Date | null;
  recentDead: {
    id: string;
    template: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }[];
}

/** Four missed heartbeats (the worker beats every 15 s). */
export const WORKER_STALE_SECONDS = 60;

/**
 * Runs `fn` with the database owner's rights. On PostgreSQL that is the owner pool (another
 * connection). Embedded PGlite has ONE connection, which the request's transaction holds (a query on
 * the pool would wait for it forever), so there `fn` runs inside a savepoint of that transaction with
 * the role switched back to the session user and restored afterwards; if `fn` fails, rolling back
 * the savepoint restores the role as well. Only fixed, read-only queries of this file run this way.
 */
async function asOwner<T>(database: Database, tx: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  if (database.backend === "postgres") return fn(database.db);
  return tx.transaction(async (sp) => {
    const [me] = await queryRows<{ role: string }>(sp, sql`select current_user::text as role`);
    await sp.execute(sql`set local role none`);
    const result = await fn(sp);
    await sp.execute(sql`select set_config('role', ${me?.role ?? "none"}, true)`);
    return result;
  });
}

async function rlsStatus(db: Db): Promise<AdminHealthReport["rls"]> {
  // The same notion of "tenant table" as db:verify. pg_catalog is readable by the app role, so
  // this runs in the request's own transaction.
  const rows = await tenantTableSecurity(db);
  const unprotected = rows.filter((r) => !r.enabled || !r.forced).map((r) => r.name);
  return { ok: rows.length > 0 && unprotected.length === 0, tables: rows.length, unprotected };
}

async function queueStatus(db: Db): Promise<AdminHealthReport["queue"]> {
  const [schema] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('pgboss.job') is not null as present`,
  );
  if (!schema?.present) return { available: false, depth: null, deadLetters: null };
  // Dead-letter queues are named `<queue>.dead` (apps/worker/src/queue.ts); nobody works them.
  const [row] = await queryRows<{ depth: number; dead: number }>(
    db,
    sql`select count(*) filter (where name not like '%.dead')::int as depth,
               count(*) filter (where name like '%.dead')::int as dead
        from pgboss.job where state::text in ('created', 'retry')`,
  );
  return { available: true, depth: Number(row?.depth ?? 0), deadLetters: Number(row?.dead ?? 0) };
}

async function workerStatus(db: Db): Promise<AdminHealthReport["worker"]> {
  const [row] = await queryRows<{
    last_seen_at: Date | string | null;
    age: number | string | null;
  }>(
    db,
    sql`select max(last_seen_at) as last_seen_at, extract(epoch from now() - max(last_seen_at))::float8 as age from worker_heartbeats`,
  );
  if (!row?.last_seen_at) return { lastSeenAt: null, ageSeconds: null, alive: false };
  const ageSeconds = Math.max(0, Math.round(Number(row.age) * 10) / 10);
  return {
    lastSeenAt: new Date(row.last_seen_at),
    ageSeconds,
    alive: ageSeconds <= WORKER_STALE_SECONDS,
  };
}

/** The tenant's own notifications (outbox), read under the request's RLS. */
async function tenantQueueStatus(tx: Db): Promise<AdminHealthReport["queue"]> {
  const [row] = await queryRows<{ depth: number; dead: number }>(
    tx,
    sql`select count(*) filter (where status = 'pending')::int as depth,
               count(*) filter (where status = 'failed')::int as dead
        from outbox where status in ('pending', 'failed')`,
  );
  return { available: true, depth: Number(row?.depth ?? 0), deadLetters: Number(row?.dead ?? 0) };
}

/** Email waiting and dead: under the request's RLS (a tenant admin) or as the owner (everything). */
async function emailStatus(db: Db): Promise<EmailHealth> {
  // Dead letters are the ones a person can still act on: a message dead for longer than the grace
  // has had its address erased (email/retention.ts) and is only history until retention deletes it.
  const resendable = sql`to_address not like ${DIGEST_PATTERN} and updated_at >= now() - make_interval(days => ${DEAD_EMAIL_GRACE_DAYS}::int)`;
  const [row] = await queryRows<{ pending: number; dead: number; oldest: Date | string | null }>(
    db,
    sql`select count(*) filter (where status = 'pending')::int as pending,
               count(*) filter (where status = 'dead' and ${resendable})::int as dead,
               min(created_at) filter (where status = 'pending') as oldest
        from email_messages where status in ('pending', 'dead')`,
  );
  const dead = await queryRows<{
    id: string;
    template: string;
    attempts: number;
    last_error: string | null;
    created_at: Date | string;
  }>(
    db,
    sql`select id, template, attempts, last_error, created_at from email_messages
        where status = 'dead' and ${resendable} order by created_at desc, id desc limit 10`,
  );
  return {
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestPendingAt: row?.oldest ? new Date(row.oldest) : null,
    recentDead: dead.map((d) => ({
      id: d.id,
      template: d.template,
      attempts: Number(d.attempts),
      lastError: d.last_error,
      createdAt: new Date(d.created_at),
    })),
  };
}

/** Every tenant's events, or (with `tenantId`) only those Stripe sent about that tenant. */
async function stripeEventStatus(
  db: Db,
  tenantId: string | null,
): Promise<AdminHealthReport["stripeEvents"]> {
  const [row] = await queryRows<{ received: number; dead: number; oldest: Date | string | null }>(
    db,
    sql`select count(*) filter (where status = 'received')::int as received,
               count(*) filter (where status = 'dead')::int as dead,
               min(received_at) filter (where status = 'received') as oldest
        from stripe_events where status in ('received', 'dead')
        ${tenantId === null ? sql`` : sql`and tenant_id = ${tenantId}::uuid`}`,
  );
  return {
    received: Number(row?.received ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestReceivedAt: row?.oldest ? new Date(row.oldest) : null,
  };
}

const UNKNOWN_QUEUE: AdminHealthReport["queue"] = {
  available: false,
  depth: null,
  deadLetters: null,
};
const UNKNOWN_WORKER: AdminHealthReport["worker"] = {
  lastSeenAt: null,
  ageSeconds: null,
  alive: false,
};
const UNKNOWN_EVENTS: AdminHealthReport["stripeEvents"] = {
  received: null,
  dead: null,
  oldestReceivedAt: null,
};
const UNKNOWN_EMAIL: EmailHealth = {
  pending: null,
  dead: null,
  oldestPendingAt: null,
  recentDead: [],
};

function unreachable(database: Database): HealthReport {
  return {
    status: "degraded",
    database: {
      reachable: false,
      latencyMs: null,
      backend: database.backend,
      failuresLastMinute: recentDatabaseUnavailability(),
    },
    migrations: { applied: null, expected: null, current: false },
  };
}

async function replicaStatus(database: Database): Promise<AdminHealthReport["replica"]> {
  if (!database.replica) return null;
  const probed = await database.replica.probe();
  return { ...database.replica.status(), ...probed };
}

function combine(
  database: Database,
  base: HealthReport,
  parts: Pick<AdminHealthReport, "rls" | "queue" | "worker" | "stripeEvents" | "replica" | "email">,
): AdminHealthReport {
  // Dead events are payments/plans Stripe changed that Frontdesk never applied; unreadable counts as unknown (degraded).
  const eventsOk = parts.stripeEvents.dead === 0 && parts.email.dead === 0;
  return {
    ...base,
    ...parts,
    status:
      base.status === "ok" && parts.rls.ok && parts.worker.alive && eventsOk ? "ok" : "degraded",
    limits: database.timeouts ? { ...database.timeouts } : null,
    checkedAt: new Date(),
  };
}

/**
 * A tenant admin's view. `tx` is the request's RLS transaction (as the app role); the heartbeats,
 * Stripe's events and the migrations table are not tenant data the app role may read, so those are
 * read as the owner — Stripe's events filtered to `tenantId`. A part that cannot be read is reported
 * as unknown, never thrown.
 */
export async function getAdminHealth(
  database: Database,
  tx: Db,
  tenantId: string,
  options: CheckHealthOptions = {},
): Promise<AdminHealthReport> {
  const base = await asOwner(database, tx, (db) => probe(db, database.backend, options)).catch(() =>
    unreachable(database),
  );
  const rls = await rlsStatus(tx);
  const queue = await tenantQueueStatus(tx);
  const worker = await asOwner(database, tx, workerStatus).catch(() => UNKNOWN_WORKER);
  const stripeEvents = await asOwner(database, tx, (db) => stripeEventStatus(db, tenantId)).catch(
    () => UNKNOWN_EVENTS,
  );
  const replica = await replicaStatus(database);
  // A savepoint, so an unreadable table cannot abort the request's transaction.
  const email = await tx.transaction((sp) => emailStatus(sp)).catch(() => UNKNOWN_EMAIL);
  return combine(database, base, { rls, queue, worker, stripeEvents, replica, email });
}

/** The operator's view of the whole platform (as the database owner, no tenant). */
export async function getOperatorHealth(
  database: Database,
  options: CheckHealthOptions = {},
): Promise<AdminHealthReport> {
  const db = database.db;
  const base = await probe(db, database.backend, options).catch(() => unreachable(database));
  const rls = await rlsStatus(db).catch(() => ({ ok: false, tables: 0, unprotected: [] }));
  const queue = await queueStatus(db).catch(() => UNKNOWN_QUEUE);
  const worker = await workerStatus(db).catch(() => UNKNOWN_WORKER);
  const stripeEvents = await stripeEventStatus(db, null).catch(() => UNKNOWN_EVENTS);
  const replica = await replicaStatus(database);
  const email = await emailStatus(db).catch(() => UNKNOWN_EMAIL);
  return combine(database, base, { rls, queue, worker, stripeEvents, replica, email });
}
