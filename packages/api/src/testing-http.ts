// A real HTTP server for tests: the app router over node:http with the same limits apps/web sets
// (batch of at most 50, body of at most MAX_REQUEST_BODY_BYTES → 413 in tRPC's envelope), so the SDK, the fuzz
// sweep and anything else that must go through a socket can. Not for production.
import { once } from "node:events";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TRPCError } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import type { Database } from "@frontdesk/db";
import { AppError } from "./errors";
import { MAX_REQUEST_BODY_BYTES, trpcErrorResponse } from "./http";
import { createLogger, type Logger } from "./logger";
import { createRequestErrorLogger } from "./request-log";
import type { PaymentProvider } from "./payments";
import type { RateLimitConfig } from "./rate-limit";
import { appRouter } from "./root";
import { createContext } from "./trpc";

export const TEST_MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
export const TEST_MAX_BATCH_SIZE = 50;

export interface TestServerOptions {
  /** Defaults to limits no test reaches; pass small ones to test rate limiting. */
  rateLimits?: RateLimitConfig;
  payments?: PaymentProvider | null;
  logger?: Logger;
  maxBodyBytes?: number;
  /**
   * The listen backlog (default: node's 511). A benchmark opening a thousand connections at once
   * needs more, or the kernel drops connection attempts past it and clients time out connecting.
   */
  backlog?: number;
  /** Sees every error tRPC reports (the fuzz sweep uses it to catch internal errors). */
  onError?: (error: TRPCError, path: string | undefined) => void;
}

export interface TestServer {
  /** The base URL; tRPC answers under `${url}/api/trpc`. */
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

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

const quietLogger = createLogger({ level: "silent" });

export async function startTestServer(
  database: Database,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const maxBodyBytes = options.maxBodyBytes ?? TEST_MAX_BODY_BYTES;
  const logFailedCall = createRequestErrorLogger(options.logger ?? quietLogger);
  const server = createHTTPServer({
    router: appRouter,
    basePath: "/api/trpc/",
    maxBatchSize: TEST_MAX_BATCH_SIZE,
    // A chunked body declares no length: tRPC counts the bytes and stops at the limit (413).
    maxBodySize: maxBodyBytes,
    middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      const declared = req.headers["content-length"];
      if (declared !== undefined && Number(declared) > maxBodyBytes) {
        // Same answer as apps/web's limitRequestBody; the unread body is dropped with the socket.
        res.setHeader("connection", "close");
        void sendResponse(
          res,
          trpcErrorResponse("PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBodyBytes} bytes`),
        );
        return;
      }
      next();
    },
    createContext: ({ req }) =>
      createContext({
        database,
        headers: toHeaders(req.headers),
        ip: req.socket.remoteAddress ?? null,
        payments: options.payments ?? null,
        rateLimits: options.rateLimits ?? { perApiKey: 1_000_000, perUser: 1_000_000 },
        logger: options.logger ?? quietLogger,
      }),
    responseMeta: ({ ctx, errors }) => {
      const headers: Record<string, string> = {};
      if (ctx) headers["x-request-id"] = ctx.requestId;
      const retryAfter = errors.map((e) => retryAfterOf(e)).find((s) => s !== undefined);
      if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
      return { headers };
    },
    onError: ({ error, path, type, ctx }) => {
      logFailedCall({ error, path, type, requestId: ctx?.requestId });
      options.onError?.(error, path);
    },
  });
  server.listen({ port: 0, host: "127.0.0.1", ...(options.backlog ? { backlog: options.backlog } : {}) });
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function retryAfterOf(error: TRPCError): number | undefined {
  return error.cause instanceof AppError ? error.cause.retryAfterSeconds : undefined;
}
