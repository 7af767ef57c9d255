// One row factory per tenant table, used by the isolation sweep. The sweep fails when a tenant table
// has no factory here, so a table added later cannot skip the isolation tests.
import { randomUUID } from "node:crypto";
import { seriesHash, type Db } from "@frontdesk/db";
import * as s from "@frontdesk/db/schema";

type Values = Record<string, unknown>;

export interface TenantFixture {
  /** Rows this table's row depends on (inserted first, as the owner). */
  deps?: (db: Db, tenantId: string) => Promise<Record<string, string>>;
  values: (tenantId: string, deps: Record<string, string>) => Values;
}

async function insertReturningId(
  db: Db,
  table: typeof s.resources | typeof s.orders | typeof s.scoreConfigs,
  values: Values,
): Promise<string> {
  const rows = (await db
    .insert(table)
    .values(values as never)
    .returning()) as { id: string }[];
  const id = rows[0]?.id;
  if (!id) throw new Error("fixture insert returned nothing");
  return id;
}

async function newUser(db: Db): Promise<string> {
  const [u] = await db
    .insert(s.users)
    .values({ email: `u-${randomUUID()}@example.com`, emailVerified: new Date() })
    .returning({ id: s.users.id });
  if (!u) throw new Error("user insert returned nothing");
  return u.id;
}

const resourceValues = (tenantId: string) => ({
  tenantId,
  name: "Room",
  timeZone: "UTC",
  slotMinutes: 30,
});
const orderValues = (tenantId: string) => ({
  tenantId,
  currency: "USD",
  items: [{ sku: "A", name: "A", quantity: 1, unitAmount: 100 }],
  totalAmount: 100,
  idempotencyKey: randomUUID(),
});
const start = new Date("2026-11-20T10:00:00Z");

