// Server-side tRPC for React Server Components: the same router, called in-process with the request's
// session and the tenant of the route (the policy map and RLS apply exactly as over HTTP). Pages
// prefetch their first screen here and wrap the client part in <HydrateClient>, so the browser gets
// data with the HTML instead of a second round trip.
import {
  dehydrate,
  HydrationBoundary,
  type FetchQueryOptions,
  type QueryKey,
} from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { appRouter, type AppRouter } from "@frontdesk/api";
import { createRequestContext } from "@/server/trpc-context";
import { makeQueryClient } from "./query-client";

/** One QueryClient per server request (React `cache` is request-scoped). */
const getQueryClient = cache(makeQueryClient);

/** The options proxy for a tenant: `trpcServer(tenantId).bookings.list.queryOptions(input)`. */
export const trpcServer = cache((tenantId: string) =>
  createTRPCOptionsProxy<AppRouter>({
    router: appRouter,
    queryClient: getQueryClient,
    ctx: async () => {
      const incoming = new Headers(await headers());
      // The console acts through the session only; never forward a bearer key from the browser.
      incoming.delete("authorization");
      incoming.set("x-frontdesk-tenant", tenantId);
      return createRequestContext(incoming);
    },
  }),
);

/**
 * Starts a query on the server without awaiting it; <HydrateClient> streams the result. Errors are
 * left to the client component, which shows its own error state (and can retry).
 */
export function prefetch<TData, TError, TKey extends QueryKey>(
  options: FetchQueryOptions<TData, TError, TData, TKey>,
): void {
  void getQueryClient().prefetchQuery(options);
}

/**
 * Like `prefetch`, but resolves once the query has settled, so the first HTML already carries the data.
 * For views that read with `useQuery`: a query still pending when the server renders shows the loading
 * state there, while the browser (whose streamed promise has resolved by hydration time) renders the
 * data — a hydration mismatch. Errors are still left to the client component.
 */
export async function prefetchSettled<TData, TError, TKey extends QueryKey>(
  options: FetchQueryOptions<TData, TError, TData, TKey>,
): Promise<void> {
  await getQueryClient().prefetchQuery(options);
}

/**
 * Fetches a query on the server and returns its data (null when it failed: the client component shows
 * the error and can retry), for prefetches that depend on another query's answer.
 */
export async function fetchOrNull<TData, TError, TKey extends QueryKey>(
  options: FetchQueryOptions<TData, TError, TData, TKey>,
): Promise<TData | null> {
  try {
    return await getQueryClient().fetchQuery(options);
  } catch {
    return null;
  }
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
