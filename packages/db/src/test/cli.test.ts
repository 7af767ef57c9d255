// The operator CLI as a user runs it: a real child process against the test run's back end.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testBackend, testDatabaseUrl } from "@frontdesk/testing/db";
import { hashApiKey, looksLikeApiKey } from "../api-keys";
import { createDb, queryRows, type Database } from "../client";

const CLI = path.resolve(import.meta.dirname, "..", "cli", "main.ts");
const TSX = path.resolve(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");
const dataRoot = mkdtempSync(path.join(tmpdir(), "frontdesk-cli-"));
const dataDir = path.join(dataRoot, "pglite");

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (testBackend() === "postgres") env.DATABASE_URL = testDatabaseUrl();
  else {
    delete env.DATABASE_URL;
    env.FRONTDESK_DATA_DIR = dataDir;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's database, opened only between CLI runs (an embedded folder allows one process). */
async function inspect<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database =
    testBackend() === "postgres"
      ? await createTestDatabase({ max: 1 })
      : await createDb({ dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

afterAll(() => {
  rmSync(dataRoot, { recursive: true, force: true });
});

describe("frontdesk CLI", () => {
  beforeAll(async () => {
    const migrated = await run(["migrate"]);
    expect(migrated.code, migrated.stderr).toBe(0);
  });

  it("prints help for the CLI and for each command", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["migrate", "seed", "verify", "tenant create", "apikey create"])
      expect(help.stdout).toContain(command);
    const sub = await run(["apikey", "create", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--scopes");
  });

  it("answers bad arguments with one clear line and exit code 2", async () => {
    for (const [args, message] of [
      [["tenant", "create", "--name", "Acme"], "--owner-email is required"],
      [["tenant", "create", "--name", "Acme", "--owner-email", "not-an-email"], "ownerEmail"],
      [
        [
          "tenant",
          "create",
          "--name",
          "Acme",
          "--owner-email",
          "a@b.co",
          "--time-zone",
          "Mars/Olympus",
        ],
        "IANA time zone",
      ],
      [["tenant", "create", "--bogus"], "Unknown option"],
      [
        ["apikey", "create", "--tenant", "nope", "--scopes", "bookings:read,root"],
        "unknown scope root",
      ],
      [["frobnicate"], "unknown command"],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("creates a tenant with an owner and a first admin key whose secret is stored only as a hash", async () => {
    const result = await run([
      "tenant",
      "create",
      "--name",
      "Acme Dental",
      "--owner-email",
      "Owner@Acme.example",
      "--time-zone",
      "Europe/Paris",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      tenantId: string;
      slug: string;
      apiKey: { secret: string; scopes: string[]; prefix: string };
    };
    expect(out.slug).toMatch(/^acme-dental/);
    expect(looksLikeApiKey(out.apiKey.secret)).toBe(true);
    expect(out.apiKey.scopes).toEqual(["admin"]);
    expect(out.apiKey.secret.startsWith(out.apiKey.prefix)).toBe(true);
    const stored = await inspect((database) =>
      queryRows<{ secret_hash: string; role: string; time_zone: string }>(
        database.db,
        sql`select k.secret_hash, m.role, t.time_zone from api_keys k join tenants t on t.id = k.tenant_id
            join memberships m on m.tenant_id = t.id where t.id = ${out.tenantId}`,
      ),
    );
    expect(stored).toEqual([
      { secret_hash: hashApiKey(out.apiKey.secret), role: "owner", time_zone: "Europe/Paris" },
    ]);

    const key = await run([
      "apikey",
      "create",
      "--tenant",
      out.slug,
      "--scopes",
      "bookings:read,bookings:write",
      "--name",
      "assistant",
      "--expires-in-days",
      "30",
    ]);
    expect(key.code, key.stderr).toBe(0);
    const created = JSON.parse(key.stdout) as {
      tenantId: string;
      apiKey: { scopes: string[]; expiresAt: string };
    };
    expect(created.tenantId).toBe(out.tenantId);
    expect(created.apiKey.scopes).toEqual(["bookings:read", "bookings:write"]);
    expect(new Date(created.apiKey.expiresAt).getTime()).toBeGreaterThan(
      Date.now() + 29 * 86_400_000,
    );
  });

  it.skipIf(testBackend() !== "pglite")(
    "refuses to open an embedded database another process holds",
    async () => {
      const holder = await createDb({ dataDir });
      try {
        const result = await run(["verify"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`in use by process ${process.pid}`);
      } finally {
        await holder.close();
      }
    },
  );

  it("verifies the database it migrated", async () => {
    const result = await run(["verify"]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("PASS");
  });
});
