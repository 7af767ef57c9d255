// Runs once when a Next.js server starts, before it serves requests: open the database, migrate it
// (and in embedded mode seed it and start the in-process worker), so the first request is not the
// one that pays for a 5-11 s PGlite first start.
export async function register(): Promise<void> {
  // The edge runtime cannot open a database; `next build` must not touch one either.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;

  const { getDatabase } = await import("./server/database");
  const { logger } = await import("./server/logger");
  const { peerAddressKnown } = await import("./server/client-ip");
  if (!peerAddressKnown()) {
    // `next start` / `next dev`: Next.js hides the socket, so per-address limits share one bucket
    // and audit rows carry no address. `pnpm start` runs server.ts, which passes the peer on.
    logger.warn("started without server.ts: client addresses are unknown");
  }
  const { describeErrorForLog } = await import("@frontdesk/api");
  try {
    await getDatabase();
  } catch (error) {
    // Serve anyway: /api/health reports 503 and the next request retries the start.
    logger.error({ err: describeErrorForLog(error) }, "database start failed");
  }
}
