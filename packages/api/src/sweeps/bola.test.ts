// Generated BOLA sweep: every procedure whose input names a row (router-walk `idFields`) is called by
// tenant A with tenant B's real ids (made by bola-fixtures.ts through B's own callers). A gets
// NOT_FOUND — or, for list filters, nothing of B's — and B's rows are byte-for-byte unchanged
// (every tenant table, read as the database owner, before and after). The REST routes of those
// procedures get the same inputs over HTTP (/api/v1, rest-walk.ts) and must answer the same way.
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@frontdesk/db";
import { callerFor, type TestTenant } from "@frontdesk/testing/api";
import {
  BOLA_FIXTURES,
  createBolaContext,
  type BolaContext,
  type Caller,
} from "@frontdesk/testing/sweeps/bola-fixtures";
import { idFields, listProcedures, procedureAt } from "@frontdesk/testing/sweeps/router-walk";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import { restRequestFor, restRoutesFor } from "@frontdesk/testing/sweeps/rest-walk";
import { useTwoTenants } from "@frontdesk/testing/two-tenants";
import { POLICY } from "../policy";

const idProcedures = listProcedures().filter((p) => p.kind === "tenant" && idFields(p).length > 0);

let database: Database;
let a: TestTenant;
let b: TestTenant;
let bContext: BolaContext;
let aAdmin: Caller;
let aOwner: Caller;
let tenantTables: string[];
let server: TestServer;
useTwoTenants((t) => ({ database, a, b } = t));

beforeAll(async () => {
  server = await startTestServer(database);
  bContext = await createBolaContext(database, b);
  aAdmin = await callerFor(database, { apiKey: a.adminKey });
  aOwner = await callerFor(database, { userId: a.ownerUserId, tenantId: a.tenantId });
  const tables = await queryRows<{ table_name: string }>(
    database.db,
    sql`select distinct c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
        order by c.table_name`,
  );
  tenantTables = tables.map((t) => t.table_name);
});

afterAll(async () => {
  await server.close();
});

/** Every row of tenant B (and B's tenants row), as the owner sees it: RLS does not hide anything here. */
async function snapshotOf(tenantId: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const table of ["tenants", ...tenantTables]) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`unexpected table name ${table}`);
    const column = table === "tenants" ? "id" : "tenant_id";
    const [row] = await queryRows<{ rows: string }>(
      database.db,
      sql`select coalesce(json_agg(t order by t::text), '[]')::text as rows from ${sql.raw(`"${table}"`)} t where ${sql.raw(`"${column}"`)} = ${tenantId}`,
    );
    snapshot[table] = row?.rows ?? "";
  }
  return snapshot;
}

/** B's row ids (every uuid in B's rows): none may appear in anything A gets back. */
function uuidsIn(snapshot: Record<string, string>): Set<string> {
  const ids = new Set<string>();
  for (const rows of Object.values(snapshot))
    for (const match of rows.matchAll(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    ))
      ids.add(match[0]);
  // A's own tenant id or user ids never occur in B's rows; the shared nil-ish values would be noise.
  ids.delete(a.tenantId);
  return ids;
}

describe("BOLA registry", () => {
  it("has a fixture for every procedure that takes an id, and none for procedures that do not", () => {
    expect(idProcedures.length).toBeGreaterThan(0);
    const missing = idProcedures
      .filter((p) => !Object.hasOwn(BOLA_FIXTURES, p.path))
      .map((p) => `${p.path} (${idFields(p).join(", ")})`);
    expect(missing, "add these to packages/testing/src/sweeps/bola-fixtures.ts").toEqual([]);
    const idPaths = new Set(idProcedures.map((p) => p.path));
    expect(
      Object.keys(BOLA_FIXTURES).filter((path) => !idPaths.has(path)),
      "stale fixtures",
    ).toEqual([]);
  });
});

