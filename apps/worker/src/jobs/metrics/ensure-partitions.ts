// Keeps the monthly partitions of `analytics_metrics` created ahead of time: the current month and
// the next three. A metric written into a month without a partition would fail, so this runs once
// when the worker starts and then daily. Idempotent: existing partitions are left alone.
import { queryRows, type Db } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { JobHandler } from "../types";

export const queue = "metrics.ensure-partitions";
/** Daily at 00:05 UTC. */
export const cron = "5 0 * * *";
export const runOnStart = true;

/** The current month plus this many. */
export const MONTHS_AHEAD = 3;

/**
 * Creates the missing partitions from the current month (UTC, which is how partition bounds are
 * written) to MONTHS_AHEAD months later, and returns how many it created.
 */
export async function ensureMetricPartitions(db: Db): Promise<number> {
  const rows = await queryRows<{ created: number | string | null }>(
    db,
    sql`select frontdesk_ensure_metric_partitions(
          date_trunc('month', now() at time zone 'UTC')::date, ${MONTHS_AHEAD + 1}::int
        ) as created`,
  );
  return Number(rows[0]?.created ?? 0);
}

export const handler: JobHandler = async ({ db, logger }) => {
  // One call covers any number of queued runs: they all want the same months.
  const created = await ensureMetricPartitions(db);
  logger.info({ created, monthsAhead: MONTHS_AHEAD }, "metric partitions ensured");
};
