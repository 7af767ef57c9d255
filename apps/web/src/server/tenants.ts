// The tenants a signed-in user belongs to, read through the SECURITY DEFINER function
// frontdesk_user_tenants (no tenant is set yet, so RLS would hide every membership row).
import { cache } from "react";
import { sql } from "drizzle-orm";
import { queryRows, type Role } from "@frontdesk/db";
import { getDatabase } from "./database";

export interface UserTenant {
  tenantId: string;
  name: string;
  slug: string;
  role: Role;
}

/** Per request (React `cache`): the layout and the page both ask. */
export const listUserTenants = cache(async (userId: string): Promise<UserTenant[]> => {
  const database = await getDatabase();
  const rows = await queryRows<{ tenant_id: string; role: Role; name: string; slug: string }>(
    database.db,
    sql`select tenant_id, role, name, slug from frontdesk_user_tenants(${userId}::uuid)`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, name: r.name, slug: r.slug, role: r.role }));
});

/** The tenant's IANA time zone (the caller has checked membership first). */
export const tenantTimeZone = cache(async (tenantId: string): Promise<string> => {
  const database = await getDatabase();
  const [row] = await queryRows<{ time_zone: string }>(
    database.db,
    sql`select time_zone from tenants where id = ${tenantId}::uuid`,
  );
  return row?.time_zone ?? "UTC";
});
