// /api/v1/* over the fetch API: the REST routes (routes.ts) for integrators whose language has no
// tRPC client. Each request becomes ONE call of the procedure the route names, made through a tRPC
// caller with the same context /api/trpc builds, so the policy map, API-key scopes, rate limits,
// the RLS transaction, the PHI gate and the audit row apply exactly as they do there:
//
//   match the route (404 / 405 with Allow)
//   headers only ──▶ authenticate; a request with a body and no valid credentials ──▶ 401 at once
//   read the body within the procedure's byte limit, timeouts and the process-wide gate (413/408/503)
//   path + query string / JSON body + Idempotency-Key ──▶ the procedure's input ──▶ caller
//   the result as JSON, or an error as application/problem+json with the stable tRPC `code`
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError, INTERNAL_ERROR_MESSAGE, inputIssuesOf, toTRPCError } from "../errors";
import {
  BodyReadGate,
  DEFAULT_BODY_LIMIT_BYTES,
  PROCEDURE_BODY_LIMITS,
  readRequestBody,
} from "../http";
import { unauthenticatedReason } from "../http-handler";
import { appRouter } from "../root";
import { createCallerFactory, type Context } from "../trpc";
import { inputFromPath, inputFromQuery, QueryStringError, reviveDates } from "./input";
import { matchRestRoute, REST_BASE_PATH, type RestRoute } from "./routes";

/** The largest Idempotency-Key accepted (the procedures' own bound on `idempotencyKey`). */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** An RFC 9457 problem with Frontdesk's stable `code` (the same one `error.data.code` carries over tRPC). */
export interface Problem {
  type: "about:blank";
  title: string;
  status: number;
  /** For people; may change. */
  detail: string;
  /** Stable: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, … */
  code: TRPCError["code"];
  requestId?: string;
  /** Seconds, also sent as the Retry-After header (429 and 503). */
  retryAfter?: number;
  /** Which input fields were rejected and why (BAD_REQUEST from the schema). */
  issues?: { path: string; message: string }[];
}

const TITLES: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function problemResponse(
  code: TRPCError["code"],
  detail: string,
  extra: {
    requestId?: string;
    retryAfter?: number;
    issues?: Problem["issues"];
    headers?: Record<string, string>;
    status?: number;
  } = {},
): Response {
  const status = extra.status ?? getHTTPStatusCodeFromError(new TRPCError({ code }));
  const body: Problem = {
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
  };
  if (extra.requestId) body.requestId = extra.requestId;
  if (extra.retryAfter !== undefined) body.retryAfter = extra.retryAfter;
  if (extra.issues?.length) body.issues = extra.issues;
  const headers: Record<string, string> = {
    "content-type": PROBLEM_CONTENT_TYPE,
    ...extra.headers,
  };
  if (extra.requestId) headers["x-request-id"] = extra.requestId;
  if (extra.retryAfter !== undefined) headers["retry-after"] = String(extra.retryAfter);
  return new Response(JSON.stringify(body), { status, headers });
}

/** Any failure as a problem response, in the same words the tRPC transport would use. */
export function problemFromError(error: unknown, requestId?: string): Response {
  const mapped = toTRPCError(error);
  const retryAfter = mapped.cause instanceof AppError ? mapped.cause.retryAfterSeconds : undefined;
  const issues = inputIssuesOf(mapped);
  let detail = mapped.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : mapped.message;
  if (issues?.length) {
    const first = issues[0];
    detail = `The input is not valid${first ? ` (${first.path || "input"}: ${first.message})` : ""}`;
  }
  return problemResponse(mapped.code, detail, { requestId, retryAfter, issues });
}

export interface RestHandlerOptions<Info> {
  /** The same context factory as /api/trpc: authentication, the client's address, the logger. */
  createContext: (req: Request, info: Info) => Promise<Context>;
  /** Shared by every handler of the process (default: one gate per handler). */
  gate?: BodyReadGate;
  bodyIdleTimeoutMs?: number;
  bodyTotalTimeoutMs?: number;
  /** Every error a call produced, with the procedure's path (for the request log). */
  onError?: (call: { error: TRPCError; path: string; type: string; ctx: Context }) => void;
}

const createCaller = createCallerFactory(appRouter);

type Callable = (input: unknown) => Promise<unknown>;

