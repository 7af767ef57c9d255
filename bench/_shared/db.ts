// The PostgreSQL database a benchmark runs on: DATABASE_URL (migrated here; the bench's rows
// stay in a throw-away tenant), or a database the bench creates on BENCH_ADMIN_URL (default: local
// server) and drops at the end.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { createDb, runMigrations, type Database } from "@frontdesk/db";

export interface BenchDatabase {
  database: Database;
  /** Where it runs, without password. */
  location: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(options: { pool?: number } = {}): Promise<BenchDatabase> {
  const max = options.pool ?? 10;
  const given = process.env.DATABASE_URL?.trim();
  if (given) {
    const database = await createDb({ url: given, max });
    await runMigrations(database);
    return { database, location: database.location, close: () => database.close() };
  }
  const admin = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `frontdesk_bench_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const adminSql = postgres(admin, { max: 1, onnotice: () => {} });
  await adminSql.unsafe(`create database ${name}`);
  await adminSql.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await createDb({ url: url.toString(), max });
  await runMigrations(database);
  return {
    database,
    location: `${database.location} (created by the bench, dropped at the end)`,
    close: async () => {
      await database.close();
      const cleanup = postgres(admin, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

export function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export const progress = (msg: string): void => void process.stderr.write(`${msg}\n`);
