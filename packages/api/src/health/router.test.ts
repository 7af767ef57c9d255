// The top-level `ping` (public) and `health` (tenant admins) procedures, and the admin report's
// checks: RLS forced on every tenant table, queue depth and dead letters, worker heartbeat, Stripe
// webhook events waiting and dead.
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  outbox,
  queryRows,
  stripeEvents,
  withTenant,
  workerHeartbeats,
  type Database,
} from "@frontdesk/db";
import { createScratchDatabase, createTestDatabase, testBackend } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestTenant,
} from "@frontdesk/testing/api";
import { codeOf } from "@frontdesk/testing/errors";
import { healthResponse, isHealthOperator } from "./route";
import { getAdminHealth, getOperatorHealth, WORKER_STALE_SECONDS } from "./service";

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
      await getAdminHealth(database, tx, t.tenantId);
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
    expect(report.queue).toEqual({ available: true, depth: 0, deadLetters: 0 });
    expect(report.worker).toEqual({ lastSeenAt: null, ageSeconds: null, alive: false });
    expect(report.status).toBe("degraded");
    const operator = await getOperatorHealth(scratch);
    expect(operator.queue).toEqual({ available: false, depth: null, deadLetters: null });
    expect(operator.status).toBe("degraded");
  });

  it("shows a tenant admin the tenant's own notifications as its queue, never the platform's jobs or another tenant's work", async () => {
    const other = await createTenantWithKey(scratch);
    await scratch.db.insert(outbox).values([
      { tenantId: s.tenantId, kind: "booking.reminder", status: "pending" },
      { tenantId: s.tenantId, kind: "booking.reminder", status: "failed", attempts: 5 },
      { tenantId: s.tenantId, kind: "booking.reminder", status: "sent" },
      { tenantId: other.tenantId, kind: "booking.reminder", status: "pending" },
      { tenantId: other.tenantId, kind: "booking.reminder", status: "pending" },
      { tenantId: other.tenantId, kind: "booking.reminder", status: "failed" },
    ]);
    try {
      const mine = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
      expect(mine.queue).toEqual({ available: true, depth: 1, deadLetters: 1 });
      const theirs = await (await callerFor(scratch, { apiKey: other.adminKey })).health();
      expect(theirs.queue).toEqual({ available: true, depth: 2, deadLetters: 1 });
    } finally {
      await scratch.db.delete(outbox);
    }
  });

  it("counts waiting jobs and dead letters for the operator, and is ok with a fresh worker heartbeat", async () => {
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

    const report = await getOperatorHealth(scratch);
    expect(report.queue).toEqual({ available: true, depth: 3, deadLetters: 2 });
    expect(report.worker.alive).toBe(true);
    expect(report.worker.ageSeconds).toBeLessThan(WORKER_STALE_SECONDS);
    expect(report.status).toBe("ok");
    // The platform's jobs are not a tenant's business.
    const tenant = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
    expect(tenant.queue).toEqual({ available: true, depth: 0, deadLetters: 0 });
    expect(tenant.status).toBe("ok");

    await scratch.db.execute(
      sql`update worker_heartbeats set last_seen_at = now() - interval '5 minutes'`,
    );
    const stale = await (await callerFor(scratch, { apiKey: s.adminKey })).health();
    expect(stale.worker.alive).toBe(false);
    expect(stale.worker.ageSeconds).toBeGreaterThanOrEqual(300);
    expect(stale.status).toBe("degraded");
    await scratch.db.execute(sql`update worker_heartbeats set last_seen_at = now()`);
  });

  it("counts the tenant's own Stripe events waiting and dead (the operator sees all), and is degraded while any is dead", async () => {
    const api = await callerFor(scratch, { apiKey: s.adminKey });
    const other = await createTenantWithKey(scratch);
    const theirs = await callerFor(scratch, { apiKey: other.adminKey });
    expect((await api.health()).stripeEvents).toEqual({
      received: 0,
      dead: 0,
      oldestReceivedAt: null,
    });

    const oldest = new Date("2026-01-02T03:04:05.000Z");
    const ids = [
      "evt_health_waiting_1",
      "evt_health_waiting_2",
      "evt_health_done",
      "evt_health_dead",
      "evt_health_other_waiting",
      "evt_health_other_dead",
      "evt_health_no_tenant",
    ];
    // As the owner, as the webhook route and the sweep write them.
    await scratch.db.insert(stripeEvents).values([
      {
        id: "evt_health_waiting_1",
        type: "payment_intent.succeeded",
        status: "received",
        receivedAt: oldest,
        tenantId: s.tenantId,
      },
      {
        id: "evt_health_waiting_2",
        type: "invoice.paid",
        status: "received",
        receivedAt: new Date(oldest.getTime() + 60_000),
        tenantId: s.tenantId,
      },
      {
        id: "evt_health_done",
        type: "invoice.paid",
        status: "processed",
        attempts: 1,
        receivedAt: new Date(oldest.getTime() - 60_000),
        tenantId: s.tenantId,
      },
      {
        id: "evt_health_other_waiting",
        type: "invoice.paid",
        status: "received",
        receivedAt: new Date(oldest.getTime() - 120_000),
        tenantId: other.tenantId,
      },
      {
        id: "evt_health_other_dead",
        type: "invoice.paid",
        status: "dead",
        attempts: 5,
        tenantId: other.tenantId,
      },
      {
        id: "evt_health_no_tenant",
        type: "customer.created",
        status: "received",
        receivedAt: oldest,
      },
    ]);
    try {
      const waiting = await api.health();
      expect(waiting.stripeEvents).toEqual({ received: 2, dead: 0, oldestReceivedAt: oldest });
      expect(waiting.status).toBe("ok"); // a backlog is not a failure; the worker is alive; another tenant's dead event is not ours
      expect((await theirs.health()).stripeEvents).toMatchObject({ received: 1, dead: 1 });
      expect((await getOperatorHealth(scratch)).stripeEvents).toMatchObject({
        received: 4,
        dead: 1,
      });

      await scratch.db.insert(stripeEvents).values({
        id: "evt_health_dead",
        type: "invoice.payment_failed",
        status: "dead",
        attempts: 5,
        lastError: "The payment provider could not be reached",
        tenantId: s.tenantId,
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

describe("GET /api/health (healthResponse)", () => {
  const token = "operator-token-0123456789abcdef0123456789";
  const get = (headers: Record<string, string> = {}) =>
    new Request("http://127.0.0.1/api/health", { headers });

  it("answers an anonymous caller with the status only", async () => {
    const response = await healthResponse(get(), {
      database: () => Promise.resolve(database),
      backend: database.backend,
      operatorToken: token,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
    // A wrong token, a token in another scheme, or no configured token: still the status only.
    for (const [headers, configured] of [
      [{ authorization: "Bearer wrong" }, token],
      [{ authorization: token }, token],
      [{ authorization: `Bearer ${token}` }, undefined],
    ] as const) {
      const r = await healthResponse(get(headers), {
        database: () => Promise.resolve(database),
        backend: database.backend,
        operatorToken: configured,
      });
      expect(await r.json()).toEqual({ status: "ok" });
    }
  });

  it("gives the operator token's bearer the platform-wide report", async () => {
    const response = await healthResponse(get({ authorization: `Bearer ${token}` }), {
      database: () => Promise.resolve(database),
      backend: database.backend,
      operatorToken: token,
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      database: { reachable: true, backend: testBackend() },
      migrations: { current: true },
      rls: { ok: true },
    });
    expect(body).toHaveProperty("queue");
    expect(body).toHaveProperty("stripeEvents");
    expect(isHealthOperator(new Headers({ authorization: `bearer  ${token}` }), token)).toBe(true);
  });

  it("answers 503 degraded, and still nothing more, when the database cannot be opened", async () => {
    const response = await healthResponse(get(), {
      database: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:5432")),
      backend: "postgres",
      operatorToken: token,
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "degraded" });
  });
});
