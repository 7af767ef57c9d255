// The tRPC context for one console/SDK request, shared by the HTTP route and the server-side caller
// that React Server Components prefetch with, so both authenticate the same way.
import { createContext, type Context } from "@frontdesk/api";
import { currentUserId } from "./auth";
import { appOrigin } from "./app-origin";
import { clientIp } from "./client-ip";
import { getDatabase } from "./database";
import { logger } from "./logger";
import { getPayments } from "./payments";

export async function createRequestContext(
  headers: Headers,
  options: { countCallsOnce?: boolean } = {},
): Promise<Context> {
  // The session cookie names the user; the tenant comes from the x-frontdesk-tenant header and the
  // API checks the membership and the policy map itself. An API key (Bearer) wins over both, so SDK
  // calls skip decoding a session cookie.
  const [database, userId] = await Promise.all([
    getDatabase(),
    headers.has("authorization") ? null : currentUserId(),
  ]);
  return createContext({
    database,
    headers,
    session: userId ? { userId } : null,
    ip: clientIp(headers),
    appOrigin: appOrigin(headers),
    logger,
    payments: getPayments(),
    countCallsOnce: options.countCallsOnce,
  });
}
