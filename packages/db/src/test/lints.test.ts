// splinter's lints as part of db:verify: each one passes on our schema and fails on a deliberately
// bad object created here (in a scratch database, so no other test sees it).
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "@frontdesk/testing/db";
import type { Database } from "../client";
import {
  duplicateIndexes,
  extensionsInPublic,
  functionCalls,
  mutableSearchPathFunctions,
  perRowPolicyFunctions,
  runPerformanceLints,
  tablesWithoutPrimaryKey,
  tenantDistributionKeyViolations,
  unindexedForeignKeys,
  type LintFinding,
} from "../lints";
import { verifyDatabase } from "../verify";

let database: Database;

beforeAll(async () => {
  database = await createScratchDatabase();
  await exec(sql`create table lint_parent (id uuid primary key)`);
  await exec(
    sql`create table lint_child (id uuid primary key, owner_id uuid not null, parent_id uuid)`,
  );
});

afterAll(async () => {
  await database.close();
});

async function exec(query: SQL): Promise<void> {
  await database.db.execute(query);
}

const objects = (findings: LintFinding[]) => findings.map((f) => f.object);

async function failingLints(): Promise<string[]> {
  const report = await verifyDatabase(database);
  return report.checks
    .filter((c) => c.group === "lints" && !c.ok)
    .map((c) => c.name.split(":")[0] ?? "");
}

