// The application's error vocabulary. Services throw `AppError` with a code and a message a person can
// act on; `toTRPCError` is the ONE place that turns anything thrown (AppError, a driver error, a bug)
// into what the client may see. Driver text never passes through: PostgreSQL's DETAIL echoes row
// values (`Key (email)=(…)`), which can be PHI.
import { TRPCError } from "@trpc/server";
import { PG_EXCLUSION_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from "@frontdesk/db";

/** The codes services may use: a subset of tRPC's, see the table in docs/conventions.md. */
export const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  "PRECONDITION_FAILED",
] as const satisfies readonly TRPCError["code"][];

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: AppErrorCode;
  /** TOO_MANY_REQUESTS: when the client may try again (sent as `Retry-After` and `data.retryAfter`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const INTERNAL_ERROR_MESSAGE = "Internal server error";
export const DATA_EXCEPTION_MESSAGE =
  "The input contains a value that cannot be stored (for example a NUL character, or a number or date out of range)";

/** SQLSTATE class 22 codes caused by input values: NUL in text/jsonb, overflow, bad dates, too long. */
const DATA_EXCEPTIONS = new Set(["22021", "22P05", "22001", "22003", "22007", "22008", "22P02", "2200N", "22025"]);
export const CONFLICT_MESSAGE = "This conflicts with an existing record";

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
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  }
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

/**
 * What may be logged about an internal error: name, message, SQLSTATE and stack — not the error's
 * other enumerable fields (postgres.js puts `detail`, `where` and the query's parameters there).
 */
export function describeErrorForLog(error: unknown): Record<string, unknown> {
  const root = error instanceof TRPCError && error.cause ? error.cause : error;
  if (!(root instanceof Error)) return { type: typeof root };
  const sqlState = pgErrorCode(root);
  // A database error's message can quote input ("invalid input syntax for type uuid: \"…\"") and
  // drizzle's starts with "Failed query: … params: <values>": log the SQLSTATE and stack frames only.
  if (sqlState) return { name: root.name, sqlState, stack: stackFrames(root.stack) };
  return { name: root.name, message: root.message, stack: stackFrames(root.stack) };
}

/** The "    at …" lines of a stack, without the message lines above them (they can quote values). */
export function stackFrames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
}
