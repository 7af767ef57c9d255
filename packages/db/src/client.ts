// The database client: postgres.js against PostgreSQL when a URL is given, otherwise embedded PGlite
// persisted in a local folder. Both expose the same `Db` type, and so does a transaction.
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { ReadReplica } from "./read-replica";
import type * as schema from "./schema";

export type Schema = typeof schema;
/**
 * A database handle: the client itself or a transaction inside it. Built without the schema:
 * drizzle's relational queries (`db.query.<table>`), which nothing here uses, would otherwise be set
 * up again for all 43 tables on every transaction (each one is a new drizzle database object), a
 * measurable share of a request's CPU and garbage.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export type Backend = "postgres" | "pglite";

export interface Database {
  readonly db: Db;
  readonly backend: Backend;
  /** Where the data lives: the URL without its password, or the PGlite folder (`memory://` for tests). */
  readonly location: string;
  /** The raw PGlite instance in embedded mode (pg-boss uses it in-process). */
  readonly pglite?: PGlite;
  /** The raw postgres.js client in PostgreSQL mode. */
  readonly sql?: postgres.Sql;
  /** PostgreSQL mode: the connection URL (contains the password — never log it; use `location`). */
  readonly url?: string;
  /**
   * PostgreSQL mode: the URL for work that needs a session of its own — the migrations' lock,
   * pg-boss (LISTEN/NOTIFY). `DIRECT_DATABASE_URL` when `url` goes through a pooler, else `url`.
   */
  readonly directUrl?: string;
  /** Whether `url` goes through a transaction-mode pooler (a different DIRECT_DATABASE_URL is set). */
  readonly pooled: boolean;
  /** PostgreSQL mode: the per-transaction limits withTenant applies (none on PGlite). */
  readonly timeouts?: DatabaseTimeouts;
  /** How long runMigrations waits for another process's migrations (FRONTDESK_MIGRATION_WAIT_MS). */
  readonly migrationLockWaitMs?: number;
  /**
   * PostgreSQL mode with DATABASE_READ_URL: the streaming replica that replica-tolerant queries read
   * from (see read-replica.ts); closed with the database.
   */
  readonly replica?: ReadReplica;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL URL. Without it the embedded PGlite back end is used. */
  url?: string;
  /**
   * PostgreSQL only: the server itself when `url` is a pooler in transaction mode (PgBouncer). Set
   * and different from `url`, it switches named prepared statements off (see `prepare`) and carries
   * the migrations and the job queue.
   */
  directUrl?: string;
  /** PostgreSQL only: statement, lock and pool-acquire limits (default DEFAULT_DATABASE_TIMEOUTS). */
  timeouts?: Partial<DatabaseTimeouts>;
  /** PostgreSQL only: see `RunMigrationsOptions.lockWaitMs`. */
  migrationLockWaitMs?: number;
  /**
   * PostgreSQL only: a streaming replica of the same database (DATABASE_READ_URL). Queries the policy
   * map declares replica-tolerant read from it; everything else, and every read while it is down,
   * uses `url`.
   */
  readUrl?: string;
  /** How long reads stay on the primary after the replica failed (DEFAULT_REPLICA_COOLDOWN_MS). */
  replicaCooldownMs?: number;
  /** Above this lag the replica serves no reads (DATABASE_READ_MAX_LAG_SECONDS; 0 = no limit). */
  replicaMaxLagSeconds?: number;
  /** How often the replica's lag is measured (DEFAULT_REPLICA_LAG_CHECK_MS). */
  replicaLagCheckMs?: number;
  /** PGlite folder (default: `defaultDataDir()`); `memory://` for in-memory. */
  dataDir?: string;
  /** PGlite only: start from this data-directory dump (a migrated template, for fast tests). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  max?: number;
  /**
   * PostgreSQL only: run drizzle's queries as named prepared statements (see `preparedStatements`).
   * Default: true when `url` reaches the server directly, false when a different `directUrl` says
   * `url` is a pooler — PgBouncer in transaction mode hands each transaction any server connection,
   * where a statement prepared on another one "does not exist" (PgBouncer keeps them only from 1.21,
   * and only when configured to).
   */
  prepare?: boolean;
  /** PGlite only: the role the session logs in as (default: the superuser `postgres`). */
  username?: string;
  /**
   * PostgreSQL only: sees every statement sent and its parameters (benchmarks EXPLAIN what the API
   * runs with it). Parameters may hold request data: never log them.
   */
  onQuery?: (query: string, parameters: readonly unknown[]) => void;
}

