// The application's error vocabulary. Services throw `AppError` with a code and a message a person can
// act on; `toTRPCError` is the ONE place that turns anything thrown (AppError, a driver error, a bug)
// into what the client may see. Driver text never passes through: PostgreSQL's DETAIL echoes row
// values (`Key (email)=(…)`), which can be PHI.
import { TRPCError } from "@trpc/server";
import {
  databaseUnavailableReason,
  errorCauseFields,
  PG_EXCLUSION_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
  type DatabaseUnavailableReason,
} from "@frontdesk/db";

/** The codes services may use: a subset of tRPC's, see the table in docs/conventions.md. */
export const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  "PRECONDITION_FAILED",
  "SERVICE_UNAVAILABLE",
  "GATEWAY_TIMEOUT",
] as const satisfies readonly TRPCError["code"][];

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: AppErrorCode;
  /**
   * TOO_MANY_REQUESTS / SERVICE_UNAVAILABLE: when the client may try again (sent as `Retry-After`
   * and `data.retryAfter`).
   */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    // An AppError is an answer (a 4xx the caller acts on), not a bug: nothing reads its frames (the
    // log describes its cause), yet tRPC copies `.stack` onto the TRPCError it wraps it in, which
    // formatted every frame through source maps — on each of a stampede's 999 CONFLICTs. Its stack
    // is its name and message; a cause, when there is one, keeps its own. Capturing the frames
    // only to overwrite them still cost ~1% of the server's CPU in that stampede: none are taken.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    Error.stackTraceLimit = limit;
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * A TRPCError that answers an AppError (or another error whose frames nobody reads: the log
 * describes the cause, never the wrapper): built without capturing a stack trace, which on a burst
 * of refusals (a stampede's 999 CONFLICTs) is a measurable share of the server's CPU.
 */
function answerError(options: ConstructorParameters<typeof TRPCError>[0]): TRPCError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new TRPCError(options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export const INTERNAL_ERROR_MESSAGE = "Internal server error";
export const DATA_EXCEPTION_MESSAGE =
  "The input contains a value that cannot be stored (for example a NUL character, or a number or date out of range)";

/** SQLSTATE class 22 codes caused by input values: NUL in text/jsonb, overflow, bad dates, too long. */
const DATA_EXCEPTIONS = new Set([
  "22021",
  "22P05",
  "22001",
  "22003",
  "22007",
  "22008",
  "22P02",
  "2200N",
  "22025",
]);
export const CONFLICT_MESSAGE = "This conflicts with an existing record";

/** How long a client should wait before retrying a call the database could not serve (seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

const UNAVAILABLE_MESSAGES: Record<DatabaseUnavailableReason, string> = {
  connection: "The database is temporarily unavailable; try again shortly",
  acquire_timeout:
    "The server is busy (no database connection became free in time); try again shortly",
  lock_timeout: "The records this call needs are locked by another operation; try again shortly",
  statement_timeout:
    "The operation took longer than the server allows and was cancelled; narrow it (a shorter range, a smaller page) or try again later",
};

/**
 * A call the database could not serve because of its state, not the call: SERVICE_UNAVAILABLE (503,
 * Retry-After; the SDK retries it) for the connection, the pool and locks; GATEWAY_TIMEOUT (504, not
 * retried: sending the same slow statement again only adds load) for statement_timeout.
 */
export function databaseUnavailableError(
  reason: DatabaseUnavailableReason,
  cause: unknown,
): TRPCError {
  const message = UNAVAILABLE_MESSAGES[reason];
  if (reason === "statement_timeout") {
    return new TRPCError({
      code: "GATEWAY_TIMEOUT",
      message,
      cause: new AppError("GATEWAY_TIMEOUT", message, { cause }),
    });
  }
  const appError = new AppError("SERVICE_UNAVAILABLE", message, {
    cause,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message, cause: appError });
}

/**
 * Maps anything thrown inside a procedure to the error the client sees. Unknown errors become
 * INTERNAL_SERVER_ERROR with a generic message; the original stays as `cause` for the server log.
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    // tRPC wraps a non-TRPCError throw as INTERNAL with the original as cause: map the cause instead.
    if (
      error.code === "INTERNAL_SERVER_ERROR" &&
      error.cause &&
      !(error.cause instanceof TRPCError)
    ) {
      return toTRPCError(error.cause);
    }
    return error;
  }
  if (error instanceof AppError) {
    return answerError({ code: error.code, message: error.message, cause: error });
  }
  const unavailable = databaseUnavailableReason(error);
  if (unavailable) return databaseUnavailableError(unavailable, error);
  const sqlState = pgErrorCode(error);
  if (sqlState && DATA_EXCEPTIONS.has(sqlState)) {
    // Input zod let through but PostgreSQL cannot store (a NUL character in text or jsonb, a number
    // out of range): the client's to fix, so BAD_REQUEST — with a fixed message, never the driver's.
    return new TRPCError({ code: "BAD_REQUEST", message: DATA_EXCEPTION_MESSAGE, cause: error });
  }
  if (sqlState === PG_UNIQUE_VIOLATION || sqlState === PG_EXCLUSION_VIOLATION) {
    // Services that know which constraint means what throw their own AppError with a better
    // message; this is the safety net, so it names nothing (no table, constraint or value).
    return new TRPCError({ code: "CONFLICT", message: CONFLICT_MESSAGE, cause: error });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: INTERNAL_ERROR_MESSAGE,
    cause: error,
  });
}

/** One failed input check, as a client may see it: where (a dotted path; "" for the input itself) and what. */
export interface InputIssue {
  path: string;
  message: string;
}

/** At most this many issues are sent back for one input; the first few say what to fix. */
const MAX_INPUT_ISSUES = 20;

/**
 * A validation failure's issues as paths and messages only, never the rejected value (it could be PHI):
 * what the tRPC formatter sends as `data.inputIssues` and the REST layer as `issues`. Undefined when the
 * error is not a schema failure.
 */
export function inputIssuesOf(error: TRPCError): InputIssue[] | undefined {
  if (error.code !== "BAD_REQUEST") return undefined;
  const cause: unknown = error.cause;
  if (!cause || typeof cause !== "object" || !("issues" in cause) || !Array.isArray(cause.issues))
    return undefined;
  return (cause.issues as unknown[]).slice(0, MAX_INPUT_ISSUES).flatMap((issue) => {
    if (!issue || typeof issue !== "object") return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    return [
      {
        path: Array.isArray(path)
          ? (path as unknown[])
              .map((p) => (typeof p === "object" && p && "key" in p ? String(p.key) : String(p)))
              .join(".")
          : "",
        message: typeof message === "string" ? message : "Invalid value",
      },
    ];
  });
}

/** At most this many stack frames are logged (a bug's location, not a 2 KB dump). */
const MAX_STACK_FRAMES = 8;

export interface LoggedError {
  /** The class of the error that caused the failure (`PostgresError`, `TypeError`, …). */
  errorClass: string;
  /** PostgreSQL's SQLSTATE, when the server answered with an error. */
  sqlState?: string;
  /** Node's or the driver's error code: ECONNREFUSED, CONNECTION_CLOSED, POOL_ACQUIRE_TIMEOUT, … */
  errno?: string;
  syscall?: string;
  /** Why the database could not serve the call, when that is the cause. */
  reason?: DatabaseUnavailableReason;
  /** Only for errors that did not come from the database or its driver (their text quotes SQL and values). */
  message?: string;
  stack?: string;
}

function isQueryError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    ("params" in error || "parameters" in error || "query" in error)
  );
}

