// The performance and hygiene lints of Supabase's Postgres linter (splinter) that apply to a schema
// like ours, as our own catalog queries: part of the database contract that `db:verify` (and so CI)
// checks. Each lint returns what it finds in the `public` schema; an empty list passes.
//
//   0001 unindexed_foreign_keys        a foreign key without an index whose leading columns are its columns
//   0003 auth_rls_initplan             a policy calling a non-immutable function (current_setting) per row
//   0004 no_primary_key                a table without a primary key
//   0009 duplicate_index               two indexes with the same definition on one table
//   0011 function_search_path_mutable  a function that does not pin search_path
//   0014 extension_in_public           an extension installed into `public`
//
// And one of our own, for scaling out: tenant_distribution_key — Citus' rule for tables distributed
// by tenant_id (every primary key, unique and exclusion constraint includes it; a foreign key between
// two tenant tables joins tenant_id to tenant_id).
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "./client";

export interface LintFinding {
  /** The object at fault, e.g. `bookings.bookings_rescheduled_from_fk`. */
  object: string;
  detail?: string;
}

export interface Lint {
  /** splinter's name for it. */
  id: string;
  /** What passing means, as the verify report prints it. */
  title: string;
  run: (db: Db) => Promise<LintFinding[]>;
}

/**
 * 0001: foreign keys whose columns are not the leading columns (in any order) of a valid index on the
 * referencing table. Without one, deleting or re-keying a referenced row scans the referencing table.
 * Partitions are skipped: they carry their parent's foreign keys and indexes.
 */
export async function unindexedForeignKeys(db: Db): Promise<LintFinding[]> {
  const rows = await queryRows<{ table_name: string; name: string; columns: string }>(
    db,
    sql`select c.relname as table_name, con.conname as name,
               (select string_agg(a.attname, ', ' order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord)
                  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        where con.contype = 'f' and c.relnamespace = 'public'::regnamespace and not c.relispartition
          and not exists (
            select 1 from pg_index i
            where i.indrelid = con.conrelid and i.indisvalid
              and cardinality(con.conkey) <= i.indnkeyatts
              and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)] @> con.conkey
              and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)] <@ con.conkey)
        order by 1, 2`,
  );
  return rows.map((r) => ({
    object: `${r.table_name}.${r.name}`,
    detail: `no index leads with (${r.columns})`,
  }));
}

