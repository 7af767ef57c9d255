// /api/trpc over the fetch API, for every transport (the Next route, the test and bench servers):
//
//   headers only ──▶ authenticate (session cookie decoded, or an API key looked up by its hash)
//       mutation without valid credentials ──▶ 401 at once; the body is never read
//   read the body: per-procedure byte limit (413), idle and total timeouts (408), and only once its
//       declared length fits the process-wide byte budget (waits up to 2 s, then 503 + Retry-After)
//   tRPC (fetchRequestHandler) with the same context; batches of at most MAX_BATCH_SIZE calls.
//
// Before this order, an anonymous client could make the server buffer up to 4 MiB per request by
// opening uploads and never finishing them.
import type { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { resolveApiKey } from "./actor";
import { AppError, INTERNAL_ERROR_MESSAGE, toTRPCError } from "./errors";
import {
  bodyLimitFor,
  BodyReadGate,
  procedurePaths,
  readRequestBody,
  trpcErrorResponse,
} from "./http";
import { appRouter } from "./root";
import type { Context } from "./trpc";

export const MAX_BATCH_SIZE = 50;

export interface TrpcHttpHandlerOptions<Info> {
  /** Where the router is mounted, e.g. `/api/trpc`. */
  endpoint: string;
  /** The context from the request's headers (and what the transport knows, e.g. the peer address). */
  createContext: (req: Request, info: Info) => Promise<Context>;
  /** Shared by every handler of the process (default: one gate per handler). */
  gate?: BodyReadGate;
  bodyIdleTimeoutMs?: number;
  bodyTotalTimeoutMs?: number;
  /** Every error tRPC reports, with the call's path and type. */
  onError?: (call: {
    error: TRPCError;
    path: string | undefined;
    type: string;
    ctx: Context | undefined;
  }) => void;
}

/**
 * Why a request that is about to send a body has no credentials worth reading it for, or null.
 * Shared with the REST routes, which answer it in their own error shape.
 *
 * An API key is resolved and its call counted here, by the statement tenantProcedure would send
 * (revoked, expired and unknown keys refused, the body never read): the result waits in
 * `ctx.countedKeyCall` for the request's first tenant call, so a mutation costs one round trip for
 * its credentials, not two. A call refused later (body too large, bad input) stays counted: the
 * limit is on what a key sends.
 */
export async function unauthenticatedReason(ctx: Context): Promise<string | null> {
  const auth = ctx.auth;
  if (auth.kind === "none") return "Sign in or send an API key (Authorization: Bearer <key>)";
  if (auth.kind === "invalid") return auth.message;
  if (auth.kind === "api_key") {
    try {
      ctx.countedKeyCall = await resolveApiKey(ctx.database.db, auth.secretHash);
    } catch (error) {
      if (error instanceof AppError && error.code === "UNAUTHORIZED") return error.message;
      throw error;
    }
  }
  return null;
}

/** Refuses a request that is about to send a body without credentials worth reading it for. */
async function refuseUnauthenticated(ctx: Context): Promise<Response | null> {
  const reason = await unauthenticatedReason(ctx);
  return reason === null ? null : trpcErrorResponse("UNAUTHORIZED", reason);
}

/** A failure before tRPC runs (the database down while authenticating), in tRPC's envelope. */
function failure(error: unknown): Response {
  const mapped = toTRPCError(error);
  const retryAfter = mapped.cause instanceof AppError ? mapped.cause.retryAfterSeconds : undefined;
  return trpcErrorResponse(
    mapped.code,
    mapped.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : mapped.message,
    retryAfter === undefined ? undefined : { "retry-after": String(retryAfter) },
  );
}

const utf8 = new TextDecoder();

/** tRPC's own test for a JSON body: the media type before any parameters, case-insensitive. */
function isJson(req: Request): boolean {
  const type = req.headers.get("content-type");
  return type?.toLowerCase().split(";", 1)[0]?.trim() === "application/json";
}

/**
 * The request handed to tRPC once its body has been read. A JSON body (every call a tRPC client
 * sends) goes in a stand-in with the parts of a Request tRPC's fetch adapter reads for it — url,
 * method, headers, signal, and the body through `json()`, decoded as undici decodes it (UTF-8, a
 * byte order mark dropped) — instead of a new undici Request, whose construction (copying every
 * header, a new signal that follows the client's) cost a mutation as much CPU as its validation.
 * Any other body gets a real Request, so tRPC answers it as it always has.
 */
function withReadBody(req: Request, body: Uint8Array<ArrayBuffer> | null): Request {
  if (!isJson(req)) {
    return new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body,
      signal: req.signal,
    });
  }
  let used = false;
  const text = (): Promise<string> => {
    if (used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
    used = true;
    return Promise.resolve(body ? utf8.decode(body) : "");
  };
  const json = async (): Promise<unknown> => JSON.parse(await text());
  const forwarded: Pick<Request, "url" | "method" | "headers" | "signal" | "text" | "json"> = {
    url: req.url,
    method: req.method,
    headers: req.headers,
    signal: req.signal,
    text,
    json,
  };
  return forwarded as Request;
}

export function createTrpcHttpHandler<Info = undefined>(
  options: TrpcHttpHandlerOptions<Info>,
): (req: Request, info: Info) => Promise<Response> {
  const gate = options.gate ?? new BodyReadGate();
  return async (req, info) => {
    let ctx: Context;
    try {
      ctx = await options.createContext(req, info);
    } catch (error) {
      return failure(error);
    }
    let forwarded = req;
    if (req.method !== "GET" && req.method !== "HEAD") {
      // Only mutations are POSTed, and every mutation needs credentials.
      let refused: Response | null;
      try {
        refused = await refuseUnauthenticated(ctx);
      } catch (error) {
        return failure(error);
      }
      if (refused) return refused;
      const read = await readRequestBody(req, {
        limit: bodyLimitFor(procedurePaths(req.url, options.endpoint)),
        gate,
        idleTimeoutMs: options.bodyIdleTimeoutMs,
        totalTimeoutMs: options.bodyTotalTimeoutMs,
      });
      if (!read.ok) return read.response;
      forwarded = withReadBody(req, read.body);
    }
    return fetchRequestHandler({
      endpoint: options.endpoint,
      req: forwarded,
      router: appRouter,
      // Clients must batch at most this many calls (httpBatchLink `maxItems`); more is a 400.
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: () => ctx,
      responseMeta: ({ errors }) => {
        const headers: Record<string, string> = { "x-request-id": ctx.requestId };
        // TOO_MANY_REQUESTS carries when to come back (rate limit window end).
        const retryAfter = Math.max(
          0,
          ...errors.map((e) =>
            e.cause instanceof AppError ? (e.cause.retryAfterSeconds ?? 0) : 0,
          ),
        );
        if (retryAfter > 0) headers["retry-after"] = String(retryAfter);
        return { headers };
      },
      onError: ({ error, path, type }) => options.onError?.({ error, path, type, ctx }),
    });
  };
}
