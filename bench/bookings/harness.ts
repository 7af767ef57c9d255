// Shared set-up for the bookings benchmarks: a PostgreSQL database (DATABASE_URL, or a throw-away
// one the bench creates and drops), the real appRouter served over node:http with tRPC's standalone
// adapter on a random port, and a typed tRPC client (httpBatchLink + superjson) for a fresh tenant.
// Progress goes to stderr; the figures are the caller's to print on stdout.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import postgres from "postgres";
import superjson from "superjson";
import { appRouter, createContext, createLogger, type AppRouter } from "@frontdesk/api";
import { createDb, provisionTenant, runMigrations, type Database } from "@frontdesk/db";

export const log = (message: string) => process.stderr.write(`${message}\n`);

export interface Bench {
  database: Database;
  /** postgres.js, the same pool the server uses. */
  sql: postgres.Sql;
  tenantId: string;
  apiKey: string;
  url: string;
  /** A client that batches calls made in the same tick (tRPC's default). */
  client: TRPCClient<AppRouter>;
  /** A client that sends every call as its own HTTP request. */
  unbatched: TRPCClient<AppRouter>;
  close(): Promise<void>;
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

async function openDatabase(
  pool: number,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) {
    const database = await createDb({ url: given, max: pool });
    await runMigrations(database);
    return { database, drop: async () => {} };
  }
  const base = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `frontdesk_bench_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  log(`created database ${name}`);
  const database = await createDb({ url: url.toString(), max: pool });
  await runMigrations(database);
  return {
    database,
    drop: async () => {
      const cleanup = postgres(base, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      log(`dropped database ${name}`);
    },
  };
}

export async function startBench(options: { pool?: number } = {}): Promise<Bench> {
  const { database, drop } = await openDatabase(options.pool ?? 10);
  if (!database.sql) throw new Error("the bookings benchmarks need PostgreSQL");
  const suffix = randomUUID().slice(0, 8);
  const tenant = await provisionTenant(database.db, {
    name: `Bench ${suffix}`,
    slug: `bench-${suffix}`,
    timeZone: "UTC",
    plan: "enterprise",
    ownerEmail: `bench-${suffix}@example.com`,
    apiKey: { name: "bench", scopes: ["admin"] },
  });
  if (!tenant.apiKey) throw new Error("no API key");
  const apiKey = tenant.apiKey.secret;

  const logger = createLogger({ level: "silent" });
  const server = createHTTPServer({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req }) =>
      createContext({
        database,
        headers: toHeaders(req.headers),
        ip: req.socket.remoteAddress ?? null,
        // The bench measures the request path, not the limiter refusing it.
        rateLimits: { perApiKey: 10_000_000, perUser: 10_000_000 },
        logger,
      }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/api/trpc`;
  log(`serving appRouter at ${url}`);

  const headers = { authorization: `Bearer ${apiKey}` };
  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, transformer: superjson, headers })],
  });
  const unbatched = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, transformer: superjson, headers, maxItems: 1 })],
  });

  return {
    database,
    sql: database.sql,
    tenantId: tenant.tenantId,
    apiKey,
    url,
    client,
    unbatched,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await database.close();
      await drop();
    },
  };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(
    sortedMs.length - 1,
    Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1),
  );
  return sortedMs[index] ?? Number.NaN;
}

export function summary(samplesMs: number[]): {
  p50: number;
  p99: number;
  mean: number;
  n: number;
} {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
    n: sorted.length,
  };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** Midnight UTC `days` from today plus `minutes`. */
export function futureInstant(days: number, minutes: number): Date {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) +
      days * 86_400_000 +
      minutes * 60_000,
  );
}

/** A resource open all day, every day, in 30-minute UTC slots. */
export async function createAllDayResource(bench: Bench, name: string): Promise<string> {
  const resource = await bench.client.bookings.resources.create.mutate({
    name,
    timeZone: "UTC",
    slotMinutes: 30,
    availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      start: "00:00",
      end: "24:00",
    })),
  });
  return resource.id;
}