/**
 * What may be logged about a failed call: the cause — error class, SQLSTATE, errno, the database
 * reason — and, for bugs, the message and a few stack frames. Never SQL text or bind parameters
 * (drizzle's message is "Failed query: <sql> params: <values>", postgres.js keeps `parameters`,
 * PostgreSQL's DETAIL and messages quote values): a database error's message is never logged.
 */
export function describeErrorForLog(error: unknown): LoggedError {
  const chain: unknown[] = [];
  for (
    let current: unknown = error;
    current && chain.length < 8;
    current = (current as { cause?: unknown }).cause
  ) {
    // A TRPCError or an AppError only wraps the real cause.
    chain.push(current);
    if (typeof current !== "object") break;
  }
  const meaningful = chain.filter((e) => !(e instanceof TRPCError) && !(e instanceof AppError));
  const root = meaningful[meaningful.length - 1] ?? chain[chain.length - 1];
  const rootError =
    meaningful.find((e): e is Error => e instanceof Error) ??
    (root instanceof Error ? root : undefined);
  // The wrappers' own codes (tRPC's, ours) are not the cause.
  const causeFields = errorCauseFields(meaningful[0]);
  const reason = databaseUnavailableReason(error);
  const fromDatabase =
    reason !== undefined ||
    causeFields.sqlState !== undefined ||
    causeFields.errno !== undefined ||
    chain.some(isQueryError);
  const deepest = [...meaningful].reverse().find((e): e is Error => e instanceof Error);
  const logged: LoggedError = {
    errorClass: deepest?.name ?? rootError?.name ?? typeof root,
    ...causeFields,
  };
  if (reason) logged.reason = reason;
  if (!fromDatabase && rootError) {
    logged.message = rootError.message.slice(0, 300);
    logged.stack = stackFrames(rootError.stack);
  }
  return logged;
}

/** The first "    at …" lines of a stack, without the message lines above them (they can quote values). */
export function stackFrames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_STACK_FRAMES)
    .map((line) => line.trim())
    .join("\n");
}
