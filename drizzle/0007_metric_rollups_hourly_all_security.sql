-- Custom migration: the new tenant table `metric_rollups_hourly_all` gets FORCED row-level security
-- and the app role's grants (frontdesk_apply_security is idempotent), and is backfilled from the
-- per-series rollups that already exist. Queries trust an hour's all-series row as soon as the hour
-- has no dirty marker, so every hour rolled up before this migration needs one now. The per-series
-- rows keep each hour's values (`sorted_values`), which gives the exact percentiles; an hour with a
-- row lacking them is marked dirty instead, and the rollup job recomputes it from the raw points.
SELECT frontdesk_apply_security();
--> statement-breakpoint
INSERT INTO "metric_rollups_hourly_all" ("tenant_id", "name", "bucket_start", "count", "sum", "min", "max", "p50", "p90", "p95", "p99", "computed_at")
SELECT h."tenant_id", h."name", h."bucket_start", a.n, a.total, a.lo, a.hi, a.pcs[1], a.pcs[2], a.pcs[3], a.pcs[4], now()
FROM (
  SELECT "tenant_id", "name", "bucket_start"
  FROM "metric_rollups_hourly"
  GROUP BY 1, 2, 3
  HAVING bool_and("sorted_values" IS NOT NULL)
) h
CROSS JOIN LATERAL (
  SELECT count(*) AS n, sum(u.v) AS total, min(u.v) AS lo, max(u.v) AS hi,
         percentile_cont(ARRAY[0.5, 0.9, 0.95, 0.99]::float8[]) WITHIN GROUP (ORDER BY u.v) AS pcs
  FROM "metric_rollups_hourly" r
  CROSS JOIN unnest(r."sorted_values") AS u(v)
  WHERE r."tenant_id" = h."tenant_id" AND r."name" = h."name" AND r."bucket_start" = h."bucket_start"
) a
WHERE a.n > 0
ON CONFLICT ("tenant_id", "name", "bucket_start") DO NOTHING;
--> statement-breakpoint
INSERT INTO "metric_rollup_dirty_hours" ("tenant_id", "name", "bucket_start")
SELECT DISTINCT "tenant_id", "name", "bucket_start"
FROM "metric_rollups_hourly"
WHERE "sorted_values" IS NULL
ON CONFLICT ("tenant_id", "name", "bucket_start")
  DO UPDATE SET "version" = "metric_rollup_dirty_hours"."version" + 1, "marked_at" = now();
