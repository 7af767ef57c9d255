"use client";
// The console's tRPC client: TanStack Query hooks (`useTRPC()`), batched HTTP to /api/trpc with
// superjson, and the tenant of the current route in `x-frontdesk-tenant`. Mount one provider per
// tenant (the console layout keys it by tenant id): query keys do not include the tenant, so a
// shared cache would show one tenant's rows under another's URL.
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@frontdesk/api";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The server refuses batches above this (MAX_BATCH_SIZE of @frontdesk/api). */
const MAX_BATCH_ITEMS = 50;

export function TRPCReactProvider({
  tenantId,
  children,
}: {
  tenantId: string;
  children: ReactNode;
}) {
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