describe.each(
  idProcedures.filter((p) => Object.hasOwn(BOLA_FIXTURES, p.path)).map((p) => [p.path] as const),
)("%s with tenant B's ids", (path) => {
  it("is NOT_FOUND (or shows nothing of B) for tenant A and leaves B's rows unchanged", async () => {
    const fixture = BOLA_FIXTURES[path];
    if (!fixture) throw new Error(`no fixture for ${path}`);
    const input = await fixture.input(bContext);
    const before = await snapshotOf(b.tenantId);
    // The snapshot sees B's rows (it would prove nothing if it were empty).
    expect(
      Object.entries(before).filter(([table, rows]) => table !== "tenants" && rows !== "[]").length,
    ).toBeGreaterThan(2);

    // Users-only procedures are called by A's owner; the rest with A's admin key (both all-powerful in A).
    const caller = POLICY[path]?.scope === null ? aOwner : aAdmin;
    const call = (given: unknown) =>
      procedureAt(
        caller,
        path,
      )(given).then(
        (data: unknown) => ({ ok: true as const, data }),
        (error: unknown) => {
          if (error instanceof TRPCError)
            return { ok: false as const, code: error.code, message: error.message };
          throw error;
        },
      );
    const outcome = await call(input);

    if (fixture.expect === "SAME_AS_MISSING") {
      if (!fixture.control) throw new Error(`${path}: SAME_AS_MISSING needs a control input`);
      const control = await call(await fixture.control(bContext));
      expect(control.ok, `${path}: the control input must fail`).toBe(false);
      expect(outcome).toEqual(control);
      expect(outcome).toMatchObject({ ok: false, code: "NOT_FOUND" });
    } else if (fixture.expect === "NOT_FOUND") {
      expect(outcome).toMatchObject({ ok: false, code: "NOT_FOUND" });
    } else if (outcome.ok) {
      const visible = JSON.stringify(superjson.serialize(outcome.data));
      const leaked = [...uuidsIn(before)].filter((id) => visible.includes(id));
      expect(leaked, `${path} returned B's rows`).toEqual([]);
    } else {
      expect(outcome.code).toBe("NOT_FOUND");
    }

    expect(await snapshotOf(b.tenantId)).toEqual(before);
  });
});

const restCases = idProcedures
  .filter((p) => Object.hasOwn(BOLA_FIXTURES, p.path))
  .flatMap((p) =>
    restRoutesFor(p.path).map((route) => [`${route.method} /api/v1${route.path}`, route] as const),
  );

describe("REST routes of the id-taking procedures", () => {
  it("cover every id-taking integrator procedure that has a route", () => {
    expect(restCases.length).toBeGreaterThan(10);
  });
});

describe.each(restCases)("REST %s with tenant B's ids", (_name, route) => {
  it("is 404 NOT_FOUND (or shows nothing of B) for tenant A and leaves B's rows unchanged", async () => {
    const fixture = BOLA_FIXTURES[route.procedure];
    if (!fixture) throw new Error(`no fixture for ${route.procedure}`);
    const input = await fixture.input(bContext);
    const before = await snapshotOf(b.tenantId);
    const call = async (given: unknown) => {
      const request = restRequestFor(route, given, a.adminKey);
      const response = await fetch(`${server.url}${request.url}`, request);
      const body = (await response.json()) as { code?: string; detail?: string };
      return response.ok
        ? { ok: true as const, data: body }
        : { ok: false as const, status: response.status, code: body.code, detail: body.detail };
    };
    const outcome = await call(input);

    if (fixture.expect === "SAME_AS_MISSING") {
      if (!fixture.control)
        throw new Error(`${route.procedure}: SAME_AS_MISSING needs a control input`);
      const control = await call(await fixture.control(bContext));
      expect(control.ok).toBe(false);
      expect(outcome).toEqual(control);
      expect(outcome).toMatchObject({ ok: false, status: 404, code: "NOT_FOUND" });
    } else if (fixture.expect === "NOT_FOUND") {
      expect(outcome).toMatchObject({ ok: false, status: 404, code: "NOT_FOUND" });
    } else if (outcome.ok) {
      const visible = JSON.stringify(outcome.data);
      const leaked = [...uuidsIn(before)].filter((id) => visible.includes(id));
      expect(leaked, `${route.procedure} returned B's rows`).toEqual([]);
    } else {
      expect(outcome).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }

    expect(await snapshotOf(b.tenantId)).toEqual(before);
  });
});