describe("performance lints", () => {
  it("all pass on the migrated schema, and db:verify reports them", async () => {
    const results = await runPerformanceLints(database.db);
    expect(results.filter((r) => r.findings.length > 0)).toEqual([]);
    const report = await verifyDatabase(database);
    expect(
      report.checks.filter((c) => c.group === "lints").map((c) => c.name.split(":")[0]),
    ).toEqual([
      "unindexed_foreign_keys",
      "auth_rls_initplan",
      "no_primary_key",
      "duplicate_index",
      "function_search_path_mutable",
      "extension_in_public",
      "tenant_distribution_key",
    ]);
    expect(report.ok).toBe(true);
  });

  it("unindexed_foreign_keys: a foreign key without an index leading with its columns fails", async () => {
    await exec(
      sql`alter table lint_child add constraint lint_child_parent_fk foreign key (parent_id) references lint_parent (id)`,
    );
    expect(objects(await unindexedForeignKeys(database.db))).toEqual([
      "lint_child.lint_child_parent_fk",
    ]);
    expect(await failingLints()).toEqual(["unindexed_foreign_keys"]);
    // An index whose leading columns are the key's (here after owner_id it would not count) covers it.
    await exec(sql`create index lint_child_owner_parent_idx on lint_child (owner_id, parent_id)`);
    expect(objects(await unindexedForeignKeys(database.db))).toEqual([
      "lint_child.lint_child_parent_fk",
    ]);
    await exec(sql`create index lint_child_parent_idx on lint_child (parent_id, owner_id)`);
    expect(await unindexedForeignKeys(database.db)).toEqual([]);
  });

  it("auth_rls_initplan: a policy calling current_setting() per row fails; wrapped in (select …) it passes", async () => {
    await exec(
      sql.raw(
        `create policy lint_child_tenant on lint_child using (owner_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`,
      ),
    );
    const findings = await perRowPolicyFunctions(database.db);
    expect(objects(findings)).toEqual(["lint_child.lint_child_tenant"]);
    expect(findings[0]?.detail).toContain("current_setting()");
    expect(await failingLints()).toEqual(["auth_rls_initplan"]);
    // A correlated EXISTS is evaluated per row too: only a scalar sub-select counts as wrapped.
    await exec(
      sql.raw(
        `alter policy lint_child_tenant on lint_child using (exists (select 1 from lint_parent p where p.id = lint_child.parent_id and current_setting('app.tenant_id', true) <> ''))`,
      ),
    );
    expect(objects(await perRowPolicyFunctions(database.db))).toEqual([
      "lint_child.lint_child_tenant",
    ]);
    await exec(
      sql.raw(
        `alter policy lint_child_tenant on lint_child using (owner_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) with check (owner_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))`,
      ),
    );
    expect(await perRowPolicyFunctions(database.db)).toEqual([]);
    await exec(sql`drop policy lint_child_tenant on lint_child`);
  });

  it("auth_rls_initplan reads the parse tree: escaped braces and quoted names do not confuse it", () => {
    const tree = `{OPEXPR :opfuncid 2956 :args ({VAR :varno 1} {SUBLINK :subLinkType 4 :subselect {QUERY :colnames ("a\\}b" "x") :targetList ({FUNCEXPR :funcid 3294})}})} {FUNCEXPR :funcid 1299}`;
    expect(functionCalls(tree)).toEqual([
      { oid: 2956, inScalarSubselect: false },
      { oid: 3294, inScalarSubselect: true },
      { oid: 1299, inScalarSubselect: false },
    ]);
  });

  it("no_primary_key: a table without a primary key fails", async () => {
    await exec(sql`create table lint_no_pk (x int)`);
    expect(objects(await tablesWithoutPrimaryKey(database.db))).toEqual(["lint_no_pk"]);
    expect(await failingLints()).toEqual(["no_primary_key"]);
    await exec(sql`alter table lint_no_pk add primary key (x)`);
    expect(await tablesWithoutPrimaryKey(database.db)).toEqual([]);
  });

  it("duplicate_index: two indexes with one definition fail; a different predicate or order is not a duplicate", async () => {
    await exec(sql`create index lint_dup_a on lint_child (owner_id, id)`);
    await exec(
      sql`create index lint_dup_c on lint_child (owner_id, id) where parent_id is not null`,
    );
    await exec(sql`create index lint_dup_d on lint_child (owner_id desc, id)`);
    expect(await duplicateIndexes(database.db)).toEqual([]);
    await exec(sql`create index lint_dup_b on lint_child (owner_id, id)`);
    expect(await duplicateIndexes(database.db)).toEqual([
      { object: "lint_child", detail: "identical indexes lint_dup_a, lint_dup_b" },
    ]);
    expect(await failingLints()).toEqual(["duplicate_index"]);
    await exec(sql`drop index lint_dup_b`);
    expect(await duplicateIndexes(database.db)).toEqual([]);
  });

  it("function_search_path_mutable: a function that does not pin search_path fails", async () => {
    await exec(
      sql.raw(`create function lint_answer(n int) returns int language sql as 'select n + 41'`),
    );
    expect(objects(await mutableSearchPathFunctions(database.db))).toEqual([
      "lint_answer(n integer)",
    ]);
    expect(await failingLints()).toEqual(["function_search_path_mutable"]);
    await exec(sql.raw(`alter function lint_answer(int) set search_path = pg_catalog`));
    expect(await mutableSearchPathFunctions(database.db)).toEqual([]);
  });

  it("tenant_distribution_key: a tenant table whose key, unique, exclusion or foreign key leaves tenant_id out fails (Citus' rule)", async () => {
    // Every tenant table of the real schema passes (the first test); now one that breaks each part.
    await exec(
      sql`create table lint_tenant_parent (id uuid not null, tenant_id uuid not null, primary key (id, tenant_id))`,
    );
    await exec(
      sql`create table lint_tenant_child (id uuid primary key, tenant_id uuid not null, parent_id uuid, code text, during tstzrange)`,
    );
    await exec(sql`create unique index lint_tenant_child_code on lint_tenant_child (code)`);
    await exec(
      sql`alter table lint_tenant_child add constraint lint_tenant_child_parent_fk foreign key (parent_id, tenant_id) references lint_tenant_parent (tenant_id, id)`,
    );
    await exec(
      sql`alter table lint_tenant_child add constraint lint_tenant_child_no_overlap exclude using gist (during with &&)`,
    );
    await exec(
      sql`create index lint_tenant_child_fk_idx on lint_tenant_child (parent_id, tenant_id)`,
    );
    expect(await tenantDistributionKeyViolations(database.db)).toEqual([
      {
        object: "lint_tenant_child.lint_tenant_child_code",
        detail: "unique index without tenant_id",
      },
      {
        object: "lint_tenant_child.lint_tenant_child_no_overlap",
        detail: "exclusion constraint without tenant_id",
      },
      {
        object: "lint_tenant_child.lint_tenant_child_parent_fk",
        detail: "foreign key to lint_tenant_parent does not pair tenant_id with its tenant_id",
      },
      {
        object: "lint_tenant_child.lint_tenant_child_pkey",
        detail: "primary key without tenant_id",
      },
    ]);
    expect(await failingLints()).toEqual(["tenant_distribution_key"]);
    // Fixed the way the schema does it: the key (id, tenant_id), tenant_id in the unique and the
    // exclusion constraint, and tenant_id joined to tenant_id.
    await exec(
      sql`alter table lint_tenant_child drop constraint lint_tenant_child_pkey, add primary key (id, tenant_id)`,
    );
    await exec(sql`drop index lint_tenant_child_code`);
    await exec(
      sql`create unique index lint_tenant_child_code on lint_tenant_child (code, tenant_id)`,
    );
    await exec(sql`alter table lint_tenant_child drop constraint lint_tenant_child_no_overlap`);
    await exec(
      sql.raw(
        `alter table lint_tenant_child add constraint lint_tenant_child_no_overlap exclude using gist (tenant_id with =, during with &&)`,
      ),
    );
    await exec(sql`alter table lint_tenant_child drop constraint lint_tenant_child_parent_fk`);
    await exec(
      sql`alter table lint_tenant_child add constraint lint_tenant_child_parent_fk foreign key (tenant_id, parent_id) references lint_tenant_parent (tenant_id, id)`,
    );
    await exec(
      sql`create index lint_tenant_child_fk2_idx on lint_tenant_child (tenant_id, parent_id)`,
    );
    expect(await tenantDistributionKeyViolations(database.db)).toEqual([]);
    await exec(sql`drop table lint_tenant_child, lint_tenant_parent`);
    expect((await verifyDatabase(database)).ok).toBe(true);
  });

  it("extension_in_public: an extension in public fails; in its own schema it passes", async () => {
    await exec(sql`alter extension btree_gist set schema public`);
    expect(objects(await extensionsInPublic(database.db))).toEqual(["btree_gist"]);
    expect(await failingLints()).toEqual(["extension_in_public"]);
    await exec(sql`alter extension btree_gist set schema extensions`);
    expect(await extensionsInPublic(database.db)).toEqual([]);
    expect((await verifyDatabase(database)).ok).toBe(true);
  });
});
