-- Custom migration: the new tenant table `metric_rollups_daily_all` gets FORCED row-level security
-- and the app role's grants (frontdesk_apply_security is idempotent and covers every tenant table).
-- No backfill: a day without a row is answered from the hourly rollups, as before, and gets its row
-- the next time the rollup job recomputes one of its hours.
SELECT frontdesk_apply_security();
