// Delivering queued webhook events (run by the worker, across tenants, as the owner role).
//
// A run CLAIMS due deliveries with FOR UPDATE SKIP LOCKED and a lease (next_attempt_at moves a lease
// ahead and the attempt is counted) in a short transaction, sends them with no transaction open,
// then records each outcome. A worker that dies mid-send leaves the delivery pending; the lease runs
// out and the next run sends it again — at least once, never lost. Receivers deduplicate on the
// `webhook-id` header (the event id, the same on every attempt).
//
// Retries follow `schedule` (seconds after each failed attempt: by default 5 s, 5 min, 30 min, 2 h,
// 5 h, 10 h, 10 h — about 27.6 hours of retrying, 8 attempts); an endpoint whose failures have
// lasted `disableAfterMs` (5 days) is disabled with the reason shown to the tenant's admins.
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { queryRows, type Db } from "@frontdesk/db";
import { WEBHOOK_TEST_EVENT_TYPE } from "./events";
import { sendWebhook, type SendPolicy, type SendRequest, type SendResult } from "./sender";

export const DEFAULT_RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

export interface DispatchOptions {
  policy: SendPolicy;
  /** Seconds to wait after failed attempt n (n = 1, 2, …); its length + 1 is the number of attempts. */
  schedule?: readonly number[];
  /** Failing this long (ms) disables the endpoint. Default 5 days. */
  disableAfterMs?: number;
  /** Deliveries claimed per round. Default 50. */
  batchSize?: number;
  /** At most this many deliveries per endpoint per round (sent at once), so one tenant's burst cannot flood a receiver. Default 10. */
  perEndpoint?: number;
  /** At most this many deliveries per endpoint claimed in any one-second window, across all workers. Default 50. */
  perEndpointPerSecond?: number;
  /** How long a claimed delivery is reserved for its sender. Default 60 s (the send deadline is 15 s). */
  leaseSeconds?: number;
  /** Per-request deadline (ms). Default 15 s. */
  timeoutMs?: number;
  /** Resolver for tests; node's dns.lookup otherwise. */
  resolve?: SendRequest["resolve"];
}

export interface DispatchResult {
  attempted: number;
  succeeded: number;
  failed: number;
}

type Claimed = {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
};

type Target = {
  delivery_id: string;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  event_type: string;
  payload: Record<string, unknown>;
};

/** One round: claim, send, record. Returns what it did; 0 attempted means nothing was due. */
export async function deliverDue(db: Db, options: DispatchOptions): Promise<DispatchResult> {
  const batchSize = options.batchSize ?? 50;
  const perEndpoint = options.perEndpoint ?? 10;
  const lease = options.leaseSeconds ?? 60;

  const perSecond = options.perEndpointPerSecond ?? 50;

  const claimed = await db.transaction(async (tx) => {
    const due = await queryRows<{ id: string; endpoint_id: string }>(
      tx,
      sql`select id, endpoint_id from webhook_deliveries
          where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at
          limit ${batchSize * 4}
          for update skip locked`,
    );
    if (due.length === 0) return [];
    // The endpoints' send windows, locked (in id order, so two workers cannot deadlock) until this
    // claim commits: a second worker claiming for the same endpoint waits and then sees this one's count.
    const endpointIds = [...new Set(due.map((row) => row.endpoint_id))];
    const windows = await queryRows<{ id: string; used: number }>(
      tx,
      sql`select id, case when send_window_start > now() - interval '1 second' then send_window_count else 0 end as used
          from webhook_endpoints
          where id in (${sql.join(
            endpointIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          order by id
          for update`,
    );
    const allowance = new Map(
      windows.map((w) => [w.id, Math.max(0, Math.min(perEndpoint, perSecond - w.used))]),
    );
    const perCount = new Map<string, number>();
    const chosen: string[] = [];
    for (const row of due) {
      const n = perCount.get(row.endpoint_id) ?? 0;
      if (n >= (allowance.get(row.endpoint_id) ?? 0) || chosen.length >= batchSize) continue;
      perCount.set(row.endpoint_id, n + 1);
      chosen.push(row.id);
    }
    if (chosen.length === 0) return [];
    await tx.execute(sql`
      update webhook_endpoints e
      set send_window_count = case when e.send_window_start > now() - interval '1 second'
                                   then e.send_window_count else 0 end + taken.n,
          send_window_start = case when e.send_window_start > now() - interval '1 second'
                                   then e.send_window_start else now() end
      from (values ${sql.join(
        [...perCount].map(([id, n]) => sql`(${id}::uuid, ${n}::int)`),
        sql`, `,
      )}) as taken(id, n)
      where e.id = taken.id`);
    return queryRows<Claimed>(
      tx,
      sql`update webhook_deliveries
          set attempts = attempts + 1, last_attempt_at = now(),
              next_attempt_at = now() + make_interval(secs => ${lease})
          where id in (${sql.join(
            chosen.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          returning id, tenant_id, endpoint_id, event_id, attempts`,
    );
  });
  if (claimed.length === 0) return { attempted: 0, succeeded: 0, failed: 0 };

  const targets = await queryRows<Target>(
    db,
    sql`select d.id as delivery_id, e.url, e.enabled, e.secret,
               case when e.previous_secret_expires_at > now() then e.previous_secret end as previous_secret,
               ev.type as event_type, ev.payload
        from webhook_deliveries d
        join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        join webhook_events ev on ev.tenant_id = d.tenant_id and ev.id = d.event_id
        where d.id in (${sql.join(
          claimed.map((c) => sql`${c.id}::uuid`),
          sql`, `,
        )})`,
  );
  const byId = new Map(targets.map((t) => [t.delivery_id, t]));

  const outcomes = await Promise.all(
    claimed.map(async (delivery) => {
      const target = byId.get(delivery.id);
      if (!target) return { delivery, result: null };
      if (!target.enabled && target.event_type !== WEBHOOK_TEST_EVENT_TYPE) {
        return {
          delivery,
          result: {
            ok: false,
            status: null,
            latencyMs: 0,
            response: "The endpoint is disabled",
            final: true,
          } as const,
        };
      }
      const result = await sendWebhook(signedRequest(delivery, target, options), options.policy);
      return { delivery, result: { ...result, final: false } };
    }),
  );

  // Its endpoint or event was deleted meanwhile (the cascade took the delivery too): nothing to record.
  const sent = outcomes.flatMap(({ delivery, result }) => (result ? [{ delivery, result }] : []));
  await record(
    db,
    sent,
    options.schedule ?? DEFAULT_RETRY_SCHEDULE_SECONDS,
    options.disableAfterMs ?? 5 * 86_400_000,
  );
  const succeeded = sent.filter((o) => o.result.ok).length;
  return { attempted: claimed.length, succeeded, failed: sent.length - succeeded };
}

