// The logger the API writes to. Callers pass their own (the web app's, the worker's); the default
// is a plain pino logger. Never log procedure input: it can carry PHI.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({ level: options.level ?? "info", name: options.name ?? "frontdesk-api" });
}
