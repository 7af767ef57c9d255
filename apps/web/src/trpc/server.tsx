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
import { appRouter, type AppRouter, type Context } from "@frontdesk/api";
import { createRequestContext } from "@/server/trpc-context";
import { makeQueryClient } from "./query-client";

/** One QueryClient per server request (React `cache` is request-scoped). */
const getQueryClient = cache(makeQueryClient);

/**
 * The options proxy for a tenant: `trpcServer(tenantId).bookings.list.queryOptions(input)`. Every
 * query of one page render shares one context, as the calls of one HTTP batch do, and counts as one
 * call against the user's rate limit: the render is one request from the browser, and a dashboard's
 * dozen prefetches each writing the counter row cost more than some of the queries themselves.
 */
export const trpcServer = cache((tenantId: string) => {
  let context: Promise<Context> | undefined;
  const requestContext = async () => {
    const incoming = new Headers(await headers());
    // The console acts through the session only; never forward a bearer key from the browser.
    incoming.delete("authorization");
    incoming.set("x-frontdesk-tenant", tenantId);
    return createRequestContext(incoming, { countCallsOnce: true });
  };
  return createTRPCOptionsProxy<AppRouter>({
    router: appRouter,
    queryClient: getQueryClient,
    ctx: () => (context ??= requestContext()),
  });
});

/**
 * The one way console pages load data: the page awaits this for its first screen's queries (in
 * parallel, with Promise.all), wraps its client part in <HydrateClient>, and the client components
 * read the same queries with `useQuery` and render them through <QueryState> (loading, error with the
 * API's message and a retry, empty). Awaiting means the first HTML carries the data, so the server's
 * render and the browser's first render agree; a query still pending on the server would render
 * "loading" there but data in the browser (a hydration mismatch). A failed query is not sent to the
 * browser: the client component fetches it again and shows its own error state, with a retry.
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
