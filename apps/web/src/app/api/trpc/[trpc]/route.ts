// tRPC over HTTP for the console and the SDK.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError, appRouter, createContext, describeErrorForLog } from "@frontdesk/api";
import { currentUserId } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";
import { getPayments } from "@/server/payments";
import { limitRequestBody, MAX_BATCH_SIZE } from "@/server/request-limits";

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
    createContext: async ({ req: request }) => {
      // The session cookie names the user; the tenant comes from the x-frontdesk-tenant header and
      // the API checks the membership and the policy map itself. An API key (Bearer) wins over both,
      // so SDK calls skip decoding a session cookie.
      const [database, userId] = await Promise.all([
        getDatabase(),
        request.headers.has("authorization") ? null : currentUserId(),
      ]);
      return createContext({
        database,
        headers: request.headers,
        session: userId ? { userId } : null,
        ip: clientIp(request.headers),
        logger,
        payments: getPayments(),
      });
    },
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
