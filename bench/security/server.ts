// The server half of stalled-uploads.ts, in its own process so its RSS is the server's alone: the
// app router behind the production HTTP handler (startTestServer), on a bench database. Prints
// `{"port":N}` once listening; stops (and drops the database) on SIGTERM.
import { startTestServer } from "@frontdesk/testing/http-server";
import { openBenchDatabase } from "../_shared/db";

const bench = await openBenchDatabase({ pool: 4 });
const server = await startTestServer(bench.database);
process.stdout.write(`${JSON.stringify({ port: Number(new URL(server.url).port) })}\n`);

process.once("SIGTERM", () => {
  void server
    .close()
    .then(() => bench.close())
    .finally(() => process.exit(0));
});
