// The admin health report → one status per check (ok / warning / failing / unknown) with a one-line
// summary a person can act on. The page renders these; thresholds live here, beside their tests.
import type { RouterOutputs } from "@frontdesk/api";

export type HealthReport = RouterOutputs["health"];
export type Level = "ok" | "warning" | "failing" | "unknown";

export interface Check {
  id: "database" | "replica" | "migrations" | "rls" | "queue" | "worker" | "stripe" | "email";
  title: string;
  level: Level;
  summary: string;
  /** Extra lines (e.g. the tables without forced RLS). */
  details: string[];
}

export const LEVEL_LABELS: Record<Level, string> = {
  ok: "OK",
  warning: "Warning",
  failing: "Failing",
  unknown: "Unknown",
};

/** A database round trip slower than this is worth a look. */
export const SLOW_DATABASE_MS = 250;
/** A read replica further behind than this shows dashboards noticeably old data. */
export const REPLICA_LAG_WARNING_SECONDS = 30;
/** Jobs waiting beyond this suggest the worker is not keeping up. */
export const DEEP_QUEUE = 100;
/** A Stripe event still waiting after this long means the sweep is not running. */
export const STRIPE_WAIT_WARNING_SECONDS = 10 * 60;
/** The API's WORKER_STALE_SECONDS: the worker counts as down past this. */
export const WORKER_STALE_SECONDS = 60;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "42 s", "5 min", "3 h", "2 d". */
export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

const FAILURE_LABELS = {
  connection: ["connection failure", "connection failures"],
  acquire_timeout: [
    "wait for a free connection timed out",
    "waits for a free connection timed out",
  ],
  lock_timeout: ["lock wait timed out", "lock waits timed out"],
  statement_timeout: ["statement timed out", "statements timed out"],
} as const;

/** "3 lock waits timed out, 1 statement timed out" in the last minute; "" when none. */
export function recentFailures(r: HealthReport): string {
  const counts = r.database.failuresLastMinute;
  if (!counts) return "";
  return (Object.keys(FAILURE_LABELS) as (keyof typeof FAILURE_LABELS)[])
    .filter((reason) => (counts[reason] ?? 0) > 0)
    .map((reason) => plural(counts[reason], FAILURE_LABELS[reason][0], FAILURE_LABELS[reason][1]))
    .join(", ");
}

function database(r: HealthReport): Check {
  const failures = recentFailures(r);
  const base = {
    id: "database" as const,
    title: "Database",
    details: [`Backend: ${r.database.backend}`, ...(failures ? [`Last minute: ${failures}.`] : [])],
  };
  if (!r.database.reachable)
    return {
      ...base,
      level: "failing",
      summary: "Unreachable: the API cannot query the database.",
    };
  const latency = r.database.latencyMs;
  if (latency === null) return { ...base, level: "ok", summary: "Reachable." };
  const text = `Reachable, ${latency.toFixed(1)} ms round trip.`;
  if (failures) return { ...base, level: "warning", summary: `${text} Last minute: ${failures}.` };
  return latency > SLOW_DATABASE_MS
    ? { ...base, level: "warning", summary: `${text} Slower than ${SLOW_DATABASE_MS} ms.` }
    : { ...base, level: "ok", summary: text };
}

/** The read replica (DATABASE_READ_URL); no check at all when none is configured. */
function replica(r: HealthReport): Check | null {
  const rep = r.replica;
  if (!rep) return null;
  const base = { id: "replica" as const, title: "Read replica" };
  const details = [
    ...(rep.lagSeconds !== null ? [`Lag: ${rep.lagSeconds.toFixed(1)} s`] : []),
    ...(rep.fallbacks > 0 ? [`Reads served by the primary instead: ${rep.fallbacks}`] : []),
    ...(rep.lastFailureAt
      ? [`Last failure: ${rep.lastFailureAt.toISOString()} (${rep.lastFailureReason ?? "unknown"})`]
      : []),
  ];
  if (rep.reachable && rep.state === "lagging")
    return {
      ...base,
      level: "warning",
      summary: `${rep.lagSeconds === null ? "Too far" : formatAge(rep.lagSeconds)} behind the primary, over the limit: dashboards and metrics read from the primary until it catches up.`,
      details,
    };
  if (!rep.reachable || rep.state !== "up")
    return {
      ...base,
      level: "warning",
      summary: "Unreachable: dashboards and metrics read from the primary until it answers again.",
      details,
    };
  if (rep.inRecovery === false)
    return {
      ...base,
      level: "failing",
      summary:
        "DATABASE_READ_URL names a server that is not a standby (promoted, or the primary itself).",
      details,
    };
  if (rep.lagSeconds !== null && rep.lagSeconds > REPLICA_LAG_WARNING_SECONDS)
    return {
      ...base,
      level: "warning",
      summary: `${formatAge(rep.lagSeconds)} behind the primary: dashboards and metrics show older data.`,
      details,
    };
  return {
    ...base,
    level: "ok",
    summary: "Streaming; dashboards and metrics read from it.",
    details,
  };
}

