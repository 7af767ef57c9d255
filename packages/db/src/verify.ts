// The contract check of a live database (`pnpm db:verify`): compares it with the schema (through the
// latest drizzle-kit snapshot, which CI keeps equal to the schema files) and the migrations, and checks
// the security invariants the product relies on. Read-only.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { queryRows, type Database } from "./client";
import { runPerformanceLints } from "./lints";
import { migrationsFolder } from "./migrate";

export interface VerifyCheck {
  group: string;
  name: string;
  ok: boolean;
  detail?: string;
}

export interface VerifyReport {
  ok: boolean;
  checks: VerifyCheck[];
}

interface SnapshotColumn {
  name: string;
  type: string;
  notNull: boolean;
}
interface SnapshotTable {
  name: string;
  schema: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<string, unknown>;
  foreignKeys: Record<string, unknown>;
  compositePrimaryKeys: Record<string, unknown>;
  uniqueConstraints: Record<string, unknown>;
  checkConstraints: Record<string, unknown>;
  policies: Record<string, unknown>;
}

export const APP_ROLE = "frontdesk_app";

export interface TableSecurity {
  name: string;
  enabled: boolean;
  forced: boolean;
  isPartition: boolean;
  /** Policies on the table itself (partitions have none: they are reached through their parent). */
  policies: number;
}

/**
 * Row-level security of every tenant table — a table with tenant_id (partitions included), plus
 * tenants and users, minus the owner-only stripe_events — read from pg_catalog. The one definition
 * db:verify and the admin health report share.
 */
export async function tenantTableSecurity(db: Database["db"]): Promise<TableSecurity[]> {
  const rows = await queryRows<{
    name: string;
    enabled: boolean;
    forced: boolean;
    is_partition: boolean;
    policies: number;
  }>(
    db,
    sql`select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced, c.relispartition as is_partition,
               (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (c.relname in ('tenants', 'users')
               or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
          and c.relname <> 'stripe_events'
        order by c.relname`,
  );
  return rows.map((r) => ({
    name: r.name,
    enabled: r.enabled,
    forced: r.forced,
    isPartition: r.is_partition,
    policies: r.policies,
  }));
}

function latestSnapshot(folder: string): { tables: Record<string, SnapshotTable> } {
  const meta = path.join(folder, "meta");
  const files = readdirSync(meta)
    .filter((f) => /^\d{4}_snapshot\.json$/.test(f))
    .sort();
  const last = files.at(-1);
  if (!last) throw new Error(`no snapshot in ${meta}`);
  return JSON.parse(readFileSync(path.join(meta, last), "utf8")) as {
    tables: Record<string, SnapshotTable>;
  };
}

