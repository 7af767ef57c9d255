// The one way tenant-scoped work reaches the database: one transaction, the app role, the tenant and
// user set with set_config(..., true). Everything is transaction-local, so nothing leaks to the next
// user of a pooled connection (safe behind PgBouncer in transaction mode).
import { sql } from "drizzle-orm";
import {
  isReplicaDb,
  timeoutsOf,
  transactionAfter,
  type Db,
  type DatabaseTimeouts,
  type LeadingStatement,
} from "./client";
import {
  databaseUnavailableReason,
  PoolAcquireTimeoutError,
  recordDatabaseUnavailable,
} from "./errors";
import { isUuid } from "./uuid";

export interface TenantScope {
  tenantId: string;
  userId?: string | null;
  /**
   * Make the transaction READ ONLY (set in the same statement as the tenant): any INSERT, UPDATE,
   * DELETE or DDL inside it fails, whatever the code running in it does. For queries.
   */
  readOnly?: boolean;
  /**
   * Which statement_timeout applies (DatabaseTimeouts.queryMs or mutationMs); default: "query" when
   * readOnly, else "mutation".
   */
  purpose?: "query" | "mutation";
  /**
   * A statement of its own sent ahead of BEGIN on the transaction's connection (PostgreSQL's
   * primary only, see canLeadTransactions): not part of the transaction, and not undone by its
   * rollback. Its result is `leading.result`, which settles whatever happens to the transaction.
   */
  leading?: LeadingStatement;
}

export class InvalidTenantScopeError extends Error {
  constructor(what: string) {
    super(`${what} must be a UUID`);
    this.name = "InvalidTenantScopeError";
  }
}

/**
 * Runs `fn` in one transaction as `frontdesk_app` with row-level security scoped to `tenantId`.
 * `fn` receives the transaction; rows of other tenants are invisible and unwritable inside it.
 */
export async function withTenant<T>(
  db: Db,
  scope: TenantScope,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  const { tenantId, userId, readOnly, leading } = scope;
  if (!isUuid(tenantId) || (userId && !isUuid(userId))) {
    const error = new InvalidTenantScopeError(isUuid(tenantId) ? "userId" : "tenantId");
    leading?.fail(error);
    throw error;
  }
  const timeouts = timeoutsOf(db);
  const statementTimeoutMs = timeouts
    ? (scope.purpose ?? (readOnly ? "query" : "mutation")) === "query"
      ? timeouts.queryMs
      : timeouts.mutationMs
    : undefined;
  const body = async (tx: Db): Promise<T> => {
    // Bind parameters, never string-built SQL; `true` makes every setting transaction-local. The
    // role is set through its GUC in the same statement (equivalent to SET LOCAL ROLE), saving a
    // round trip on every request, and so is READ ONLY when asked for (transaction_read_only may
    // always be switched on mid-transaction), and so are the statement and lock timeouts. Sent but
    // not awaited before `fn` starts, saving another: fn's first queries follow it down the same
    // connection (postgres.js pipelines a transaction's queries) and PostgreSQL runs them in order,
    // after the settings — or, if setting them failed, not at all (the transaction is aborted).
    // Its error is the one reported. JIT compilation is switched off too: PostgreSQL compiles any
    // statement whose estimated cost passes jit_above_cost, on every run, and on a tenant's large
    // history a misestimate costs 1–2 s of compiling for a statement that runs in 20 ms — never a
    // good trade on a request path with a statement timeout of seconds.
    const readOnlyClause = readOnly
      ? sql`, set_config('transaction_read_only', 'on', true)`
      : sql``;
    const timeoutClause =
      timeouts && statementTimeoutMs !== undefined
        ? sql`, set_config('statement_timeout', ${String(statementTimeoutMs)}, true), set_config('lock_timeout', ${String(timeouts.lockMs)}, true)`
        : sql``;
    const scoped = tx
      .execute(
        sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId ?? ""}, true), set_config('role', 'frontdesk_app', true), set_config('jit', 'off', true)${readOnlyClause}${timeoutClause}`,
      )
      .then(
        () => null,
        (error: unknown) => ({ error }),
      );
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      const failed = await scoped;
      throw failed ? failed.error : error;
    }
    const failed = await scoped;
    if (failed) throw failed.error;
    return result;
  };
  const begin = <R>(run: (tx: Db) => Promise<R>): Promise<R> =>
    leading ? transactionAfter(db, leading, run) : db.transaction(run);
  try {
    return await (timeouts ? transactionWithin(db, timeouts, body, begin) : begin(body));
  } catch (error) {
    const reason = databaseUnavailableReason(error);
    // A replica's outage is reported by its breaker (health's `replica`), and the read is retried on
    // the primary: counting it here would report the primary as failing.
    if (reason && !isReplicaDb(db)) recordDatabaseUnavailable(reason);
    throw error;
  }
}

class AbandonedTransaction extends Error {}

/**
 * db.transaction, but failing with PoolAcquireTimeoutError when the transaction has not started
 * (a pooled connection free and BEGIN answered) within `acquireMs`: under a held lock or an outage
 * a caller gets a quick 503 instead of queueing behind every other request. If the abandoned
 * transaction starts later, it ends at once without running anything.
 */
function transactionWithin<T>(
  db: Db,
  timeouts: DatabaseTimeouts,
  body: (tx: Db) => Promise<T>,
  begin: <R>(run: (tx: Db) => Promise<R>) => Promise<R> = (run) => db.transaction(run),
): Promise<T> {
  const acquireMs = timeouts.acquireMs;
  if (acquireMs <= 0) return begin(body);
  return new Promise<T>((resolve, reject) => {
    let state: "waiting" | "started" | "abandoned" = "waiting";
    const timer = setTimeout(() => {
      if (state !== "waiting") return;
      state = "abandoned";
      reject(new PoolAcquireTimeoutError(acquireMs));
    }, acquireMs);
    begin(async (tx) => {
      if (state === "abandoned") throw new AbandonedTransaction();
      state = "started";
      clearTimeout(timer);
      return body(tx);
    }).then(resolve, (error: unknown) => {
      clearTimeout(timer);
      // Whatever the transaction threw (the driver's error, the caller's own) passes through as is.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      if (state !== "abandoned") reject(error);
    });
  });
}
