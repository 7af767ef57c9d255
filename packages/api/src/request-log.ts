// The one place a transport logs a failed call. It logs the cause an operator needs (tRPC code,
// error class, SQLSTATE, errno, the database reason, the procedure, the request id) and never the
// input, SQL text or bind parameters (see describeErrorForLog). During an outage every request fails
// the same way: identical failures are collapsed to one line per interval plus a count.
import type { TRPCError } from "@trpc/server";
import { describeErrorForLog, type LoggedError } from "./errors";
import type { Logger } from "./logger";

export interface FailedCall {
  error: TRPCError;
  path?: string;
  type?: string;
  requestId?: string;
}

export interface RequestErrorLoggerOptions {
  /** Repeats of one failure within this window are counted, not logged (default 10 s). */
  intervalMs?: number;
  /** Distinct failures tracked at once; beyond it, new ones are logged without collapsing. */
  maxKeys?: number;
}

interface Repeats {
  since: number;
  count: number;
  timer: NodeJS.Timeout | null;
}

/** Codes worth an operator's attention: bugs, and the database failing the call. */
const LOGGED_CODES = new Set<TRPCError["code"]>([
  "INTERNAL_SERVER_ERROR",
  "SERVICE_UNAVAILABLE",
  "GATEWAY_TIMEOUT",
]);

export function createRequestErrorLogger(
  logger: Logger,
  options: RequestErrorLoggerOptions = {},
): (call: FailedCall) => void {
  const intervalMs = options.intervalMs ?? 10_000;
  const maxKeys = options.maxKeys ?? 1_000;
  const repeats = new Map<string, Repeats>();

  const write = (code: TRPCError["code"], fields: Record<string, unknown>, message: string) => {
    if (code === "INTERNAL_SERVER_ERROR") logger.error(fields, message);
    else logger.warn(fields, message);
  };

  return ({ error, path, type, requestId }) => {
    if (!LOGGED_CODES.has(error.code)) return;
    const err: LoggedError = describeErrorForLog(error);
    const key = [
      error.code,
      path,
      type,
      err.errorClass,
      err.sqlState,
      err.errno,
      err.reason,
      err.message,
    ].join("|");
    const now = Date.now();
    const seen = repeats.get(key);
    if (seen && now - seen.since < intervalMs) {
      seen.count++;
      // One summary line when the interval ends, however many repeats it held.
      seen.timer ??= setTimeout(
        () => {
          repeats.delete(key);
          write(
            error.code,
            { path, type, code: error.code, err, repeated: seen.count, intervalMs },
            `tRPC request failed (repeated ${seen.count} more times in ${intervalMs} ms)`,
          );
        },
        seen.since + intervalMs - now,
      );
      seen.timer.unref();
      return;
    }
    if (seen?.timer) clearTimeout(seen.timer);
    if (seen || repeats.size < maxKeys) repeats.set(key, { since: now, count: 0, timer: null });
    write(error.code, { requestId, path, type, code: error.code, err }, "tRPC request failed");
  };
}