/**
 * The embedded database folder: FRONTDESK_DATA_DIR, else `.data/pglite` at the workspace root (found
 * by walking up to pnpm-workspace.yaml), so `pnpm dev` from any package uses the same folder.
 */
export function defaultDataDir(start = process.cwd()): string {
  const fromEnv = process.env.FRONTDESK_DATA_DIR;
  if (fromEnv) return path.resolve(/*turbopackIgnore: true*/ fromEnv);
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return path.join(dir, ".data", "pglite");
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ start, ".data", "pglite");
    dir = parent;
  }
}

/**
 * Limits every withTenant transaction gets on PostgreSQL, so a held lock or a runaway query fails
 * that call quickly instead of starving the pool for everyone else.
 */
export interface DatabaseTimeouts {
  /** statement_timeout of a query's transaction (tRPC queries, read-only). */
  queryMs: number;
  /** statement_timeout of a mutation's transaction. */
  mutationMs: number;
  /** lock_timeout: how long one statement waits for a row or table lock. */
  lockMs: number;
  /** How long a transaction waits for a pooled connection before it fails (SERVICE_UNAVAILABLE). */
  acquireMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  queryMs: 10_000,
  mutationMs: 20_000,
  lockMs: 3_000,
  acquireMs: 5_000,
};

/** The env variable of each limit (milliseconds; 0 switches a statement or lock limit off). */
export const DATABASE_TIMEOUT_ENV = {
  queryMs: "DATABASE_QUERY_TIMEOUT_MS",
  mutationMs: "DATABASE_STATEMENT_TIMEOUT_MS",
  lockMs: "DATABASE_LOCK_TIMEOUT_MS",
  acquireMs: "DATABASE_ACQUIRE_TIMEOUT_MS",
} as const satisfies Record<keyof DatabaseTimeouts, string>;

export function databaseTimeoutsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<DatabaseTimeouts> {
  const timeouts: Partial<DatabaseTimeouts> = {};
  for (const [key, name] of Object.entries(DATABASE_TIMEOUT_ENV) as [
    keyof DatabaseTimeouts,
    string,
  ][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 86_400_000) {
      throw new Error(`${name} must be a whole number of milliseconds (0 to 86400000)`);
    }
    timeouts[key] = value;
  }
  return timeouts;
}

/**
 * The database the environment asks for: DATABASE_URL (PostgreSQL; DIRECT_DATABASE_URL when
 * DATABASE_URL is a pooler) or the embedded default.
 */
