// @frontdesk/client — the typed Frontdesk SDK.
//
//   const frontdesk = createFrontdeskClient({ url: "https://frontdesk.example.com", apiKey });
//   const slots = await frontdesk.bookings.slots.query({ resourceId, from, to });
//
// Only TYPES come from @frontdesk/api (`import type`): a program using the SDK never loads server
// code. Transport: tRPC over HTTP with batching and superjson (dates stay `Date`).
import type { AppRouter, RouterInputs, RouterOutputs } from "@frontdesk/api";
import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import { idempotencyLink, retryLink, type RetryPolicy } from "./links";

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

export type FrontdeskClient = TRPCClient<AppRouter>;

/** The server's batch limit (apps/web MAX_BATCH_SIZE). */
export const MAX_BATCH_SIZE = 50;
// Node's default header limit is 16 KiB: keep a batched GET's URL well under it.
const MAX_URL_LENGTH = 12_000;

export function trpcEndpoint(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
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
  return createTRPCClient<AppRouter>({
    links: [
      idempotencyLink(),
      retryLink({ ...options.retryPolicy, retries: options.retries ?? 3 }),
      httpBatchLink({
        url: trpcEndpoint(options.url),
        transformer: superjson,
        maxItems: maxBatchSize,
        maxURLLength: MAX_URL_LENGTH,
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
      }),
    ],
  });
}

export { TRPCClientError };
export type { AppRouter, RouterInputs, RouterOutputs };
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  IDEMPOTENT_MUTATIONS,
  idempotencyLink,
  isIdempotentMutation,
  retryLink,
  RETRYABLE_STATUSES,
  type IdempotencyLinkOptions,
  type RetryPolicy,
} from "./links";
