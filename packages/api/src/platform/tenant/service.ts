// The caller's tenant: read and change its settings. RLS shows the app role exactly its own tenant
// row, so there is no way to name another one.
import { eq } from "drizzle-orm";
import { tenants, type Db } from "@frontdesk/db";
import type { Actor } from "../../actor";
import { AppError } from "../../errors";
import { gateText } from "../../phi-gate";
import type { Tenant, UpdateTenantInput } from "./schemas";

const columns = {
  id: tenants.id,
  name: tenants.name,
  slug: tenants.slug,
  timeZone: tenants.timeZone,
  plan: tenants.plan,
  metricsRetentionDays: tenants.metricsRetentionDays,
  auditRetentionDays: tenants.auditRetentionDays,
  phiEventsRetentionDays: tenants.phiEventsRetentionDays,
  deliveryLogRetentionDays: tenants.deliveryLogRetentionDays,
  emailRetentionDays: tenants.emailRetentionDays,
  bookingNoticesEnabled: tenants.bookingNoticesEnabled,
  bookingReminderMinutes: tenants.bookingReminderMinutes,
  orderPaymentTimeoutMinutes: tenants.orderPaymentTimeoutMinutes,
  bookingHoldMinutes: tenants.bookingHoldMinutes,
  createdAt: tenants.createdAt,
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] };

function toTenant(row: Row): Tenant {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.timeZone,
    plan: row.plan,
    retention: {
      metricsDays: row.metricsRetentionDays,
      auditDays: row.auditRetentionDays,
      phiEventsDays: row.phiEventsRetentionDays,
      deliveryLogDays: row.deliveryLogRetentionDays,
      emailDays: row.emailRetentionDays,
    },
    bookingNotices: {
      enabled: row.bookingNoticesEnabled,
      reminderMinutes: row.bookingReminderMinutes,
    },
    orderPaymentTimeoutMinutes: row.orderPaymentTimeoutMinutes,
    bookingHoldMinutes: row.bookingHoldMinutes,
    createdAt: row.createdAt,
  };
}

function missing(): AppError {
  // Only possible if the tenant was deleted while the request ran.
  return new AppError("NOT_FOUND", "This tenant no longer exists");
}

export async function getTenant(db: Db, actor: Actor): Promise<Tenant> {
  const [row] = await db.select(columns).from(tenants).where(eq(tenants.id, actor.tenantId));
  if (!row) throw missing();
  return toTenant(row);
}

export async function updateTenant(
  db: Db,
  actor: Actor,
  input: UpdateTenantInput,
): Promise<Tenant> {
  const set: Partial<typeof tenants.$inferInsert> = {};
  if (input.name !== undefined)
    set.name = await gateText(
      db,
      actor,
      { table: "tenants", field: "name", rowId: actor.tenantId },
      input.name.trim(),
    );
  if (input.timeZone !== undefined) set.timeZone = input.timeZone;
  if (input.retention?.metricsDays !== undefined)
    set.metricsRetentionDays = input.retention.metricsDays;
  if (input.retention?.auditDays !== undefined) set.auditRetentionDays = input.retention.auditDays;
  if (input.retention?.phiEventsDays !== undefined)
    set.phiEventsRetentionDays = input.retention.phiEventsDays;
  if (input.retention?.deliveryLogDays !== undefined)
    set.deliveryLogRetentionDays = input.retention.deliveryLogDays;
  if (input.retention?.emailDays !== undefined) set.emailRetentionDays = input.retention.emailDays;
  if (input.bookingNotices?.enabled !== undefined)
    set.bookingNoticesEnabled = input.bookingNotices.enabled;
  if (input.bookingNotices?.reminderMinutes !== undefined)
    set.bookingReminderMinutes = input.bookingNotices.reminderMinutes;
  if (input.orderPaymentTimeoutMinutes !== undefined)
    set.orderPaymentTimeoutMinutes = input.orderPaymentTimeoutMinutes;
  if (input.bookingHoldMinutes !== undefined) set.bookingHoldMinutes = input.bookingHoldMinutes;
  if (Object.keys(set).length === 0) return getTenant(db, actor);

  const [row] = await db
    .update(tenants)
    .set(set)
    .where(eq(tenants.id, actor.tenantId))
    .returning(columns);
  if (!row) throw missing();
  return toTenant(row);
}
