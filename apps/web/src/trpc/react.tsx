"use client";
// The console's tRPC client: TanStack Query hooks (`useTRPC()`), batched HTTP to /api/trpc with
// superjson, and the tenant of the current route in `x-frontdesk-tenant`. Mount one provider per
// tenant (the console layout keys it by tenant id): query keys do not include the tenant, so a
// shared cache would show one tenant's rows under another's URL.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@frontdesk/api";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The server refuses batches above this (MAX_BATCH_SIZE in server/request-limits.ts). */
const MAX_BATCH_ITEMS = 50;

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Console data changes under other users' hands, but not by the second.
        staleTime: 30_000,
        // 4xx (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST…) will not heal on retry.
        retry: (failureCount, error) => failureCount < 2 && !isClientError(error),
      },
    },
  });
}

function isClientError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("httpStatus" in data)) return false;
  return typeof data.httpStatus === "number" && data.httpStatus >= 400 && data.httpStatus < 500;
}

export function TRPCReactProvider({ tenantId, children }: { tenantId: string; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          transformer: superjson,
          maxItems: MAX_BATCH_ITEMS,
          headers: () => ({ "x-frontdesk-tenant": tenantId }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
