// `pnpm db:smoke` as an operator runs it (a child process) against the test run's PostgreSQL —
// through PgBouncer in the pooler project: every check passes, each is printed with its timing, and
// the database is exactly as it was (row counts and contents of every table, checksummed).
import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, testBackend, testDirectDatabaseUrl } from "@frontdesk/testing/db";
import { queryRows, type Database } from "../client";

const CLI = path.resolve(import.meta.dirname, "..", "cli", "main.ts");
const TSX = path.resolve(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** md5 of every table's rows (public and pgboss), in a stable order: any change shows. */
async function fingerprint(database: Database): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'pgboss', 'drizzle') and c.relkind = 'r' order by 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number; md5: string | null }>(
      database.db,
      sql`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.raw(name)} as t`,
    );
    result[name] = `${row?.n ?? 0}:${row?.md5 ?? ""}`;
  }
  return result;
}

describe.skipIf(testBackend() !== "postgres")("pnpm db:smoke", () => {
  // A database of its own: other test files write to the shared one while this compares checksums.
  let database: Database;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await createScratchDatabase();
    env = { DATABASE_URL: database.url, DIRECT_DATABASE_URL: database.directUrl };
    // What the worker keeps true in production: partitions for this month and the next ones.
    await database.db.execute(
      sql`select frontdesk_ensure_metric_partitions(date_trunc('month', now() at time zone 'UTC')::date, 2)`,
    );
  });
  afterAll(async () => {
    await database.close();
  });

  it("prints --help", async () => {
    const help = await run(["smoke", "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("rolled back");
  });

  it("passes every check, prints each with its timing, and leaves the database unchanged", async () => {
    const before = await fingerprint(database);
    const result = await run(["smoke"], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(line).toMatch(/^(ok |skip) .+ \d+ ms /);
    for (const name of [
      "without a tenant",
      "another tenant",
      "SECURITY DEFINER",
      "overlapping booking",
      "metric partitions",
      "job queue",
    ]) {
      expect(result.stdout).toContain(name);
    }
    expect(await fingerprint(database)).toEqual(before);
  });

  it("exits 1 and says which check failed when one does", async () => {
    // A database without Frontdesk's schema: it answers, and every other check fails.
    const broken = new URL(testDirectDatabaseUrl());
    broken.pathname = "/postgres";
    const result = await run(["smoke", "--json"], {
      DATABASE_URL: broken.toString(),
      DIRECT_DATABASE_URL: "",
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      checks: { name: string; status: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "database answers")?.status).toBe("ok");
    expect(report.checks.filter((c) => c.status === "failed").length).toBeGreaterThan(0);
  });
});
