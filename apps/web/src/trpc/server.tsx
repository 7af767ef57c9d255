// Server-side tRPC for React Server Components: the same router, called in-process with the request's
// session and the tenant of the route (the policy map and RLS apply exactly as over HTTP). Pages
// prefetch their first screen here and wrap the client part in <HydrateClient>, so the browser gets
// data with the HTML instead of a second round trip.
import { dehydrate, HydrationBoundary, type FetchQueryOptions } from "@tanstack/react-query";
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
export function prefetch(options: FetchQueryOptions<unknown, unknown, unknown, readonly unknown[]>): void {
  void getQueryClient().prefetchQuery(options);
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
