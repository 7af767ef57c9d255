// Limits the tRPC fetch adapter does not enforce on its own: a maximum request body, checked on the
// declared Content-Length and on the bytes actually received (a chunked body declares nothing).
// The batch limit is tRPC's own `maxBatchSize` option (11.22 has it), set in the route.
import { MAX_REQUEST_BODY_BYTES, trpcErrorResponse } from "@frontdesk/api";

export const MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
export const MAX_BATCH_SIZE = 50;

export type LimitedRequest = { ok: true; request: Request } | { ok: false; response: Response };

function tooLarge(limit: number): LimitedRequest {
  return {
    ok: false,
    response: trpcErrorResponse("PAYLOAD_TOO_LARGE", `Request body exceeds ${limit} bytes`),
  };
}

/**
 * Reads the body (at most `limit` bytes, then gives up) and returns a request with the buffered
 * body, or a 413 response. Buffering is fine at this size and means tRPC never sees a partial body.
 */
export async function limitRequestBody(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<LimitedRequest> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return tooLarge(limit);
  if (!req.body) return { ok: true, request: req };

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // Stop reading: the rest of an oversized upload is never buffered.
      await reader.cancel().catch(() => undefined);
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return {
    ok: true,
    request: new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body,
      signal: req.signal,
    }),
  };
}