/** The function OIDs a stored expression (pg_node_tree text) calls, each with whether it sits inside a scalar sub-select. */
export function functionCalls(nodeTree: string): { oid: number; inScalarSubselect: boolean }[] {
  const calls: { oid: number; inScalarSubselect: boolean }[] = [];
  // One entry per open `{NODE`; true when the node is a scalar (EXPR) SubLink, which PostgreSQL plans
  // as an InitPlan evaluated once per statement when it is not correlated.
  const stack: boolean[] = [];
  let scalarDepth = 0;
  let i = 0;
  while (i < nodeTree.length) {
    const ch = nodeTree[i];
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < nodeTree.length && nodeTree[i] !== '"') i += nodeTree[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    if (ch === "{") {
      const head = /^\{(\w+)(?:\s+:subLinkType\s+(\d+))?/.exec(nodeTree.slice(i, i + 40));
      const scalar = head?.[1] === "SUBLINK" && head[2] === "4";
      stack.push(scalar);
      if (scalar) scalarDepth++;
      i++;
      continue;
    }
    if (ch === "}") {
      if (stack.pop()) scalarDepth--;
      i++;
      continue;
    }
    if (ch === ":") {
      const field = /^:(?:funcid|opfuncid)\s+(\d+)/.exec(nodeTree.slice(i, i + 32));
      if (field?.[1]) {
        const oid = Number(field[1]);
        if (oid !== 0) calls.push({ oid, inScalarSubselect: scalarDepth > 0 });
        i += field[0].length;
        continue;
      }
    }
    i++;
  }
  return calls;
}

/**
 * 0003: policies whose USING or WITH CHECK expression calls a stable or volatile function outside a
 * scalar sub-select. PostgreSQL evaluates such a call for every row the policy filters;
 * `(select current_setting(...))` is evaluated once per statement. splinter matches the text of the
 * expression; this walks its parse tree, so any wrapping of the value (nullif, casts) is judged alike.
 */
export async function perRowPolicyFunctions(db: Db): Promise<LintFinding[]> {
  const policies = await queryRows<{
    table_name: string;
    name: string;
    qual: string | null;
    check: string | null;
  }>(
    db,
    sql`select c.relname as table_name, p.polname as name, p.polqual::text as qual, p.polwithcheck::text as check
        from pg_policy p join pg_class c on c.oid = p.polrelid
        where c.relnamespace = 'public'::regnamespace
        order by 1, 2`,
  );
  const perRow = new Map<string, Set<number>>();
  for (const p of policies) {
    const oids = [p.qual, p.check]
      .filter((tree): tree is string => tree !== null)
      .flatMap(functionCalls)
      .filter((call) => !call.inScalarSubselect)
      .map((call) => call.oid);
    if (oids.length > 0) perRow.set(`${p.table_name}.${p.name}`, new Set(oids));
  }
  const all = [...new Set([...perRow.values()].flatMap((s) => [...s]))];
  if (all.length === 0) return [];
  const volatile = await queryRows<{ oid: number; name: string }>(
    db,
    sql`select oid::int as oid, proname as name from pg_proc
        where oid = any(${`{${all.join(",")}}`}::oid[]) and provolatile <> 'i'`,
  );
  const names = new Map(volatile.map((f) => [f.oid, f.name]));
  const findings: LintFinding[] = [];
  for (const [object, oids] of perRow) {
    const called = [...oids].flatMap((oid) => names.get(oid) ?? []);
    if (called.length > 0) {
      findings.push({
        object,
        detail: `calls ${[...new Set(called)].map((n) => `${n}()`).join(", ")} per row; wrap the value in (select …)`,
      });
    }
  }
  return findings;
}

/** 0004: tables (partitioned parents included, partitions skipped) without a primary key. */
export async function tablesWithoutPrimaryKey(db: Db): Promise<LintFinding[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c
        where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace and not c.relispartition
          and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary)
        order by 1`,
  );
  return rows.map((r) => ({ object: r.name }));
}

/** 0009: indexes on one table with the same access method, columns, operator classes, expressions and predicate. */
export async function duplicateIndexes(db: Db): Promise<LintFinding[]> {
  const rows = await queryRows<{ table_name: string; indexes: string }>(
    db,
    sql`select c.relname as table_name, string_agg(ic.relname, ', ' order by ic.relname) as indexes
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_class ic on ic.oid = i.indexrelid
        where c.relnamespace = 'public'::regnamespace and not c.relispartition
        group by c.relname, i.indrelid, ic.relam, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
                 coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
        having count(*) > 1
        order by 1, 2`,
  );
  return rows.map((r) => ({ object: r.table_name, detail: `identical indexes ${r.indexes}` }));
}

/**
 * 0011: functions in `public` (not an extension's) that do not pin search_path, so whoever calls them
 * decides which objects their unqualified names resolve to.
 */
export async function mutableSearchPathFunctions(db: Db): Promise<LintFinding[]> {
  const rows = await queryRows<{ name: string; args: string }>(
    db,
    sql`select p.proname as name, pg_get_function_identity_arguments(p.oid) as args
        from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
          and not coalesce(exists (select 1 from unnest(p.proconfig) s where s like 'search_path=%'), false)
        order by 1, 2`,
  );
  return rows.map((r) => ({ object: `${r.name}(${r.args})` }));
}

/**
 * 0014: extensions installed into `public`, where their functions and operators mix with ours and the
 * app role's view of `public` grows with every extension upgrade. Ours live in `extensions`.
 */
export async function extensionsInPublic(db: Db): Promise<LintFinding[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select extname as name from pg_extension where extnamespace = 'public'::regnamespace order by 1`,
  );
  return rows.map((r) => ({
    object: r.name,
    detail: "move it: create schema extensions; alter extension … set schema extensions",
  }));
}

