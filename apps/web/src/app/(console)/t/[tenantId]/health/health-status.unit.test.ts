import { describe, expect, it } from "vitest";
import {
  formatAge,
  healthChecks,
  overallLevel,
  type Check,
  type HealthReport,
} from "./health-status";

const now = new Date("2026-03-10T12:00:00Z");
const healthy: HealthReport = {
  status: "ok",
  database: { reachable: true, latencyMs: 1.23, backend: "postgres" },
  migrations: { applied: 12, expected: 12, current: true },
  rls: { ok: true, tables: 20, unprotected: [] },
  queue: { available: true, depth: 0, deadLetters: 0 },
  worker: { lastSeenAt: new Date("2026-03-10T11:59:50Z"), ageSeconds: 10, alive: true },
  stripeEvents: { received: 0, dead: 0, oldestReceivedAt: null },
  email: { pending: 0, dead: 0, oldestPendingAt: null, recentDead: [] },
  checkedAt: now,
  limits: null,
  replica: null,
};

function check(report: HealthReport, id: Check["id"]): Check {
  const c = healthChecks(report, now).find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} check`);
  return c;
}

describe("health checks", () => {
  it("reports every check ok for a healthy report", () => {
    const checks = healthChecks(healthy, now);
    expect(checks.map((c) => [c.id, c.level])).toEqual([
      ["database", "ok"],
      ["migrations", "ok"],
      ["rls", "ok"],
      ["queue", "ok"],
      ["worker", "ok"],
      ["stripe", "ok"],
      ["email", "ok"],
    ]);
    expect(overallLevel(healthy, checks)).toBe("ok");
    expect(check(healthy, "database").summary).toBe("Reachable, 1.2 ms round trip.");
  });

  it("warns with what fired when the database failed calls in the last minute", () => {
    const r: HealthReport = {
      ...healthy,
      database: {
        ...healthy.database,
        failuresLastMinute: {
          connection: 0,
          acquire_timeout: 1,
          lock_timeout: 3,
          statement_timeout: 0,
        },
      },
    };
    expect(check(r, "database").level).toBe("warning");
    expect(check(r, "database").summary).toBe(
      "Reachable, 1.2 ms round trip. Last minute: 1 wait for a free connection timed out, 3 lock waits timed out.",
    );
  });

  it("fails an unreachable database and pending migrations", () => {
    const r: HealthReport = {
      ...healthy,
      status: "degraded",
      database: { reachable: false, latencyMs: null, backend: "postgres" },
      migrations: { applied: 10, expected: 12, current: false },
    };
    expect(check(r, "database").level).toBe("failing");
    expect(check(r, "migrations").level).toBe("failing");
    expect(check(r, "migrations").summary).toContain("2 migrations pending");
    expect(overallLevel(r, healthChecks(r, now))).toBe("failing");
  });

  it("lists the tables without forced RLS", () => {
    const r: HealthReport = {
      ...healthy,
      rls: { ok: false, tables: 20, unprotected: ["public.orders", "public.scores"] },
    };
    expect(check(r, "rls")).toMatchObject({
      level: "failing",
      details: ["Not forced: public.orders", "Not forced: public.scores"],
    });
  });

  it("warns on queue dead letters and a deep queue; unknown when unreadable", () => {
    expect(
      check({ ...healthy, queue: { available: true, depth: 3, deadLetters: 2 } }, "queue").level,
    ).toBe("warning");
    expect(
      check({ ...healthy, queue: { available: true, depth: 500, deadLetters: 0 } }, "queue").level,
    ).toBe("warning");
    expect(
      check({ ...healthy, queue: { available: false, depth: null, deadLetters: null } }, "queue")
        .level,
    ).toBe("unknown");
  });

  it("fails a stale or missing worker heartbeat", () => {
    const stale = check(
      {
        ...healthy,
        worker: { lastSeenAt: new Date("2026-03-10T11:55:00Z"), ageSeconds: 300, alive: false },
      },
      "worker",
    );
    expect(stale.level).toBe("failing");
    expect(stale.summary).toContain("5 min ago");
    expect(
      check({ ...healthy, worker: { lastSeenAt: null, ageSeconds: null, alive: false } }, "worker")
        .level,
    ).toBe("failing");
  });

  it("fails on dead Stripe events and warns when events wait too long", () => {
    const dead = check(
      { ...healthy, stripeEvents: { received: 0, dead: 3, oldestReceivedAt: null } },
      "stripe",
    );
    expect(dead.level).toBe("failing");
    expect(dead.summary).toContain("3 events failed");
    const waiting = check(
      {
        ...healthy,
        stripeEvents: { received: 2, dead: 0, oldestReceivedAt: new Date("2026-03-10T11:30:00Z") },
      },
      "stripe",
    );
    expect(waiting.level).toBe("warning");
    expect(waiting.summary).toContain("30 min");
    const fresh = check(
      {
        ...healthy,
        stripeEvents: { received: 2, dead: 0, oldestReceivedAt: new Date("2026-03-10T11:59:00Z") },
      },
      "stripe",
    );
    expect(fresh.level).toBe("ok");
  });

  it("shows the read replica only when one is configured, and what it means when it is down or behind", () => {
    expect(healthChecks(healthy, now).some((c) => c.id === "replica")).toBe(false);
    const up = {
      state: "up",
      lastFailureAt: null,
      lastFailureReason: null,
      fallbacks: 0,
      lastLagSeconds: 0.2,
      reachable: true,
      inRecovery: true,
      lagSeconds: 0.2,
    } as const;
    expect(check({ ...healthy, replica: up }, "replica").level).toBe("ok");
    const down = check(
      {
        ...healthy,
        replica: {
          ...up,
          state: "down",
          reachable: false,
          lagSeconds: null,
          fallbacks: 4,
          lastFailureAt: now,
          lastFailureReason: "connection",
        },
      },
      "replica",
    );
    expect(down.level).toBe("warning");
    expect(down.summary).toContain("read from the primary");
    expect(down.details).toContain("Reads served by the primary instead: 4");
    expect(check({ ...healthy, replica: { ...up, lagSeconds: 300 } }, "replica").summary).toContain(
      "5 min behind",
    );
    expect(
      check({ ...healthy, replica: { ...up, inRecovery: false, lagSeconds: null } }, "replica")
        .level,
    ).toBe("failing");
    const lagging = check(
      { ...healthy, replica: { ...up, state: "lagging", lagSeconds: 120 } },
      "replica",
    );
    expect(lagging.level).toBe("warning");
    expect(lagging.summary).toBe(
      "2 min behind the primary, over the limit: dashboards and metrics read from the primary until it catches up.",
    );
  });

  it("is at least a warning overall when the API says degraded", () => {
    expect(overallLevel({ ...healthy, status: "degraded" }, healthChecks(healthy, now))).toBe(
      "warning",
    );
  });

  it("formats ages", () => {
    expect(formatAge(42)).toBe("42 s");
    expect(formatAge(300)).toBe("5 min");
    expect(formatAge(7200)).toBe("2 h");
    expect(formatAge(3 * 86_400)).toBe("3 d");
  });

  it("fails on email dead letters, naming the template and the error class, never a recipient", () => {
    const c = check(
      {
        ...healthy,
        email: {
          pending: 1,
          dead: 2,
          oldestPendingAt: null,
          recentDead: [
            {
              id: "x",
              template: "booking-reminder",
              attempts: 8,
              lastError: "Error (ESOCKET)",
              createdAt: now,
            },
          ],
        },
      },
      "email",
    );
    expect(c.level).toBe("failing");
    expect(c.summary).toContain("2 messages failed every attempt");
    expect(c.details.join("\n")).toContain(
      "booking-reminder, 8 attempts, last error Error (ESOCKET)",
    );
  });

  it("warns when email has waited too long", () => {
    const c = check(
      {
        ...healthy,
        email: {
          pending: 3,
          dead: 0,
          oldestPendingAt: new Date(now.getTime() - 3600_000),
          recentDead: [],
        },
      },
      "email",
    );
    expect(c.level).toBe("warning");
  });
});
