// @frontdesk/client — the typed Frontdesk SDK.
//
//   const frontdesk = createFrontdeskClient({ url: "https://frontdesk.example.com", apiKey });
//   const slots = await frontdesk.bookings.slots.query({ resourceId, from, to });
//
// The router's types are generated into router.generated.ts (procedures written out, no server
// context), so neither a program using the SDK nor its type checker loads anything of the server. Transport: tRPC over HTTP with superjson (dates stay `Date`); calls made together (same tick)
// go in one batched request, a call made alone is sent at once (see dispatchLink).
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import {
  createTRPCClientProxy,
  httpBatchLink,
  httpLink,
  TRPCClientError,
  TRPCUntypedClient,
  type Operation,
  type TRPCClient,
  type TRPCRequestOptions,
} from "@trpc/client";
import type { Observable } from "@trpc/server/observable";
import { dispatchLink, idempotencyLink, retryLink, type RetryPolicy } from "./links";
import type { FrontdeskErrorShape, FrontdeskRouter } from "./router.generated";
import { serialize, transformer } from "./transformer";

export interface FrontdeskClientOptions {
  /** Where Frontdesk runs, e.g. `https://frontdesk.example.com` (the SDK appends `/api/trpc`). */
  url: string;
  /** An API key (`fd_…`); its scopes decide what the client may call. */
  apiKey: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers on every request (cannot replace Authorization). */
  headers?:
    Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Retries of a failed call: network failures and 429/503; mutations only with an idempotency key. Default 3. */
  retries?: number;
  /** Calls per HTTP request when batching; the server refuses more than 50. Default 50. */
  maxBatchSize?: number;
  /** Fine-tuning of the backoff (delays, jitter source, sleep, an onRetry hook). */
  retryPolicy?: Partial<Omit<RetryPolicy, "retries">>;
}

export type FrontdeskClient = TRPCClient<FrontdeskRouter>;
/** The API's router type as the SDK publishes it (also exported as `AppRouter`). */
export type { FrontdeskErrorShape, FrontdeskRouter, FrontdeskRouter as AppRouter };
/** Every procedure's input type, by path: `RouterInputs["bookings"]["create"]`. */
export type RouterInputs = inferRouterInputs<FrontdeskRouter>;
/** Every procedure's output type, by path: `RouterOutputs["bookings"]["get"]`. */
export type RouterOutputs = inferRouterOutputs<FrontdeskRouter>;

/** The server's batch limit (apps/web MAX_BATCH_SIZE). */
export const MAX_BATCH_SIZE = 50;
// Node's default header limit is 16 KiB: keep a batched GET's URL well under it.
const MAX_URL_LENGTH = 12_000;

export function trpcEndpoint(base: string): string {
  // A loop, not /\/+$/: that pattern rescans a run of slashes from every position (quadratic).
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) === 0x2f) end--;
  const trimmed = base.slice(0, end);
  return trimmed.endsWith("/api/trpc") ? trimmed : `${trimmed}/api/trpc`;
}

export function createFrontdeskClient(options: FrontdeskClientOptions): FrontdeskClient {
  if (!options.apiKey) throw new Error("createFrontdeskClient: apiKey is required");
  const maxBatchSize = Math.min(
    Math.max(1, Math.floor(options.maxBatchSize ?? MAX_BATCH_SIZE)),
    MAX_BATCH_SIZE,
  );
  const authorization = `Bearer ${options.apiKey}`;
  const extra = options.headers;
  const url = trpcEndpoint(options.url);
  const http = {
    url,
    transformer,
    fetch: options.fetch,
    headers: async () => {
      const given = typeof extra === "function" ? await extra() : (extra ?? {});
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(given)) {
        if (name.toLowerCase() !== "authorization") headers[name] = value;
      }
      headers.authorization = authorization;
      return headers;
    },
  };
  // A query travels in the URL: one too long for it goes to the batch link, which refuses it
  // before sending (as it always did) instead of the server answering 431.
  const fitsInUrl = (op: Operation) =>
    op.type !== "query" ||
    op.input === undefined ||
    url.length +
      op.path.length +
      8 +
      encodeURIComponent(JSON.stringify(serialize(op.input))).length <=
      MAX_URL_LENGTH;
  const client = new FrontdeskUntypedClient({
    links: [
      idempotencyLink(),
      retryLink({ ...options.retryPolicy, retries: options.retries ?? 3 }),
      dispatchLink({
        single: httpLink(http),
        batch: httpBatchLink({ ...http, maxItems: maxBatchSize, maxURLLength: MAX_URL_LENGTH }),
        canSendAlone: fitsInUrl,
      }),
    ],
  });
  return createTRPCClientProxy<FrontdeskRouter>(client);
}

type CallType = "query" | "mutation";
interface Envelope {
  result: { data?: unknown };
}
/** What TRPCUntypedClient runs every call through (declared private in its typings). */
interface Requester {
  $request(call: {
    type: CallType;
    path: string;
    input: unknown;
    context?: TRPCRequestOptions["context"];
    signal?: TRPCRequestOptions["signal"];
  }): Observable<Envelope, unknown>;
}

/**
 * tRPC's untyped client, awaiting a call the way its own `requestAsPromise` does — the first value
 * resolves, an error rejects as a TRPCClientError, completing without a value rejects with an
 * AbortError — without the AbortController it makes for that: it aborts it when the call completes,
 * after every answer, and each abort builds a DOMException (stack trace included) that nobody
 * reads, about a tenth of the SDK's own CPU on a `bookings.list`.
 */
class FrontdeskUntypedClient extends TRPCUntypedClient<FrontdeskRouter> {
  override query(path: string, input?: unknown, opts?: TRPCRequestOptions): Promise<unknown> {
    return this.call("query", path, input, opts);
  }

  override mutation(path: string, input?: unknown, opts?: TRPCRequestOptions): Promise<unknown> {
    return this.call("mutation", path, input, opts);
  }

  private call(
    type: CallType,
    path: string,
    input: unknown,
    opts: TRPCRequestOptions | undefined,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(TRPCClientError.from(error as Error));
      };
      try {
        (this as unknown as Requester)
          .$request({ type, path, input, context: opts?.context, signal: opts?.signal })
          .subscribe({
            next(envelope) {
              if (settled) return;
              try {
                const data = envelope.result.data;
                settled = true;
                resolve(data);
              } catch (error) {
                fail(error);
              }
            },
            error: fail,
            complete: () => fail(new DOMException("This operation was aborted", "AbortError")),
          });
      } catch (error) {
        fail(error);
      }
    });
  }
}

export { TRPCClientError };
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  dispatchLink,
  IDEMPOTENT_MUTATIONS,
  idempotencyLink,
  isIdempotentMutation,
  retryLink,
  RETRYABLE_STATUSES,
  type DispatchLinkOptions,
  type IdempotencyLinkOptions,
  type RetryPolicy,
} from "./links";
export {
  verifyWebhook,
  WebhookVerificationError,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT_TYPE,
  webhookEvent,
  webhookEventSchemas,
  webhookTestEvent,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventOf,
  type WebhookEventType,
  type WebhookHeaders,
  type WebhookVerificationReason,
} from "./webhooks";
