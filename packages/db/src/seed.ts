// Demo data for a first look: one tenant ("Sunrise Clinic") with resources, a week of bookings,
// orders, conversation scores and 30 days of metrics. Idempotent: it runs in one transaction and does
// nothing when the demo tenant already exists, so a second run changes nothing.
import { eq, sql } from "drizzle-orm";
import type { Database, Db } from "./client";
import { seriesHash } from "./metric-series";
import { provisionTenant } from "./provision";
import {
  analyticsMetrics,
  availabilityRules,
  bookings,
  conversationScores,
  metricDefinitions,
  metricSeries,
  orders,
  resources,
  scoreConfigs,
  tenants,
  usageCounters,
  usagePeriodStart,
  type OrderItem,
  type OrderStatus,
} from "./schema";
import { encodeSlotId } from "./slots";
import { wallTime, zonedTimeToUtc } from "./time";

export const DEMO = {
  tenantName: "Sunrise Clinic",
  slug: "sunrise-clinic",
  timeZone: "America/New_York",
  ownerEmail: "owner@sunrise-clinic.example",
  ownerName: "Olivia Owner",
  ownerPassword: "sunrise-demo-password",
} as const;

export interface SeedResult {
  created: boolean;
  tenantId: string;
  ownerEmail: string;
  ownerPassword: string;
  counts: Record<string, number>;
}

