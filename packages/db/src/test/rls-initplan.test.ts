// Tenant policies read the tenant once per statement (an InitPlan), not once per row, and the
// extension the bookings exclusion constraint needs lives outside `public`.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, createTestDatabase, createTestTenant } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";
import { pgErrorCode, PG_EXCLUSION_VIOLATION } from "../errors";
import { withTenant } from "../tenant-scope";

let database: Database;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await createTestTenant(database);
});

afterAll(async () => {
  await database.close();
});

interface PlanNode {
  "Node Type": string;
  "Parent Relationship"?: string;
  "Subplan Name"?: string;
  Filter?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function plan(query: string): Promise<PlanNode> {
  const rows = await withTenant(database.db, { tenantId }, (tx) =>
    queryRows<{ "QUERY PLAN": unknown }>(tx, sql.raw(`explain (format json) ${query}`)),
  );
  const raw = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const first = parsed[0];
  if (!first) throw new Error("no plan");
  return first.Plan;
}

describe("tenant policies", () => {
  it.each([
    "bookings",
    "orders",
    "conversation_scores",
    "phi_detection_events",
    "audit_log",
    "analytics_metrics",
    "api_keys",
  ])("a scan of %s reads the tenant setting once per statement, not per row", async (table) => {
    const all = nodes(await plan(`select * from ${table}`));
    // The scan's condition compares with the InitPlan's output ($0), not with current_setting(...).
    const conditions = all
      .flatMap((n) => [n.Filter, n["Index Cond"]])
      .filter((c): c is string => c !== undefined);
    expect(conditions.some((c) => c.includes("tenant_id"))).toBe(true);
    for (const c of conditions) expect(c).not.toContain("current_setting");
    expect(all.some((n) => n["Parent Relationship"] === "InitPlan")).toBe(true);
  });
});

const PROBE_TENANT = "00000000-0000-4000-8000-000000000001";
const PROBE_RESOURCE = "00000000-0000-4000-8000-000000000002";

describe("extensions", () => {
  it("btree_gist lives in its own schema and exclusion constraints still work without it on search_path", async () => {
    const scratch = await createScratchDatabase();
    try {
      const [ext] = await queryRows<{ schema: string }>(
        scratch.db,
        sql`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'btree_gist'`,
      );
      expect(ext?.schema).toBe("extensions");
      // The second insert overlaps the first: the whole transaction fails with exclusion_violation.
      const outcome = await scratch.db
        .transaction(async (tx) => {
          await tx.execute(sql`set local search_path = public`);
          await tx.execute(sql`create table overlap_probe (tenant_id uuid not null, resource_id uuid not null, during tstzrange not null,
                                 exclude using gist (tenant_id with =, resource_id with =, during with &&))`);
          await tx.execute(
            sql`insert into overlap_probe values (${PROBE_TENANT}, ${PROBE_RESOURCE}, tstzrange('2026-01-01 09:00Z', '2026-01-01 10:00Z'))`,
          );
          await tx.execute(
            sql`insert into overlap_probe values (${PROBE_TENANT}, ${PROBE_RESOURCE}, tstzrange('2026-01-01 09:30Z', '2026-01-01 10:30Z'))`,
          );
        })
        .then(
          () => "committed",
          (error: unknown) => pgErrorCode(error),
        );
      expect(outcome).toBe(PG_EXCLUSION_VIOLATION);
    } finally {
      await scratch.close();
    }
  });
});
