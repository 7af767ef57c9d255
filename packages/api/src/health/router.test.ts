// The top-level `ping` (public) and `health` (tenant admins) procedures, and the admin report's
// checks: RLS forced on every tenant table, queue depth and dead letters, worker heartbeat, Stripe
// webhook events waiting and dead.
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, stripeEvents, withTenant, workerHeartbeats, type Database } from "@frontdesk/db";
import { createScratchDatabase, createTestDatabase, testBackend } from "@frontdesk/db/testing";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "../testing";
import { codeOf } from "../platform/test-helpers";
import { adminHealth, WORKER_STALE_SECONDS } from "./service";

let database: Database;
let t: TestTenant;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await createTenantWithKey(database);
});
afterAll(async () => {
  await database.close();
});

describe("ping", () => {
  it("answers anyone, without credentials", async () => {
    const result = await (await callerFor(database, null)).ping();
    expect(result.ok).toBe(true);
    expect(result.time).toBeInstanceOf(Date);
  });
});

describe("health", () => {
  it("gives an admin the full report: database, migrations, RLS, queue and worker", async () => {
    const report = await (await callerFor(database, { apiKey: t.adminKey })).health();
    expect(report).toMatchObject({
      database: { reachable: true, backend: testBackend() },
      migrations: { current: true },
      rls: { ok: true, unprotected: [] },
    });
    expect(report.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.migrations.applied).toBe(report.migrations.expected);
    expect(report.rls.tables).toBeGreaterThan(15);
    expect(typeof report.queue.available).toBe("boolean");
    expect(typeof report.worker.alive).toBe("boolean");
    // Read as the owner (the app role has no access to stripe_events).
    expect(report.stripeEvents).toMatchObject({
      received: expect.any(Number) as unknown,
      dead: expect.any(Number) as unknown,
    });
    expect(report.checkedAt).toBeInstanceOf(Date);

    const admin = await createMember(database, t.tenantId, "admin");
    await expect(
      (await callerFor(database, { userId: admin, tenantId: t.tenantId })).health(),
    ).resolves.toMatchObject({ rls: { ok: true } });
  });

  it("is refused to members, viewers, non-admin keys and anonymous callers", async () => {
    const member = await createMember(database, t.tenantId, "member");
    const viewer = await createMember(database, t.tenantId, "viewer");
    const key = await createKey(database, t.tenantId, ["bookings:read", "metrics:read"]);
    expect(
      await codeOf((await callerFor(database, { userId: member, tenantId: t.tenantId })).health()),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf((await callerFor(database, { userId: viewer, tenantId: t.tenantId })).health()),
    ).toBe("FORBIDDEN");
    expect(await codeOf((await callerFor(database, { apiKey: key })).health())).toBe("FORBIDDEN");
    expect(await codeOf((await callerFor(database, null)).health())).toBe("UNAUTHORIZED");
  });

  it("leaves the request's transaction as the app role, with RLS still in force", async () => {
    const other = await createTenantWithKey(database);
    await withTenant(database.db, { tenantId: t.tenantId }, async (tx) => {
      await adminHealth(database, tx);
      const [row] = await queryRows<{ role: string; visible: number }>(
        tx,
        sql`select current_user::text as role, (select count(*)::int from tenants where id = ${other.tenantId}) as visible`,
      );
      expect(row).toEqual({ role: "frontdesk_app", visible: 0 });
    });
  });
});

