// Health of the API's dependencies: is the database reachable (and how fast), and has it been
// migrated to exactly the migrations this build ships. Plain functions: the /api/health route and
// (later) the admin `health` procedure both call them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { z } from "zod";
import {
  migrationsFolder,
  pgErrorCode,
  queryRows,
  type Backend,
  type Database,
} from "@frontdesk/db";

export interface HealthReport {
  status: "ok" | "degraded";
  database: { reachable: boolean; latencyMs: number | null; backend: Backend };
  migrations: {
    /** Rows in drizzle.__drizzle_migrations; null when the database could not be asked. */
    applied: number | null;
    /** Entries in drizzle/meta/_journal.json; null when the journal could not be read. */
    expected: number | null;
    /** Applied count and the latest applied migration both match the journal. */
    current: boolean;
  };
}

export interface CheckHealthOptions {
  /** The drizzle/ folder (default: found by walking up from the working directory). */
  migrationsFolder?: string;
  /** Give up on the database after this long, so a hung connection cannot hang the probe. */
  timeoutMs?: number;
}

export function ping(): { ok: true; time: Date } {
  return { ok: true, time: new Date() };
}

const journalSchema = z.object({
  entries: z.array(z.object({ tag: z.string(), when: z.number() })),
});

interface Journal {
  count: number;
  /** `when` of the newest entry: drizzle stores it as `created_at` of the applied row. */
  latest: number | null;
}

async function readJournal(folder: string | undefined): Promise<Journal | null> {
  try {
    const file = path.join(folder ?? migrationsFolder(), "meta", "_journal.json");
    const { entries } = journalSchema.parse(JSON.parse(await readFile(file, "utf8")));
    const latest = entries.reduce<number | null>(
      (max, e) => (max === null || e.when > max ? e.when : max),
      null,
    );
    return { count: entries.length, latest };
  } catch {
    return null;
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Never migrated: the drizzle schema or its table does not exist yet.
const NOT_MIGRATED = new Set(["3F000", "42P01"]);

async function appliedMigrations(
  database: Database,
): Promise<{ count: number; latest: number | null }> {
  try {
    const [row] = await queryRows<{ count: number; latest: string | null }>(
      database.db,
      sql`select count(*)::int as count, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    return {
      count: Number(row?.count ?? 0),
      latest: row?.latest == null ? null : Number(row.latest),
    };
  } catch (error) {
    if (NOT_MIGRATED.has(pgErrorCode(error) ?? "")) return { count: 0, latest: null };
    throw error;
  }
}

export async function checkHealth(
  database: Database,
  options: CheckHealthOptions = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const journal = await readJournal(options.migrationsFolder);

  let reachable = false;
  let latencyMs: number | null = null;
  let applied: { count: number; latest: number | null } | null = null;
  try {
    const started = performance.now();
    await withTimeout(database.db.execute(sql`select 1`), timeoutMs);
    latencyMs = Math.round((performance.now() - started) * 100) / 100;
    reachable = true;
    applied = await withTimeout(appliedMigrations(database), timeoutMs);
  } catch {
    // Reported as unreachable / unknown; the probe itself must not fail or echo driver text.
  }

  const current =
    journal !== null &&
    applied !== null &&
    applied.count === journal.count &&
    applied.latest === journal.latest;
  return {
    status: reachable && current ? "ok" : "degraded",
    database: { reachable, latencyMs, backend: database.backend },
    migrations: { applied: applied?.count ?? null, expected: journal?.count ?? null, current },
  };
}
