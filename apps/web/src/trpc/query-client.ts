// One QueryClient recipe for the browser and for server-side prefetching. superjson (the API's
// transformer) carries Dates through dehydration. Only settled, successful queries are sent to the
// browser: pages await their prefetches (trpc/server `prefetchSettled`).
import { QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

function isClientError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("httpStatus" in data)) return false;
  return typeof data.httpStatus === "number" && data.httpStatus >= 400 && data.httpStatus < 500;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Console data changes under other users' hands, but not by the second.
        staleTime: 30_000,
        // 4xx (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST…) will not heal on retry.
        retry: (failureCount, error) => failureCount < 2 && !isClientError(error),
      },
      dehydrate: {
        serializeData: superjson.serialize,
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
