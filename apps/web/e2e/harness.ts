// Starts the console the way a user runs it: `pnpm start` (server.ts) on the production build, on a fresh
// database, with the local Stripe-speaking server as its Stripe. Two back ends:
// - "pglite": no DATABASE_URL — the product's first-run path (embedded PGlite in a new folder,
//   migrated and seeded by the web process, which also runs the worker in-process);
// - "postgres": a new database on the TEST_DATABASE_URL server, migrated and seeded here, with the
//   standalone worker process beside the web process.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedPhiDemo } from "@frontdesk/api";
import { startLocalStripe, type LocalStripe } from "@frontdesk/testing/stripe-local";
import { createDb, runMigrations, seedDemo, type Database } from "@frontdesk/db";
import postgres from "postgres";

const WEB = path.resolve(import.meta.dirname, "..");
const REPO = path.resolve(WEB, "../..");
const DEMO_OWNER_EMAIL = "owner@sunrise-clinic.example";
export const WEBHOOK_SECRET = `whsec_${randomBytes(16).toString("hex")}`;

export type E2eBackend = "pglite" | "postgres";

export interface RunningConsole {
  baseUrl: string;
  backend: E2eBackend;
  stripe: LocalStripe;
  /** The web server's output so far (shown when a test fails). */
  logs: () => string;
  /** The web server process, and how it exited. */
  web: ChildProcess;
  webExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  close: () => Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the web process. */
  env?: Record<string, string>;
  /** Runs on the migrated and seeded database before the web process opens it (e.g. to make API keys). */
  prepare?: (database: Database) => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function capture(child: ChildProcess, sink: string[], label: string): void {
  const keep = (chunk: Buffer) => {
    sink.push(`[${label}] ${chunk.toString()}`);
    if (sink.length > 400) sink.splice(0, sink.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  logs: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the web server exited with ${child.exitCode}\n${logs()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the console did not become healthy in ${timeoutMs} ms\n${logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startConsole(
  backend: E2eBackend,
  options: StartOptions = {},
): Promise<RunningConsole> {
  const stripe = await startLocalStripe();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const logs = () => output.join("").slice(-20_000);
  const cleanups: (() => Promise<void>)[] = [() => stripe.close()];
  let webProcess: ChildProcess | undefined;
  let webExited: RunningConsole["webExited"] | undefined;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_URL: baseUrl,
    AUTH_TRUST_HOST: "true",
    STRIPE_SECRET_KEY: "sk_test_local_e2e",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_HOST: stripe.host,
    STRIPE_API_PORT: String(stripe.port),
    STRIPE_API_PROTOCOL: stripe.protocol,
    LOG_LEVEL: "warn",
    // No SMTP_URL: mail goes to the development mailbox, which the demo owner may read (the
    // account flows take their links from it, as a person trying Frontdesk out would).
    DEV_MAILBOX_OPERATORS: DEMO_OWNER_EMAIL,
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  if (!options.env?.SMTP_URL) delete env.SMTP_URL;

  try {
    if (backend === "postgres") {
      const serverUrl = process.env.TEST_DATABASE_URL;
      if (!serverUrl) throw new Error("the postgres e2e project needs TEST_DATABASE_URL");
      const name = `frontdesk_e2e_${process.pid}_${Date.now()}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      cleanups.push(async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      });
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      const database = await createDb({ url: env.DATABASE_URL, max: 2 });
      try {
        await runMigrations(database);
        await seedDemo(database);
        await seedPhiDemo(database);
        await options.prepare?.(database);
      } finally {
        await database.close();
      }
      const worker = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: path.join(REPO, "apps/worker"),
        env,
      });
      capture(worker, output, "worker");
      cleanups.push(() => stop(worker));
    } else {
      const dataDir = await mkdtemp(path.join(tmpdir(), "frontdesk-e2e-"));
      env.FRONTDESK_DATA_DIR = dataDir;
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      if (options.prepare) {
        // Before the web process opens the folder: PGlite allows one process at a time.
        const database = await createDb({ dataDir });
        try {
          await runMigrations(database);
          await seedDemo(database);
          await seedPhiDemo(database);
          await options.prepare(database);
        } finally {
          await database.close();
        }
      }
    }

    // What `pnpm start` runs; node itself rather than the tsx CLI, which would put a second process
    // between the test and the server and relay signals.
    const web = spawn(
      process.execPath,
      ["--import", "tsx", "server.ts", "--port", String(port), "--hostname", "127.0.0.1"],
      {
        cwd: WEB,
        env,
      },
    );
    webProcess = web;
    webExited = new Promise((resolve) =>
      web.once("exit", (code, signal) => resolve({ code, signal })),
    );
    capture(web, output, "web");
    cleanups.push(() => stop(web));
    await waitForHealth(baseUrl, web, logs, 180_000);
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }

  if (webProcess === undefined || webExited === undefined)
    throw new Error("the web process did not start");
  return {
    baseUrl,
    backend,
    stripe,
    logs,
    web: webProcess,
    webExited,
    close: async () => {
      for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => undefined);
    },
  };
}
