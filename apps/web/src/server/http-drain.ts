// Graceful shutdown for the production HTTP server (server.ts). On SIGTERM a process behind a load
// balancer must stop taking work without failing any: health turns 503 at once, every new request is
// answered 503 with Retry-After and `Connection: close` (so clients and balancers move to another
// replica, and the SDK retries it), requests already running finish, and only then are the listening
// socket, the connections and the database closed. A request still running at the drain limit is cut
// off, and the caller exits non-zero so the supervisor knows.
//
// Kept free of Next.js so it can be tested on a plain node:http server.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface DrainResult {
  /** False when the drain limit passed with requests still running (their connections were cut). */
  drained: boolean;
  /** Requests still running at the limit. */
  cutOff: number;
  /** Requests answered 503 while draining. */
  refused: number;
  ms: number;
}

export interface DrainController {
  /** Wraps the app's request listener: counts requests in flight, refuses new ones while draining. */
  readonly listener: RequestListener;
  readonly draining: boolean;
  /** Requests running now (not counting the 503s of a drain). */
  readonly inFlight: number;
  /** Starts the drain (idempotent) and resolves when it is over. */
  drain(): Promise<DrainResult>;
}

export interface DrainOptions {
  drainTimeoutMs: number;
  /** What a refused request's Retry-After says. */
  retryAfterSeconds: number;
}

const LINGER_MS = 1000;
const SHUTTING_DOWN = "The server is shutting down; retry the request.";

/** The 503 a refused request gets: in tRPC's envelope for the API, so the SDK sees SERVICE_UNAVAILABLE. */
function refusal(path: string): { contentType: string; body: string } {
  if (path.startsWith("/api/trpc")) {
    const shape = {
      message: SHUTTING_DOWN,
      code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
      data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 },
    };
    return {
      contentType: "application/json",
      body: JSON.stringify({ error: superjson.serialize(shape) }),
    };
  }
  if (path.startsWith("/api/health")) {
    return { contentType: "application/json", body: JSON.stringify({ status: "draining" }) };
  }
  return { contentType: "text/plain; charset=utf-8", body: SHUTTING_DOWN };
}

export function createDrainController(
  server: Server,
  app: RequestListener,
  options: DrainOptions,
): DrainController {
  const running = new Set<ServerResponse>();
  let draining = false;
  let refused = 0;
  let settle: (() => void) | undefined;
  let result: Promise<DrainResult> | undefined;

  const refuse = (req: IncomingMessage, res: ServerResponse): void => {
    refused++;
    const { contentType, body } = refusal(req.url ?? "/");
    res.writeHead(503, {
      "content-type": contentType,
      "retry-after": String(options.retryAfterSeconds),
      "cache-control": "no-store",
      connection: "close",
    });
    res.end(body);
  };

  const listener: RequestListener = (req, res) => {
    if (draining) {
      refuse(req, res);
      return;
    }
    running.add(res);
    res.once("close", () => {
      running.delete(res);
      if (draining && running.size === 0) settle?.();
    });
    return app(req, res);
  };

  const drain = (): Promise<DrainResult> => {
    result ??= (async () => {
      const started = Date.now();
      draining = true;
      // Responses still to be written close their connection after themselves, so keep-alive
      // clients come back on a new connection (and get the 503 or another replica).
      for (const res of running) {
        if (!res.headersSent) res.setHeader("connection", "close");
        res.shouldKeepAlive = false;
      }
      // Idle keep-alive connections stay open meanwhile: their next request gets the 503 and closes
      // them, where closing them now could reset a request the client is just sending.
      let timer: NodeJS.Timeout | undefined;
      const finished = await new Promise<boolean>((resolve) => {
        if (running.size === 0) return resolve(true);
        settle = () => resolve(true);
        timer = setTimeout(() => resolve(false), options.drainTimeoutMs);
      });
      clearTimeout(timer);
      const cutOff = finished ? 0 : running.size;
      // Stop listening (which also closes idle connections); at the limit, cut the stuck ones.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (!finished) server.closeAllConnections();
      // Connections that are mid-503 end by themselves within moments; don't wait on a slow client.
      const lingering = setTimeout(() => server.closeAllConnections(), LINGER_MS);
      await closed;
      clearTimeout(lingering);
      return { drained: finished, cutOff, refused, ms: Date.now() - started };
    })();
    return result;
  };

  return {
    listener,
    get draining() {
      return draining;
    },
    get inFlight() {
      return running.size;
    },
    drain,
  };
}
