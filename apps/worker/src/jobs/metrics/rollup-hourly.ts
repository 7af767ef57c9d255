// Every 5 minutes: recomputes the hourly rollups (`metric_rollups_hourly`) of every closed hour that
// received raw points since the last run, across tenants (the worker is the owner role: no RLS), and
// clears those hours' markers (`metric_rollup_dirty_hours`). Idempotent (upserts); concurrent runs serialise on an advisory
// lock, the loser does nothing. How markers make rollups exact is explained in
// packages/api/src/metrics/rollup.ts.
import { rollupMetricsHourly } from "@frontdesk/api";
import type { JobHandler } from "../types";

export const queue = "metrics.rollup-hourly";
/** Every 5 minutes. */
export const cron = "*/5 * * * *";
/** Catch up after downtime without waiting for the first tick. */
export const runOnStart = true;

export const handler: JobHandler = async ({ db, logger }) => {
  // One run covers any number of queued jobs: it processes every marked hour.
  const result = await rollupMetricsHourly(db, { budgetMs: 4 * 60_000 });
  logger.info(
    result,
    result.ran ? "metric rollups refreshed" : "metric rollups: another run holds the lock",
  );
};
