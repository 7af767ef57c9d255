// tRPC over HTTP for the console and the SDK.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContext, describeErrorForLog } from "@frontdesk/api";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";
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
    createContext: async ({ req: request }) =>
      createContext({ database: await getDatabase(), headers: request.headers }),
    responseMeta: ({ ctx }) => (ctx ? { headers: { "x-request-id": ctx.requestId } } : {}),
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
