// Daily: enforces each tenant's retention settings (tenants.metrics_retention_days,
// phi_events_retention_days, audit_retention_days, delivery_log_retention_days,
// email_retention_days) and erases the addresses email no longer needs. Across tenants (the
// worker connects as the owner role: no RLS). Everything is removed in bounded batches, one short
// statement each, so no run holds many row locks or blocks writers for long:
//
// - metric partitions: a whole month is dropped once every tenant's retention has passed it (the
//   drop takes the parent's lock briefly, under a lock_timeout: a busy table is retried next run);
// - metric points: within partitions that stay, one tenant's points older than its own retention,
//   except hours whose rollup is not yet computed (a dirty marker): the hourly and daily rollups
//   (metric_rollups_hourly, _hourly_all, _daily_all) are the long-term history and are never
//   deleted here, so metrics.query keeps answering hour-and-coarser buckets for ranges whose raw
//   points are gone;
// - PHI detection events older than the tenant's PHI retention;
// - audit rows through frontdesk_purge_audit_log (never younger than six years, whatever the setting;
//   the audit table refuses any other delete);
// - delivery logs, after the tenant's delivery-log retention: its outbox rows sent or given up on,
//   and its outbound webhook events whose every delivery has settled, with their deliveries and
//   attempt logs (pending ones are never touched). Stripe events processed, ignored or dead belong
//   to no tenant's settings (an event may name none): they go after DELIVERY_LOG_DAYS;
// - email messages (with what the development mailbox kept of them) after the tenant's email
//   retention, never a pending one; account mail (no tenant) after DELIVERY_LOG_DAYS. The tenant's
//   bound (at least 7 days) keeps every reminder's exactly-once marker until its booking has started;
// - email addresses: a settled message's recipient is replaced by a keyed digest (sent ones are at
//   delivery; here suppressed ones, ones delivered before that, and dead ones past their grace).
//
// Idempotent: a second run finds nothing to do.
import { eraseSettledRecipients } from "@frontdesk/api";
import { queryRows, type Db } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { JobHandler } from "../types";

export const queue = "retention.enforce";
/** Daily at 03:17 UTC, away from the partition job (00:05) and the hour boundaries. */
export const cron = "17 3 * * *";

/** Rows per statement. */
export const BATCH_SIZE = 5000;
/** Settled Stripe events and account mail (no tenant, so no tenant setting) are kept this long. */
export const DELIVERY_LOG_DAYS = 90;
/** How long a partition drop waits for the table lock before it gives up until the next run. */
const PARTITION_LOCK_TIMEOUT = "5s";

export interface RetentionCounts {
  partitionsDropped: number;
  metricPoints: number;
  phiEvents: number;
  auditRows: number;
  outboxRows: number;
  stripeEvents: number;
  webhookEvents: number;
  emailMessages: number;
  emailRecipientsErased: number;
}

export interface RetentionOptions {
  /** AUTH_SECRET: keys the digests that replace erased email addresses (the worker's mail config). */
  linkSecret: string;
  batchSize?: number;
  /** Only this tenant's rows (tests sharing a database). Whole-partition drops still consider every tenant. */
  tenantId?: string;
  /** Skip whole-partition drops (tests that share a database with writers of old months). */
  dropPartitions?: boolean;
}

type TenantRetention = {
  id: string;
  metrics_days: number;
  phi_days: number;
  delivery_days: number;
  email_days: number;
};

/** Repeats `step` (one bounded statement returning how many rows it removed) until a short batch. */
async function inBatches(batchSize: number, step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < batchSize) return total;
  }
}

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, query);
  return Number(row?.n ?? 0);
}

/**
 * Drops the monthly partitions that end on or before the oldest day any tenant still keeps, unless
 * an hour in them still waits for its rollup. Returns how many it dropped.
 */
export async function dropExpiredMetricPartitions(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [cut] = await queryRows<{ cutoff: string | null }>(
      tx,
      sql`select to_char(
            least(
              (current_date - (select max(metrics_retention_days) from tenants))::date,
              (select coalesce(min(bucket_start), 'infinity') from metric_rollup_dirty_hours)::date
            ), 'YYYY-MM-DD') as cutoff
          where exists (select 1 from tenants)`,
    );
    if (!cut?.cutoff) return 0;
    await tx.execute(sql`select set_config('lock_timeout', ${PARTITION_LOCK_TIMEOUT}, true)`);
    return count(tx, sql`select frontdesk_drop_metric_partitions_before(${cut.cutoff}::date) as n`);
  });
}

/**
 * Deletes the settled email messages (sent, suppressed, dead; never pending) of one tenant, or the
 * account mail (`tenantId` null), queued more than `days` ago. Returns how many.
 */
export async function deleteExpiredEmails(
  db: Db,
  tenantId: string | null,
  days: number,
  batch: number = BATCH_SIZE,
): Promise<number> {
  return inBatches(batch, () =>
    count(
      db,
      sql`with gone as (
            delete from email_messages where id in (
              select id from email_messages
              where ${tenantId === null ? sql`tenant_id is null` : sql`tenant_id = ${tenantId}::uuid`}
                and status <> 'pending'
                and created_at < now() - make_interval(days => ${days}::int)
              limit ${batch})
            returning 1
          )
          select count(*)::int as n from gone`,
    ),
  );
}