/** A deterministic PRNG so the demo looks the same on every machine (for the same day). */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemo(
  database: Database,
  options: { now?: Date; onProgress?: (line: string) => void } = {},
): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const say = options.onProgress ?? (() => {});
  const existing = await database.db
    .select({ id: tenants.id })
    .from(tenants)
    .where(eq(tenants.slug, DEMO.slug));
  if (existing[0]) {
    say(`demo tenant "${DEMO.tenantName}" already present: nothing to do`);
    return {
      created: false,
      tenantId: existing[0].id,
      ownerEmail: DEMO.ownerEmail,
      ownerPassword: DEMO.ownerPassword,
      counts: {},
    };
  }

  // Partitions for the 30 days of metrics (this month and the previous one) before the transaction.
  await database.db.execute(
    sql`select frontdesk_ensure_metric_partitions((date_trunc('month', ${now.toISOString()}::timestamptz) - interval '1 month')::date, 5)`,
  );

  return database.db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const rand = mulberry32(20261125);
    const counts: Record<string, number> = {};
    say("creating tenant and owner");
    const provisioned = await provisionTenant(tx, {
      name: DEMO.tenantName,
      slug: DEMO.slug,
      timeZone: DEMO.timeZone,
      plan: "pro",
      ownerEmail: DEMO.ownerEmail,
      ownerName: DEMO.ownerName,
      ownerPassword: DEMO.ownerPassword,
    });
    const tenantId = provisioned.tenantId;

    say("resources and weekly availability");
    const resourceRows = await tx
      .insert(resources)
      .values([
        {
          tenantId,
          name: "Dr. Amara Rivera",
          description: "Family medicine",
          timeZone: DEMO.timeZone,
          slotMinutes: 30,
          bufferMinutes: 5,
          minNoticeMinutes: 60,
        },
        {
          tenantId,
          name: "Exam Room 2",
          description: "Procedures and check-ups",
          timeZone: DEMO.timeZone,
          slotMinutes: 60,
          bufferMinutes: 0,
          minNoticeMinutes: 120,
        },
      ])
      .returning({ id: resources.id, slotMinutes: resources.slotMinutes });
    const rules = resourceRows.flatMap((r) =>
      [1, 2, 3, 4, 5].flatMap((weekday) => [
        { tenantId, resourceId: r.id, weekday, startTime: "09:00", endTime: "12:00" },
        { tenantId, resourceId: r.id, weekday, startTime: "13:00", endTime: "17:00" },
      ]),
    );
    await tx.insert(availabilityRules).values(rules);
    counts.resources = resourceRows.length;

    say("a week of bookings");
    const attendees = [
      ["Grace Hopper", "grace@example.com"],
      ["Alan Turing", "alan@example.com"],
      ["Ada Lovelace", "ada@example.com"],
      ["Katherine Johnson", "katherine@example.com"],
      ["Tim Berners-Lee", "tim@example.com"],
    ] as const;
    const bookingRows: (typeof bookings.$inferInsert)[] = [];
    const today = wallTime(now, DEMO.timeZone);
    for (let dayOffset = 0; dayOffset < 7; dayOffset++) {
      const noonUtc = zonedTimeToUtc(
        { year: today.year, month: today.month, day: today.day + dayOffset, hour: 12, minute: 0 },
        DEMO.timeZone,
      );
      const day = wallTime(noonUtc, DEMO.timeZone);
      if (day.weekday === 0 || day.weekday === 6) continue;
      for (const [index, resource] of resourceRows.entries()) {
        for (const hour of index === 0 ? [9, 10, 14, 15] : [9, 13]) {
          const startsAt = zonedTimeToUtc(
            { year: day.year, month: day.month, day: day.day, hour, minute: 0 },
            DEMO.timeZone,
          );
          const endsAt = new Date(startsAt.getTime() + resource.slotMinutes * 60_000);
          const attendee = attendees[Math.floor(rand() * attendees.length)] ?? attendees[0];
          const cancelled = rand() < 0.1;
          bookingRows.push({
            tenantId,
            resourceId: resource.id,
            slotId: encodeSlotId(resource.id, startsAt),
            startsAt,
            endsAt,
            status: cancelled ? "cancelled" : "confirmed",
            attendeeName: attendee[0],
            attendeeEmail: attendee[1],
            notes: rand() < 0.3 ? "Follow-up visit" : null,
            confirmedAt: now,
            cancelledAt: cancelled ? now : null,
            cancelReason: cancelled ? "Rescheduled by phone" : null,
            createdBy: "seed",
          });
        }
      }
    }
    await tx.insert(bookings).values(bookingRows);
    counts.bookings = bookingRows.length;

    say("orders");
    const catalogue: OrderItem[] = [
      { sku: "VIT-D-60", name: "Vitamin D3 (60 caps)", quantity: 1, unitAmount: 1299 },
      { sku: "BP-CUFF", name: "Blood pressure cuff", quantity: 1, unitAmount: 4999 },
      { sku: "MASK-50", name: "Face masks (50)", quantity: 2, unitAmount: 899 },
      { sku: "THERM-01", name: "Digital thermometer", quantity: 1, unitAmount: 1850 },
    ];
    const statuses: OrderStatus[] = [
      "paid",
      "paid",
      "pending",
      "partially_refunded",
      "refunded",
      "cancelled",
      "paid",
      "failed",
    ];
    const orderRows = statuses.map((status, i) => {
      const items = catalogue.filter((_, j) => (i + j) % 2 === 0);
      const total = items.reduce((sum, it) => sum + it.quantity * it.unitAmount, 0);
      const refunded =
        status === "refunded" ? total : status === "partially_refunded" ? Math.floor(total / 2) : 0;
      return {
        tenantId,
        status,
        currency: "USD",
        items,
        totalAmount: total,
        refundedAmount: refunded,
        customerEmail: `customer${i + 1}@example.com`,
        idempotencyKey: `seed-order-${i + 1}`,
        paidAt: ["paid", "partially_refunded", "refunded"].includes(status)
          ? new Date(now.getTime() - i * 86_400_000)
          : null,
        createdAt: new Date(now.getTime() - i * 86_400_000),
        createdBy: "seed",
      } satisfies typeof orders.$inferInsert;
    });
    await tx.insert(orders).values(orderRows);
    counts.orders = orderRows.length;

    say("score configs and conversation scores");
    const [helpfulness] = await tx
      .insert(scoreConfigs)
      .values([
        {
          tenantId,
          name: "helpfulness",
          kind: "numeric",
          minValue: 1,
          maxValue: 5,
          description: "1 (poor) to 5 (excellent)",
        },
        {
          tenantId,
          name: "resolved",
          kind: "boolean",
          description: "Did the assistant resolve the request?",
        },
        {
          tenantId,
          name: "tone",
          kind: "categorical",
          categories: ["friendly", "neutral", "curt"],
        },
      ])
      .returning({ id: scoreConfigs.id });
    const scoreRows: (typeof conversationScores.$inferInsert)[] = [];
    for (let i = 0; i < 60; i++) {
      const at = new Date(now.getTime() - Math.floor(rand() * 14 * 86_400_000));
      const value = Math.min(5, Math.max(1, Math.round(3.6 + (rand() - 0.4) * 3)));
      scoreRows.push({
        tenantId,
        sessionId: `demo-session-${String(i + 1).padStart(3, "0")}`,
        configId: helpfulness?.id ?? null,
        name: "helpfulness",
        kind: "numeric",
        numericValue: value,
        source: i % 3 === 0 ? "annotation" : i % 3 === 1 ? "end_user" : "rubric",
        createdAt: at,
      });
    }
    await tx.insert(conversationScores).values(scoreRows);
    counts.scores = scoreRows.length;

    say("30 days of metrics");
    const series = [
      {
        name: "assistant.messages",
        kind: "counter" as const,
        unit: "messages",
        tags: { channel: "web" },
      },
      {
        name: "assistant.messages",
        kind: "counter" as const,
        unit: "messages",
        tags: { channel: "sms" },
      },
      {
        name: "assistant.latency_ms",
        kind: "histogram" as const,
        unit: "ms",
        tags: { channel: "web" },
      },
      {
        name: "assistant.latency_ms",
        kind: "histogram" as const,
        unit: "ms",
        tags: { channel: "sms" },
      },
    ];
    const start = Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 30 * 24 * 3_600_000;
    const points: (typeof analyticsMetrics.$inferInsert)[] = [];
    for (let hour = 0; hour < 30 * 24; hour++) {
      const at = new Date(start + hour * 3_600_000 + 60_000);
      const daytime = Math.sin(((hour % 24) / 24) * Math.PI);
      for (const s of series) {
        const value =
          s.kind === "counter"
            ? Math.round(20 + 80 * daytime * rand())
            : Math.round(400 + 900 * rand() + 300 * daytime);
        points.push({
          tenantId,
          name: s.name,
          kind: s.kind,
          unit: s.unit,
          value,
          tags: s.tags,
          seriesHash: seriesHash(s.tags),
          recordedAt: at,
        });
      }
    }
    for (let i = 0; i < points.length; i += 1000) {
      await tx.insert(analyticsMetrics).values(points.slice(i, i + 1000));
    }
    const definitions = new Map<string, typeof metricDefinitions.$inferInsert>();
    for (const s of series) {
      const d = definitions.get(s.name);
      if (d) d.seriesCount = (d.seriesCount ?? 0) + 1;
      else
        definitions.set(s.name, {
          tenantId,
          name: s.name,
          kind: s.kind,
          unit: s.unit,
          seriesCount: 1,
          firstSeenAt: new Date(start),
          lastSeenAt: now,
        });
    }
    await tx.insert(metricDefinitions).values([...definitions.values()]);
    await tx.insert(metricSeries).values(
      series.map((s) => ({
        tenantId,
        name: s.name,
        seriesHash: seriesHash(s.tags),
        tags: s.tags,
        firstSeenAt: new Date(start),
        lastSeenAt: now,
      })),
    );
    // Inserted behind the rollup job's back: mark their hours dirty (as the metrics service does on
    // every write), or metrics.query would trust the absent rollups of those hours and answer "no points".
    await tx.execute(
      sql`insert into metric_rollup_dirty_hours (tenant_id, name, bucket_start)
          select distinct tenant_id, name, date_trunc('hour', recorded_at, 'UTC') from analytics_metrics where tenant_id = ${tenantId}
          on conflict do nothing`,
    );
    counts.metricPoints = points.length;

    // This month's usage as if the rows had come through the API (each metered write counts the
    // month it is made in), so the usage bars and plan limits start from what the demo holds.
    say("usage counters");
    const period = usagePeriodStart(now);
    await tx.insert(usageCounters).values([
      { tenantId, metric: "bookings", periodStart: period, used: bookingRows.length },
      { tenantId, metric: "orders", periodStart: period, used: orderRows.length },
      { tenantId, metric: "scores", periodStart: period, used: scoreRows.length },
      { tenantId, metric: "metric_points", periodStart: period, used: points.length },
    ]);

    return {
      created: true,
      tenantId,
      ownerEmail: DEMO.ownerEmail,
      ownerPassword: DEMO.ownerPassword,
      counts,
    };
  });
}