export const fixtures: Record<string, TenantFixture> = {
  memberships: {
    deps: async (db) => ({ userId: await newUser(db) }),
    values: (tenantId, d) => ({ tenantId, userId: d.userId, role: "member" }),
  },
  invitations: {
    values: (tenantId) => ({
      tenantId,
      email: "invitee@example.com",
      role: "viewer",
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 86_400_000),
    }),
  },
  api_keys: {
    values: (tenantId) => ({
      tenantId,
      name: "k",
      prefix: "fd_x",
      secretHash: randomUUID(),
      scopes: ["admin"],
    }),
  },
  audit_log: { values: (tenantId) => ({ tenantId, actorType: "system", action: "test.fixture" }) },
  usage_counters: {
    values: (tenantId) => ({ tenantId, metric: "bookings", periodStart: "2026-11-01", used: 1 }),
  },
  subscriptions: {
    values: (tenantId) => ({
      tenantId,
      plan: "pro",
      status: "active",
      stripeSubscriptionId: randomUUID(),
    }),
  },
  outbox: { values: (tenantId) => ({ tenantId, kind: "test", payload: { n: 1 } }) },
  email_messages: {
    values: (tenantId) => ({
      tenantId,
      template: "booking-reminder",
      toAddress: "a@example.com",
      props: {},
      dedupeKey: randomUUID(),
    }),
  },
  email_opt_outs: {
    values: (tenantId) => ({ tenantId, addressHash: randomUUID().replaceAll("-", "") }),
  },
  resources: { values: resourceValues },
  availability_rules: {
    deps: async (db, tenantId) => ({
      resourceId: await insertReturningId(db, s.resources, resourceValues(tenantId)),
    }),
    values: (tenantId, d) => ({
      tenantId,
      resourceId: d.resourceId,
      weekday: 1,
      startTime: "09:00",
      endTime: "17:00",
    }),
  },
  bookings: {
    deps: async (db, tenantId) => ({
      resourceId: await insertReturningId(db, s.resources, resourceValues(tenantId)),
    }),
    values: (tenantId, d) => ({
      tenantId,
      resourceId: d.resourceId,
      slotId: randomUUID(),
      startsAt: start,
      endsAt: new Date(start.getTime() + 1_800_000),
      status: "cancelled",
      attendeeName: "A",
      attendeeEmail: "a@example.com",
    }),
  },
  score_configs: {
    values: (tenantId) => ({ tenantId, name: `cfg-${randomUUID()}`, kind: "boolean" }),
  },
  conversation_scores: {
    values: (tenantId) => ({
      tenantId,
      sessionId: "s1",
      name: "n",
      kind: "numeric",
      numericValue: 1,
      source: "api",
    }),
  },
  score_day_values: {
    values: (tenantId) => ({
      tenantId,
      name: `n-${randomUUID()}`,
      kind: "numeric",
      localDay: "2026-11-20",
      valueKey: "k",
      numericValue: 1,
      scoreCount: 1,
    }),
  },
  analytics_metrics: {
    values: (tenantId) => ({
      tenantId,
      name: "m",
      kind: "gauge",
      value: 1,
      tags: {},
      seriesHash: seriesHash({}),
      recordedAt: new Date(),
    }),
  },
  metric_definitions: {
    values: (tenantId) => ({ tenantId, name: `m-${randomUUID()}`, kind: "gauge" }),
  },
  metric_series: {
    values: (tenantId) => ({ tenantId, name: "m", seriesHash: randomUUID(), tags: {} }),
  },
  metric_rollups_hourly: {
    values: (tenantId) => ({
      tenantId,
      name: "m",
      seriesHash: randomUUID(),
      bucketStart: new Date("2026-11-20T10:00:00Z"),
      count: 1,
      sum: 1,
      min: 1,
      max: 1,
    }),
  },
  metric_rollups_hourly_all: {
    values: (tenantId) => ({
      tenantId,
      name: `m-${randomUUID()}`,
      bucketStart: new Date("2026-11-20T10:00:00Z"),
      count: 1,
      sum: 1,
      min: 1,
      max: 1,
      p50: 1,
      p90: 1,
      p95: 1,
      p99: 1,
    }),
  },
  metric_rollups_daily_all: {
    values: (tenantId) => ({
      tenantId,
      name: `m-${randomUUID()}`,
      bucketStart: new Date("2026-11-20T05:00:00Z"),
      bucketEnd: new Date("2026-11-21T05:00:00Z"),
      timeZone: "America/New_York",
      count: 1,
      sum: 1,
      min: 1,
      max: 1,
      p50: 1,
      p90: 1,
      p95: 1,
      p99: 1,
    }),
  },
  metric_rollup_dirty_hours: {
    values: (tenantId) => ({
      tenantId,
      name: `m-${randomUUID()}`,
      bucketStart: new Date("2026-11-20T10:00:00Z"),
    }),
  },
  orders: { values: orderValues },
  order_totals: {
    values: (tenantId) => ({
      tenantId,
      currency: "USD",
      status: "paid",
      orderCount: 1,
      totalAmount: "100",
      refundedAmount: "0",
    }),
  },
  order_refunds: {
    deps: async (db, tenantId) => ({
      orderId: await insertReturningId(db, s.orders, orderValues(tenantId)),
    }),
    values: (tenantId, d) => ({ tenantId, orderId: d.orderId, amount: 50, currency: "USD" }),
  },
  phi_detection_events: {
    values: (tenantId) => ({
      tenantId,
      phiType: "SSN",
      maskedValue: "***-**-0000",
      sourceKind: "api",
      sourceApi: "phi.scan",
      action: "masked",
    }),
  },
  phi_event_hour_counts: {
    values: (tenantId) => ({
      tenantId,
      hourStart: new Date("2026-11-20T10:00:00Z"),
      localDay: "2026-11-20",
      phiType: `t-${randomUUID()}`,
      action: "masked",
      eventCount: 1,
    }),
  },
  phi_policies: { values: (tenantId) => ({ tenantId, defaultAction: "mask" }) },
  webhook_endpoints: { values: (tenantId) => webhookEndpointValues(tenantId) },
  webhook_events: { values: (tenantId) => webhookEventValues(tenantId) },
  webhook_deliveries: {
    deps: webhookDeliveryDeps,
    values: (tenantId, d) => ({ tenantId, endpointId: d.endpointId, eventId: d.eventId }),
  },
  webhook_delivery_attempts: {
    deps: async (db, tenantId) => {
      const d = await webhookDeliveryDeps(db, tenantId);
      const [row] = await db
        .insert(s.webhookDeliveries)
        .values({ tenantId, endpointId: d.endpointId, eventId: d.eventId })
        .returning({ id: s.webhookDeliveries.id });
      if (!row) throw new Error("fixture insert returned nothing");
      return { deliveryId: row.id };
    },
    values: (tenantId, d) => ({
      tenantId,
      deliveryId: d.deliveryId,
      attempt: 1,
      latencyMs: 5,
      succeeded: true,
    }),
  },
};

function webhookEndpointValues(tenantId: string): Values {
  return { tenantId, url: "https://192.0.2.1/hook", secret: `whsec_${randomUUID()}` };
}

function webhookEventValues(tenantId: string): Values {
  return { tenantId, type: "booking.created", payload: { id: randomUUID() } };
}

async function webhookDeliveryDeps(
  db: Db,
  tenantId: string,
): Promise<{ endpointId: string; eventId: string }> {
  const [endpoint] = await db
    .insert(s.webhookEndpoints)
    .values(webhookEndpointValues(tenantId) as never)
    .returning({ id: s.webhookEndpoints.id });
  const [event] = await db
    .insert(s.webhookEvents)
    .values(webhookEventValues(tenantId) as never)
    .returning({ id: s.webhookEvents.id });
  if (!endpoint || !event) throw new Error("fixture insert returned nothing");
  return { endpointId: endpoint.id, eventId: event.id };
}
