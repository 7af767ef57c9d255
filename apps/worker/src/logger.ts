// Structured logs (pino). Jobs are logged by queue and id only: payloads can carry PHI, and so can
// driver error details (a unique violation's DETAIL echoes row values), so errors are reduced to
// their name, code and message.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(options: { level?: string } = {}): Logger {
  return pino({ name: "frontdesk-worker", level: options.level ?? "info" });
}

/** An error as it may be logged: no `detail`, `where`, query parameters or attached payloads. */
export function safeError(err: unknown): {
  name: string;
  message: string;
  code?: string;
  stack?: string;
} {
  if (err instanceof Error) {
    const code = "code" in err && typeof err.code === "string" ? err.code : undefined;
    return { name: err.name, message: err.message, code, stack: err.stack };
  }
  return { name: "NonError", message: typeof err === "string" ? err : "non-error value thrown" };
}
