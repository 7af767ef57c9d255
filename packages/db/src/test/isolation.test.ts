// Tenant isolation, generated from the schema: for every table with tenant_id, tenant B's rows are
// invisible and unwritable with tenant A set, nothing is visible with no tenant set, and a
// superuser-free login role cannot switch row-level security off.
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { is, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, createTestTenant, testBackend } from "@frontdesk/testing/db";
import { fixtures } from "@frontdesk/testing/db/tenant-fixtures";
import { queryRows, type Database, type Db } from "../client";
import { pgErrorCode, PG_INSUFFICIENT_PRIVILEGE } from "../errors";
import * as schema from "../schema";
import { withTenant } from "../tenant-scope";

/** Tables that hold tenant_id but are global, processed only by the owner: the app role may not touch them. */
const OWNER_ONLY = new Set(["stripe_events"]);

const tenantTables = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => ({ table, config: getTableConfig(table) }))
  // Column names are the TypeScript keys here; snake_case is applied when SQL is built.
  .filter(({ config }) =>
    config.columns.some((c) => c.name === "tenantId" || c.name === "tenant_id"),
  );
const scoped = tenantTables.filter(({ config }) => !OWNER_ONLY.has(config.name));

async function expectDenied(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the write should have been rejected").toBeDefined();
  expect(pgErrorCode(error)).toBe(PG_INSUFFICIENT_PRIVILEGE);
}

let database: Database;
let db: Db;
let tenantA: string;
let tenantB: string;
const depsOf = new Map<string, Record<string, string>>();

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  tenantA = await createTestTenant(database);
  tenantB = await createTestTenant(database);
  for (const { table, config } of scoped) {
    const fixture = fixtures[config.name];
    if (!fixture) continue;
    for (const tenantId of [tenantA, tenantB]) {
      const deps = (await fixture.deps?.(db, tenantId)) ?? {};
      depsOf.set(`${config.name}:${tenantId}`, deps);
      await db.insert(table).values(fixture.values(tenantId, deps) as never);
    }
  }
});

afterAll(async () => {
  await database.close();
});

describe("tenant isolation", () => {
  it("covers every tenant table of the schema and of the live database", async () => {
    expect(scoped.length).toBeGreaterThanOrEqual(20);
    const missing = scoped.map(({ config }) => config.name).filter((name) => !fixtures[name]);
    expect(
      missing,
      "add a fixture in packages/testing/src/db/tenant-fixtures.ts for each new tenant table",
    ).toEqual([]);
    const live = await queryRows<{ relname: string }>(
      db,
      sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`,
    );
    const known = new Set(tenantTables.map(({ config }) => config.name));
    expect(
      live.map((r) => r.relname).filter((n) => !known.has(n)),
      "tables with tenant_id that the schema does not declare",
    ).toEqual([]);
  });

  it.each(scoped.map(({ config }) => config.name))(
    "%s has row-level security enabled and forced",
    async (name) => {
      const [row] = await queryRows<{ enabled: boolean; forced: boolean }>(
        db,
        sql`select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where oid = ${`public.${name}`}::regclass`,
      );
      expect(row).toEqual({ enabled: true, forced: true });
    },
  );

  describe.each(scoped.map(({ table, config }) => [config.name, table] as const))(
    "%s",
    (name, table) => {
      const ident = sql.identifier(name);

      it("shows tenant A only its own rows", async () => {
        const [counts] = await withTenant(db, { tenantId: tenantA }, (tx) =>
          queryRows<{ own: number; other: number }>(
            tx,
            sql`select count(*) filter (where tenant_id = ${tenantA})::int as own, count(*) filter (where tenant_id <> ${tenantA})::int as other from ${ident}`,
          ),
        );
        expect(counts?.own).toBeGreaterThanOrEqual(1);
        expect(counts?.other).toBe(0);
      });

      it("shows nothing when no tenant is set", async () => {
        const rows = await db.transaction(async (tx) => {
          await tx.execute(sql`set local role frontdesk_app`);
          return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${ident}`);
        });
        expect(rows[0]?.n).toBe(0);
      });

      it("does not let tenant A insert a row for tenant B", async () => {
        const fixture = fixtures[name];
        if (!fixture) throw new Error(`no fixture for ${name}`);
        const values = fixture.values(tenantB, depsOf.get(`${name}:${tenantB}`) ?? {});
        await expectDenied(
          withTenant(db, { tenantId: tenantA }, (tx) => tx.insert(table).values(values as never)),
        );
      });

      it("does not let tenant A change or delete tenant B's rows", async () => {
        const before = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from ${ident} where tenant_id = ${tenantB}`,
        );
        if (name === "audit_log") {
          // Append-only: the app role has no UPDATE or DELETE at all.
          await expectDenied(
            withTenant(db, { tenantId: tenantA }, (tx) =>
              tx.execute(sql`update ${ident} set tenant_id = tenant_id`),
            ),
          );
          await expectDenied(
            withTenant(db, { tenantId: tenantA }, (tx) => tx.execute(sql`delete from ${ident}`)),
          );
        } else {
          const changed = await withTenant(db, { tenantId: tenantA }, async (tx) => {
            const updated = await queryRows<{ tenant_id: string }>(
              tx,
              sql`update ${ident} set tenant_id = tenant_id where tenant_id = ${tenantB} returning tenant_id`,
            );
            const deleted = await queryRows<{ tenant_id: string }>(
              tx,
              sql`delete from ${ident} where tenant_id = ${tenantB} returning tenant_id`,
            );
            return updated.length + deleted.length;
          });
          expect(changed).toBe(0);
          // Moving one of A's own rows to B violates the policy's WITH CHECK.
          await expectDenied(
            withTenant(db, { tenantId: tenantA }, (tx) =>
              tx.execute(
                sql`update ${ident} set tenant_id = ${tenantB} where tenant_id = ${tenantA}`,
              ),
            ),
          );
        }
        const after = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from ${ident} where tenant_id = ${tenantB}`,
        );
        expect(after).toEqual(before);
      });
    },
  );

  it("keeps the app role away from owner-only tables", async () => {
    for (const name of OWNER_ONLY) {
      await expectDenied(
        withTenant(db, { tenantId: tenantA }, (tx) =>
          tx.execute(sql`select count(*) from ${sql.identifier(name)}`),
        ),
      );
    }
  });

  it("shows a tenant only its own tenants row and users who are its members", async () => {
    const visible = await withTenant(db, { tenantId: tenantA }, (tx) =>
      queryRows<{ id: string }>(tx, sql`select id from tenants`),
    );
    expect(visible.map((r) => r.id)).toEqual([tenantA]);
    const users = await withTenant(db, { tenantId: tenantA }, (tx) =>
      queryRows<{ outsider: number }>(
        tx,
        sql`select count(*) filter (where not exists (select 1 from memberships m where m.user_id = users.id and m.tenant_id = ${tenantA}))::int as outsider from users`,
      ),
    );
    expect(users[0]?.outsider).toBe(0);
  });
});

