// The SDK's custom tRPC links (https://trpc.io/docs/client/links), in this order:
//
//   idempotencyLink  gives every create-type mutation an `idempotencyKey` the caller did not set, so the
//                    same operation can be sent again without creating twice;
//   retryLink        retries transport failures and 429/503 with exponential backoff and jitter,
//                    honouring Retry-After — queries always, mutations only when they carry a key;
//   dispatchLink     (terminating) sends a call made alone at once (httpLink) and calls made together
//                    as one batch (httpBatchLink).
//
// The first two see one operation (not one HTTP batch): a retry re-enters dispatchLink alone or
// with whatever else is pending.
import {
  TRPCClientError,
  type Operation,
  type OperationLink,
  type OperationResultObserver,
  type TRPCLink,
} from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";

/**
 * The mutations the SDK keys automatically: every `*.create` plus the named ones. A pattern is a
 * dotted procedure path where `*` stands for any number of segments. `exclude` lists procedures
 * that match a pattern but take no key (the SDK must not retry those: the server would not
 * deduplicate). A database test walks the router and fails when this and the input schemas disagree.
 */
export const IDEMPOTENT_MUTATIONS = {
  include: ["*.create", "scores.record", "scores.scoreConversation", "orders.refund"],
  // Neither deduplicates by key today: resources are set up by hand, and a key's secret is shown once.
  exclude: [
    "bookings.resources.create",
    "apiKeys.create",
    "webhooks.endpoints.create",
  ] as readonly string[],
} as const;

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+");
  return new RegExp(`^${escaped}$`);
}

const includePatterns = IDEMPOTENT_MUTATIONS.include.map(patternToRegExp);

/** Whether the SDK adds an `idempotencyKey` to this mutation when the caller did not. */
export function isIdempotentMutation(path: string): boolean {
  return (
    !IDEMPOTENT_MUTATIONS.exclude.includes(path) && includePatterns.some((re) => re.test(path))
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The caller's (or the SDK's) idempotency key on an operation's input, if any. */
export function idempotencyKeyOf(input: unknown): string | undefined {
  if (!isPlainObject(input)) return undefined;
  const key = input.idempotencyKey;
  return typeof key === "string" && key.length > 0 ? key : undefined;
}

export interface IdempotencyLinkOptions {
  /** Defaults to a random UUID (`crypto.randomUUID()` where the runtime has Web Crypto). */
  generateKey?: () => string;
}

/**
 * A random UUID v4. Node 18 has no global `crypto` (it came in Node 19) and the SDK imports nothing
 * of Node, so without Web Crypto the key comes from Math.random: still 122 random bits, which is
 * what a key needs (unique, not secret: the server stores only its hash, per tenant).
 */
export function randomKey(): string {
  const webCrypto = (
    globalThis as {
      crypto?: { randomUUID?: () => string; getRandomValues?: (array: Uint8Array) => Uint8Array };
    }
  ).crypto;
  if (typeof webCrypto?.randomUUID === "function") return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === "function") webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** AbortSignal.any where the runtime has it (Node 20.3+, current browsers); listeners elsewhere (Node 18). */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof native === "function") return native.call(AbortSignal, signals);
  const controller = new AbortController();
  const abort = () => {
    for (const signal of signals) signal.removeEventListener("abort", abort);
    controller.abort();
  };
  for (const signal of signals) {
    if (signal.aborted) {
      abort();
      break;
    }
    signal.addEventListener("abort", abort, { once: true });
  }
  return controller.signal;
}

