// Generated from the router and the policy map: every tenant procedure has a rule, every rule names
// a procedure, and for every procedure × role and × scope the call is FORBIDDEN exactly when the rule
// says so. Calls carry no input, so an allowed call fails validation (BAD_REQUEST) or succeeds:
// that only holds because authorization runs before input parsing, which is asserted as well. The
// REST routes (/api/v1) are swept the same way over HTTP, per key scope.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_SCOPES, ROLES, type ApiKeyScope, type Database, type Role } from "@frontdesk/db";
import { createTestDatabase } from "@frontdesk/testing/db";
import {
  callerFor,
  createKey,
  createMember,
  createTenantWithKey,
  type TestAuth,
} from "@frontdesk/testing/api";
import { listProcedures, procedureAt } from "@frontdesk/testing/sweeps/router-walk";
import { startTestServer, type TestServer } from "@frontdesk/testing/http-server";
import { restRequestFor } from "@frontdesk/testing/sweeps/rest-walk";
import { POLICY, type Rule } from "../policy";
import { ROLE_RANK } from "../actor";
import { restRoutes } from "../rest/routes";

const procedures = listProcedures();
const tenantProcedures = procedures.filter((p) => p.kind === "tenant");

let database: Database;
const users = new Map<Role, string>();
const keys = new Map<ApiKeyScope, string>();
let tenantId: string;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database);
  const tenant = await createTenantWithKey(database);
  tenantId = tenant.tenantId;
  users.set("owner", tenant.ownerUserId);
  for (const role of ROLES)
    if (role !== "owner") users.set(role, await createMember(database, tenantId, role));
  for (const scope of API_KEY_SCOPES) keys.set(scope, await createKey(database, tenantId, [scope]));
});

afterAll(async () => {
  await server.close();
  await database.close();
});

/** "FORBIDDEN", "ALLOWED" (succeeded), or the other error code the call got past the gate with. */
async function outcome(auth: TestAuth, path: string): Promise<string> {
  const caller = await callerFor(database, auth);
  try {
    await procedureAt(caller, path)(undefined);
    return "ALLOWED";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return error.code;
  }
}

function ruleOf(path: string): Rule {
  const rule = POLICY[path];
  if (!rule) throw new Error(`no rule for ${path}`);
  return rule;
}

describe("policy map ↔ router", () => {
  it("has a rule for every tenant procedure and names no procedure that does not exist", () => {
    const paths = new Set(tenantProcedures.map((p) => p.path));
    expect(tenantProcedures.length).toBeGreaterThan(0);
    expect(
      tenantProcedures.filter((p) => !Object.hasOwn(POLICY, p.path)).map((p) => p.path),
    ).toEqual([]);
    expect(Object.keys(POLICY).filter((path) => !paths.has(path))).toEqual([]);
  });

  it("authorizes before it parses input: the tenant gate precedes every input middleware", () => {
    const late = tenantProcedures
      .filter((p) => p.inputIndexes.some((i) => i < p.gateIndex))
      .map((p) => p.path);
    expect(late).toEqual([]);
  });
});

describe.each(tenantProcedures.map((p) => [p.path, p] as const))("%s", (path) => {
  it("is FORBIDDEN for exactly the roles below its rule", async () => {
    const rule = ruleOf(path);
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const role of ROLES) {
      const userId = users.get(role);
      if (!userId) throw new Error(`no ${role}`);
      const result = await outcome({ userId, tenantId }, path);
      got[role] = result === "FORBIDDEN" ? "FORBIDDEN" : "allowed";
      want[role] = ROLE_RANK[role] < ROLE_RANK[rule.role] ? "FORBIDDEN" : "allowed";
      // Past the gate a call may fail validation, but never look like an authentication problem.
      if (result !== "FORBIDDEN") expect(result, `${path} as ${role}`).not.toBe("UNAUTHORIZED");
    }
    expect(got).toEqual(want);
  });

  it("is FORBIDDEN for exactly the key scopes that do not carry its rule's scope", async () => {
    const rule = ruleOf(path);
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const scope of API_KEY_SCOPES) {
      const apiKey = keys.get(scope);
      if (!apiKey) throw new Error(`no ${scope} key`);
      const result = await outcome({ apiKey }, path);
      got[scope] = result === "FORBIDDEN" ? "FORBIDDEN" : "allowed";
      const granted = rule.scope !== null && (scope === rule.scope || scope === "admin");
      want[scope] = granted ? "allowed" : "FORBIDDEN";
    }
    expect(got).toEqual(want);
  });
});

describe.each(restRoutes().map((r) => [`${r.method} /api/v1${r.path}`, r] as const))(
  "REST %s",
  (_name, route) => {
    it("is FORBIDDEN for exactly the key scopes that do not carry its procedure's rule", async () => {
      const rule = ruleOf(route.procedure);
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const scope of API_KEY_SCOPES) {
        const apiKey = keys.get(scope);
        if (!apiKey) throw new Error(`no ${scope} key`);
        const request = restRequestFor(route, {}, apiKey);
        const response = await fetch(`${server.url}${request.url}`, request);
        const problem = response.ok ? null : ((await response.json()) as { code: string });
        expect(problem?.code, `${route.procedure} with ${scope}`).not.toBe("UNAUTHORIZED");
        got[scope] = problem?.code === "FORBIDDEN" ? "FORBIDDEN" : "allowed";
        const granted = rule.scope !== null && (scope === rule.scope || scope === "admin");
        want[scope] = granted ? "allowed" : "FORBIDDEN";
      }
      expect(got).toEqual(want);
    });
  },
);
