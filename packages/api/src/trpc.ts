// tRPC core: the request context, the tRPC instance, and the procedures every router builds on.
// Error policy lives here and in errors.ts: services throw AppError (or let the driver throw), the
// mapping middleware turns that into a TRPCError, and the formatter makes sure no stack, SQL or
// internal message ever reaches a client.
import { randomUUID } from "node:crypto";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Database, Db } from "@frontdesk/db";
import { INTERNAL_ERROR_MESSAGE, toTRPCError } from "./errors";

export interface CreateContextOptions {
  database: Database;
  /** The incoming request's headers (auth will read the session cookie / Bearer key from them). */
  headers: Headers;
}

export interface Context {
  /** Where services run their queries; a transaction satisfies the same type. */
  db: Db;
  database: Database;
  /** Correlates the client's error with the server log line; echoed as `x-request-id`. */
  requestId: string;
  headers: Headers;
}

// A caller-supplied id is only trusted if it is short and boring: it ends up in logs.
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export async function createContext({ database, headers }: CreateContextOptions): Promise<Context> {
  return { db: database.db, database, requestId: requestIdFrom(headers), headers };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // tRPC adds `data.stack` in development; stacks name files and sometimes carry SQL: drop it always.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // An INTERNAL error's message is whatever was thrown (often the driver's text): never show it.
      message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : shape.message,
      data,
    };
  },
});

/**
 * In tRPC v11 `await next()` never throws: a failure comes back as `result.error`, with whatever the
 * procedure threw as its `cause`. Map it once here so every procedure gets the same taxonomy.
 */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error);
  if (mapped === result.error) return result;
  throw mapped;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** No authentication: health checks and, later, sign-in helpers only. */
export const publicProcedure = t.procedure.use(errorMapping);
