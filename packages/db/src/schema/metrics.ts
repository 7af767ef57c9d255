// Product metrics (PostHog-style points). `analytics_metrics` is range-partitioned by month on
// `recorded_at`: drizzle-kit cannot express PARTITION BY, so custom migration 0002 recreates it
// partitioned with the same columns; this definition stays the source of truth for columns and types.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tenantId, tenantIsolation } from "./_columns";
import { tenants } from "./platform";

export const METRIC_KINDS = ["counter", "gauge", "histogram"] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export const analyticsMetrics = pgTable(
  "analytics_metrics",
  {
    id: uuid().notNull().defaultRandom(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: text().$type<MetricKind>().notNull(),
    unit: text(),
    value: doublePrecision().notNull(),
    tags: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** md5 of the canonical (sorted) tags, the series the point belongs to. */
    seriesHash: text().notNull(),
    /** The partition key. */
    recordedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The primary key of a partitioned table must contain the partition key.
    primaryKey({ name: "analytics_metrics_pkey", columns: [t.tenantId, t.recordedAt, t.id] }),
    index("analytics_metrics_tenant_name_time_idx").on(t.tenantId, t.name, t.recordedAt),
    index("analytics_metrics_tags_idx").using("gin", t.tags),
    check("analytics_metrics_kind_check", sql`${t.kind} in ('counter', 'gauge', 'histogram')`),
    tenantIsolation("analytics_metrics"),
  ],
);

/** One row per metric name per tenant: kind, unit and when it was last seen (for `metrics.names`). */
export const metricDefinitions = pgTable(
  "metric_definitions",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: text().$type<MetricKind>().notNull(),
    unit: text(),
    seriesCount: integer().notNull().default(0),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.name] }),
    check("metric_definitions_kind_check", sql`${t.kind} in ('counter', 'gauge', 'histogram')`),
    tenantIsolation("metric_definitions"),
  ],
);

/** Distinct tag sets per metric: the per-metric series cardinality cap counts these rows. */
export const metricSeries = pgTable(
  "metric_series",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    seriesHash: text().notNull(),
    tags: jsonb().$type<Record<string, string>>().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.name, t.seriesHash] }),
    tenantIsolation("metric_series"),
  ],
);

/**
 * Hourly rollups per series, maintained incrementally by the worker. `sortedValues` keeps the hour's
 * values so percentiles from rollups equal percentiles from raw rows exactly.
 */
export const metricRollupsHourly = pgTable(
  "metric_rollups_hourly",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    seriesHash: text().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    count: bigint({ mode: "number" }).notNull(),
    sum: doublePrecision().notNull(),
    min: doublePrecision().notNull(),
    max: doublePrecision().notNull(),
    sortedValues: doublePrecision().array(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: "metric_rollups_hourly_pkey",
      columns: [t.tenantId, t.name, t.bucketStart, t.seriesHash],
    }),
    tenantIsolation("metric_rollups_hourly"),
  ],
);

/**
 * Hourly rollups over ALL series of a metric (no tag filter, no group-by), maintained by the same job
 * run as `metric_rollups_hourly`. The percentiles are percentile_cont over every value of the hour, so
 * an hourly query without filter or group-by reads one row per hour instead of unnesting every
 * series' `sortedValues` (packages/api/src/metrics/query.ts).
 */
export const metricRollupsHourlyAll = pgTable(
  "metric_rollups_hourly_all",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    count: bigint({ mode: "number" }).notNull(),
    sum: doublePrecision().notNull(),
    min: doublePrecision().notNull(),
    max: doublePrecision().notNull(),
    p50: doublePrecision().notNull(),
    p90: doublePrecision().notNull(),
    p95: doublePrecision().notNull(),
    p99: doublePrecision().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: "metric_rollups_hourly_all_pkey",
      columns: [t.tenantId, t.name, t.bucketStart],
    }),
    tenantIsolation("metric_rollups_hourly_all"),
  ],
);

/**
 * Daily rollups over ALL series of a metric, one row per local day of the tenant's time zone (the
 * zone it was computed in is kept: after a zone change queries ignore the row). The rollup job
 * recomputes a day whenever it recomputes one of its hours, from the same values a daily query
 * would otherwise read (the per-series `sortedValues` of the day's whole UTC hours, raw points for
 * the parts of hours the day cuts in half-hour zones), so a daily percentile query reads one row
 * per clean day instead of unnesting every value (packages/api/src/metrics/query.ts).
 */
export const metricRollupsDailyAll = pgTable(
  "metric_rollups_daily_all",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** Local midnight, as an instant. */
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    /** The next local midnight (23, 24 or 25 hours later). */
    bucketEnd: timestamp({ withTimezone: true }).notNull(),
    timeZone: text().notNull(),
    count: bigint({ mode: "number" }).notNull(),
    sum: doublePrecision().notNull(),
    min: doublePrecision().notNull(),
    max: doublePrecision().notNull(),
    p50: doublePrecision().notNull(),
    p90: doublePrecision().notNull(),
    p95: doublePrecision().notNull(),
    p99: doublePrecision().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: "metric_rollups_daily_all_pkey",
      columns: [t.tenantId, t.name, t.bucketStart],
    }),
    check("metric_rollups_daily_all_bounds_check", sql`${t.bucketEnd} > ${t.bucketStart}`),
    tenantIsolation("metric_rollups_daily_all"),
  ],
);

/**
 * Hours whose rollups are stale ("dirty"): every write of raw points marks the (metric, UTC hour)
 * it touched, in the same transaction, bumping `version`. The rollup job recomputes closed marked
 * hours and deletes a marker only if its version is unchanged; queries read rollups only for hours
 * without a marker (packages/api/src/metrics/rollup.ts).
 */
export const metricRollupDirtyHours = pgTable(
  "metric_rollup_dirty_hours",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    version: bigint({ mode: "number" }).notNull().default(1),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: "metric_rollup_dirty_hours_pkey",
      columns: [t.tenantId, t.name, t.bucketStart],
    }),
    tenantIsolation("metric_rollup_dirty_hours"),
  ],
);
