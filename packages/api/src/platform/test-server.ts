// A tiny HTTP server for the app router, for tests that need several server PROCESSES sharing one
// PostgreSQL database (the rate limiter's count must hold across them). Run with tsx:
//   DATABASE_URL=postgres://… FRONTDESK_RATE_LIMIT_PER_API_KEY=20 tsx src/platform/test-server.ts
// Prints `{"port":N}` on stdout once listening; stops on SIGTERM.
import type { AddressInfo } from "node:net";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { createDb } from "@frontdesk/db";
import { appRouter, createContext } from "../index";
import { DEFAULT_RATE_LIMITS } from "../rate-limit";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("test-server needs DATABASE_URL (PostgreSQL)");
const rateLimits = {
  perApiKey: Number(process.env.FRONTDESK_RATE_LIMIT_PER_API_KEY ?? DEFAULT_RATE_LIMITS.perApiKey),
  perUser: Number(process.env.FRONTDESK_RATE_LIMIT_PER_USER ?? DEFAULT_RATE_LIMITS.perUser),
};
const database = await createDb({ url, max: 4 });

const server = createHTTPServer({
  router: appRouter,
  createContext: ({ req }) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    return createContext({ database, headers, ip: req.socket.remoteAddress ?? null, rateLimits });
  },
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

process.once("SIGTERM", () => {
  server.close();
  void database.close().finally(() => process.exit(0));
});
