// A real worker process killed with SIGKILL in the middle of a webhook delivery (the receiver has the
// request, the worker is waiting for its answer) loses nothing: after a restart the receiver gets the
// event again — the same webhook-id, so a receiver that deduplicates on it handles it once — and the
// delivery is recorded as succeeded. PostgreSQL only: embedded PGlite belongs to one process.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createCaller, createContext } from "@frontdesk/api";
import { createDb, provisionTenant, queryRows, runMigrations, type Database } from "@frontdesk/db";
import { testBackend, testDirectDatabaseUrl } from "@frontdesk/testing/db";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@frontdesk/testing/worker";

const packageDir = fileURLToPath(new URL("../../..", import.meta.url));
const postgresOnly = testBackend() !== "postgres";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let database: Database;
let databaseUrl: string;
let dropDatabase: () => Promise<void>;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Answers held open (the first delivery's): never answered, like a receiver still working. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  if (postgresOnly) return;
  // A database of its own: no other test file's worker may claim (or refuse) this delivery.
  const base = testDirectDatabaseUrl();
  const name = `frontdesk_hooks_crash_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    const cleanup = postgres(base, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
  database = await createDb({ url: databaseUrl, max: 2 });
  await runMigrations(database);

  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (received.length === 1) held.push(res);
      else res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  if (postgresOnly) return;
  for (const res of held) res.destroy();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await database.close();
  await dropDatabase();
});

function spawnWorker() {
  // node itself, not the tsx CLI (which would put a second process between the test and the worker).
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/test-fixtures/worker-process.ts"],
    {
      cwd: packageDir,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: "info",
        WEBHOOKS_ALLOW_LOOPBACK: "true",
        FIXTURE_JOB: "webhooks",
        FIXTURE_LEASE_SECONDS: "3",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stdout.resume();
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit");
  return { child, exited, stderr: () => stderr };
}

describe.skipIf(postgresOnly)("webhook delivery across a worker crash", () => {
  it("a worker killed with SIGKILL mid-delivery loses nothing: after a restart the receiver gets the event (same webhook-id)", async () => {
    const suffix = randomUUID().slice(0, 8);
    const { apiKey } = await provisionTenant(database.db, {
      name: `Crash ${suffix}`,
      slug: `crash-${suffix}`,
      timeZone: "UTC",
      plan: "pro",
      ownerEmail: `crash-${suffix}@example.com`,
      apiKey: { name: "crash", scopes: ["admin"] },
    });
    if (!apiKey) throw new Error("no key");
    const api = createCaller(
      await createContext({
        database,
        headers: new Headers({ authorization: `Bearer ${apiKey.secret}` }),
      }),
    );
    const endpoint = await api.webhooks.endpoints.create({ url: receiverUrl });
    // A real change: its event is written in the request's transaction and waits in the outbox.
    await api.scores.record({ sessionId: "crash-1", name: "helpfulness", value: 5 });

    const first = spawnWorker();
    try {
      await waitFor("the first delivery to reach the receiver", async () => {
        if (first.child.exitCode !== null)
          throw new Error(`worker exited early: ${first.stderr()}`);
        return received.length > 0 ? true : undefined;
      });
      // The worker holds the request open, waiting for the answer: kill it now.
      first.child.kill("SIGKILL");
      await first.exited;
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null)
        first.child.kill("SIGKILL");
    }
    const [lost] = await queryRows<{ status: string; attempts: number; logged: number }>(
      database.db,
      sql`select d.status, d.attempts,
                 (select count(*)::int from webhook_delivery_attempts a where a.delivery_id = d.id) as logged
          from webhook_deliveries d`,
    );
    // Claimed, sent, and its outcome never recorded: still pending under its lease.
    expect(lost).toEqual({ status: "pending", attempts: 1, logged: 0 });

    const restarted = spawnWorker();
    try {
      await waitFor(
        "the restarted worker to deliver the event",
        async () => {
          if (restarted.child.exitCode !== null)
            throw new Error(`worker exited early: ${restarted.stderr()}`);
          const [row] = await queryRows<{ status: string }>(
            database.db,
            sql`select status from webhook_deliveries`,
          );
          return row?.status === "succeeded" ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      restarted.child.kill("SIGTERM");
      expect((await restarted.exited)[0]).toBe(0);
    } finally {
      if (restarted.child.exitCode === null && restarted.child.signalCode === null)
        restarted.child.kill("SIGKILL");
    }

    // At least once: the event arrived twice, both times with the same id and a valid signature.
    expect(received).toHaveLength(2);
    const verifier = new Webhook(endpoint.secret);
    const events = received.map(
      (r) =>
        verifier.verify(r.body, r.headers as Record<string, string>) as {
          id: string;
          type: string;
        },
    );
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(events.map((e) => e.type)).toEqual(["score.recorded", "score.recorded"]);
    expect(events[0]?.id).toBe(received[0]?.headers["webhook-id"]);
    const attempts = await queryRows<{
      attempt: number;
      status_code: number | null;
      succeeded: boolean;
    }>(
      database.db,
      sql`select attempt, status_code, succeeded from webhook_delivery_attempts order by attempt`,
    );
    expect(attempts).toEqual([{ attempt: 2, status_code: 200, succeeded: true }]);
  });
});