/** Snapshot type names → what format_type() prints. */
function normaliseType(type: string): string {
  const t = type.replace(/"/g, "").trim().toLowerCase();
  return (
    t
      .replace(/^char\((\d+)\)/, "character($1)")
      .replace(/^varchar\((\d+)\)/, "character varying($1)")
      // drizzle-kit writes "numeric(38, 0)"; format_type() writes "numeric(38,0)".
      .replace(/^numeric\((\d+),\s*(\d+)\)/, "numeric($1,$2)")
      .replace(/^time(\[\])?$/, "time without time zone$1")
      .replace(/^timestamp(\[\])?$/, "timestamp without time zone$1")
  );
}

export async function verifyDatabase(
  database: Database,
  folder = migrationsFolder(),
): Promise<VerifyReport> {
  const checks: VerifyCheck[] = [];
  const check = (group: string, name: string, ok: boolean, detail?: string) =>
    checks.push({ group, name, ok, ...(detail ? { detail } : {}) });
  const db = database.db;

  // --- migrations ---
  const files = readMigrationFiles({ migrationsFolder: folder });
  const applied = await queryRows<{ hash: string }>(
    db,
    sql`select hash from drizzle.__drizzle_migrations order by created_at`,
  ).catch(() => [] as { hash: string }[]);
  const appliedHashes = new Set(applied.map((r) => r.hash));
  check(
    "migrations",
    `${applied.length} of ${files.length} migrations applied`,
    files.every((f) => appliedHashes.has(f.hash)) && applied.length === files.length,
  );

  // --- tables, columns, indexes, constraints, policies (from the schema snapshot) ---
  const snapshot = latestSnapshot(folder);
  const columns = await queryRows<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
  }>(
    db,
    sql`select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
  );
  const liveColumns = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c]));
  const liveTables = new Set(columns.map((c) => c.table_name));
  const relations = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
        union select conname from pg_constraint con join pg_namespace n on n.oid = con.connamespace where n.nspname = 'public'`,
  );
  const liveNames = new Set(relations.map((r) => r.name));
  const policies = await queryRows<{ tablename: string; policyname: string }>(
    db,
    sql`select tablename, policyname from pg_policies where schemaname = 'public'`,
  );
  const livePolicies = new Set(policies.map((p) => `${p.tablename}.${p.policyname}`));

  for (const table of Object.values(snapshot.tables)) {
    if (!liveTables.has(table.name)) {
      check("schema", `table ${table.name}`, false, "missing");
      continue;
    }
    const problems: string[] = [];
    for (const column of Object.values(table.columns)) {
      const live = liveColumns.get(`${table.name}.${column.name}`);
      if (!live) problems.push(`column ${column.name} missing`);
      else {
        if (live.type !== normaliseType(column.type))
          problems.push(
            `column ${column.name} is ${live.type}, expected ${normaliseType(column.type)}`,
          );
        if (live.not_null !== column.notNull)
          problems.push(
            `column ${column.name} ${column.notNull ? "should be" : "should not be"} NOT NULL`,
          );
      }
    }
    const named = [
      ...Object.keys(table.indexes),
      ...Object.keys(table.foreignKeys),
      ...Object.keys(table.compositePrimaryKeys),
      ...Object.keys(table.uniqueConstraints),
      ...Object.keys(table.checkConstraints),
    ];
    // PostgreSQL truncates identifiers to 63 bytes.
    for (const name of named)
      if (!liveNames.has(name.slice(0, 63))) problems.push(`${name} missing`);
    for (const policy of Object.keys(table.policies))
      if (!livePolicies.has(`${table.name}.${policy}`)) problems.push(`policy ${policy} missing`);
    check(
      "schema",
      `table ${table.name}: ${Object.keys(table.columns).length} columns, ${named.length} indexes/constraints, ${Object.keys(table.policies).length} policies`,
      problems.length === 0,
      problems.join("; "),
    );
  }

  // --- objects the custom migrations add ---
  const custom = await queryRows<{
    partitioned: boolean;
    exclusion: boolean;
    current_partition: boolean;
    functions: number;
  }>(
    db,
    sql`select
          exists (select 1 from pg_class where relname = 'analytics_metrics' and relkind = 'p') as partitioned,
          exists (select 1 from pg_constraint where conname = 'bookings_no_overlap' and contype = 'x') as exclusion,
          exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                  where i.inhparent = 'public.analytics_metrics'::regclass
                    and c.relname = 'analytics_metrics_y' || to_char(now() at time zone 'UTC', 'YYYY') || 'm' || to_char(now() at time zone 'UTC', 'MM')) as current_partition,
          (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'public' and p.proname in ('frontdesk_ensure_metric_partitions', 'frontdesk_drop_metric_partitions_before', 'frontdesk_touch_updated_at', 'frontdesk_resolve_api_key', 'frontdesk_user_tenants', 'frontdesk_apply_security')) as functions`,
  ).catch(() => []);
  const c = custom[0];
  check("schema", "analytics_metrics is range-partitioned", c?.partitioned === true);
  check(
    "schema",
    "analytics_metrics has a partition for the current month",
    c?.current_partition === true,
  );
  check("schema", "bookings_no_overlap exclusion constraint", c?.exclusion === true);
  check("schema", "frontdesk_* functions (6)", c?.functions === 6, `found ${c?.functions ?? 0}`);

  // --- row-level security on every table with tenant_id ---
  const rls = await tenantTableSecurity(db);
  const unprotected = rls.filter((r) => !r.enabled || !r.forced);
  check(
    "rls",
    `row-level security enabled and forced on ${rls.length - unprotected.length} of ${rls.length} tenant tables`,
    unprotected.length === 0,
    unprotected
      .map((r) => `${r.name}${r.enabled ? "" : " (disabled)"}${r.forced ? "" : " (not forced)"}`)
      .join(", "),
  );
  const withoutPolicy = rls.filter((r) => !r.isPartition && r.policies === 0);
  check(
    "rls",
    "every tenant table has a policy",
    withoutPolicy.length === 0,
    withoutPolicy.map((r) => r.name).join(", "),
  );

  // --- the app role ---
  const role = await queryRows<{
    rolsuper: boolean;
    rolbypassrls: boolean;
    rolcanlogin: boolean;
    owned: number;
  }>(
    db,
    sql`select r.rolsuper, r.rolbypassrls, r.rolcanlogin,
               (select count(*)::int from pg_class c where c.relowner = r.oid)
             + (select count(*)::int from pg_proc p where p.proowner = r.oid)
             + (select count(*)::int from pg_namespace s where s.nspowner = r.oid) as owned
        from pg_roles r where r.rolname = ${APP_ROLE}`,
  );
  const r = role[0];
  check("role", `${APP_ROLE} exists`, r !== undefined);
  if (r) {
    check("role", `${APP_ROLE} is not superuser`, !r.rolsuper);
    check("role", `${APP_ROLE} has no BYPASSRLS`, !r.rolbypassrls);
    check("role", `${APP_ROLE} cannot log in`, !r.rolcanlogin);
    check("role", `${APP_ROLE} owns nothing`, r.owned === 0, `owns ${r.owned} objects`);
  }

  // --- views and SECURITY DEFINER functions ---
  const views = await queryRows<{ name: string; invoker: boolean }>(
    db,
    sql`select c.relname as name, coalesce(c.reloptions::text[] && array['security_invoker=true', 'security_invoker=on'], false) as invoker
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'v'`,
  );
  const definerViews = views.filter((v) => !v.invoker);
  check(
    "views",
    `${views.length} views, all security_invoker`,
    definerViews.length === 0,
    definerViews.map((v) => v.name).join(", "),
  );
  const definers = await queryRows<{ name: string; pinned: boolean }>(
    db,
    sql`select p.proname as name, coalesce(exists (select 1 from unnest(p.proconfig) s where s like 'search_path=%'), false) as pinned
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.prosecdef`,
  );
  const unpinned = definers.filter((f) => !f.pinned);
  check(
    "functions",
    `${definers.length} SECURITY DEFINER functions, all pin search_path`,
    unpinned.length === 0,
    unpinned.map((f) => f.name).join(", "),
  );

  // --- splinter's performance and hygiene lints (lints.ts) ---
  for (const { lint, findings } of await runPerformanceLints(db)) {
    check(
      "lints",
      `${lint.id}: ${lint.title}`,
      findings.length === 0,
      findings.map((f) => (f.detail ? `${f.object} (${f.detail})` : f.object)).join("; "),
    );
  }

  return { ok: checks.every((x) => x.ok), checks };
}

export function formatVerifyReport(report: VerifyReport, location: string): string {
  const lines = [`db:verify — ${location}`];
  let group = "";
  for (const c of report.checks) {
    if (c.group !== group) {
      group = c.group;
      lines.push("", `${group}:`);
    }
    lines.push(`  ${c.ok ? "✓" : "✗"} ${c.name}${!c.ok && c.detail ? ` — ${c.detail}` : ""}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  // Worded so CI never mistakes it for a test runner's "N passed, N failed" closing line.
  lines.push(
    "",
    `${report.ok ? "PASS" : "FAIL"} — ${report.checks.length - failed} of ${report.checks.length} checks ok`,
  );
  return lines.join("\n");
}