function migrations(r: HealthReport): Check {
  const { applied, expected, current } = r.migrations;
  const base = { id: "migrations" as const, title: "Migrations", details: [] };
  if (applied === null || expected === null) {
    return {
      ...base,
      level: "unknown",
      summary:
        applied === null
          ? "Could not read the applied migrations."
          : `${plural(applied, "migration")} applied; this build's journal could not be read.`,
    };
  }
  if (current)
    return { ...base, level: "ok", summary: `${applied} of ${expected} applied; up to date.` };
  if (applied < expected)
    return {
      ...base,
      level: "failing",
      summary: `${applied} of ${expected} applied: ${plural(expected - applied, "migration")} pending. Run the migrations.`,
    };
  if (applied > expected)
    return {
      ...base,
      level: "warning",
      summary: `${applied} applied but this build ships ${expected}: the database is ahead of this build.`,
    };
  return {
    ...base,
    level: "warning",
    summary: `${applied} of ${expected} applied, but the latest applied migration is not this build's latest.`,
  };
}

function rls(r: HealthReport): Check {
  const base = {
    id: "rls" as const,
    title: "Row-level security",
    details: r.rls.unprotected.map((t) => `Not forced: ${t}`),
  };
  if (r.rls.tables === 0)
    return {
      ...base,
      level: "failing",
      summary: "No tenant tables found: RLS cannot be verified.",
    };
  if (r.rls.ok)
    return {
      ...base,
      level: "ok",
      summary: `Enabled and forced on all ${r.rls.tables} tenant tables.`,
    };
  return {
    ...base,
    level: "failing",
    summary: `${plural(r.rls.unprotected.length, "tenant table")} of ${r.rls.tables} without forced RLS.`,
  };
}

function queue(r: HealthReport): Check {
  // The tenant's own background work (its notifications), never the platform's job queue.
  const base = { id: "queue" as const, title: "Notifications" };
  if (!r.queue.available || r.queue.depth === null)
    return {
      ...base,
      level: "unknown",
      summary: "The notification queue could not be read.",
      details: [],
    };
  const dead = r.queue.deadLetters ?? 0;
  const details = [`Waiting: ${r.queue.depth}`, `Given up: ${r.queue.deadLetters ?? "unknown"}`];
  if (dead > 0)
    return {
      ...base,
      level: "warning",
      summary: `${plural(dead, "notification")} failed every retry and will not be sent.`,
      details,
    };
  if (r.queue.depth > DEEP_QUEUE)
    return {
      ...base,
      level: "warning",
      summary: `${plural(r.queue.depth, "notification")} waiting: the worker may not be keeping up.`,
      details,
    };
  return {
    ...base,
    level: "ok",
    summary:
      r.queue.depth === 0
        ? "No notifications waiting."
        : `${plural(r.queue.depth, "notification")} waiting.`,
    details,
  };
}

function worker(r: HealthReport): Check {
  const base = { id: "worker" as const, title: "Worker", details: [] };
  const { lastSeenAt, ageSeconds, alive } = r.worker;
  if (lastSeenAt === null || ageSeconds === null)
    return {
      ...base,
      level: "failing",
      summary: "No heartbeat recorded: the worker has never run against this database.",
    };
  if (!alive)
    return {
      ...base,
      level: "failing",
      summary: `Stale: last heartbeat ${formatAge(ageSeconds)} ago (stale after ${WORKER_STALE_SECONDS} s).`,
    };
  return { ...base, level: "ok", summary: `Alive: last heartbeat ${formatAge(ageSeconds)} ago.` };
}

