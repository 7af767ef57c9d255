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
  /** The primary, whose WAL position the lag is measured against (without it the lag is unknown). */
  primary?: Db;
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
  private readonly primary: Db | undefined;
  /** The primary's WAL position at past checks, oldest first. */
  private readonly samples: { at: number; lsn: bigint }[] = [];

  constructor(options: ReadReplicaOptions) {
    this.db = options.db;
    this.sql = options.sql;
    this.location = options.location;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_REPLICA_COOLDOWN_MS;
    this.primary = options.primary;
    this.maxLagSeconds = options.maxLagSeconds ?? DEFAULT_REPLICA_MAX_LAG_SECONDS;
    this.now = options.now ?? Date.now;
    if (this.maxLagSeconds > 0) {
      // A replica that answers but has fallen behind (its link to the primary broken, replay paused,
      // a long recovery conflict) would serve ever older data: measured in the background,
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
   * Asks the replica itself whether it answers and is in recovery (a standby, not a promoted primary
   * or the primary by mistake), and how far behind it is: how long ago the primary had written
   * everything the replica has replayed. Each call samples the primary's WAL position
   * (pg_current_wal_lsn()) and compares the replica's replay position with the samples — exact
   * whether the primary is busy or idle, streaming or not, unlike the age of the last replayed
   * commit. A replica a few milliseconds behind is given 100 ms to reach this call's sample. Never
   * throws; `reachable: false` on any error of the replica, `lagSeconds: null` when the primary
   * could not be asked.
   */
  async probe(
    timeoutMs = 2_000,
  ): Promise<{ reachable: boolean; inRecovery: boolean | null; lagSeconds: number | null }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.measure(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("replica probe timed out")), timeoutMs);
        }),
      ]);
    } catch {
      return { reachable: false, inRecovery: null, lagSeconds: null };
    } finally {
      clearTimeout(timer);
    }
  }

  private async measure(): Promise<{
    reachable: boolean;
    inRecovery: boolean | null;
    lagSeconds: number | null;
  }> {
    const sampled = await this.samplePrimary();
    const replay = async () => {
      const [row] = await queryRows<{ in_recovery: boolean; replay: string | null }>(
        this.db,
        sql`select pg_is_in_recovery() as in_recovery, pg_last_wal_replay_lsn()::text as replay`,
      );
      return {
        inRecovery: row ? row.in_recovery : null,
        replay: row?.replay ? parseLsn(row.replay) : null,
      };
    };
    let state = await replay();
    if (!state.inRecovery || state.replay === null)
      return { reachable: true, inRecovery: state.inRecovery, lagSeconds: null };
    if (sampled !== null && state.replay < sampled) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = await replay();
      if (state.replay === null)
        return { reachable: true, inRecovery: state.inRecovery, lagSeconds: null };
    }
    return {
      reachable: true,
      inRecovery: state.inRecovery,
      lagSeconds: sampled === null ? null : this.lagAt(state.replay),
    };
  }

  /** Records the primary's WAL position now; null when the primary cannot be asked. */
  private async samplePrimary(): Promise<bigint | null> {
    if (!this.primary) return null;
    try {
      const [row] = await queryRows<{ lsn: string }>(
        this.primary,
        sql`select pg_current_wal_lsn()::text as lsn`,
      );
      if (!row) return null;
      const lsn = parseLsn(row.lsn);
      const at = this.now();
      this.samples.push({ at, lsn });
      // Enough history to measure lags well past any sensible limit; older samples add nothing.
      while (
        this.samples.length > 2 &&
        (this.samples.length > 500 || at - (this.samples[1]?.at ?? at) > 3_600_000)
      )
        this.samples.shift();
      return lsn;
    } catch {
      return null;
    }
  }

  /** Seconds since the newest sample the replica has replayed; at least the oldest sample's age when it has none. */
  private lagAt(replay: bigint): number {
    const now = this.now();
    let reached: { at: number } | undefined;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const sample = this.samples[i];
      if (sample && sample.lsn <= replay) {
        reached = sample;
        break;
      }
    }
    const at = reached?.at ?? this.samples[0]?.at ?? now;
    return Math.max(0, Math.round(now - at) / 1000);
  }
}

/** A pg_lsn's text (`16/B374D848`) as a number that orders like the WAL position. */
export function parseLsn(text: string): bigint {
  const [high = "0", low = "0"] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}