/** The caller's function for a dotted procedure path. */
function callableAt(caller: unknown, path: string): Callable {
  let node: unknown = caller;
  for (const part of path.split(".")) {
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as Callable;
}

function idempotencyKeyOf(req: Request, route: RestRoute): { key?: string } | Response {
  const key = req.headers.get("idempotency-key");
  if (key === null) return {};
  if (!route.idempotent) {
    return problemResponse(
      "BAD_REQUEST",
      `${route.method} ${REST_BASE_PATH}${route.path} does not take an Idempotency-Key; only creates do`,
    );
  }
  if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return problemResponse(
      "BAD_REQUEST",
      `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  return { key };
}

async function jsonBody(
  req: Request,
  route: RestRoute,
  ctx: Context,
  options: RestHandlerOptions<unknown>,
  gate: BodyReadGate,
): Promise<Record<string, unknown> | Response> {
  const read = await readRequestBody(req, {
    limit: PROCEDURE_BODY_LIMITS[route.procedure] ?? DEFAULT_BODY_LIMIT_BYTES,
    gate,
    idleTimeoutMs: options.bodyIdleTimeoutMs,
    totalTimeoutMs: options.bodyTotalTimeoutMs,
    refuse: (code, message) =>
      problemResponse(code, message, {
        requestId: ctx.requestId,
        retryAfter: code === "SERVICE_UNAVAILABLE" ? 1 : undefined,
      }),
  });
  if (!read.ok) return read.response;
  if (!read.body || read.body.byteLength === 0) return {};
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    return problemResponse(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON (Content-Type: application/json)",
      {
        requestId: ctx.requestId,
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(read.body));
  } catch {
    return problemResponse("BAD_REQUEST", "The body is not valid JSON", {
      requestId: ctx.requestId,
    });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return problemResponse("BAD_REQUEST", "The body must be a JSON object", {
      requestId: ctx.requestId,
    });
  }
  // Only the fields the document lists; path parameters come from the path.
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (route.bodyFields.includes(key)) body[key] = value;
  }
  return body;
}

/**
 * The REST handler. `basePath` is where it is mounted (`/api/v1`); requests outside it are 404.
 */
export function createRestHandler<Info = undefined>(
  options: RestHandlerOptions<Info>,
): (req: Request, info: Info) => Promise<Response> {
  const gate = options.gate ?? new BodyReadGate();
  return async (req, info) => {
    const url = new URL(req.url);
    if (!url.pathname.startsWith(`${REST_BASE_PATH}/`)) {
      return problemResponse(
        "NOT_FOUND",
        `No route ${url.pathname.slice(0, 200)}; the routes are listed in /api/openapi.json`,
      );
    }
    const match = matchRestRoute(req.method, url.pathname.slice(REST_BASE_PATH.length));
    if (match.kind === "not_found") {
      return problemResponse(
        "NOT_FOUND",
        `No route ${url.pathname.slice(0, 200)}; the routes are listed in /api/openapi.json`,
      );
    }
    if (match.kind === "method_not_allowed") {
      return problemResponse(
        "METHOD_NOT_SUPPORTED",
        `${req.method.slice(0, 16)} is not allowed here; use ${match.allow.join(" or ")}`,
        {
          status: 405,
          headers: { allow: match.allow.join(", ") },
        },
      );
    }
    const { route, params } = match;

    let ctx: Context;
    try {
      ctx = await options.createContext(req, info);
    } catch (error) {
      return problemFromError(error);
    }
    const key = idempotencyKeyOf(req, route);
    if (key instanceof Response) return key;

    let input: Record<string, unknown>;
    try {
      const fromPath = inputFromPath(params, route.fields);
      let fields: Record<string, unknown>;
      if (route.bodyFields.length > 0 || (route.method !== "GET" && route.method !== "DELETE")) {
        // Every mutation needs credentials: refuse before a byte of the body is read.
        const reason = await unauthenticatedReason(ctx);
        if (reason !== null)
          return problemResponse("UNAUTHORIZED", reason, { requestId: ctx.requestId });
        const body = await jsonBody(req, route, ctx, options as RestHandlerOptions<unknown>, gate);
        if (body instanceof Response) return body;
        fields = body;
      } else {
        fields = inputFromQuery(url.searchParams, route.queryParams, route.fields);
      }
      input = { ...fields, ...fromPath };
      if (key.key !== undefined) input.idempotencyKey = key.key;
    } catch (error) {
      if (error instanceof QueryStringError) {
        return problemResponse("BAD_REQUEST", error.message, { requestId: ctx.requestId });
      }
      return problemFromError(error, ctx.requestId);
    }

    // A procedure without input (phi.policy.get) is called with none.
    const procedureInput = route.input ? reviveDates(route.input, input) : undefined;
    try {
      const call = callableAt(createCaller(ctx), route.procedure);
      const result = await call(procedureInput);
      return new Response(JSON.stringify(result), {
        status: route.status ?? 200,
        headers: { "content-type": "application/json", "x-request-id": ctx.requestId },
      });
    } catch (error) {
      const mapped = toTRPCError(error);
      options.onError?.({ error: mapped, path: route.procedure, type: route.type, ctx });
      return problemFromError(mapped, ctx.requestId);
    }
  };
}
