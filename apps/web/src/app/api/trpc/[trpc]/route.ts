// tRPC over HTTP for the console and the SDK. The handler authenticates from the headers before it
// reads a body, and reads bodies within per-procedure limits (see createTrpcHttpHandler).
import { createRequestErrorLogger, createTrpcHttpHandler } from "@frontdesk/api";
import { logger } from "@/server/logger";
import { bodyGate } from "@/server/request-limits";
import { createRequestContext } from "@/server/trpc-context";

export const dynamic = "force-dynamic";

const logFailedCall = createRequestErrorLogger(logger);

const handle = createTrpcHttpHandler({
  endpoint: "/api/trpc",
  // Opening the database can fail (down, still starting): the handler answers that 503, not 500.
  createContext: (req) => createRequestContext(req.headers),
  gate: bodyGate,
  // Client errors are the client's business; internal and database failures are logged, with
  // their cause and never the input.
  onError: ({ error, path, type, ctx }) =>
    logFailedCall({ error, path, type, requestId: ctx?.requestId }),
});

function handler(req: Request): Promise<Response> {
  return handle(req, undefined);
}

export { handler as GET, handler as POST };
