// Shared set-up for the bookings benchmarks: a PostgreSQL database (DATABASE_URL, or a throw-away
// one the bench creates and drops), the real appRouter served over node:http with tRPC's standalone
// adapter on a random port, and for a fresh tenant the SDK (@frontdesk/client) plus plain tRPC
// clients (httpBatchLink + superjson). Progress goes to stderr; the figures are the caller's to print
// on stdout.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type postgres from "postgres";
import superjson from "superjson";
import type { AppRouter } from "@frontdesk/api";
import { everyDay } from "@frontdesk/testing/api";
import { startTestServer } from "@frontdesk/testing/http-server";
import { encodeSlotId, provisionTenant, type Database } from "@frontdesk/db";
import { createFrontdeskClient, type FrontdeskClient } from "@frontdesk/client";
import { openBenchDatabase } from "../_shared/db";

export const log = (message: string) => process.stderr.write(`${message}\n`);

export interface Bench {
  database: Database;
  /** postgres.js, the same pool the server uses. */
  sql: postgres.Sql;
  tenantId: string;
  apiKey: string;
  url: string;
  /** The SDK, as integrators use it (createFrontdeskClient with its defaults). */
  sdk: FrontdeskClient;
  /** A plain tRPC client that batches calls made in the same tick (httpBatchLink's setTimeout). */
  client: TRPCClient<AppRouter>;
  /** A client that sends every call as its own HTTP request. */
  unbatched: TRPCClient<AppRouter>;
  close(): Promise<void>;
}

/** A plain tRPC client that sends every call as its own HTTP request (the stampede's client). */
export function unbatchedClient(serverUrl: string, apiKey: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${serverUrl}/api/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${apiKey}` },
        maxItems: 1,
      }),
    ],
  });
}

/** The statement bookings.list runs for a page of 50 (51 rows: one more says a next page exists). */
export function listStatement(sql: postgres.Sql, tenantId: string, resourceId: string) {
  return sql`
      select id, resource_id, slot_id, starts_at, ends_at, status, attendee_name, attendee_email, notes,
             hold_expires_at, rescheduled_from_id, rescheduled_to_id, cancel_reason, created_at, updated_at,
             to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_key
      from bookings
      where tenant_id = ${tenantId} and resource_id = ${resourceId}
      order by starts_at desc, id desc
      limit 51`;
}

/**
 * The floor of any JSON API over HTTP: a bare node:http server that runs `rows` and sends the first
 * 50 as JSON — no framework, authentication, RLS or rate limit. What HTTP and JSON cost on this
 * machine, next to what the API adds on top.
 */
export async function startFloorServer(
  rows: () => Promise<unknown[]>,
): Promise<{ url: string; close(): void }> {
  const bare = createServer((_req, res) => {
    rows().then(
      (found) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ items: found.slice(0, 50) }));
      },
      () => {
        res.statusCode = 500;
        res.end();
      },
    );
  });
  bare.listen(0, "127.0.0.1");
  await once(bare, "listening");
  return {
    url: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
    close: () => {
      bare.closeAllConnections();
      bare.close();
    },
  };
}

export async function startBench(options: { pool?: number } = {}): Promise<Bench> {
  const bench = await openBenchDatabase({ pool: options.pool ?? 10 });
  const { database } = bench;
  log(`PostgreSQL: ${bench.location}`);
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

  // The real appRouter with the web app's limits. The bench measures the request path, not the
  // limiter refusing it, so the rate limits are out of reach.
  const server = await startTestServer(database, {
    rateLimits: { perApiKey: 10_000_000, perUser: 10_000_000 },
  });
  const url = `${server.url}/api/trpc`;
  log(`serving appRouter at ${url}`);

  const sdk = createFrontdeskClient({ url: server.url, apiKey });
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        transformer: superjson,
        headers: { authorization: `Bearer ${apiKey}` },
      }),
    ],
  });
  const unbatched = unbatchedClient(server.url, apiKey);

  return {
    database,
    sql: database.sql,
    tenantId: tenant.tenantId,
    apiKey,
    url,
    sdk,
    client,
    unbatched,
    close: async () => {
      await server.close();
      await bench.close();
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
/**
 * `count` bookings on the resource through the API, 40 half-hour slots a day from tomorrow on, every
 * other one with notes: the rows the list benches page through.
 */
export async function bookSlots(bench: Bench, resourceId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await bench.client.bookings.create.mutate({
      slotId: encodeSlotId(resourceId, futureInstant(1 + Math.floor(i / 40), (i % 40) * 30)),
      attendee: { name: `Attendee ${i}`, email: `a${i}@example.com` },
      notes: i % 2 ? "Prefers mornings" : undefined,
    });
  }
}

export async function createAllDayResource(bench: Bench, name: string): Promise<string> {
  const resource = await bench.client.bookings.resources.create.mutate({
    name,
    timeZone: "UTC",
    slotMinutes: 30,
    availability: everyDay(),
  });
  return resource.id;
}

/** The stampedes' warm-up: 20 concurrent creates on a slot of their own (days ahead), outcomes ignored. */
export async function warmUpCreates(
  client: TRPCClient<AppRouter>,
  resourceId: string,
  days = 3,
): Promise<void> {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      client.bookings.create
        .mutate({
          slotId: encodeSlotId(resourceId, futureInstant(days, 0)),
          attendee: { name: `W${i}`, email: `w${i}@example.com` },
        })
        .catch(() => undefined),
    ),
  );
}