export async function enforceRetention(
  db: Db,
  options: RetentionOptions,
): Promise<RetentionCounts> {
  const batch = options.batchSize ?? BATCH_SIZE;
  const counts: RetentionCounts = {
    partitionsDropped: 0,
    metricPoints: 0,
    phiEvents: 0,
    auditRows: 0,
    outboxRows: 0,
    stripeEvents: 0,
    webhookEvents: 0,
    emailMessages: 0,
    emailRecipientsErased: 0,
  };
  if (options.dropPartitions ?? true)
    counts.partitionsDropped = await dropExpiredMetricPartitions(db);

  const tenantRows = await queryRows<TenantRetention>(
    db,
    sql`select id, metrics_retention_days as metrics_days, phi_events_retention_days as phi_days,
               delivery_log_retention_days as delivery_days, email_retention_days as email_days
        from tenants
        ${options.tenantId ? sql`where id = ${options.tenantId}::uuid` : sql``}
        order by id`,
  );
  for (const t of tenantRows) {
    counts.metricPoints += await inBatches(batch, () =>
      count(
        db,
        sql`with doomed as (
              select m.tenant_id, m.recorded_at, m.id from analytics_metrics m
              where m.tenant_id = ${t.id}::uuid
                and m.recorded_at < now() - make_interval(days => ${Number(t.metrics_days)}::int)
                and not exists (
                  select 1 from metric_rollup_dirty_hours d
                  where d.tenant_id = m.tenant_id and d.name = m.name
                    and d.bucket_start = date_trunc('hour', m.recorded_at, 'UTC'))
              limit ${batch}
            ), gone as (
              delete from analytics_metrics a using doomed
              where a.tenant_id = doomed.tenant_id and a.recorded_at = doomed.recorded_at and a.id = doomed.id
              returning 1
            )
            select count(*)::int as n from gone`,
      ),
    );
    counts.phiEvents += await inBatches(batch, () =>
      count(
        db,
        sql`with gone as (
              delete from phi_detection_events where id in (
                select id from phi_detection_events
                where tenant_id = ${t.id}::uuid
                  and created_at < now() - make_interval(days => ${Number(t.phi_days)}::int)
                limit ${batch})
              returning 1
            )
            select count(*)::int as n from gone`,
      ),
    );
    counts.auditRows += await inBatches(batch, () =>
      count(db, sql`select frontdesk_purge_audit_log(${t.id}::uuid, ${batch}::int) as n`),
    );
    counts.outboxRows += await inBatches(batch, () =>
      count(
        db,
        sql`with gone as (
              delete from outbox where id in (
                select id from outbox
                where tenant_id = ${t.id}::uuid and status in ('sent', 'failed')
                  and updated_at < now() - make_interval(days => ${Number(t.delivery_days)}::int)
                limit ${batch})
              returning 1
            )
            select count(*)::int as n from gone`,
      ),
    );
    // Deliveries and their attempts go with their event (ON DELETE CASCADE).
    counts.webhookEvents += await inBatches(batch, () =>
      count(
        db,
        sql`with gone as (
              delete from webhook_events where id in (
                select e.id from webhook_events e
                where e.tenant_id = ${t.id}::uuid
                  and e.created_at < now() - make_interval(days => ${Number(t.delivery_days)}::int)
                  and not exists (
                    select 1 from webhook_deliveries d
                    where d.tenant_id = e.tenant_id and d.event_id = e.id and d.status = 'pending')
                limit ${batch})
              returning 1
            )
            select count(*)::int as n from gone`,
      ),
    );
    counts.emailMessages += await deleteExpiredEmails(db, t.id, Number(t.email_days), batch);
  }
  if (!options.tenantId) {
    counts.emailMessages += await deleteExpiredEmails(db, null, DELIVERY_LOG_DAYS, batch);
    counts.stripeEvents = await inBatches(batch, () =>
      count(
        db,
        sql`with gone as (
              delete from stripe_events where id in (
                select id from stripe_events
                where status in ('processed', 'ignored', 'dead')
                  and received_at < now() - make_interval(days => ${DELIVERY_LOG_DAYS}::int)
                limit ${batch})
              returning 1
            )
            select count(*)::int as n from gone`,
      ),
    );
  }
  counts.emailRecipientsErased = await eraseSettledRecipients(db, options.linkSecret, {
    batchSize: batch,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  });
  return counts;
}

/** A handler with fixed options (`tenantId` confines it to one tenant: tests sharing a database). */
export function createHandler(options: Omit<RetentionOptions, "linkSecret"> = {}): JobHandler {
  return async ({ db, logger, mail }) => {
    // One pass covers any number of queued runs.
    const counts = await enforceRetention(db, { ...options, linkSecret: mail.config.linkSecret });
    logger.info(counts, "retention enforced");
  };
}

export const handler: JobHandler = createHandler();
