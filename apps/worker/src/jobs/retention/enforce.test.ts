import { randomUUID } from "node:crypto";
import { callerFor, createTenantWithKey } from "@frontdesk/testing/api";
import { recipientDigest, rollupMetricsHourly } from "@frontdesk/api";
import { queryRows, type Database } from "@frontdesk/db";
import { createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQueuedJob, testLogger } from "@frontdesk/testing/worker";
import { startWorker } from "../../worker";
import * as retention from "./enforce";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 86_400_000;
const SECRET = "test-link-secret-0123456789abcdef0123456789";

async function setRetention(
  tenantId: string,
  days: { metrics?: number; phi?: number; audit?: number },
): Promise<void> {
  await database.db.execute(
    sql`update tenants set metrics_retention_days = coalesce(${days.metrics ?? null}::int, metrics_retention_days),
          phi_events_retention_days = coalesce(${days.phi ?? null}::int, phi_events_retention_days),
          audit_retention_days = coalesce(${days.audit ?? null}::int, audit_retention_days)
        where id = ${tenantId}::uuid`,
  );
}

async function n(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(database.db, query);
  return Number(row?.n ?? 0);
}

/** Raw points of `name` at each instant, written as the service writes them (series, definition, dirty hours). */
async function writePoints(tenantId: string, name: string, at: Date[]): Promise<void> {
  for (const d of at) {
    await database.db.execute(
      sql`select frontdesk_ensure_metric_partitions(${d.toISOString().slice(0, 10)}::date, 1)`,
    );
  }
  await database.db.execute(
    sql`insert into metric_definitions (tenant_id, name, kind, series_count) values (${tenantId}::uuid, ${name}, 'gauge', 1) on conflict do nothing`,
  );
  for (const [i, d] of at.entries()) {
    await database.db.execute(
      sql`insert into analytics_metrics (tenant_id, name, kind, value, tags, series_hash, recorded_at)
          values (${tenantId}::uuid, ${name}, 'gauge', ${i + 1}, '{}', 's', ${d.toISOString()}::timestamptz)`,
    );
    await database.db.execute(
      sql`insert into metric_rollup_dirty_hours as h (tenant_id, name, bucket_start)
          values (${tenantId}::uuid, ${name}, date_trunc('hour', ${d.toISOString()}::timestamptz, 'UTC'))
          on conflict (tenant_id, name, bucket_start) do update set version = h.version + 1`,
    );
  }
}

/** The database's message for a statement that must fail (drizzle wraps it in "Failed query"). */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("the statement succeeded");
  return error.cause instanceof Error ? error.cause.message : error.message;
}

