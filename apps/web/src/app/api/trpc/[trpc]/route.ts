// tRPC over HTTP for the console and the SDK.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError, appRouter, describeErrorForLog } from "@frontdesk/api";
import { logger } from "@/server/logger";
import { limitRequestBody, MAX_BATCH_SIZE } from "@/server/request-limits";
import { createRequestContext } from "@/server/trpc-context";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const limited = await limitRequestBody(req);
  if (!limited.ok) return limited.response;

  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited.request,
    router: appRouter,
    // Clients must batch at most this many calls (httpBatchLink `maxItems`); more is a 400.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req: request }) => createRequestContext(request.headers),
    responseMeta: ({ ctx, errors }) => {
      const headers: Record<string, string> = {};
      if (ctx) headers["x-request-id"] = ctx.requestId;
      // TOO_MANY_REQUESTS carries when to come back (rate limit window end).
      const retryAfter = Math.max(0, ...errors.map((e) => (e.cause instanceof AppError ? (e.cause.retryAfterSeconds ?? 0) : 0)));
      if (retryAfter > 0) headers["retry-after"] = String(retryAfter);
      return { headers };
    },
    onError: ({ error, path, type, ctx }) => {
      // Client errors are the client's business; internal ones are logged — never with the input.
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      logger.error(
        { requestId: ctx?.requestId, path, type, err: describeErrorForLog(error) },
        "tRPC request failed",
      );
    },
  });
}

export { handler as GET, handler as POST };