export function idempotencyLink<TRouter extends AnyRouter>(
  options: IdempotencyLinkOptions = {},
): TRPCLink<TRouter> {
  const generateKey = options.generateKey ?? randomKey;
  return () =>
    ({ op, next }) => {
      if (op.type !== "mutation" || !isIdempotentMutation(op.path)) return next(op);
      if (!isPlainObject(op.input) || idempotencyKeyOf(op.input) !== undefined) return next(op);
      return next({ ...op, input: { ...op.input, idempotencyKey: generateKey() } });
    };
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The first retry waits about this long; each further one doubles it. */
  baseDelayMs: number;
  /** Cap of the exponential delay (Retry-After may ask for longer, up to maxRetryAfterMs). */
  maxDelayMs: number;
  /** A server asking to wait longer than this is not waited for: the error is returned. */
  maxRetryAfterMs: number;
  /** Jitter source in [0, 1). */
  random: () => number;
  /** Waits `ms`; rejects or resolves early when `signal` aborts (the operation was cancelled). */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called before each retry, e.g. for logging. */
  onRetry?: (info: {
    path: string;
    type: string;
    attempt: number;
    delayMs: number;
    error: TRPCClientError<AnyRouter>;
  }) => void;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
  sleep: defaultSleep,
};

/** HTTP statuses worth retrying: rate limited, temporarily unavailable. Every other 4xx/5xx is final. */
export const RETRYABLE_STATUSES: readonly number[] = [429, 503];

/**
 * The delay before retry number `retry` (1-based): exponential with "equal jitter" (half fixed, half
 * random, so clients that failed together spread out but never retry instantly), at least what the
 * server asked for with Retry-After.
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = exponential / 2 + policy.random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

function numberField(value: unknown, field: string): number | undefined {
  if (typeof value !== "object" || value === null || !(field in value)) return undefined;
  const found: unknown = (value as Record<string, unknown>)[field];
  return typeof found === "number" && Number.isFinite(found) ? found : undefined;
}

interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
}

// Duck-typed: a custom `fetch` may return a Response of another realm or library.
function responseOf(error: TRPCClientError<AnyRouter>): ResponseLike | undefined {
  const response: unknown = error.meta?.response;
  if (typeof response !== "object" || response === null) return undefined;
  const { status, headers } = response as Partial<Record<keyof ResponseLike, unknown>>;
  if (typeof status !== "number" || typeof headers !== "object" || headers === null)
    return undefined;
  return typeof (headers as { get?: unknown }).get === "function"
    ? (response as ResponseLike)
    : undefined;
}

/** The HTTP status the error came with; undefined when no tRPC response was read (network failure, non-JSON body). */
export function httpStatusOf(error: TRPCClientError<AnyRouter>): number | undefined {
  return numberField(error.data, "httpStatus") ?? responseOf(error)?.status;
}

/** Retry-After in ms: the header (seconds or an HTTP date) or the error's `data.retryAfter` (seconds). */
export function retryAfterMsOf(
  error: TRPCClientError<AnyRouter>,
  now = Date.now(),
): number | undefined {
  const header = responseOf(error)?.headers.get("retry-after");
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const fromData = numberField(error.data, "retryAfter");
  return fromData !== undefined && fromData >= 0 ? fromData * 1000 : undefined;
}

/** Whether this failure may be retried at all (independent of the attempt count). */
export function isRetryableFailure(
  op: { type: string; input: unknown; signal?: AbortSignal | null },
  error: TRPCClientError<AnyRouter>,
): boolean {
  if (op.signal?.aborted) return false;
  if (op.type === "subscription") return false;
  // A mutation is only safe to send twice when the server deduplicates it by its key.
  if (op.type === "mutation" && idempotencyKeyOf(op.input) === undefined) return false;
  const status = httpStatusOf(error);
  if (status === undefined) return isTransportFailure(error);
  return RETRYABLE_STATUSES.includes(status);
}

// fetch rejects with a TypeError when the connection fails or resets (node-fetch: FetchError); a
// proxy's HTML error page fails JSON parsing (SyntaxError). Other errors without a status happen
// before sending (serialization, an oversized URL) and would fail again the same way.
const TRANSPORT_ERRORS = new Set(["TypeError", "SyntaxError", "FetchError"]);

function isTransportFailure(error: TRPCClientError<AnyRouter>): boolean {
  const cause: unknown = error.cause;
  return cause instanceof Error && TRANSPORT_ERRORS.has(cause.name);
}

