// tRPC over HTTP for the console and the SDK.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError, appRouter, createRequestErrorLogger, toTRPCError } from "@frontdesk/api";
import { logger } from "@/server/logger";
import { limitRequestBody, MAX_BATCH_SIZE } from "@/server/request-limits";
import { createRequestContext } from "@/server/trpc-context";

export const dynamic = "force-dynamic";

const logFailedCall = createRequestErrorLogger(logger);

async function handler(req: Request): Promise<Response> {
  const limited = await limitRequestBody(req);
  if (!limited.ok) return limited.response;

  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited.request,
    router: appRouter,
    // Clients must batch at most this many calls (httpBatchLink `maxItems`); more is a 400.
    maxBatchSize: MAX_BATCH_SIZE,
    // Opening the database can fail (down, still starting): that is a 503 the SDK retries, not a 500.
    createContext: ({ req: request }) =>
      createRequestContext(request.headers).catch((error: unknown) => {
        throw toTRPCError(error);
      }),
    responseMeta: ({ ctx, errors }) => {
      const headers: Record<string, string> = {};
      if (ctx) headers["x-request-id"] = ctx.requestId;
      // TOO_MANY_REQUESTS (rate limit window end) and SERVICE_UNAVAILABLE carry when to come back.
      const retryAfter = Math.max(0, ...errors.map((e) => (e.cause instanceof AppError ? (e.cause.retryAfterSeconds ?? 0) : 0)));
      if (retryAfter > 0) headers["retry-after"] = String(retryAfter);
      return { headers };
    },
    // Client errors are the client's business; internal and database failures are logged, with
    // their cause and never the input.
    onError: ({ error, path, type, ctx }) =>
      logFailedCall({ error, path, type, requestId: ctx?.requestId }),
  });
}

export { handler as GET, handler as POST };