describe("withTenant's transaction", () => {
  it("is READ ONLY when the scope says so: every kind of write fails, reads work", async () => {
    const tryWrite = (write: (tx: Db) => Promise<unknown>) =>
      withTenant(db, { tenantId: tenantA, readOnly: true }, write).then(
        () => undefined,
        (e: unknown) => pgErrorCode(e),
      );
    const READ_ONLY_SQL_TRANSACTION = "25006";
    const ACTIVE_SQL_TRANSACTION = "25001"; // read-write mode must be chosen before the first query
    expect(
      await tryWrite((tx) =>
        tx.execute(sql`insert into outbox (tenant_id, kind) values (${tenantA}, 'ro')`),
      ),
    ).toBe(READ_ONLY_SQL_TRANSACTION);
    expect(await tryWrite((tx) => tx.execute(sql`update outbox set kind = 'ro'`))).toBe(
      READ_ONLY_SQL_TRANSACTION,
    );
    expect(await tryWrite((tx) => tx.execute(sql`delete from outbox`))).toBe(
      READ_ONLY_SQL_TRANSACTION,
    );
    // Nor can the code inside switch it back.
    expect(await tryWrite((tx) => tx.execute(sql`set transaction read write`))).toBe(
      ACTIVE_SQL_TRANSACTION,
    );
    expect(
      await tryWrite((tx) =>
        tx.execute(sql`select set_config('transaction_read_only', 'off', true)`),
      ),
    ).toBe(ACTIVE_SQL_TRANSACTION);
    const rows = await withTenant(db, { tenantId: tenantA, readOnly: true }, (tx) =>
      queryRows<{ id: string }>(tx, sql`select id from tenants`),
    );
    expect(rows.map((r) => r.id)).toEqual([tenantA]);
  });
});

describe("a superuser-free login role", () => {
  const LOGIN = "frontdesk_isolation_login";
  let login: Database | undefined;

  beforeAll(async () => {
    await db.execute(
      sql.raw(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${LOGIN}') then
        create role ${LOGIN} login nosuperuser nobypassrls;
      end if;
    end $$`),
    );
    await db.execute(sql.raw(`grant frontdesk_app to ${LOGIN}`));
    if (testBackend() === "postgres") login = await createTestDatabase({ username: LOGIN, max: 1 });
  });

  afterAll(async () => {
    await login?.close();
  });

  /**
   * Runs `fn` in a transaction of a session logged in as LOGIN: a real login connection on PostgreSQL;
   * on PGlite (one built-in superuser session) the session user is switched for the transaction.
   */
  function asLogin<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (login) return login.db.transaction((tx) => fn(tx as unknown as Db));
    return db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local session authorization ${LOGIN}`));
      return fn(tx);
    });
  }

  it("is not a superuser and sees no tenant rows without a tenant", async () => {
    const rows = await asLogin(async (tx) => {
      await tx.execute(sql`set local role frontdesk_app`);
      return queryRows<{ n: number; su: boolean }>(
        tx,
        sql`select (select count(*)::int from bookings) as n, (select rolsuper from pg_roles where rolname = session_user) as su`,
      );
    });
    expect(rows[0]).toEqual({ n: 0, su: false });
  });

  it("cannot become a superuser", async () => {
    await expectDenied(asLogin((tx) => tx.execute(sql`set local role postgres`)));
  });

  it("cannot turn row security off for itself", async () => {
    await expectDenied(
      asLogin(async (tx) => {
        await tx.execute(sql`set local role frontdesk_app`);
        await tx.execute(sql`set local row_security = off`);
        await tx.execute(sql`select count(*) from bookings`);
      }),
    );
  });

  it("cannot disable or unforce row-level security on a table", async () => {
    await expectDenied(
      asLogin((tx) => tx.execute(sql`alter table bookings disable row level security`)),
    );
    await expectDenied(
      asLogin((tx) => tx.execute(sql`alter table bookings no force row level security`)),
    );
  });
});
