// A real HTTP server for tests and benches: node:http in front of the same fetch handler apps/web
// mounts (createTrpcHttpHandler: authentication before the body, per-procedure body limits,
// timeouts, a byte budget for the bodies read at once, batches of at most 50), the REST routes
// (/api/v1) and /api/openapi.json, plus GET /api/health, so the SDK, the fuzz sweep and anything
// else that must go through a socket can. Not for production.
import { once } from "node:events";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { TRPCError } from "@trpc/server";
import {
  type BodyReadGate,
  createContext,
  createLogger,
  createRequestErrorLogger,
  createRestHandler,
  createTrpcHttpHandler,
  healthResponse,
  MAX_BATCH_SIZE,
  MAX_REQUEST_BODY_BYTES,
  openApiDocumentJson,
  type Logger,
  type PaymentProvider,
  type RateLimitConfig,
} from "@frontdesk/api";
import type { Database } from "@frontdesk/db";

export const TEST_MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
export const TEST_MAX_BATCH_SIZE = MAX_BATCH_SIZE;

export interface TestServerOptions {
  /** Defaults to limits no test reaches; pass small ones to test rate limiting. */
  rateLimits?: RateLimitConfig;
  payments?: PaymentProvider | null;
  logger?: Logger;
  /**
   * The listen backlog (default: node's 511). A benchmark opening a thousand connections at once
   * needs more, or the kernel drops connection attempts past it and clients time out connecting.
   */
  backlog?: number;
  /**
   * One gate for tRPC and REST bodies, which a test can size and watch (default: each handler its
   * own, with the production defaults).
   */
  gate?: BodyReadGate;
  bodyIdleTimeoutMs?: number;
  bodyTotalTimeoutMs?: number;
  /** Node's own limit on receiving a request's headers (default 10 s). */
  headersTimeoutMs?: number;
  /** Sees every error tRPC reports (the fuzz sweep uses it to catch internal errors). */
  onError?: (error: TRPCError, path: string | undefined) => void;
}

export interface TestServer {
  /** The base URL; tRPC answers under `${url}/api/trpc`, the REST routes under `${url}/api/v1`. */
  url: string;
  close(): Promise<void>;
}

export function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The body stays a stream: nothing is read until the handler decides to read it. The signal aborts
 * when the client goes away before its answer is sent, as Next.js does for its route handlers.
 */
function toRequest(req: IncomingMessage, res: ServerResponse, base: string): Request {
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const disconnected = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) disconnected.abort();
  });
  // Typed apart from the call so it compiles under Node's fetch types and under the DOM lib the
  // benches load (the DOM's RequestInit has no `duplex`, and its ReadableStream is declared apart
  // from Node's, though at run time they are the same object).
  const init: RequestInit & { duplex: "half" } = {
    method,
    headers: toHeaders(req.headers),
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed under the DOM lib only
    body: hasBody ? (Readable.toWeb(req) as unknown as RequestInit["body"]) : undefined,
    // Required by undici for a streamed request body.
    duplex: "half",
    signal: disconnected.signal,
  };
  return new Request(new URL(req.url ?? "/", base), init);
}

async function sendResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // A body the handler refused to read is not drained: the connection closes after the answer.
  const unread = !req.complete;
  // Null once the handler cancelled the body (that destroys the request and its socket).
  const socket = req.socket as IncomingMessage["socket"] | null;
  if (unread) res.setHeader("connection", "close");
  res.end(Buffer.from(await response.arrayBuffer()));
  if (unread) res.once("finish", () => socket?.destroy());
}

const quietLogger = createLogger({ level: "silent" });

export async function startTestServer(
  database: Database,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const logFailedCall = createRequestErrorLogger(options.logger ?? quietLogger);
  const gate = options.gate;
  const makeContext = (req: Request, { ip }: { ip: string | null }) =>
    createContext({
      database,
      headers: req.headers,
      ip,
      payments: options.payments ?? null,
      rateLimits: options.rateLimits ?? { perApiKey: 1_000_000, perUser: 1_000_000 },
      logger: options.logger ?? quietLogger,
    });
  const onError = ({
    error,
    path,
    type,
    ctx,
  }: {
    error: TRPCError;
    path: string | undefined;
    type: string;
    ctx?: { requestId: string };
  }) => {
    logFailedCall({ error, path, type, requestId: ctx?.requestId });
    options.onError?.(error, path);
  };
  const handle = createTrpcHttpHandler<{ ip: string | null }>({
    endpoint: "/api/trpc",
    gate,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs,
    bodyTotalTimeoutMs: options.bodyTotalTimeoutMs,
    createContext: makeContext,
    onError,
  });
  // The REST routes share the gate and the context: the same limits as in apps/web.
  const handleRest = createRestHandler<{ ip: string | null }>({
    gate,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs,
    bodyTotalTimeoutMs: options.bodyTotalTimeoutMs,
    createContext: makeContext,
    onError,
  });
  const server = createServer({ headersTimeout: options.headersTimeoutMs ?? 10_000 });
  let base = "http://127.0.0.1";
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const request = toRequest(req, res, base);
    const path = new URL(request.url).pathname;
    const answer =
      path === "/api/health"
        ? healthResponse(request, {
            database: () => Promise.resolve(database),
            backend: database.backend,
          })
        : path.startsWith("/api/trpc/")
          ? handle(request, { ip: req.socket.remoteAddress ?? null })
          : path.startsWith("/api/v1/")
            ? handleRest(request, { ip: req.socket.remoteAddress ?? null })
            : path === "/api/openapi.json"
              ? Promise.resolve(
                  new Response(openApiDocumentJson(), {
                    headers: { "content-type": "application/json" },
                  }),
                )
              : Promise.resolve(new Response("not found", { status: 404 }));
    answer
      .then((response) => sendResponse(req, res, response))
      .catch((error: unknown) => {
        (options.logger ?? quietLogger).error(
          { err: String(error) },
          "test server: request failed",
        );
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
  server.listen({
    port: 0,
    host: "127.0.0.1",
    ...(options.backlog ? { backlog: options.backlog } : {}),
  });
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