describe("health on a database of its own", () => {
  let scratch: Database;
  let s: TestTenant;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    s = await createTenantWithKey(scratch);
  });
  afterAll(async () => {
    await scratch.close();
  });

  it("reports no queue and no worker when neither ever ran", async () => {
    const report = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
    expect(report.queue).toEqual({ available: false, depth: null, deadLetters: null });
    expect(report.worker).toEqual({ lastSeenAt: null, ageSeconds: null, alive: false });
    expect(report.status).toBe("degraded");
  });

  it("counts waiting jobs and dead letters, and is ok with a fresh worker heartbeat", async () => {
    // The two columns of pg-boss's job table that the check reads.
    await scratch.db.execute(sql`create schema pgboss`);
    await scratch.db.execute(
      sql`create table pgboss.job (name text not null, state text not null)`,
    );
    await scratch.db.execute(sql`insert into pgboss.job (name, state) values
      ('bookings.remind', 'created'), ('bookings.remind', 'retry'), ('orders.expire', 'created'),
      ('orders.expire', 'active'), ('orders.expire', 'completed'), ('orders.expire', 'failed'),
      ('orders.expire.dead', 'created'), ('bookings.remind.dead', 'created'), ('bookings.remind.dead', 'completed')`);
    await scratch.db
      .insert(workerHeartbeats)
      .values({ workerId: "test:1", startedAt: new Date(), lastSeenAt: sql`now()` });

    const report = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
    expect(report.queue).toEqual({ available: true, depth: 3, deadLetters: 2 });
    expect(report.worker.alive).toBe(true);
    expect(report.worker.ageSeconds).toBeLessThan(WORKER_STALE_SECONDS);
    expect(report.status).toBe("ok");

    await scratch.db.execute(
      sql`update worker_heartbeats set last_seen_at = now() - interval '5 minutes'`,
    );
    const stale = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
    expect(stale.worker.alive).toBe(false);
    expect(stale.worker.ageSeconds).toBeGreaterThanOrEqual(300);
    expect(stale.status).toBe("degraded");
    await scratch.db.execute(sql`update worker_heartbeats set last_seen_at = now()`);
  });

  it("counts Stripe events waiting and dead, and is degraded while any is dead", async () => {
    const api = await callerFor(scratch, { apiKey: s.adminKey });
    expect((await api.health()).stripeEvents).toEqual({ received: 0, dead: 0, oldestReceivedAt: null });

    const oldest = new Date("2026-01-02T03:04:05.000Z");
    const ids = ["evt_health_waiting_1", "evt_health_waiting_2", "evt_health_done", "evt_health_dead"];
    // As the owner, as the webhook route and the sweep write them.
    await scratch.db.insert(stripeEvents).values([
      { id: "evt_health_waiting_1", type: "payment_intent.succeeded", status: "received", receivedAt: oldest },
      { id: "evt_health_waiting_2", type: "invoice.paid", status: "received", receivedAt: new Date(oldest.getTime() + 60_000) },
      { id: "evt_health_done", type: "invoice.paid", status: "processed", attempts: 1, receivedAt: new Date(oldest.getTime() - 60_000) },
    ]);
    try {
      const waiting = await api.health();
      expect(waiting.stripeEvents).toEqual({ received: 2, dead: 0, oldestReceivedAt: oldest });
      expect(waiting.status).toBe("ok"); // a backlog is not a failure; the worker is alive

      await scratch.db.insert(stripeEvents).values({
        id: "evt_health_dead",
        type: "invoice.payment_failed",
        status: "dead",
        attempts: 5,
        lastError: "The payment provider could not be reached",
      });
      const dead = await api.health();
      expect(dead.stripeEvents).toEqual({ received: 2, dead: 1, oldestReceivedAt: oldest });
      expect(dead.status).toBe("degraded");
      expect(dead.worker.alive).toBe(true);
    } finally {
      await scratch.db.delete(stripeEvents).where(inArray(stripeEvents.id, ids));
    }
    const cleared = await api.health();
    expect(cleared.stripeEvents).toEqual({ received: 0, dead: 0, oldestReceivedAt: null });
    expect(cleared.status).toBe("ok");
  });

  it("fails the RLS check when a tenant table's row-level security is not forced or disabled", async () => {
    await scratch.db.execute(sql`alter table bookings no force row level security`);
    await scratch.db.execute(sql`alter table orders disable row level security`);
    const report = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
    expect(report.rls.ok).toBe(false);
    expect(report.rls.unprotected).toEqual(["bookings", "orders"]);
    expect(report.status).toBe("degraded");
    expect(report.database.reachable).toBe(true);
  });
});