/**
 * Citus' rule for distributing tenant tables by tenant_id (README "Scaling"), for every table with a
 * NOT NULL tenant_id (partitions skipped: they carry their parent's constraints):
 *   - it has a primary key, and that key includes tenant_id;
 *   - every unique index (constraint or not) and exclusion constraint includes tenant_id;
 *   - every foreign key to another such table pairs tenant_id with the referenced tenant_id.
 * `tenants` and `users` (no tenant_id) would be reference tables; a foreign key to them is fine.
 */
export async function tenantDistributionKeyViolations(db: Db): Promise<LintFinding[]> {
  const rows = await queryRows<{ object: string; detail: string }>(
    db,
    sql`with tenant_tables as (
          select c.oid, c.relname, a.attnum as tenant_attnum
          from pg_class c
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped and a.attnotnull
          where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace and not c.relispartition
        )
        select t.relname as object, 'no primary key' as detail
        from tenant_tables t
        where not exists (select 1 from pg_index i where i.indrelid = t.oid and i.indisprimary)
        union all
        select t.relname || '.' || ic.relname,
               case when i.indisprimary then 'primary key' else 'unique index' end || ' without tenant_id'
        from tenant_tables t
        join pg_index i on i.indrelid = t.oid and (i.indisunique or i.indisprimary)
        join pg_class ic on ic.oid = i.indexrelid
        where not (t.tenant_attnum = any (string_to_array(i.indkey::text, ' ')::int2[]))
        union all
        select t.relname || '.' || con.conname, 'exclusion constraint without tenant_id'
        from tenant_tables t
        join pg_constraint con on con.conrelid = t.oid and con.contype = 'x'
        where not (t.tenant_attnum = any (con.conkey))
        union all
        select t.relname || '.' || con.conname, 'foreign key to ' || r.relname || ' does not pair tenant_id with its tenant_id'
        from tenant_tables t
        join pg_constraint con on con.conrelid = t.oid and con.contype = 'f'
        join tenant_tables r on r.oid = con.confrelid
        where not exists (
          select 1 from unnest(con.conkey, con.confkey) as k(col, ref)
          where k.col = t.tenant_attnum and k.ref = r.tenant_attnum)
        order by 1`,
  );
  return rows.map((r) => ({ object: r.object, detail: r.detail }));
}

export const PERFORMANCE_LINTS: readonly Lint[] = [
  {
    id: "unindexed_foreign_keys",
    title: "every foreign key has a covering index",
    run: unindexedForeignKeys,
  },
  {
    id: "auth_rls_initplan",
    title: "no policy calls a function per row",
    run: perRowPolicyFunctions,
  },
  { id: "no_primary_key", title: "every table has a primary key", run: tablesWithoutPrimaryKey },
  { id: "duplicate_index", title: "no duplicate indexes", run: duplicateIndexes },
  {
    id: "function_search_path_mutable",
    title: "every function pins search_path",
    run: mutableSearchPathFunctions,
  },
  { id: "extension_in_public", title: "no extension in public", run: extensionsInPublic },
  {
    id: "tenant_distribution_key",
    title:
      "every primary key, unique and exclusion constraint of a tenant table, and every foreign key between tenant tables, includes tenant_id (Citus)",
    run: tenantDistributionKeyViolations,
  },
];

export interface LintResult {
  lint: Lint;
  findings: LintFinding[];
}

/** Runs every lint, one after another (a transaction may be the Db). */
export async function runPerformanceLints(db: Db): Promise<LintResult[]> {
  const results: LintResult[] = [];
  for (const lint of PERFORMANCE_LINTS) results.push({ lint, findings: await lint.run(db) });
  return results;
}
