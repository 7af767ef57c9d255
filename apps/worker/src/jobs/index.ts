// Every job the worker runs. A new job is a module under `jobs/<domain>/` exporting `queue`,
// `handler` and optionally `cron` (see `types.ts`), added to this list.
import * as expireBookingHolds from "./bookings/expire-holds";
import * as deliverEmail from "./email/deliver";
import * as sendBookingReminders from "./email/send-reminders";
import * as ensureMetricPartitions from "./metrics/ensure-partitions";
import * as rollupMetricsHourly from "./metrics/rollup-hourly";
import * as expireUnpaidOrders from "./orders/expire-unpaid";
import * as processStripeEvents from "./payments/process-stripe-events";
import * as sendPhiAlerts from "./phi/send-alerts";
import * as enforceRetention from "./retention/enforce";
import * as deliverWebhooks from "./webhooks/deliver";
import type { JobModule } from "./types";

export const jobs: readonly JobModule[] = [
  ensureMetricPartitions,
  expireBookingHolds,
  rollupMetricsHourly,
  sendPhiAlerts,
  processStripeEvents,
  expireUnpaidOrders,
  enforceRetention,
  deliverWebhooks,
  deliverEmail,
  sendBookingReminders,
];

/** Queue names, for code that sends jobs (the API, the web app). */
export const jobQueues = {
  ensureMetricPartitions: ensureMetricPartitions.queue,
  expireBookingHolds: expireBookingHolds.queue,
  rollupMetricsHourly: rollupMetricsHourly.queue,
  sendPhiAlerts: sendPhiAlerts.queue,
  processStripeEvents: processStripeEvents.queue,
  expireUnpaidOrders: expireUnpaidOrders.queue,
  enforceRetention: enforceRetention.queue,
  deliverWebhooks: deliverWebhooks.queue,
  deliverEmail: deliverEmail.queue,
  sendBookingReminders: sendBookingReminders.queue,
} as const;

export type JobQueue = (typeof jobQueues)[keyof typeof jobQueues];