describe("retention.enforce", () => {
  it("deletes a tenant's metric points past its retention, keeps its rollups, and metrics.query still answers from them", async () => {
    const short = await createTenantWithKey(database);
    const long = await createTenantWithKey(database);
    await setRetention(short.tenantId, { metrics: 30 });
    await setRetention(long.tenantId, { metrics: 395 });
    const now = Date.now();
    // Five and six minutes into an hour, never astride one: the two 60-day-old points must share
    // one hourly rollup whatever minute the test runs at (three rollup rows, not four).
    const hour = Math.floor(now / HOUR) * HOUR;
    const old = [
      new Date(hour - 60 * DAY + 5 * MINUTE),
      new Date(hour - 60 * DAY + 6 * MINUTE),
      new Date(hour - 45 * DAY + 5 * MINUTE),
    ];
    const recent = [new Date(hour - 2 * DAY + 5 * MINUTE)];
    for (const t of [short, long]) await writePoints(t.tenantId, "visits", [...old, ...recent]);
    for (const t of [short, long])
      await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });

    const caller = await callerFor(database, { apiKey: short.adminKey });
    const range = {
      from: new Date(now - 90 * DAY),
      to: new Date(now),
      bucket: "day" as const,
      aggregations: ["sum" as const, "count" as const],
    };
    const before = await caller.metrics.query({ name: "visits", ...range });

    const counts = await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: short.tenantId,
      dropPartitions: false,
    });
    expect(counts.metricPoints).toBe(3);
    await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: long.tenantId,
      dropPartitions: false,
    });

    const raw = (tenantId: string) =>
      n(sql`select count(*) as n from analytics_metrics where tenant_id = ${tenantId}::uuid`);
    expect(await raw(short.tenantId)).toBe(1);
    expect(await raw(long.tenantId)).toBe(4);
    expect(
      await n(
        sql`select count(*) as n from metric_rollups_hourly where tenant_id = ${short.tenantId}::uuid`,
      ),
    ).toBe(3);
    // The raw points of those days are gone; the answer is the same, from the rollups.
    expect(await caller.metrics.query({ name: "visits", ...range })).toEqual(before);
    expect(before.series[0]?.points.reduce((sum, p) => sum + Number(p.count), 0)).toBe(4);
    // A second run has nothing left to do.
    expect(
      (
        await retention.enforceRetention(database.db, {
          linkSecret: SECRET,
          tenantId: short.tenantId,
          dropPartitions: false,
        })
      ).metricPoints,
    ).toBe(0);
  });

  it("keeps points of hours whose rollup is not computed yet", async () => {
    const t = await createTenantWithKey(database);
    await setRetention(t.tenantId, { metrics: 30 });
    await writePoints(t.tenantId, "late", [new Date(Date.now() - 40 * DAY)]);
    expect(
      (
        await retention.enforceRetention(database.db, {
          linkSecret: SECRET,
          tenantId: t.tenantId,
          dropPartitions: false,
        })
      ).metricPoints,
    ).toBe(0);
    await rollupMetricsHourly(database.db, { tenantId: t.tenantId, wait: true });
    expect(
      (
        await retention.enforceRetention(database.db, {
          linkSecret: SECRET,
          tenantId: t.tenantId,
          dropPartitions: false,
        })
      ).metricPoints,
    ).toBe(1);
  });

  it("drops a whole month once every tenant's retention has passed it", async () => {
    const t = await createTestTenant(database);
    // 2011: older than the longest retention a tenant can have (3650 days).
    await writePoints(t, "ancient", [new Date("2011-03-10T10:00:00Z")]);
    await rollupMetricsHourly(database.db, { tenantId: t, wait: true });
    expect(
      await n(sql`select count(*) as n from pg_class where relname = 'analytics_metrics_y2011m03'`),
    ).toBe(1);
    const dropped = await retention.dropExpiredMetricPartitions(database.db);
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect(
      await n(sql`select count(*) as n from pg_class where relname = 'analytics_metrics_y2011m03'`),
    ).toBe(0);
    // The month's rollups stay.
    expect(
      await n(sql`select count(*) as n from metric_rollups_hourly where tenant_id = ${t}::uuid`),
    ).toBe(1);
    // This month's partition stays.
    const current = `analytics_metrics_y${new Date().toISOString().slice(0, 4)}m${new Date().toISOString().slice(5, 7)}`;
    expect(await n(sql`select count(*) as n from pg_class where relname = ${current}`)).toBe(1);
  });

  it("deletes PHI events and delivery logs past retention, and only those", async () => {
    const t = await createTenantWithKey(database);
    await setRetention(t.tenantId, { phi: 30 });
    for (const days of [31, 29]) {
      await database.db.execute(
        sql`insert into phi_detection_events (tenant_id, phi_type, masked_value, source_kind, source_api, action, created_at)
            values (${t.tenantId}::uuid, 'SSN', '***', 'api', 'phi.scan', 'masked', now() - make_interval(days => ${days}::int))`,
      );
    }
    for (const [status, days] of [
      ["sent", 91],
      ["failed", 91],
      ["pending", 200],
      ["sent", 10],
    ] as const) {
      await database.db.execute(
        sql`insert into outbox (tenant_id, kind, status, updated_at) values (${t.tenantId}::uuid, 'test', ${status}, now() - make_interval(days => ${days}::int))`,
      );
    }
    const counts = await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: t.tenantId,
      dropPartitions: false,
    });
    expect(counts).toMatchObject({ phiEvents: 1, outboxRows: 2 });
    expect(
      await n(
        sql`select count(*) as n from phi_detection_events where tenant_id = ${t.tenantId}::uuid`,
      ),
    ).toBe(1);
    // The stats describe the events kept: the deleted one left the rollup with its row.
    const stats = await (
      await callerFor(database, { apiKey: t.adminKey })
    ).phiEvents.stats({ from: new Date(Date.now() - 40 * DAY), to: new Date(), bucket: "month" });
    expect(stats.totals.count).toBe(1);
    expect(
      await n(
        sql`select coalesce(sum(event_count), 0) as n from phi_event_hour_counts where tenant_id = ${t.tenantId}::uuid`,
      ),
    ).toBe(1);
    expect(
      await n(sql`select count(*) as n from outbox where tenant_id = ${t.tenantId}::uuid`),
    ).toBe(2);
  });

  it("deletes settled webhook events with their deliveries and attempts after 90 days, never one still being delivered", async () => {
    const t = await createTenantWithKey(database);
    const [endpoint] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into webhook_endpoints (tenant_id, url, secret) values (${t.tenantId}::uuid, 'https://192.0.2.40/h', 'whsec_x') returning id`,
    );
    for (const [status, days] of [
      ["succeeded", 91],
      ["failed", 91],
      ["pending", 91],
      ["succeeded", 10],
    ] as const) {
      const [event] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into webhook_events (tenant_id, type, payload, created_at)
            values (${t.tenantId}::uuid, 'booking.created', '{}'::jsonb, now() - make_interval(days => ${days}::int)) returning id`,
      );
      const [delivery] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into webhook_deliveries (tenant_id, endpoint_id, event_id, status)
            values (${t.tenantId}::uuid, ${endpoint?.id}::uuid, ${event?.id}::uuid, ${status}) returning id`,
      );
      await database.db.execute(
        sql`insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, latency_ms, succeeded)
            values (${t.tenantId}::uuid, ${delivery?.id}::uuid, 1, 5, ${status === "succeeded"})`,
      );
    }
    const counts = await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: t.tenantId,
      dropPartitions: false,
    });
    expect(counts).toMatchObject({ webhookEvents: 2 });
    expect(
      await n(sql`select count(*) as n from webhook_events where tenant_id = ${t.tenantId}::uuid`),
    ).toBe(2);
    expect(
      await n(
        sql`select count(*) as n from webhook_deliveries where tenant_id = ${t.tenantId}::uuid`,
      ),
    ).toBe(2);
    // The kept settled delivery's attempt log stays; the deleted ones' went with them.
    expect(
      await n(sql`select count(*) as n from webhook_delivery_attempts a
                  join webhook_deliveries d on d.tenant_id = a.tenant_id and d.id = a.delivery_id
                  where a.tenant_id = ${t.tenantId}::uuid and d.status <> 'pending'`),
    ).toBe(1);
    expect(
      await n(
        sql`select count(*) as n from webhook_deliveries where tenant_id = ${t.tenantId}::uuid and status = 'pending'`,
      ),
    ).toBe(1);
  });

  it("keeps webhook delivery logs and outbox rows for the tenant's own delivery-log retention: 7 days loses 8-day-old logs, 90 keeps them", async () => {
    const week = await createTenantWithKey(database);
    const quarter = await createTenantWithKey(database);
    // Set the way an admin does (Settings → Profile calls tenant.update).
    await (
      await callerFor(database, { apiKey: week.adminKey })
    ).tenant.update({ retention: { deliveryLogDays: 7 } });
    expect(
      (await (await callerFor(database, { apiKey: quarter.adminKey })).tenant.get()).retention
        .deliveryLogDays,
    ).toBe(90);
    const logs = async (tenantId: string) => ({
      events: await n(
        sql`select count(*) as n from webhook_events where tenant_id = ${tenantId}::uuid`,
      ),
      deliveries: await n(
        sql`select count(*) as n from webhook_deliveries where tenant_id = ${tenantId}::uuid`,
      ),
      attempts: await n(
        sql`select count(*) as n from webhook_delivery_attempts where tenant_id = ${tenantId}::uuid`,
      ),
      outbox: await n(sql`select count(*) as n from outbox where tenant_id = ${tenantId}::uuid`),
    });
    for (const t of [week, quarter]) {
      const [endpoint] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into webhook_endpoints (tenant_id, url, secret) values (${t.tenantId}::uuid, 'https://192.0.2.41/h', 'whsec_x') returning id`,
      );
      for (const days of [8, 6]) {
        const [event] = await queryRows<{ id: string }>(
          database.db,
          sql`insert into webhook_events (tenant_id, type, payload, created_at)
              values (${t.tenantId}::uuid, 'booking.created', '{}'::jsonb, now() - make_interval(days => ${days}::int)) returning id`,
        );
        const [delivery] = await queryRows<{ id: string }>(
          database.db,
          sql`insert into webhook_deliveries (tenant_id, endpoint_id, event_id, status)
              values (${t.tenantId}::uuid, ${endpoint?.id}::uuid, ${event?.id}::uuid, 'succeeded') returning id`,
        );
        await database.db.execute(
          sql`insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, latency_ms, succeeded)
              values (${t.tenantId}::uuid, ${delivery?.id}::uuid, 1, 5, true)`,
        );
        await database.db.execute(
          sql`insert into outbox (tenant_id, kind, status, updated_at) values (${t.tenantId}::uuid, 'test', 'sent', now() - make_interval(days => ${days}::int))`,
        );
      }
    }
    for (const t of [week, quarter]) {
      await retention.enforceRetention(database.db, {
        linkSecret: SECRET,
        tenantId: t.tenantId,
        dropPartitions: false,
      });
    }
    // The 7-day tenant lost its 8-day-old event (with its delivery and attempt log) and outbox row…
    expect(await logs(week.tenantId)).toEqual({
      events: 1,
      deliveries: 1,
      attempts: 1,
      outbox: 1,
    });
    // …the 90-day tenant kept everything.
    expect(await logs(quarter.tenantId)).toEqual({
      events: 2,
      deliveries: 2,
      attempts: 2,
      outbox: 2,
    });
  });

  it("deletes a tenant's settled email past its email retention (never a pending one) and erases the addresses the rest keeps", async () => {
    const short = await createTenantWithKey(database);
    const long = await createTenantWithKey(database);
    await (
      await callerFor(database, { apiKey: short.adminKey })
    ).tenant.update({ retention: { emailDays: 30 } });
    const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;
    const insert = async (
      tenantId: string,
      to: string,
      status: "pending" | "sent" | "suppressed" | "dead",
      days: number,
      transport: "smtp" | "dev-mailbox" | null = status === "sent" ? "smtp" : null,
    ) => {
      await database.db.execute(
        sql`insert into email_messages (tenant_id, template, to_address, status, transport, created_at, updated_at)
            values (${tenantId}::uuid, 'booking-confirmation', ${to}, ${status}, ${transport},
                    now() - make_interval(days => ${days}::int), now() - make_interval(days => ${days}::int))`,
      );
    };
    const old = { sent: address("sent"), dead: address("dead"), suppressed: address("supp") };
    await insert(short.tenantId, old.sent, "sent", 31);
    await insert(short.tenantId, old.dead, "dead", 31);
    await insert(short.tenantId, old.suppressed, "suppressed", 31);
    const waiting = address("waiting");
    await insert(short.tenantId, waiting, "pending", 40);
    // Younger than the retention: kept, but a sent (SMTP) one and a long-dead one lose the address;
    // the development mailbox's copy and a recently dead one (it can still be sent again) keep it.
    const recent = {
      sent: address("recent-sent"),
      longDead: address("long-dead"),
      newlyDead: address("newly-dead"),
      mailbox: address("mailbox"),
    };
    await insert(short.tenantId, recent.sent, "sent", 29);
    await insert(short.tenantId, recent.longDead, "dead", 8);
    await insert(short.tenantId, recent.newlyDead, "dead", 2);
    await insert(short.tenantId, recent.mailbox, "sent", 3, "dev-mailbox");
    const kept = address("kept");
    await insert(long.tenantId, kept, "sent", 31);

    const counts = await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: short.tenantId,
      dropPartitions: false,
    });
    expect(counts).toMatchObject({ emailMessages: 3, emailRecipientsErased: 2 });
    const rows = await queryRows<{ status: string; to_address: string }>(
      database.db,
      sql`select status, to_address from email_messages where tenant_id = ${short.tenantId}::uuid order by created_at`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { status: "pending", to_address: waiting },
        { status: "sent", to_address: recipientDigest(SECRET, recent.sent) },
        { status: "dead", to_address: recipientDigest(SECRET, recent.longDead) },
        { status: "dead", to_address: recent.newlyDead },
        { status: "sent", to_address: recent.mailbox },
      ]),
    );
    expect(rows).toHaveLength(5);
    // A second run finds nothing; the other tenant's 31-day-old message is within its 90 days.
    expect(
      await retention.enforceRetention(database.db, {
        linkSecret: SECRET,
        tenantId: short.tenantId,
        dropPartitions: false,
      }),
    ).toMatchObject({ emailMessages: 0, emailRecipientsErased: 0 });
    await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: long.tenantId,
      dropPartitions: false,
    });
    expect(
      await queryRows(
        database.db,
        sql`select to_address from email_messages where tenant_id = ${long.tenantId}::uuid`,
      ),
    ).toEqual([{ to_address: recipientDigest(SECRET, kept) }]);
  });

  it("deletes account mail (no tenant) after 90 days", async () => {
    const ids: string[] = [];
    for (const days of [91, 89]) {
      const [row] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into email_messages (template, to_address, status, created_at)
            values ('account', ${`user-${randomUUID().slice(0, 8)}@example.com`}, 'sent', now() - make_interval(days => ${days}::int))
            returning id`,
      );
      if (row) ids.push(row.id);
    }
    await retention.deleteExpiredEmails(database.db, null, retention.DELIVERY_LOG_DAYS);
    const left = await queryRows<{ id: string }>(
      database.db,
      sql`select id from email_messages where id = any(${sql.param(ids)}::uuid[])`,
    );
    expect(left.map((r) => r.id)).toEqual([ids[1]]);
  });

  it("purges audit rows only past the tenant's retention and never younger than six years; the table refuses any other delete", async () => {
    const t = await createTenantWithKey(database);
    await setRetention(t.tenantId, { audit: 2555 }); // 7 years
    for (const years of [8, 6.5, 5]) {
      await database.db.execute(
        sql`insert into audit_log (tenant_id, actor_type, action, created_at)
            values (${t.tenantId}::uuid, 'system', ${`test.${years}`}, now() - make_interval(days => ${Math.round(years * 365.25)}::int))`,
      );
    }
    const counts = await retention.enforceRetention(database.db, {
      linkSecret: SECRET,
      tenantId: t.tenantId,
      dropPartitions: false,
    });
    expect(counts.auditRows).toBe(1);
    const left = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where tenant_id = ${t.tenantId}::uuid and action like 'test.%' order by action`,
    );
    expect(left.map((r) => r.action)).toEqual(["test.5", "test.6.5"]);

    // Not even the owner role deletes, updates or truncates audit rows directly.
    expect(
      await failure(
        database.db.execute(sql`delete from audit_log where tenant_id = ${t.tenantId}::uuid`),
      ),
    ).toMatch(/append-only/);
    expect(
      await failure(
        database.db.execute(
          sql`update audit_log set action = 'x' where tenant_id = ${t.tenantId}::uuid`,
        ),
      ),
    ).toMatch(/append-only/);
    expect(await failure(database.db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    // The floor is in the schema too: no tenant can ask for less than six years.
    expect(await failure(setRetention(t.tenantId, { audit: 365 }))).toMatch(
      /tenants_retention_check/,
    );
    const caller = await callerFor(database, { apiKey: t.adminKey });
    await expect(caller.tenant.update({ retention: { auditDays: 365 } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // Deleting the tenant still removes its audit rows (cascade).
    await database.db.execute(sql`delete from tenants where id = ${t.tenantId}::uuid`);
    expect(
      await n(sql`select count(*) as n from audit_log where tenant_id = ${t.tenantId}::uuid`),
    ).toBe(0);
  });

  it("runs through the queue", async () => {
    const t = await createTenantWithKey(database);
    await setRetention(t.tenantId, { phi: 1 });
    await database.db.execute(
      sql`insert into phi_detection_events (tenant_id, phi_type, masked_value, source_kind, source_api, action, created_at)
          values (${t.tenantId}::uuid, 'SSN', '***', 'api', 'phi.scan', 'masked', now() - interval '2 days')`,
    );
    // Confined to this tenant: on PostgreSQL the database is shared with other test files.
    const job = {
      queue: retention.queue,
      handler: retention.createHandler({ tenantId: t.tenantId, dropPartitions: false }),
    };
    const worker = await startWorker({
      database,
      logger: testLogger(),
      workerId: `test-retention-${randomUUID()}`,
      jobs: [job],
    });
    try {
      expect(await runQueuedJob(worker.boss, retention.queue)).toBe("completed");
      expect(
        await n(
          sql`select count(*) as n from phi_detection_events where tenant_id = ${t.tenantId}::uuid`,
        ),
      ).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});