export function createDbFromEnv(
  options: Omit<CreateDbOptions, "url" | "dataDir" | "directUrl"> = {},
): Promise<Database> {
  const url = process.env.DATABASE_URL?.trim();
  const directUrl = process.env.DIRECT_DATABASE_URL?.trim();
  const readUrl = process.env.DATABASE_READ_URL?.trim();
  if (readUrl && !/^postgres(?:ql)?:\/\//.test(readUrl))
    throw new Error("DATABASE_READ_URL must be a postgres:// URL");
  const maxLag = process.env.DATABASE_READ_MAX_LAG_SECONDS?.trim();
  if (maxLag && !/^\d{1,6}$/.test(maxLag))
    throw new Error(
      "DATABASE_READ_MAX_LAG_SECONDS must be a whole number of seconds (0 = no limit)",
    );
  const migrationWait = process.env.FRONTDESK_MIGRATION_WAIT_MS?.trim();
  if (migrationWait && !/^\d{1,9}$/.test(migrationWait))
    throw new Error("FRONTDESK_MIGRATION_WAIT_MS must be a whole number of milliseconds");
  return createDb({
    ...(migrationWait ? { migrationLockWaitMs: Number(migrationWait) } : {}),
    ...options,
    url: url || undefined,
    directUrl: url && directUrl ? directUrl : undefined,
    readUrl: url && readUrl ? readUrl : undefined,
    ...(maxLag ? { replicaMaxLagSeconds: Number(maxLag) } : {}),
    timeouts: { ...databaseTimeoutsFromEnv(), ...options.timeouts },
    dataDir: url ? undefined : defaultDataDir(),
  });
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}

/**
 * Seconds before a pooled connection that failed reconnects, after `retries` failures in a row.
 * postgres.js's own curve (3^n / 100 s) reaches 20 s after seven failures, so a pool that lived
 * through a short outage kept refusing work for up to 20 s after the server was back; this one
 * doubles from 50 ms and stops at 2 s (with jitter, so a pool's connections do not retry in step).
 */
export function reconnectBackoffSeconds(retries: number): number {
  const capped = Math.min(0.05 * 2 ** Math.max(0, retries - 1), 2);
  return capped * (0.5 + Math.random() / 2);
}

export async function createDb(options: CreateDbOptions = {}): Promise<Database> {
  if (options.url) {
    const directUrl = options.directUrl || options.url;
    const pooled = directUrl !== options.url;
    const sql = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      backoff: reconnectBackoffSeconds,
      // postgres.js itself prepares every tagged query unless told not to; through a pooler it must not.
      ...(pooled || options.prepare === false ? { prepare: false } : {}),
      // Error text from the server (DETAIL echoes row values) never reaches clients; see api/errors.
      connection: { application_name: "frontdesk" },
      ...(options.onQuery
        ? {
            debug: (_connection: number, query: string, parameters: unknown[]) =>
              options.onQuery?.(query, parameters),
          }
        : {}),
    });
    const prepare = options.prepare ?? !pooled;
    const client = poolClient(sql, prepare);
    const db = drizzlePostgres({ client, casing: "snake_case" }) as unknown as Db;
    const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
    registerTimeouts(db, timeouts);
    LEADING_CAPABLE.add(db);
    const replica = options.readUrl ? createReplica(options, pooled, timeouts, db) : undefined;
    return {
      db,
      backend: "postgres",
      location: redactUrl(options.url),
      sql,
      url: options.url,
      directUrl,
      pooled,
      timeouts,
      migrationLockWaitMs: options.migrationLockWaitMs,
      replica,
      close: async () => {
        replica?.stop();
        await Promise.all([sql.end({ timeout: 5 }), replica?.sql.end({ timeout: 5 })]);
      },
    };
  }

  const dataDir = options.dataDir ?? defaultDataDir();
  const inMemory = dataDir.startsWith("memory://");
  let releaseLock = () => {};
  if (!inMemory) {
    mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), { recursive: true });
    releaseLock = acquireDataDirLock(path.resolve(/*turbopackIgnore: true*/ dataDir));
  }
  const pglite = await PGlite.create({
    dataDir: inMemory ? undefined : dataDir,
    extensions: { btree_gist },
    loadDataDir: options.loadDataDir,
    relaxedDurability: inMemory,
    ...(options.username ? { username: options.username } : {}),
  });
  yieldBeforeEachCall(pglite);
  const db = drizzlePglite({ client: pglite, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    backend: "pglite",
    location: inMemory ? "memory://" : path.resolve(/*turbopackIgnore: true*/ dataDir),
    pglite,
    pooled: false,
    close: async () => {
      try {
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * PGlite runs every statement synchronously on this thread, and its queue hands the next call over
 * in a microtask: a burst of calls (a page's ten prefetches, one transaction each) ran to its end
 * without the event loop turning once — no socket read or written, no timer fired, other requests'
 * static files not served, and a streamed page's shell, though rendered, not sent until the last
 * query was done. Each query, exec and transaction now waits for the event loop's next turn first
 * (setImmediate: FIFO, so calls still start in the order they were made); a transaction's own
 * statements still run back to back, holding PGlite as before.
 */
function yieldBeforeEachCall(pglite: PGlite): void {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const target = pglite as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of ["query", "exec", "transaction"]) {
    const original = target[method];
    if (typeof original !== "function") throw new Error(`PGlite has no ${method} method`);
    target[method] = async (...args: unknown[]) => {
      await nextTurn();
      return original.apply(pglite, args);
    };
  }
}

/** The longest a read waits to connect to, or for a pooled connection of, the replica before using the primary. */
const REPLICA_CONNECT_MS = 2_000;

/**
 * The replica's own pool, as the primary's (prepared statements when the primary uses them: a read
 * URL through a pooler comes with a pooled primary). Its connect and acquire limits are short: a
 * read that cannot reach the replica quickly is better served by the primary than by waiting.
 */
function createReplica(
  options: CreateDbOptions,
  pooled: boolean,
  timeouts: DatabaseTimeouts,
  primary: Db,
): ReadReplica {
  const readUrl = options.readUrl ?? "";
  const sql = postgres(readUrl, {
    max: options.max ?? 10,
    onnotice: () => {},
    backoff: reconnectBackoffSeconds,
    connect_timeout: REPLICA_CONNECT_MS / 1000,
    ...(pooled || options.prepare === false ? { prepare: false } : {}),
    connection: { application_name: "frontdesk-read" },
    ...(options.onQuery
      ? {
          debug: (_connection: number, query: string, parameters: unknown[]) =>
            options.onQuery?.(query, parameters),
        }
      : {}),
  });
  const prepare = options.prepare ?? !pooled;
  const db = drizzlePostgres({
    client: prepare ? preparedStatements(sql) : sql,
    casing: "snake_case",
  }) as unknown as Db;
  registerTimeouts(db, {
    ...timeouts,
    acquireMs:
      timeouts.acquireMs > 0
        ? Math.min(timeouts.acquireMs, REPLICA_CONNECT_MS)
        : REPLICA_CONNECT_MS,
  });
  REPLICAS.add(db);
  return new ReadReplica({
    db,
    sql,
    location: redactUrl(readUrl),
    primary,
    cooldownMs: options.replicaCooldownMs,
    maxLagSeconds: options.replicaMaxLagSeconds,
    lagCheckMs: options.replicaLagCheckMs,
  });
}

/**
 * A statement of its own (autocommit) that travels ahead of a transaction's BEGIN on the same
 * connection (see transactionAfter): text only, sent in the simple protocol, so nothing waits for a
 * Describe between it and BEGIN. Its values are written into the text by the caller, which must
 * make sure they are literals that cannot break out of their quotes.
 */
export class LeadingStatement {
  readonly text: string;
  /** Its rows (raw, as the driver parsed them), or why it failed or was never sent. */
  readonly result: Promise<Record<string, unknown>[]>;
  private settle: ((query: PromiseLike<Record<string, unknown>[]>) => void) | null = null;
  private refuse: ((error: unknown) => void) | null = null;

  constructor(text: string) {
    this.text = text;
    this.result = new Promise((resolve, reject) => {
      this.settle = (query) => void Promise.resolve(query).then(resolve, reject);
      this.refuse = reject;
    });
    // The caller may learn of a failure through the transaction first.
    this.result.catch(() => undefined);
  }

  /** Follows the sent query; the first of sentAs/fail wins. */
  sentAs(query: PromiseLike<Record<string, unknown>[]>): void {
    const settle = this.settle;
    this.settle = this.refuse = null;
    settle?.(query);
  }

  /** Never sent: the transaction failed before taking a connection. */
  fail(error: unknown): void {
    const refuse = this.refuse;
    this.settle = this.refuse = null;
    refuse?.(error);
  }
}

/** Clients whose transactions can carry a LeadingStatement (PostgreSQL's primary pool). */
const LEADING_CAPABLE = new WeakSet<Db>();
/** The statement the next top-level BEGIN takes; set and cleared synchronously around it. */
let pendingLeading: LeadingStatement | null = null;

export function canLeadTransactions(db: Db): boolean {
  return LEADING_CAPABLE.has(db);
}

/**
 * db.transaction(body), with `leading` written ahead of its BEGIN on the same connection as a
 * statement of its own: it is not part of the transaction (it commits, or fails, by itself, and the
 * transaction's ROLLBACK does not undo it), yet it costs no round trip or pooled connection of its
 * own. Its result arrives before any of the transaction's. `leading.result` always settles.
 */
export function transactionAfter<T>(
  db: Db,
  leading: LeadingStatement,
  body: (tx: Db) => Promise<T>,
): Promise<T> {
  if (!canLeadTransactions(db)) {
    const error = new Error("this database cannot send a statement ahead of a transaction");
    leading.fail(error);
    return Promise.reject(error);
  }
  // drizzle calls the client's begin synchronously inside db.transaction, where poolClient takes it.
  pendingLeading = leading;
  try {
    return db.transaction(body);
  } finally {
    if (pendingLeading === leading) {
      pendingLeading = null;
      leading.fail(new Error("the transaction did not begin"));
    }
  }
}

/**
 * The client drizzle is given: the pool itself, with every query prepared when `prepare` (see
 * preparedStatements), and a top-level BEGIN that takes the pending LeadingStatement, if any.
 */
function poolClient(sql: postgres.Sql, prepare: boolean): postgres.Sql {
  const client = prepare ? preparedStatements(sql) : sql;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "begin" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const leading = pendingLeading;
        pendingLeading = null;
        if (!leading) return Reflect.apply(value, target, args) as unknown;
        // The patched begin(options, fn, first) writes `first` ahead of BEGIN on one connection.
        const first = sql.unsafe(leading.text);
        leading.sentAs(first);
        const callback = args.at(-1);
        return Reflect.apply(value, target, ["", callback, first]) as unknown;
      };
    },
  });
}

