// What a transport does before tRPC runs: the request body's limits (per procedure, a byte cap, idle
// and total timeouts, a cap on bodies read at once), and error responses in the same envelope tRPC
// itself sends with this router's transformer, so `@trpc/client` turns them into a normal
// TRPCClientError with `data.code`.
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";

/**
 * The largest request body /api/trpc accepts (413 above it), and only for the procedures whose
 * contract needs it: a full `metrics.recordBatch` of 10,000 points is about 1.6 MiB.
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

/** Every other procedure's body limit: no other input comes near it. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Procedures whose largest valid input is bigger than the default (zod bounds × JSON escaping, which
 * can take 6 bytes per character).
 */
export const PROCEDURE_BODY_LIMITS: Readonly<Record<string, number>> = {
  // 10,000 points.
  "metrics.recordBatch": MAX_REQUEST_BODY_BYTES,
  // 500 messages of up to 20,000 characters.
  "scores.scoreConversation": MAX_REQUEST_BODY_BYTES,
  // 100,000 characters of text.
  "phi.scan": 1024 * 1024,
  // 200 items.
  "orders.create": 512 * 1024,
  // A 5,000-character comment and metadata.
  "scores.record": 128 * 1024,
  "scores.update": 128 * 1024,
};

/** A batch may carry the sum of its calls' limits, never more than MAX_REQUEST_BODY_BYTES. */
export function bodyLimitFor(paths: readonly string[]): number {
  let total = 0;
  for (const path of paths) total += PROCEDURE_BODY_LIMITS[path] ?? DEFAULT_BODY_LIMIT_BYTES;
  return Math.min(Math.max(total, DEFAULT_BODY_LIMIT_BYTES), MAX_REQUEST_BODY_BYTES);
}

/** `/api/trpc/a.b,c.d?batch=1` → `["a.b", "c.d"]` (nothing for another path or a malformed one). */
export function procedurePaths(url: string, endpoint: string): string[] {
  const prefix = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  const pathname = new URL(url).pathname;
  if (!pathname.startsWith(prefix)) return [];
  try {
    return decodeURIComponent(pathname.slice(prefix.length)).split(",");
  } catch {
    return [];
  }
}

export function trpcErrorResponse(
  code: TRPCError["code"],
  message: string,
  headers?: Record<string, string>,
): Response {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code, message }));
  const shape = { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } };
  return Response.json({ error: superjson.serialize(shape) }, { status: httpStatus, headers });
}

/**
 * How many request bodies are read at once, process-wide. Each may hold up to its limit in memory,
 * so this bounds what slow or stalled uploads can pin; beyond it a request is answered 503 with
 * Retry-After at once (the SDK retries those).
 */
export class BodyReadGate {
  private active = 0;

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** A release function, or null when the gate is full. */
  tryEnter(): (() => void) | null {
    if (this.active >= this.capacity) return null;
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }
}

export const DEFAULT_MAX_CONCURRENT_BODY_READS = 64;
/** A body that sends nothing for this long is abandoned (408). */
export const DEFAULT_BODY_IDLE_TIMEOUT_MS = 10_000;
/** However it trickles, a body must be complete within this (408). */
export const DEFAULT_BODY_TOTAL_TIMEOUT_MS = 60_000;

export interface BodyReadOptions {
  limit: number;
  gate: BodyReadGate;
  idleTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Builds the refusal (tRPC's envelope by default; the Stripe route answers plain JSON). */
  refuse?: (
    code: "PAYLOAD_TOO_LARGE" | "TIMEOUT" | "SERVICE_UNAVAILABLE",
    message: string,
  ) => Response;
}

export type BodyReadResult =
  { ok: true; body: Uint8Array<ArrayBuffer> | null } | { ok: false; response: Response };

const TIMED_OUT = Symbol("timed out");

type Chunk = { done: true; value?: undefined } | { done: false; value: Uint8Array };

function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
): Promise<Chunk | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([reader.read() as Promise<Chunk>, timeout]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Reads a request body chunk by chunk, never more than `limit` bytes (a declared Content-Length
 * above it is refused before a byte is read), giving up on a body that stalls or trickles, and only
 * while the gate has room. Call it only once the request is authenticated: an anonymous client must
 * not be able to make the server hold anything.
 */
export async function readRequestBody(
  req: Request,
  options: BodyReadOptions,
): Promise<BodyReadResult> {
  const refuse =
    options.refuse ??
    ((code, message) =>
      trpcErrorResponse(
        code,
        message,
        code === "SERVICE_UNAVAILABLE" ? { "retry-after": "1" } : undefined,
      ));
  const tooLarge = () => ({
    ok: false as const,
    response: refuse("PAYLOAD_TOO_LARGE", `Request body exceeds ${options.limit} bytes`),
  });
  const declared = req.headers.get("content-length");
  if (declared !== null && (!/^\d{1,16}$/.test(declared) || Number(declared) > options.limit))
    return tooLarge();
  if (!req.body) return { ok: true, body: null };

  const release = options.gate.tryEnter();
  if (!release) {
    return {
      ok: false,
      response: refuse(
        "SERVICE_UNAVAILABLE",
        "The server is busy reading other requests; retry shortly",
      ),
    };
  }
  const reader = req.body.getReader();
  const idleMs = options.idleTimeoutMs ?? DEFAULT_BODY_IDLE_TIMEOUT_MS;
  const deadline = Date.now() + (options.totalTimeoutMs ?? DEFAULT_BODY_TOTAL_TIMEOUT_MS);
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const wait = Math.min(idleMs, deadline - Date.now());
      const result = wait > 0 ? await readWithin(reader, wait) : TIMED_OUT;
      if (result === TIMED_OUT) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, response: refuse("TIMEOUT", "The request body arrived too slowly") };
      }
      if (result.done) break;
      received += result.value.byteLength;
      if (received > options.limit) {
        // Stop reading: the rest of an oversized upload is never buffered.
        await reader.cancel().catch(() => undefined);
        return tooLarge();
      }
      chunks.push(result.value);
    }
  } finally {
    release();
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, body };
}