export function retryLink<TRouter extends AnyRouter>(
  overrides: Partial<RetryPolicy> = {},
): TRPCLink<TRouter> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        // Made only when a retry has to wait (most calls never do): creating and aborting an
        // AbortController on every call costs more than the rest of this link (the abort reason is
        // a DOMException with a stack trace).
        let cancelled: AbortController | undefined;
        let tornDown = false;
        let current: Unsubscribable | undefined;

        // `made` counts attempts including this one; a failure of attempt n would be retry n.
        const attempt = (made: number) => {
          if (tornDown) return;
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              const retry = made;
              if (retry > policy.retries || !isRetryableFailure(op, error)) {
                observer.error(error);
                return;
              }
              const retryAfterMs = retryAfterMsOf(error);
              if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
                observer.error(error);
                return;
              }
              const delayMs = backoffDelay(retry, policy, retryAfterMs);
              policy.onRetry?.({ path: op.path, type: op.type, attempt: retry, delayMs, error });
              cancelled ??= new AbortController();
              // Sleeping between attempts ends early when the link is torn down or the caller aborts.
              const stop = op.signal ? anySignal([cancelled.signal, op.signal]) : cancelled.signal;
              policy.sleep(delayMs, stop).then(
                () => {
                  if (op.signal?.aborted) {
                    observer.error(
                      TRPCClientError.from(
                        new DOMException("The operation was aborted", "AbortError"),
                      ),
                    );
                    return;
                  }
                  attempt(made + 1);
                },
                () => undefined,
              );
            },
          });
        };
        attempt(1);

        return () => {
          tornDown = true;
          cancelled?.abort();
          current?.unsubscribe();
        };
      });
}

// Runs `fn` once the current task and its microtasks are done: the calls a program makes "at once"
// (Promise.all, a loop without await) are all pending by then. Browsers lack setImmediate.
const afterThisTask: (fn: () => void) => void =
  typeof setImmediate === "function"
    ? (fn) => void setImmediate(fn)
    : (fn) => void setTimeout(fn, 0);

export interface DispatchLinkOptions<TRouter extends AnyRouter> {
  /** Sends one operation as its own request (httpLink). */
  single: TRPCLink<TRouter>;
  /** Sends operations made together as one request (httpBatchLink). */
  batch: TRPCLink<TRouter>;
  /** Whether an operation may go alone through `single` (e.g. its GET URL is short enough); default yes. */
  canSendAlone?: (op: Operation) => boolean;
}

/**
 * httpBatchLink holds every call for a `setTimeout(0)` before sending — at least 1 ms in Node, longer
 * than a whole request on a local network — even when nothing else is coming. This link waits only
 * for the end of the current task instead, then sends a call that is alone of its type straight
 * through `single` and hands calls made together to `batch`, which still puts them in one request.
 */
export function dispatchLink<TRouter extends AnyRouter>(
  options: DispatchLinkOptions<TRouter>,
): TRPCLink<TRouter> {
  return (runtime) => {
    const single = options.single(runtime);
    const batch = options.batch(runtime);
    interface Pending {
      op: Operation;
      next: Parameters<OperationLink<TRouter>>[0]["next"];
      observer: OperationResultObserver<TRouter, unknown>;
      cancelled: boolean;
      subscription?: Unsubscribable;
    }
    let pending: Pending[] = [];

    const flush = () => {
      const items = pending.filter((item) => !item.cancelled);
      pending = [];
      const ofType = new Map<string, number>();
      for (const item of items) ofType.set(item.op.type, (ofType.get(item.op.type) ?? 0) + 1);
      for (const item of items) {
        const alone = ofType.get(item.op.type) === 1 && (options.canSendAlone?.(item.op) ?? true);
        const link = alone ? single : batch;
        item.subscription = link({ op: item.op, next: item.next }).subscribe(item.observer);
      }
    };

    return ({ op, next }) =>
      observable((observer) => {
        const item: Pending = { op, next, observer, cancelled: false };
        if (pending.length === 0) afterThisTask(flush);
        pending.push(item);
        return () => {
          item.cancelled = true;
          item.subscription?.unsubscribe();
        };
      });
  };
}
