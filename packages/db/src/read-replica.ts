// A streaming read replica (DATABASE_READ_URL) for the query procedures the policy map declares
// replica-tolerant, behind a circuit breaker: when the replica cannot be reached, reads go to the
// primary at once, and only one request at a time probes whether it is back — so an outage of the
// replica costs one failed attempt per cool-down, not a connect timeout on every request.
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { queryRows, type Db } from "./client";
import { databaseUnavailableReason, type DatabaseUnavailableReason } from "./errors";

/** How long reads stay on the primary after the replica failed, before one request probes it again. */
export const DEFAULT_REPLICA_COOLDOWN_MS = 10_000;
/** A replica further behind than this serves no reads until it has caught up (DATABASE_READ_MAX_LAG_SECONDS). */
export const DEFAULT_REPLICA_MAX_LAG_SECONDS = 30;
/** How often the replica's lag is measured (only while a max lag is set). */
export const DEFAULT_REPLICA_LAG_CHECK_MS = 5_000;

export type ReplicaState =
  /** Replica-tolerant reads go to the replica. */
  | "up"
  /** The replica failed: reads go to the primary until the cool-down ends. */
  | "down"
  /** The cool-down ended: one request is probing the replica, the others still use the primary. */
  | "probing"
  /** It answers but is further behind than the max lag: reads go to the primary until it catches up. */
  | "lagging";

export interface ReplicaStatus {
  state: ReplicaState;
  /** When the replica last failed (null: never in this process). */
  lastFailureAt: Date | null;
  /** Why: `connection` (refused, reset, closed, starting up) or `acquire_timeout` (no connection in time). */
  lastFailureReason: DatabaseUnavailableReason | null;
  /** Reads of this process sent to the primary instead, since start (failed attempts, cool-downs, lag). */
  fallbacks: number;
  /** The replica's lag at the last periodic check (null: not measured, or no max lag set). */
  lastLagSeconds: number | null;
}

export interface ReadReplicaOptions {
  db: Db;
  sql: postgres.Sql;
  /** The replica's URL without its password. */
  location: string;
  cooldownMs?: number;
  /** Above this lag reads go to the primary; 0 = never (default DEFAULT_REPLICA_MAX_LAG_SECONDS). */
  maxLagSeconds?: number;
  /** How often the lag is measured (default DEFAULT_REPLICA_LAG_CHECK_MS). */
  lagCheckMs?: number;
  now?: () => number;
}

// Only a replica that cannot serve at all sends reads elsewhere. A slow statement or a held lock is
// the query's own problem (it would be as slow on the primary); a recovery conflict (40001) is
// retried like any serialization failure.
const REPLICA_DOWN = new Set<DatabaseUnavailableReason>(["connection", "acquire_timeout"]);

export class ReadReplica {
  readonly db: Db;
  readonly sql: postgres.Sql;
  readonly location: string;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private state: ReplicaState = "up";
  private downUntil = 0;
  private probeStartedAt = 0;
  private lastFailureAt: number | null = null;
  private lastFailureReason: DatabaseUnavailableReason | null = null;
  private fallbacks = 0;
  private readonly maxLagSeconds: number;
  private lagging = false;
  private lastLagSeconds: number | null = null;
  private lagTimer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(options: ReadReplicaOptions) {
    this.db = options.db;
    this.sql = options.sql;
    this.location = options.location;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_REPLICA_COOLDOWN_MS;
    this.maxLagSeconds = options.maxLagSeconds ?? DEFAULT_REPLICA_MAX_LAG_SECONDS;
    this.now = options.now ?? Date.now;
    if (this.maxLagSeconds > 0) {
      // A replica that answers but has stopped replaying (its link to the primary broken, replay
      // paused, a long recovery conflict) would serve ever older data: measured in the background,
      // so no request waits for it. unref: it never keeps a process alive.
      this.lagTimer = setInterval(
        () => void this.checkLag(),
        options.lagCheckMs ?? DEFAULT_REPLICA_LAG_CHECK_MS,
      );
      this.lagTimer.unref();
    }
  }

