// The production web server (`pnpm start`): Next.js's request handler behind our own node:http
// server, so that SIGTERM drains instead of failing requests. `next start` closes its listener and
// exits while keep-alive connections keep arriving, and the database closed under them (thousands of
// 500s in a load test). Here SIGTERM answers health and every new request 503 with Retry-After and
// `Connection: close`, lets running requests finish (WEB_DRAIN_TIMEOUT_SECONDS, default 25), then
// closes the in-process worker and the database and exits 0 — or 1 when the limit cut requests off.
// `pnpm dev` still runs `next dev`.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { pino } from "pino";
import { createDrainController } from "./src/server/http-drain";
import { lifecycle } from "./src/server/lifecycle";
import { stampPeerAddress } from "./src/server/peer-address";

const USAGE = `Usage: tsx server.ts [--port <port>] [--hostname <address>]

Serves the production build (next build) of the console and API.

Environment:
  PORT                         port when --port is not given (default 3000)
  WEB_DRAIN_TIMEOUT_SECONDS    how long SIGTERM waits for running requests (default 25)
  LOG_LEVEL, DATABASE_URL, AUTH_SECRET, …   as for the app (see README)`;

function seconds(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of seconds`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      hostname: { type: "string", short: "H" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const hostname = values.hostname;
  const drainTimeoutMs = seconds("WEB_DRAIN_TIMEOUT_SECONDS", 25) * 1000;
  const logger = pino({
    level: process.env.LOG_LEVEL?.trim().toLowerCase() || "info",
    name: "frontdesk-web",
  });

  // Settings are checked before anything listens: a refused one (no AUTH_SECRET in production, a
  // short health token, …) stops the process with its message, instead of a server that logs
  // "ready" and then answers every request 500 because Next's instrumentation hook threw.
  await import("./src/env");

  const state = lifecycle();
  state.managed = true;
  const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  // A client gets 10 s to send its request headers (Node's default is 60 s): a slow-header flood
  // holds sockets, not memory, but should not hold them for a minute. Bodies have their own idle and
  // total limits in the API's handler.
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 120_000 });
  // Every request carries its socket peer to the app (which cannot see the socket), overwriting
  // whatever the client sent under that header name.
  const drain = createDrainController(
    server,
    (req, res) => {
      stampPeerAddress(req);
      return handle(req, res);
    },
    { drainTimeoutMs, retryAfterSeconds: 1 },
  );
  server.on("request", drain.listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  logger.info({ port, hostname: hostname ?? "all interfaces", drainTimeoutMs }, "web server ready");

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    logger.info({ signal, inFlight: drain.inFlight, drainTimeoutMs }, "draining…");
    state.draining = true;
    const result = await drain.drain();
    if (result.drained) logger.info(result, "requests drained");
    else logger.error(result, "drain limit reached: running requests were cut off");
    for (const close of state.closers) {
      await close().catch((err: unknown) =>
        logger.error({ err: err instanceof Error ? err.name : "unknown" }, "close failed"),
      );
    }
    await app.close().catch(() => undefined);
    logger.info({ exitCode: result.drained ? 0 : 1 }, "stopped");
    process.exit(result.drained ? 0 : 1);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    // A second signal while draining means "now".
    process.once("SIGTERM", () => process.exit(1));
    process.once("SIGINT", () => process.exit(1));
    void shutdown(signal);
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `web server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
