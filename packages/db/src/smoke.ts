// `db:smoke`: runtime checks against a live database (pooler included), each inside a transaction
// that is rolled back, so it is safe on production: the app role reads and writes tenant tables
// with a tenant set and sees or changes nothing without one or across tenants, the SECURITY DEFINER
// functions answer, the exclusion constraint refuses an overlapping booking, metric partitions exist
// for this month and the next, and the job queue's schema is reachable.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRows, type Database, type Db } from "./client";
import { pgErrorCode } from "./errors";
import { tenantTableSecurity } from "./verify";

export interface SmokeCheck {
  name: string;
  status: "ok" | "failed" | "skipped";
  ms: number;
  detail: string;
}

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back; returns what fn returned. */
async function rolledBack<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      result = { value: await fn(tx) };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (!result) throw new Error("smoke check produced no result");
  return result.value;
}

/** The SQLSTATE `fn` fails with inside a savepoint (the transaction goes on), or undefined. */
async function failsWith(tx: Db, fn: (sp: Db) => Promise<unknown>): Promise<string | undefined> {
  try {
    await tx.transaction(async (sp) => {
      await fn(sp);
    });
    return undefined;
  } catch (error) {
    return pgErrorCode(error) ?? "error";
  }
}

const asApp = (tx: Db, tenantId: string) =>
  tx.execute(
    sql`select set_config('role', 'frontdesk_app', true), set_config('app.tenant_id', ${tenantId}, true)`,
  );

/** Two throw-away tenants (as the owner), visible only inside this transaction. */
async function twoTenants(tx: Db): Promise<[string, string]> {
  const ids: string[] = [];
  for (const label of ["a", "b"]) {
    const suffix = randomUUID().slice(0, 8);
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into tenants (name, slug) values (${`Smoke ${label} ${suffix}`}, ${`smoke-${label}-${suffix}`}) returning id`,
    );
    if (!row) throw new Error("tenant insert returned nothing");
    ids.push(row.id);
  }
  return [ids[0] ?? "", ids[1] ?? ""];
}

async function insertResource(tx: Db, tenantId: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into resources (tenant_id, name, time_zone, slot_minutes) values (${tenantId}, 'Smoke room', 'UTC', 30) returning id`,
  );
  if (!row) throw new Error("resource insert returned nothing");
  return row.id;
}

function insertBooking(tx: Db, tenantId: string, resourceId: string, startHour: number) {
  const start = new Date(Date.UTC(2000, 0, 3, startHour));
  const end = new Date(start.getTime() + 3_600_000);
  return tx.execute(
    sql`insert into bookings (tenant_id, resource_id, slot_id, starts_at, ends_at, status, attendee_name, attendee_email)
        values (${tenantId}, ${resourceId}, ${`smoke-${startHour}`}, ${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz,
                'confirmed', 'Smoke Test', 'smoke@example.com')`,
  );
}

type CheckFn = (db: Db) => Promise<{ status?: "ok" | "skipped"; detail: string }>;