/** Headers per the Standard Webhooks specification; during a rotation both secrets sign. */
function signedRequest(delivery: Claimed, target: Target, options: DispatchOptions): SendRequest {
  const body = JSON.stringify(target.payload);
  const timestamp = new Date();
  const signatures = [target.secret, target.previous_secret]
    .filter((secret): secret is string => Boolean(secret))
    .map((secret) => new Webhook(secret).sign(delivery.event_id, timestamp, body));
  return {
    url: target.url,
    body,
    headers: {
      "webhook-id": delivery.event_id,
      "webhook-timestamp": Math.floor(timestamp.getTime() / 1000).toString(),
      "webhook-signature": signatures.join(" "),
    },
    timeoutMs: options.timeoutMs,
    resolve: options.resolve,
  };
}

const MAX_STORED_RESPONSE = 2048;

type Outcome = { delivery: Claimed; result: SendResult & { final: boolean } };

/**
 * Records a round's outcomes in one transaction (a few statements, not a few per delivery): each
 * attempt, each delivery's new state, and the endpoints' failure clocks. An endpoint with any success
 * in the round is reachable, so its clock stops; one that only failed starts (or keeps) it, and is
 * disabled once it has run `disableAfterMs`.
 */
async function record(
  db: Db,
  outcomes: readonly Outcome[],
  schedule: readonly number[],
  disableAfterMs: number,
): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(({ delivery, result }) => {
    const retryIn = result.ok || result.final ? undefined : schedule[delivery.attempts - 1];
    return {
      delivery,
      result,
      retryIn: retryIn ?? null,
      status: result.ok ? "succeeded" : retryIn === undefined ? "failed" : "pending",
      response: result.response.slice(0, MAX_STORED_RESPONSE),
    };
  });
  const reached = new Set(rows.filter((r) => r.result.ok).map((r) => r.delivery.endpoint_id));
  const failing = new Map<string, { tenantId: string; response: string }>();
  for (const r of rows) {
    if (r.result.ok || r.result.final || reached.has(r.delivery.endpoint_id)) continue;
    failing.set(r.delivery.endpoint_id, { tenantId: r.delivery.tenant_id, response: r.response });
  }
  const disableAfter = disableAfterMs / 1000;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, status_code, latency_ms, response, succeeded)
      values ${sql.join(
        rows.map(
          (r) =>
            sql`(${r.delivery.tenant_id}, ${r.delivery.id}, ${r.delivery.attempts}, ${r.result.status}, ${r.result.latencyMs}, ${r.response}, ${r.result.ok})`,
        ),
        sql`, `,
      )}`);
    // `attempts` must still be the claimed one: a replay in between reset it, and wins.
    await tx.execute(sql`
      update webhook_deliveries d
      set status = v.status,
          next_attempt_at = case when v.retry_in is null then null else now() + make_interval(secs => v.retry_in) end,
          last_status_code = v.status_code, last_latency_ms = v.latency_ms, last_response = v.response
      from (values ${sql.join(
        rows.map(
          (r) =>
            sql`(${r.delivery.id}::uuid, ${r.delivery.attempts}::int, ${r.status}::text, ${r.retryIn}::int, ${r.result.status}::int, ${r.result.latencyMs}::int, ${r.response}::text)`,
        ),
        sql`, `,
      )}) as v(id, attempts, status, retry_in, status_code, latency_ms, response)
      where d.id = v.id and d.attempts = v.attempts`);
    if (reached.size > 0) {
      // Locks only endpoints that were failing (rare), so it cannot hold up a claim.
      await tx.execute(sql`
        update webhook_endpoints set failing_since = null
        where failing_since is not null and id in (${sql.join(
          [...reached].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`);
    }
    // One statement per failing endpoint, in id order (the order claims lock them in).
    for (const [endpointId, { tenantId, response }] of [...failing].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      await tx.execute(sql`
        update webhook_endpoints
        set failing_since = coalesce(failing_since, now()),
            enabled = case when failing_since < now() - make_interval(secs => ${disableAfter}) then false else enabled end,
            disabled_reason = case when failing_since < now() - make_interval(secs => ${disableAfter})
              then ${`Disabled automatically: every delivery failed for ${Math.round(disableAfterMs / 86_400_000)} days (last: ${response.slice(0, 200)})`}
              else disabled_reason end
        where tenant_id = ${tenantId} and id = ${endpointId}`);
    }
  });
}
