// The test HTTP server (http-server.ts) as a process of its own, for tests that need several server
// PROCESSES sharing one PostgreSQL database (the rate limiter's count must hold across them). Run
// with tsx:
//   DATABASE_URL=postgres://… FRONTDESK_RATE_LIMIT_PER_API_KEY=20 tsx src/http-server-process.ts
// Prints `{"url":"http://127.0.0.1:N"}` on stdout once listening; stops on SIGTERM.
import { DEFAULT_RATE_LIMITS } from "@frontdesk/api";
import { createDb } from "@frontdesk/db";
import { startTestServer } from "./http-server";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("http-server-process needs DATABASE_URL (PostgreSQL)");
const rateLimits = {
  perApiKey: Number(process.env.FRONTDESK_RATE_LIMIT_PER_API_KEY ?? DEFAULT_RATE_LIMITS.perApiKey),
  perUser: Number(process.env.FRONTDESK_RATE_LIMIT_PER_USER ?? DEFAULT_RATE_LIMITS.perUser),
};
const database = await createDb({ url, max: 4 });
const server = await startTestServer(database, { rateLimits });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

process.once("SIGTERM", () => {
  void server
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
