// The shape of a job module (`src/jobs/<domain>/<job>.ts`): its queue name, its handler and,
// optionally, a cron schedule. The worker registers every module in `jobs/index.ts` the same way.
import type { DispatchOptions, MailConfig, MailTransport, StripeReader } from "@frontdesk/api";
import type { Database, Db } from "@frontdesk/db";
import type { Job, PgBoss, Queue, WorkOptions } from "pg-boss";
import type { Logger } from "pino";

/** What a handler gets besides its jobs. Services take `db` first, as in the API. */
export interface JobDeps {
  readonly db: Db;
  readonly database: Database;
  /** Already bound to the queue and the job ids; never log job payloads (they can carry PHI). */
  readonly logger: Logger;
  /** To send follow-up jobs. */
  readonly boss: PgBoss;
  /** Stripe, to re-read payments when processing webhook events; null when not configured. */
  readonly payments: StripeReader | null;
  /** How outbound webhooks are sent (target policy, retry schedule). */
  readonly webhooks: DispatchOptions;
  /** Email: the settings (sender, links) and the transport (SMTP, or the development mailbox). */
  readonly mail: { readonly config: MailConfig; readonly transport: MailTransport };
}

/**
 * Handles a batch of jobs (pg-boss hands handlers arrays). Throwing fails the whole batch, which
 * pg-boss retries with backoff and finally moves to the dead-letter queue, so handlers must be
 * idempotent. Payloads are `unknown`: parse them before use.
 */
export type JobHandler = (deps: JobDeps, jobs: Job<unknown>[]) => Promise<void>;

export interface JobModule {
  /** Queue name, `<domain>.<job>`. */
  readonly queue: string;
  readonly handler: JobHandler;
  /** Cron expression, evaluated in UTC. */
  readonly cron?: string;
  /** Also enqueue one run when the worker starts (for jobs whose work must not wait for the cron). */
  readonly runOnStart?: boolean;
  /** Overrides of DEFAULT_QUEUE_OPTIONS (retries, expiry, …), applied on every start. */
  readonly queueOptions?: Omit<Queue, "name" | "deadLetter">;
  /**
   * Also run the handler (with no jobs) every `pollIntervalMs` while the worker runs, one run at a
   * time: for work written to a table by requests (an outbox) that should not wait for the cron.
   */
  readonly pollIntervalMs?: number;
  /** Overrides of DEFAULT_WORK_OPTIONS (batch size, concurrency, polling). */
  readonly workOptions?: Pick<
    WorkOptions,
    | "batchSize"
    | "localConcurrency"
    | "pollingIntervalSeconds"
    | "notifyPollingIntervalSeconds"
    | "burstWhenBatchFull"
    | "heartbeatRefreshSeconds"
  >;
}
