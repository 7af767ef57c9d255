// Recognising PostgreSQL errors by SQLSTATE, whichever driver raised them (postgres.js or PGlite),
// so callers can map them (23505/23P01 → CONFLICT) without ever showing the server's text.
export const PG_UNIQUE_VIOLATION = "23505";
export const PG_EXCLUSION_VIOLATION = "23P01";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
export const PG_CHECK_VIOLATION = "23514";
export const PG_SERIALIZATION_FAILURE = "40001";
export const PG_DEADLOCK_DETECTED = "40P01";
export const PG_INSUFFICIENT_PRIVILEGE = "42501";
export const PG_LOCK_NOT_AVAILABLE = "55P03";
export const PG_QUERY_CANCELED = "57014";

/** The SQLSTATE of a database error, looking through drizzle's wrapping (`cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The constraint a violation names (postgres.js: constraint_name, PGlite: constraint). */
export function pgConstraintName(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const c = current as { constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof c.constraint_name === "string") return c.constraint_name;
    if (typeof c.constraint === "string") return c.constraint;
    current = c.cause;
  }
  return undefined;
}

/**
 * Why the database could not serve a call right now, when the cause is the database's state rather
 * than the call: the connection (refused, reset, closed, the server shutting down or still starting
 * up, PgBouncer's own connection errors), no pooled connection free in time, a lock held longer than
 * lock_timeout, or statement_timeout. undefined for everything else (a bug, a constraint, bad input).
 */
export type DatabaseUnavailableReason =
  "connection" | "acquire_timeout" | "lock_timeout" | "statement_timeout";

/** Node's socket errors (err.code) that mean the server could not be reached or went away. */
const SOCKET_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** postgres.js's own connection errors, and start-up giving up on another process's migrations. */
const DRIVER_CONNECTION_ERRORS = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "MIGRATION_LOCK_TIMEOUT",
]);

/**
 * SQLSTATEs of a server that cannot take the call now: class 08 (connection exception; PgBouncer
 * reports its own failures as 08P01), 57P01 admin shutdown (pg_terminate_backend, a fast shutdown),
 * 57P02 crash shutdown, 57P03 "the database system is starting up", 53300 too many connections,
 * 25P03 / 57P05 idle (in transaction) session timeout.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "25P03", "57P05"]);

/** Thrown by withTenant when no pooled connection became free within the acquire timeout. */
export class PoolAcquireTimeoutError extends Error {
  readonly code = "POOL_ACQUIRE_TIMEOUT";
  constructor(readonly waitedMs: number) {
    super(`no database connection became free within ${waitedMs} ms`);
    this.name = "PoolAcquireTimeoutError";
  }
}

function* causeChain(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 10) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    yield current;
    queue.push((current as { cause?: unknown }).cause);
    // A host with several addresses fails as an AggregateError of one error per address.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
}

export function databaseUnavailableReason(error: unknown): DatabaseUnavailableReason | undefined {
  for (const current of causeChain(error)) {
    if (current instanceof PoolAcquireTimeoutError) return "acquire_timeout";
    const code = (current as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    if (SOCKET_ERRORS.has(code) || DRIVER_CONNECTION_ERRORS.has(code)) return "connection";
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    if (code === PG_LOCK_NOT_AVAILABLE) return "lock_timeout";
    if (code === PG_QUERY_CANCELED) return "statement_timeout";
    if (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code)) return "connection";
  }
  return undefined;
}

/**
 * What may be logged about a database or driver error: its class, SQLSTATE, Node errno code and
 * syscall — never its message, detail, query or parameters (they echo values, including secrets'
 * hashes and PHI).
 */
export function errorCauseFields(error: unknown): {
  sqlState?: string;
  errno?: string;
  syscall?: string;
} {
  const fields: { sqlState?: string; errno?: string; syscall?: string } = {};
  for (const current of causeChain(error)) {
    const { code, syscall } = current as { code?: unknown; syscall?: unknown };
    if (typeof code === "string") {
      if (/^[0-9A-Z]{5}$/.test(code) && !SOCKET_ERRORS.has(code)) fields.sqlState ??= code;
      else if (/^[A-Z][A-Z0-9_]{2,40}$/.test(code)) fields.errno ??= code;
    }
    if (typeof syscall === "string" && /^[a-z_]{1,20}$/.test(syscall)) fields.syscall ??= syscall;
  }
  return fields;
}

const PRESSURE_WINDOW_MS = 60_000;
const MAX_REMEMBERED = 10_000;
const unavailableAt: Record<DatabaseUnavailableReason, number[]> = {
  connection: [],
  acquire_timeout: [],
  lock_timeout: [],
  statement_timeout: [],
};

/** Counts a call the database could not serve (withTenant does, for every transaction it runs). */
export function recordDatabaseUnavailable(
  reason: DatabaseUnavailableReason,
  now = Date.now(),
): void {
  const times = unavailableAt[reason];
  times.push(now);
  if (times.length > MAX_REMEMBERED) times.splice(0, times.length - MAX_REMEMBERED);
}

/** How many calls of this process failed for each reason in the last minute: what health reports as firing. */
export function recentDatabaseUnavailability(
  now = Date.now(),
): Record<DatabaseUnavailableReason, number> {
  const since = now - PRESSURE_WINDOW_MS;
  const counts = {} as Record<DatabaseUnavailableReason, number>;
  for (const reason of Object.keys(unavailableAt) as DatabaseUnavailableReason[]) {
    const times = unavailableAt[reason];
    const firstRecent = times.findIndex((t) => t >= since);
    times.splice(0, firstRecent === -1 ? times.length : firstRecent);
    counts[reason] = times.length;
  }
  return counts;
}
