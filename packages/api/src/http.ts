// What a transport does before tRPC runs: the request body's limits (per procedure, a byte cap, idle
// and total timeouts, a budget of bytes that the bodies being read may pin together), and error
// responses in the same envelope tRPC itself sends with this router's transformer, so
// `@trpc/client` turns them into a normal TRPCClientError with `data.code`.
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

/** Releases what a read reserved; calling it again does nothing. */
export type BodyReadRelease = () => void;

export interface BodyReadGateOptions {
  /** Bytes the reads admitted at once may reserve together (DEFAULT_BODY_READ_BUDGET_BYTES). */
  capacityBytes?: number;
  /** Reads that may wait for room at once (default DEFAULT_BODY_READ_MAX_WAITERS). */
  maxWaiters?: number;
  /** How long a read may wait for room before it is refused (DEFAULT_BODY_READ_MAX_WAIT_MS). */
  maxWaitMs?: number;
}

/**
 * The default byte budget: as many bytes as 64 maximum-size bodies, the same worst case as the
 * former cap of 64 bodies read at once, now spent on the bytes bodies can actually hold.
 */
export const DEFAULT_BODY_READ_BUDGET_BYTES = 64 * MAX_REQUEST_BODY_BYTES;
/**
 * A burst of small bodies drains through the budget in milliseconds once they have arrived, so a
 * short wait serves it; when stalled uploads hold the budget, a waiter gets its 503 and Retry-After
 * long before a client's own timeout, and does not become a long-held resource itself.
 */
export const DEFAULT_BODY_READ_MAX_WAIT_MS = 2_000;
/**
 * A waiter holds no body bytes of its own beyond what the socket layer buffers before it applies
 * back-pressure (a stream's high-water mark, some tens of KiB), so this bounds the queue's memory
 * to a few tens of MiB beside the budget while leaving room for a burst of a thousand requests.
 */
export const DEFAULT_BODY_READ_MAX_WAITERS = 1_024;

interface Waiter {
  bytes: number;
  admit: (release: BodyReadRelease | null) => void;
}

/**
 * The bytes request bodies may pin in memory, process-wide. A read reserves its declared
 * Content-Length (Node never delivers more than a request declares) or, undeclared (chunked), its
 * route's whole limit. A read that does not fit waits in a bounded FIFO queue for a short time;
 * past that, or with the queue full, it is answered 503 with Retry-After (the SDK retries those).
 * So a burst of small bodies is served, and stalled or slow uploads never pin more than the budget.
 */
export class BodyReadGate {
  readonly capacityBytes: number;
  readonly maxWaiters: number;
  readonly maxWaitMs: number;
  private reserved = 0;
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(options: BodyReadGateOptions = {}) {
    this.capacityBytes = options.capacityBytes ?? DEFAULT_BODY_READ_BUDGET_BYTES;
    this.maxWaiters = options.maxWaiters ?? DEFAULT_BODY_READ_MAX_WAITERS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_BODY_READ_MAX_WAIT_MS;
  }

  /** Bytes reserved by the reads admitted now; never more than `capacityBytes`. */
  get reservedBytes(): number {
    return this.reserved;
  }

  /** Reads admitted now. */
  get inFlight(): number {
    return this.active;
  }

  /** Reads waiting for room now. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Reserves `bytes` at once if they fit and no read waits ahead (a waiter is never overtaken, so a
   * large read is not starved by a stream of small ones); null otherwise.
   */
  tryEnter(bytes: number): BodyReadRelease | null {
    if (this.queue.length > 0 || !this.fits(bytes)) return null;
    return this.admit(bytes);
  }

  /**
   * Reserves `bytes`, waiting up to `maxWaitMs` in line for room. Null when they can never fit, the
   * queue is full, the wait ran out, or `signal` aborted (the client went away) while waiting.
   */
  enter(bytes: number, signal?: AbortSignal): Promise<BodyReadRelease | null> {
    const now = this.tryEnter(bytes);
    if (now) return Promise.resolve(now);
    if (bytes > this.capacityBytes || this.queue.length >= this.maxWaiters || signal?.aborted)
      return Promise.resolve(null);
    return new Promise((resolve) => {
      const leave = () => {
        const at = this.queue.indexOf(waiter);
        if (at < 0) return;
        this.queue.splice(at, 1);
        waiter.admit(null);
        // The reads behind a large one that gave up may fit now.
        this.drain();
      };
      const timer = setTimeout(leave, this.maxWaitMs);
      const waiter: Waiter = {
        bytes,
        admit: (release) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", leave);
          resolve(release);
        },
      };
      signal?.addEventListener("abort", leave, { once: true });
      this.queue.push(waiter);
    });
  }

  private fits(bytes: number): boolean {
    return this.reserved + bytes <= this.capacityBytes;
  }

  private admit(bytes: number): BodyReadRelease {
    this.reserved += bytes;
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
      this.active--;
      this.drain();
    };
  }

  /** Admits waiters in order while the first one fits. */
  private drain(): void {
    for (;;) {
      const next = this.queue[0];
      if (!next || !this.fits(next.bytes)) return;
      this.queue.shift();
      next.admit(this.admit(next.bytes));
    }
  }
}

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
 * once the gate has room for its declared length (or `limit`, undeclared). Call it only once the
 * request is authenticated: an anonymous client must not be able to make the server hold anything.
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

  // Node refuses a body longer than it declared, so a declared length is all it can pin.
  const reserve = declared === null ? options.limit : Number(declared);
  const release = await options.gate.enter(reserve, req.signal);
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
