// Column helpers and the tenant-isolation policy shared by every schema file.
import { sql, type SQL } from "drizzle-orm";
import { pgPolicy, pgRole, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The role every tenant-scoped request runs as (`SET LOCAL ROLE frontdesk_app` inside the request's
 * transaction). It cannot log in, owns nothing, is not superuser and has no BYPASSRLS; it is created
 * by the first (hand-written) migration, so drizzle-kit treats it as existing.
 */
export const appRole = pgRole("frontdesk_app").existing();

/**
 * The tenant chosen for the current transaction, or NULL when none is set (never '' — see
 * docs/toolchain.md). Wrapped in a scalar sub-select so PostgreSQL evaluates it once per statement
 * (an InitPlan) instead of once per row a policy filters: on a multi-million-row scan the per-row
 * call costs several times the scan itself. `db:verify` fails on a policy that calls
 * current_setting() unwrapped.
 */
export const currentTenant = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;
/** The signed-in user for the current transaction, or NULL (once per statement, like currentTenant). */
export const currentUser = sql`(select nullif(current_setting('app.user_id', true), '')::uuid)`;

/** The primary key of a table without a tenant (tenants, users). */
export const id = () => uuid().primaryKey().defaultRandom();
/**
 * The id of a tenant table's row. Its primary key is `(id, tenant_id)`, declared on the table: Citus
 * (distributing tenant tables by tenant_id) requires every primary key and unique constraint to
 * include the distribution column, and `db:verify` checks that rule. `id` leads, so a lookup by id
 * alone (the worker's, outside RLS) still uses the key's index.
 */
export const tenantRowId = () => uuid().notNull().defaultRandom();
export const tenantId = () => uuid().notNull();
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
/** Maintained by the `frontdesk_touch_updated_at` trigger (custom migration), not by the application. */
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };

const isCurrentTenant = (column: string): SQL => sql`${sql.identifier(column)} = ${currentTenant}`;

/** Full read/write access to the current tenant's rows, nothing else. */
export const tenantIsolation = (table: string, column = "tenant_id") =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: "permissive",
    for: "all",
    to: appRole,
    using: isCurrentTenant(column),
    withCheck: isCurrentTenant(column),
  });

/** Append-only tables (audit_log): the app role may read and insert its tenant's rows, never change them. */
export const tenantAppendOnly = (table: string) => [
  pgPolicy(`${table}_tenant_read`, {
    for: "select",
    to: appRole,
    using: isCurrentTenant("tenant_id"),
  }),
  pgPolicy(`${table}_tenant_append`, {
    for: "insert",
    to: appRole,
    withCheck: isCurrentTenant("tenant_id"),
  }),
];
