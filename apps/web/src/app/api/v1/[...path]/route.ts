// The REST routes for integrators (docs/openapi.json): each calls one tRPC procedure through the same
// context, body limits and gate as /api/trpc (see createRestHandler).
import { createRequestErrorLogger, createRestHandler } from "@frontdesk/api";
import { logger } from "@/server/logger";
import { bodyGate } from "@/server/request-limits";
import { createRequestContext } from "@/server/trpc-context";

export const dynamic = "force-dynamic";

const logFailedCall = createRequestErrorLogger(logger);

const handle = createRestHandler({
  createContext: (req) => createRequestContext(req.headers),
  gate: bodyGate,
  onError: ({ error, path, type, ctx }) =>
    logFailedCall({ error, path, type, requestId: ctx.requestId }),
});

function handler(req: Request): Promise<Response> {
  return handle(req, undefined);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
