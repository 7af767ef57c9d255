// Read replicas (DATABASE_READ_URL) against a REAL streaming replica: `.ci/replica start DIR 5433`
// (pg_basebackup + a hot standby), which .ci/run starts and names in TEST_REPLICA_URL (and
// TEST_REPLICA_DIR, so this file may stop it to prove the fallback). Replay is paused on the standby
// to tell which server answered: a row written meanwhile is on the primary only.
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { sql, and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, memberships, queryRows, withTenant, type Database } from "@frontdesk/db";
import {
  createTestTenant,
  testBackend,
  testDatabaseUrl,
  testDirectDatabaseUrl,
} from "@frontdesk/testing/db";
import { callerFor, createKey, createMember, createTenantWithKey } from "@frontdesk/testing/api";

const onPostgres = testBackend() === "postgres";
const replicaServer = process.env.TEST_REPLICA_URL?.trim() ?? "";
const replicaDir = process.env.TEST_REPLICA_DIR?.trim() ?? "";
if (onPostgres && !replicaServer) {
  console.log(
    "read-replica tests skipped: TEST_REPLICA_URL is unset (.ci/run starts one with `.ci/replica start DIR 5433`)",
  );
}
const replicaScript = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../.ci/replica",
);
const run = promisify(execFile);

/** The test database's name on the replica's server (a replica carries every database of its primary). */
function replicaUrlOfTestDatabase(): string {
  const url = new URL(replicaServer);
  url.pathname = new URL(testDirectDatabaseUrl()).pathname;
  return url.toString();
}

type Sql = NonNullable<Database["sql"]>;

/**
 * An API key's first call of each rate-limit minute stamps its last_used_at — a write, so that call
 * reads the primary whatever its rule says. A test that asserts where a key's reads go starts with
 * at least 20 s of the minute left, so its calls after the first stay in one window.
 */