function stripe(r: HealthReport, now: Date): Check {
  const base = { id: "stripe" as const, title: "Stripe events" };
  const { received, dead, oldestReceivedAt } = r.stripeEvents;
  if (received === null || dead === null)
    return {
      ...base,
      level: "unknown",
      summary: "Stripe webhook events could not be read.",
      details: [],
    };
  const waitSeconds = oldestReceivedAt
    ? Math.max(0, (now.getTime() - oldestReceivedAt.getTime()) / 1000)
    : 0;
  const details = [`Waiting: ${received}`, `Dead letters: ${dead}`];
  if (oldestReceivedAt) details.push(`Oldest waiting: ${formatAge(waitSeconds)}`);
  if (dead > 0) {
    return {
      ...base,
      level: "failing",
      summary: `${plural(dead, "event")} failed every attempt and will not be retried: payments or plans Stripe changed that Frontdesk never applied.`,
      details,
    };
  }
  if (received > 0 && waitSeconds > STRIPE_WAIT_WARNING_SECONDS) {
    return {
      ...base,
      level: "warning",
      summary: `${plural(received, "event")} waiting, the oldest for ${formatAge(waitSeconds)}: is the sweep running?`,
      details,
    };
  }
  return {
    ...base,
    level: "ok",
    summary:
      received === 0
        ? "No events waiting, no dead letters."
        : `${plural(received, "event")} waiting to be processed.`,
    details,
  };
}

/** Email older than this still waiting means the worker is not sending (or the relay refuses). */
export const EMAIL_WAIT_WARNING_SECONDS = 15 * 60;

function email(r: HealthReport, now: Date): Check {
  const base = { id: "email" as const, title: "Email" };
  const { pending, dead, oldestPendingAt, recentDead } = r.email;
  if (pending === null || dead === null)
    return {
      ...base,
      level: "unknown",
      summary: "The email outbox could not be read.",
      details: [],
    };
  const waitSeconds = oldestPendingAt
    ? Math.max(0, (now.getTime() - oldestPendingAt.getTime()) / 1000)
    : 0;
  const details = [
    `Waiting: ${pending}`,
    `Dead letters: ${dead}`,
    ...recentDead.map(
      (d) =>
        `Dead: ${d.template}, ${plural(d.attempts, "attempt")}, last error ${d.lastError ?? "unknown"} (${d.createdAt.toISOString()})`,
    ),
  ];
  if (dead > 0) {
    return {
      ...base,
      level: "failing",
      summary: `${plural(dead, "message")} failed every attempt and ${dead === 1 ? "was" : "were"} not sent: check SMTP_URL and the relay, then send them again under "Email not sent".`,
      details,
    };
  }
  if (pending > 0 && waitSeconds > EMAIL_WAIT_WARNING_SECONDS) {
    return {
      ...base,
      level: "warning",
      summary: `${plural(pending, "message")} waiting, the oldest for ${formatAge(waitSeconds)}: is the worker running, does the relay answer?`,
      details,
    };
  }
  return {
    ...base,
    level: "ok",
    summary:
      pending === 0
        ? "Nothing waiting, no dead letters."
        : `${plural(pending, "message")} being sent.`,
    details,
  };
}

export function healthChecks(report: HealthReport, now: Date): Check[] {
  const replicaCheck = replica(report);
  return [
    database(report),
    ...(replicaCheck ? [replicaCheck] : []),
    migrations(report),
    rls(report),
    queue(report),
    worker(report),
    stripe(report, now),
    email(report, now),
  ];
}

/** The page's headline: the API's overall status, and the worst check for the wording. */
export function overallLevel(report: HealthReport, checks: Check[]): Level {
  if (checks.some((c) => c.level === "failing")) return "failing";
  if (
    report.status === "degraded" ||
    checks.some((c) => c.level === "warning" || c.level === "unknown")
  )
    return "warning";
  return "ok";
}
