-- Custom migration: the new tenant table `metric_rollup_dirty_hours` gets FORCED row-level security
-- and the app role's grants (frontdesk_apply_security is idempotent), and the dirty-hour markers that
-- used to live inside metric_rollups_hourly (bucket_start = '-infinity', the hour as ISO text in
-- series_hash, the version in count) move into it.
SELECT frontdesk_apply_security();
--> statement-breakpoint
INSERT INTO "metric_rollup_dirty_hours" ("tenant_id", "name", "bucket_start", "version", "marked_at")
SELECT "tenant_id", "name", "series_hash"::timestamptz, "count", "computed_at"
FROM "metric_rollups_hourly"
WHERE "bucket_start" = '-infinity'::timestamptz
ON CONFLICT ("tenant_id", "name", "bucket_start")
  DO UPDATE SET "version" = "metric_rollup_dirty_hours"."version" + 1, "marked_at" = now();
--> statement-breakpoint
DELETE FROM "metric_rollups_hourly" WHERE "bucket_start" = '-infinity'::timestamptz;