const CHECKS: [string, CheckFn][] = [
  [
    "database answers",
    async (db) => {
      const [row] = await queryRows<{ version: string }>(
        db,
        sql`select current_setting('server_version') as version`,
      );
      return { detail: `PostgreSQL ${row?.version ?? "?"}` };
    },
  ],
  [
    "app role reads and writes every tenant table with a tenant set",
    (db) =>
      rolledBack(db, async (tx) => {
        const tables = (await tenantTableSecurity(tx))
          .filter((t) => !t.isPartition)
          .map((t) => t.name);
        const [a] = await twoTenants(tx);
        await asApp(tx, a);
        for (const table of tables)
          await tx.execute(sql`select count(*) from ${sql.identifier(table)}`);
        const resource = await insertResource(tx, a);
        await insertBooking(tx, a, resource, 9);
        await tx.execute(sql`insert into outbox (tenant_id, kind) values (${a}, 'smoke')`);
        const [seen] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from bookings where resource_id = ${resource}`,
        );
        if (seen?.n !== 1) throw new Error(`wrote a booking but reads ${seen?.n ?? 0}`);
        return { detail: `read ${tables.length} tables, wrote resources, bookings and outbox` };
      }),
  ],
  [
    "app role sees and changes nothing without a tenant",
    (db) =>
      rolledBack(db, async (tx) => {
        const tables = (await tenantTableSecurity(tx))
          .filter((t) => !t.isPartition)
          .map((t) => t.name);
        const [a] = await twoTenants(tx);
        await tx.execute(sql`insert into outbox (tenant_id, kind) values (${a}, 'smoke')`);
        await asApp(tx, "");
        const visible: string[] = [];
        for (const table of tables) {
          const [row] = await queryRows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from ${sql.identifier(table)}`,
          );
          if ((row?.n ?? 0) > 0) visible.push(table);
        }
        if (visible.length > 0)
          throw new Error(`rows visible with no tenant in ${visible.join(", ")}`);
        const write = await failsWith(tx, (sp) =>
          sp.execute(sql`insert into outbox (tenant_id, kind) values (${a}, 'smoke')`),
        );
        if (!write) throw new Error("an insert with no tenant set succeeded");
        return { detail: `0 rows in ${tables.length} tables; insert refused (${write})` };
      }),
  ],
  [
    "app role sees and changes nothing of another tenant",
    (db) =>
      rolledBack(db, async (tx) => {
        const [a, b] = await twoTenants(tx);
        await tx.execute(sql`insert into outbox (tenant_id, kind) values (${a}, 'smoke')`);
        await asApp(tx, b);
        const [seen] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from outbox where tenant_id = ${a}`,
        );
        const updated = await queryRows(
          tx,
          sql`update outbox set kind = 'smoke-changed' where tenant_id = ${a} returning 1`,
        );
        const write = await failsWith(tx, (sp) =>
          sp.execute(sql`insert into outbox (tenant_id, kind) values (${a}, 'smoke')`),
        );
        if ((seen?.n ?? 0) !== 0 || updated.length !== 0 || !write) {
          throw new Error(
            `saw ${seen?.n ?? 0}, updated ${updated.length}, insert ${write ? "refused" : "accepted"}`,
          );
        }
        return { detail: `read 0, updated 0, insert refused (${write})` };
      }),
  ],
  [
    "SECURITY DEFINER functions answer the app role",
    (db) =>
      rolledBack(db, async (tx) => {
        const [a] = await twoTenants(tx);
        await asApp(tx, a);
        await tx.execute(sql`select * from frontdesk_resolve_api_key(${"0".repeat(64)})`);
        await tx.execute(sql`select * from frontdesk_user_tenants(${randomUUID()}::uuid)`);
        return { detail: "frontdesk_resolve_api_key, frontdesk_user_tenants" };
      }),
  ],
  [
    "exclusion constraint refuses an overlapping booking",
    (db) =>
      rolledBack(db, async (tx) => {
        const [a] = await twoTenants(tx);
        await asApp(tx, a);
        const resource = await insertResource(tx, a);
        await insertBooking(tx, a, resource, 9);
        const overlap = await failsWith(tx, (sp) => insertBooking(sp, a, resource, 9));
        if (overlap !== "23P01") throw new Error(`overlapping booking: ${overlap ?? "accepted"}`);
        return { detail: "23P01 exclusion_violation" };
      }),
  ],
  [
    "metric partitions exist for this month and the next",
    async (db) => {
      const [row] = await queryRows<{ missing: string[] }>(
        db,
        sql`select coalesce(array_agg(name) filter (where to_regclass('public.' || name) is null), '{}') as missing
          from (select format('analytics_metrics_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM')) as name
                from generate_series(date_trunc('month', now() at time zone 'UTC'), date_trunc('month', now() at time zone 'UTC') + interval '1 month', interval '1 month') as m) as months`,
      );
      const missing = row?.missing ?? [];
      if (missing.length > 0)
        throw new Error(
          `missing ${missing.join(", ")} (the worker's metrics.ensure-partitions job creates them)`,
        );
      return { detail: "this month and next" };
    },
  ],
  [
    "job queue schema is reachable",
    async (db) => {
      const [row] = await queryRows<{ present: boolean }>(
        db,
        sql`select to_regclass('pgboss.job') is not null as present`,
      );
      if (!row?.present)
        return {
          status: "skipped",
          detail: "no pgboss schema yet (the worker creates it on its first start)",
        };
      const [count] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from pgboss.job where state::text in ('created', 'retry')`,
      );
      return { detail: `${count?.n ?? 0} jobs waiting` };
    },
  ],
];

/** Runs every check (each on its own, rolled back); `onCheck` sees each result as it finishes. */
export async function runSmokeChecks(
  database: Database,
  onCheck?: (check: SmokeCheck) => void,
): Promise<SmokeCheck[]> {
  const results: SmokeCheck[] = [];
  for (const [name, run] of CHECKS) {
    const started = performance.now();
    let check: SmokeCheck;
    try {
      const outcome = await run(database.db);
      check = {
        name,
        status: outcome.status ?? "ok",
        ms: performance.now() - started,
        detail: outcome.detail,
      };
    } catch (error) {
      // The SQLSTATE and our own message only: a driver's text can quote values.
      const code = pgErrorCode(error);
      const detail = code
        ? `failed with SQLSTATE ${code}`
        : error instanceof Error && !("query" in error)
          ? error.message
          : "failed";
      check = { name, status: "failed", ms: performance.now() - started, detail };
    }
    results.push(check);
    onCheck?.(check);
  }
  return results;
}

export function formatSmokeCheck(check: SmokeCheck): string {
  const mark = check.status === "ok" ? "ok  " : check.status === "skipped" ? "skip" : "FAIL";
  return `${mark} ${check.name.padEnd(66)} ${check.ms.toFixed(0).padStart(6)} ms  ${check.detail}`;
}
