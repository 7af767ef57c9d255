// Every job the worker runs. A new job is a module under `jobs/<domain>/` exporting `queue`,
// `handler` and optionally `cron` (see `types.ts`), added to this list.
import * as ensureMetricPartitions from "./metrics/ensure-partitions";
import type { JobModule } from "./types";

export const jobs: readonly JobModule[] = [ensureMetricPartitions];

/** Queue names, for code that sends jobs (the API, the web app). */
export const jobQueues = {
  ensureMetricPartitions: ensureMetricPartitions.queue,
} as const;

export type JobQueue = (typeof jobQueues)[keyof typeof jobQueues];
