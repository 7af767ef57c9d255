// Error responses a transport has to send before tRPC runs (body too large, …), in the same envelope
// tRPC itself sends with this router's transformer, so `@trpc/client` turns them into a normal
// TRPCClientError with `data.code`.
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";

/**
 * The largest request body /api/trpc accepts (413 above it). 4 MiB: a full `metrics.recordBatch` of
 * 10,000 points is about 1.6 MiB, and no other input comes near.
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

export function trpcErrorResponse(
  code: TRPCError["code"],
  message: string,
  headers?: Record<string, string>,
): Response {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code, message }));
  const shape = { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } };
  return Response.json({ error: superjson.serialize(shape) }, { status: httpStatus, headers });
}