/**
 * drizzle sends every query unnamed (`prepare: false`), and for a statement with parameters
 * postgres.js then spends a whole round trip describing it before it can bind the values: two round
 * trips per query. A named statement is described once per connection and reused (one round trip),
 * and the queries of a transaction can then share one (postgres.js pipelines them). This hands
 * drizzle the same client with every query — in transactions and savepoints too — prepared.
 */
function preparedStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], queryOptions?: Record<string, unknown>) =>
          Reflect.apply(value, target, [
            query,
            parameters,
            { ...queryOptions, prepare: true },
          ]) as unknown;
      }
      if (property === "begin" || property === "savepoint") {
        // The callback that receives the transaction's own client: the last argument, or the one
        // before a statement to send ahead of BEGIN (see poolClient).
        return (...args: unknown[]) => {
          const at = args.findIndex((arg) => typeof arg === "function");
          const callback = args[at];
          if (typeof callback !== "function") return Reflect.apply(value, target, args) as unknown;
          const wrapped = (tx: postgres.TransactionSql) =>
            Reflect.apply(callback, undefined, [preparedStatements(tx)]) as unknown;
          return Reflect.apply(value, target, args.with(at, wrapped)) as unknown;
        };
      }
      return value;
    },
  });
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database ${dataDir} is in use by process ${pid} (is \`pnpm dev\` running?). ` +
        "PGlite allows one process at a time: stop that process, or set DATABASE_URL to use PostgreSQL.",
    );
    this.name = "DataDirInUseError";
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite does not lock its folder, and two processes on one folder silently lose rows (docs/toolchain.md),
 * so embedded mode takes a lock file beside it: `<dataDir>.lock` holding the owner's pid. A lock left
 * by a dead process is taken over.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (readFileSync(lockFile, "utf8") === String(process.pid)) unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(lockFile, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid))
        throw new DataDirInUseError(dataDir, pid);
      unlinkSync(lockFile);
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

const TIMEOUTS = new WeakMap<Db, DatabaseTimeouts>();
const REPLICAS = new WeakSet<Db>();

/** Whether `db` is a read replica's client (its failures are the replica's, not the database's). */
export function isReplicaDb(db: Db): boolean {
  return REPLICAS.has(db);
}

function registerTimeouts(db: Db, timeouts: DatabaseTimeouts): void {
  TIMEOUTS.set(db, timeouts);
}

/** The limits createDb gave this client (undefined for PGlite and for a transaction handle). */
export function timeoutsOf(db: Db): DatabaseTimeouts | undefined {
  return TIMEOUTS.get(db);
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T extends Record<string, unknown>>(
  db: Db,
  query: Parameters<Db["execute"]>[0],
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  return [];
}