async function awayFromMinuteBoundary(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** A plain connection to the standby itself (as the superuser: pausing replay, counting rows). */
async function standbyConnection(): Promise<{ sql: Sql; close: () => Promise<void> }> {
  const db = await createDb({ url: replicaUrlOfTestDatabase(), max: 1 });
  if (!db.sql) throw new Error("no postgres.js client");
  return { sql: db.sql, close: () => db.close() };
}

describe.skipIf(!onPostgres || !replicaServer)("read replica (a real streaming standby)", () => {
  let database: Database;
  let standbyDb: { sql: Sql; close: () => Promise<void> };
  let standby: Sql;
  let primary: Sql;

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const [{ lsn } = { lsn: "0/0" }] = await primary<
      { lsn: string }[]
    >`select pg_current_wal_lsn()::text as lsn`;
    // Generous: on a shared CI machine the standby replays every other test's databases too.
    for (let i = 0; i < 1_200; i++) {
      const [row] = await standby<
        { done: boolean }[]
      >`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as done`;
      if (row?.done) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the replica did not catch up within 30 s");
  }

  /** Runs `fn` with replay paused on the standby: what is written meanwhile exists on the primary only. */
  async function whilePaused<T>(fn: () => Promise<T>): Promise<T> {
    await caughtUp();
    await standby`select pg_wal_replay_pause()`;
    try {
      return await fn();
    } finally {
      await standby`select pg_wal_replay_resume()`;
    }
  }

  beforeAll(async () => {
    database = await createDb({
      url: testDatabaseUrl(),
      directUrl: testDirectDatabaseUrl(),
      readUrl: replicaUrlOfTestDatabase(),
      max: 4,
      replicaCooldownMs: 300,
    });
    standbyDb = await standbyConnection();
    standby = standbyDb.sql;
    if (!database.sql) throw new Error("no postgres.js client");
    primary = database.sql;
  });

  afterAll(async () => {
    if (standby) await standby`select pg_wal_replay_resume()`.catch(() => undefined);
    await Promise.all([database?.close(), standbyDb?.close()]);
  });

  it("reads on the replica under RLS, in a read-only transaction of a standby", async () => {
    const a = await createTestTenant(database);
    const b = await createTestTenant(database);
    for (const tenantId of [a, b]) {
      await primary`insert into metric_definitions (tenant_id, name, kind) values (${tenantId}, ${`only.${tenantId}`}, 'gauge')`;
    }
    await caughtUp();
    const replicaDb = database.replica?.db;
    if (!replicaDb) throw new Error("no replica configured");
    const seen = await withTenant(replicaDb, { tenantId: a, readOnly: true }, async (tx) => {
      const [server] = await queryRows<{ standby: boolean; role: string; read_only: string }>(
        tx,
        sql`select pg_is_in_recovery() as standby, current_user::text as role, current_setting('transaction_read_only') as read_only`,
      );
      const names = await queryRows<{ name: string }>(
        tx,
        sql`select name from metric_definitions where name like 'only.%'`,
      );
      return { server, names: names.map((n) => n.name) };
    });
    expect(seen.server).toEqual({ standby: true, role: "frontdesk_app", read_only: "on" });
    // The other tenant's row is on the replica (replicated) but invisible: RLS holds there too.
    expect(seen.names).toEqual([`only.${a}`]);
    const [visibleToOwner] = await standby<
      { n: number }[]
    >`select count(*)::int as n from metric_definitions where name = ${`only.${b}`}`;
    expect(visibleToOwner?.n).toBe(1);
    // As the app role with no tenant set: nothing at all.
    const none = await standby.begin(async (tx) => {
      await tx`set local role frontdesk_app`;
      return tx<{ n: number }[]>`select count(*)::int as n from metric_definitions`;
    });
    expect(none[0]?.n).toBe(0);
  });

  it("serves replica-tolerant queries from the replica; mutations and other reads from the primary", async () => {
    const t = await createTenantWithKey(database);
    const key = await createKey(database, t.tenantId, [
      "metrics:read",
      "metrics:write",
      "bookings:read",
      "bookings:write",
    ]);
    const api = await callerFor(database, { apiKey: key });
    await awayFromMinuteBoundary();
    await api.metrics.record({ name: "before.pause", value: 1 });
    // The key's first call of a minute stamps last_used_at (a write: primary); later ones are pure reads.
    await api.metrics.names({});
    const member = await createMember(database, t.tenantId, "viewer");
    const viewer = await callerFor(database, { userId: member, tenantId: t.tenantId });

    await whilePaused(async () => {
      // A mutation: only the primary can take it (on the standby it would fail as read-only).
      await api.metrics.record({ name: "during.pause", value: 1 });
      const resource = await (
        await callerFor(database, { apiKey: t.adminKey })
      ).bookings.resources.create({
        name: "Room",
        timeZone: "UTC",
        slotMinutes: 30,
        availability: [{ weekday: 1, start: "08:00", end: "18:00" }],
      });
      // A read that is not replica-tolerant sees the write at once: the primary answered it.
      const listed = await api.bookings.resources.list({});
      expect(listed.items.map((r) => r.id)).toContain(resource.id);
      // metrics.names is replica-tolerant: the paused standby answers it, without the new name.
      for (const caller of [api, viewer]) {
        const names = (await caller.metrics.names({})).items.map((n) => n.name);
        expect(names).toContain("before.pause");
        expect(names).not.toContain("during.pause");
      }
      expect(database.replica?.status().state).toBe("up");
    });
    await caughtUp();
    expect((await api.metrics.names({})).items.map((n) => n.name)).toContain("during.pause");
  });

  it("checks a session's membership on the primary: a removed member is refused while the replica lags", async () => {
    const t = await createTenantWithKey(database);
    const member = await createMember(database, t.tenantId, "viewer");
    const viewer = await callerFor(database, { userId: member, tenantId: t.tenantId });
    await expect(viewer.metrics.names({})).resolves.toMatchObject({ items: [] });
    await whilePaused(async () => {
      await database.db
        .delete(memberships)
        .where(and(eq(memberships.tenantId, t.tenantId), eq(memberships.userId, member)));
      await expect(viewer.metrics.names({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  it("sends reads to the primary while the replica lags past the limit, and back once it caught up", async () => {
    const lagged = await createDb({
      url: testDatabaseUrl(),
      directUrl: testDirectDatabaseUrl(),
      readUrl: replicaUrlOfTestDatabase(),
      max: 2,
      replicaMaxLagSeconds: 2,
      replicaLagCheckMs: 100,
    });
    try {
      const t = await createTenantWithKey(lagged);
      const api = await callerFor(lagged, { apiKey: t.adminKey });
      await api.metrics.record({ name: "before.lag", value: 1 });
      await api.metrics.names({});
      await caughtUp();
      await lagged.replica?.checkLag();
      expect(lagged.replica?.status().state).toBe("up");
      await whilePaused(async () => {
        await api.metrics.record({ name: "during.lag", value: 1 });
        // Not replayed: the replica has not reached the primary WAL positions sampled since the pause.
        await new Promise((resolve) => setTimeout(resolve, 2_300));
        await lagged.replica?.checkLag();
        expect(lagged.replica?.status().state).toBe("lagging");
        // Served by the primary, which has the new name, although replay is still paused.
        expect((await api.metrics.names({})).items.map((n) => n.name)).toContain("during.lag");
      });
      // Replay resumed: once a check finds it within the limit, reads go back to it.
      for (let i = 0; i < 60 && lagged.replica?.status().state !== "up"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await lagged.replica?.checkLag();
      }
      expect(lagged.replica?.status().state).toBe("up");
      expect(lagged.replica?.status().lastLagSeconds).toBeLessThanOrEqual(2);
    } finally {
      await lagged.close();
    }
  });

  it.skipIf(!replicaDir)(
    "falls back to the primary at once when the replica is stopped, and returns to it when it is back",
    async () => {
      const t = await createTenantWithKey(database);
      await (
        await callerFor(database, { apiKey: t.adminKey })
      ).metrics.record({ name: "fallback.check", value: 1 });
      // A session's reads: no per-minute key stamp can send one of them to the primary on its own.
      const member = await createMember(database, t.tenantId, "viewer");
      const api = await callerFor(database, { userId: member, tenantId: t.tenantId });
      await api.metrics.names({});
      const admin = await callerFor(database, { userId: t.ownerUserId, tenantId: t.tenantId });
      await standbyDb.close();
      await run("bash", [replicaScript, "stop", replicaDir]);
      try {
        const before = database.replica?.status().fallbacks ?? 0;
        const started = performance.now();
        const names = (await api.metrics.names({})).items.map((n) => n.name);
        const firstMs = performance.now() - started;
        expect(names).toContain("fallback.check");
        expect(database.replica?.status()).toMatchObject({
          state: "down",
          lastFailureReason: "connection",
        });
        // The breaker is open: the next reads do not even try the replica.
        const again = performance.now();
        for (let i = 0; i < 5; i++) await api.metrics.names({});
        const nextMs = (performance.now() - again) / 5;
        expect(database.replica?.status().fallbacks).toBeGreaterThanOrEqual(before + 6);
        console.log(
          `replica stopped: first read ${firstMs.toFixed(0)} ms (failed attempt + primary), next reads ${nextMs.toFixed(1)} ms each (primary)`,
        );
        expect(firstMs).toBeLessThan(2_500);
        const health = await admin.health();
        expect(health.replica).toMatchObject({ state: "down", reachable: false });
        expect(health.status).toBe(
          health.database.reachable &&
            health.migrations.current &&
            health.rls.ok &&
            health.worker.alive
            ? "ok"
            : "degraded",
        );
      } finally {
        await run("bash", [
          replicaScript,
          "start",
          replicaDir,
          new URL(replicaServer).port || "5433",
        ]);
        standbyDb = await standbyConnection();
        standby = standbyDb.sql;
      }
      await new Promise((resolve) => setTimeout(resolve, 350));
      await caughtUp();
      await api.metrics.names({});
      expect(database.replica?.status().state).toBe("up");
      const health = await admin.health();
      expect(health.replica).toMatchObject({ state: "up", reachable: true, inRecovery: true });
      expect(health.replica?.lagSeconds).toBeGreaterThanOrEqual(0);
    },
  );
});

describe.skipIf(!onPostgres)("read replica that cannot be reached", () => {
  it("answers replica-tolerant reads from the primary, and the breaker keeps later reads off it", async () => {
    // A port nothing listens on: connections are refused before anything is sent.
    const unreachable = new URL(testDirectDatabaseUrl());
    unreachable.port = "1";
    const database = await createDb({
      url: testDatabaseUrl(),
      directUrl: testDirectDatabaseUrl(),
      readUrl: unreachable.toString(),
      max: 2,
      replicaCooldownMs: 60_000,
    });
    try {
      const t = await createTenantWithKey(database);
      await (
        await callerFor(database, { apiKey: t.adminKey })
      ).metrics.record({ name: "primary.only", value: 1 });
      const api = await callerFor(database, { userId: t.ownerUserId, tenantId: t.tenantId });
      expect((await api.metrics.names({})).items.map((n) => n.name)).toEqual(["primary.only"]);
      expect(database.replica?.status()).toMatchObject({
        state: "down",
        lastFailureReason: "connection",
      });
      const fallbacks = database.replica?.status().fallbacks ?? 0;
      await api.metrics.names({});
      expect(database.replica?.status().fallbacks).toBe(fallbacks + 1);
      expect((await api.health()).replica).toMatchObject({
        state: "down",
        reachable: false,
        inRecovery: null,
      });
    } finally {
      await database.close();
    }
  });
});
