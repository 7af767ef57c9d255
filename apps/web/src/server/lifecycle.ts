// The process's shutdown state, shared through globalThis by the production server (server.ts, run
// by Node) and the app's own modules (bundled by Next, which may evaluate them more than once).
// When the server manages shutdown, the database and in-process worker are closed by it after the
// HTTP drain, not by their own signal handlers (which would close the pool under running requests).
const KEY = Symbol.for("frontdesk.web.lifecycle");

export interface Lifecycle {
  /** True when server.ts runs this process: it drains HTTP first, then calls the closers. */
  managed: boolean;
  /** Set at SIGTERM: health answers 503, new requests are refused. */
  draining: boolean;
  /** Run once requests have drained (database, in-process worker), in insertion order. */
  readonly closers: Set<() => Promise<void>>;
}

const store = globalThis as typeof globalThis & { [KEY]?: Lifecycle };

export function lifecycle(): Lifecycle {
  store[KEY] ??= { managed: false, draining: false, closers: new Set() };
  return store[KEY];
}
