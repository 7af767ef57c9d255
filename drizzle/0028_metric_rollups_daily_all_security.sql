-- Custom migration: the new tenant table `metric_rollups_daily_all` gets FORCED row-level security
-- and the app role's grants (frontdesk_apply_security is idempotent and covers every tenant table),
-- and is backfilled from the hourly rollups that already exist, as the rollup job computes a day
-- (packages/api/src/metrics/rollup.ts, refreshDays): per local day of the tenant's zone, the
-- per-series `sorted_values` of the UTC hours wholly inside it and the raw points of the parts of
-- hours it cuts. A day with a dirty hour is written too: queries ignore it until the job, which
-- recomputes the day with that hour, has run. The rollup job's advisory lock keeps a run from
-- interleaving with the backfill.
SELECT frontdesk_apply_security();
--> statement-breakpoint
SELECT pg_advisory_xact_lock(7310452118001);
--> statement-breakpoint
INSERT INTO "metric_rollups_daily_all" ("tenant_id", "name", "bucket_start", "bucket_end", "time_zone", "count", "sum", "min", "max", "p50", "p90", "p95", "p99", "computed_at")
WITH days AS (
  SELECT DISTINCT a."tenant_id", a."name", t."time_zone",
         (date_trunc('day', (x.instant AT TIME ZONE t."time_zone")) AT TIME ZONE t."time_zone") AS day_start
  FROM "metric_rollups_hourly_all" a
  JOIN "tenants" t ON t."id" = a."tenant_id"
  CROSS JOIN LATERAL (VALUES (a."bucket_start"), (a."bucket_start" + interval '1 hour' - interval '1 microsecond')) AS x(instant)
), bounds AS (
  SELECT d.*, (date_trunc('day', ((d.day_start + interval '26 hours') AT TIME ZONE d."time_zone")) AT TIME ZONE d."time_zone") AS day_end
  FROM days d
), vals AS (
  SELECT b."tenant_id", b."name", b.day_start, u.v
  FROM bounds b
  JOIN "metric_rollups_hourly" r ON r."tenant_id" = b."tenant_id" AND r."name" = b."name"
    AND r."bucket_start" >= b.day_start AND r."bucket_start" + interval '1 hour' <= b.day_end
  CROSS JOIN LATERAL unnest(r."sorted_values") AS u(v)
  UNION ALL
  SELECT b."tenant_id", b."name", b.day_start, m."value"
  FROM bounds b
  CROSS JOIN LATERAL (
    SELECT b.day_start AS lo, least(date_trunc('hour', b.day_start, 'UTC') + interval '1 hour', b.day_end) AS hi
    WHERE b.day_start <> date_trunc('hour', b.day_start, 'UTC')
    UNION ALL
    SELECT greatest(date_trunc('hour', b.day_end, 'UTC'), b.day_start), b.day_end
    WHERE b.day_end <> date_trunc('hour', b.day_end, 'UTC')
  ) cut
  JOIN "analytics_metrics" m ON m."tenant_id" = b."tenant_id" AND m."name" = b."name"
    AND m."recorded_at" >= cut.lo AND m."recorded_at" < cut.hi
), computed AS (
  SELECT "tenant_id", "name", day_start, count(*) AS n, sum(v) AS total, min(v) AS lo, max(v) AS hi,
         percentile_cont(ARRAY[0.5, 0.9, 0.95, 0.99]::float8[]) WITHIN GROUP (ORDER BY v) AS pcs
  FROM vals
  GROUP BY "tenant_id", "name", day_start
)
SELECT b."tenant_id", b."name", b.day_start, b.day_end, b."time_zone", c.n, c.total, c.lo, c.hi, c.pcs[1], c.pcs[2], c.pcs[3], c.pcs[4], now()
FROM bounds b
JOIN computed c ON c."tenant_id" = b."tenant_id" AND c."name" = b."name" AND c.day_start = b.day_start
ORDER BY 1, 2, 3
ON CONFLICT ("tenant_id", "name", "bucket_start") DO NOTHING;