  /** Stops the lag checks (the pool itself is ended by the database's close). */
  stop(): void {
    clearInterval(this.lagTimer);
  }

  /** Measures the lag once and routes accordingly; an unreachable replica opens the breaker. */
  async checkLag(): Promise<void> {
    if (this.checking || this.state !== "up") return;
    this.checking = true;
    try {
      const probed = await this.probe();
      if (!probed.reachable) return;
      this.lastLagSeconds = probed.lagSeconds;
      // Not a standby at all (promoted, or the primary by mistake): its data may diverge; keep off it.
      this.lagging =
        probed.inRecovery === false ||
        (probed.lagSeconds !== null && probed.lagSeconds > this.maxLagSeconds);
    } finally {
      this.checking = false;
    }
  }

  /**
   * The replica's handle when a read may go there now, else null (read from the primary). Every
   * non-null answer must be followed by exactly one `report` of how the read went.
   */
  take(): Db | null {
    const now = this.now();
    if (this.state === "up" && !this.lagging) return this.db;
    if (this.state === "up") {
      this.fallbacks++;
      return null;
    }
    // A probe that never reported (its caller vanished) must not keep the replica out for good.
    const probeStale = this.state === "probing" && now - this.probeStartedAt > 2 * this.cooldownMs;
    if ((this.state === "down" && now >= this.downUntil) || probeStale) {
      this.state = "probing";
      this.probeStartedAt = now;
      return this.db;
    }
    this.fallbacks++;
    return null;
  }

  /**
   * How a read taken from the replica ended: null when it succeeded, else its error. Returns true when
   * the error means the replica is unavailable — the breaker opens and the caller should run the read
   * again on the primary. Any other outcome (an answer, or an error of the read itself) proves the
   * replica answers.
   */
  report(error: unknown): boolean {
    const reason = error == null ? undefined : databaseUnavailableReason(error);
    if (reason && REPLICA_DOWN.has(reason)) {
      this.state = "down";
      this.downUntil = this.now() + this.cooldownMs;
      this.lastFailureAt = this.now();
      this.lastFailureReason = reason;
      this.fallbacks++;
      return true;
    }
    this.state = "up";
    return false;
  }

  status(): ReplicaStatus {
    return {
      state: this.state === "up" && this.lagging ? "lagging" : this.state,
      lastLagSeconds: this.lastLagSeconds,
      lastFailureAt: this.lastFailureAt === null ? null : new Date(this.lastFailureAt),
      lastFailureReason: this.lastFailureReason,
      fallbacks: this.fallbacks,
    };
  }

  /**
   * Asks the replica itself: whether it answers, is in recovery (a standby, not a promoted primary or
   * the primary by mistake), and how far behind it is — 0 when it streams from the primary and has
   * replayed all it received, else the age of the last transaction it replayed (with no WAL receiver
   * running it cannot know what it is missing, so that age is the honest bound). Never throws;
   * `reachable: false` on any error. Any role may call these functions; pg_stat_wal_receiver shows
   * every role at least the receiver's pid.
   */
  async probe(
    timeoutMs = 2_000,
  ): Promise<{ reachable: boolean; inRecovery: boolean | null; lagSeconds: number | null }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const rows = await Promise.race([
        queryRows<{ in_recovery: boolean; lag: number | string | null }>(
          this.db,
          sql`select pg_is_in_recovery() as in_recovery,
                     case when not pg_is_in_recovery() then null
                          when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                               and exists (select 1 from pg_stat_wal_receiver where pid is not null) then 0
                          else greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()))::float8 end as lag`,
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("replica probe timed out")), timeoutMs);
        }),
      ]);
      const row = rows[0];
      return {
        reachable: true,
        inRecovery: row ? row.in_recovery : null,
        lagSeconds: row?.lag == null ? null : Math.round(Number(row.lag) * 1000) / 1000,
      };
    } catch {
      return { reachable: false, inRecovery: null, lagSeconds: null };
    } finally {
      clearTimeout(timer);
    }
  }
}
