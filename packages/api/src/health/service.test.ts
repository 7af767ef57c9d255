import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder, type Database } from "@frontdesk/db";
import { createTestDatabase, testBackend } from "@frontdesk/testing/db";
import { answerPing, checkHealth } from "./service";

describe("checkHealth", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ max: 1 });
  });
  afterAll(async () => {
    await database.close();
  });

  it("reports a migrated database as reachable, current and ok", async () => {
    const journal = JSON.parse(
      await readFile(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };

    const report = await checkHealth(database);

    expect(report).toMatchObject({
      status: "ok",
      database: { reachable: true, backend: testBackend() },
      migrations: {
        applied: journal.entries.length,
        expected: journal.entries.length,
        current: true,
      },
    });
    expect(report.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("is degraded when the build ships a migration the database has not applied", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "frontdesk-journal-"));
    try {
      const journal = JSON.parse(
        await readFile(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8"),
      ) as { entries: { idx: number; when: number; tag: string }[] };
      const last = journal.entries.at(-1);
      const next = {
        idx: journal.entries.length,
        when: (last?.when ?? 0) + 1000,
        tag: "9999_next",
      };
      await mkdir(path.join(dir, "meta"));
      await writeFile(
        path.join(dir, "meta", "_journal.json"),
        JSON.stringify({ ...journal, entries: [...journal.entries, next] }),
      );

      const report = await checkHealth(database, { migrationsFolder: dir });

      expect(report.status).toBe("degraded");
      expect(report.database.reachable).toBe(true);
      expect(report.migrations).toEqual({
        applied: journal.entries.length,
        expected: journal.entries.length + 1,
        current: false,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports an unusable database as unreachable instead of throwing", async () => {
    const closed = await createTestDatabase({ max: 1 });
    await closed.close();

    const report = await checkHealth(closed, { timeoutMs: 2_000 });

    expect(report).toMatchObject({
      status: "degraded",
      database: { reachable: false, latencyMs: null },
      migrations: { applied: null, current: false },
    });
  });
});

describe("answerPing", () => {
  it("answers ok with the server time", () => {
    const before = Date.now();
    const { ok, time } = answerPing();
    expect(ok).toBe(true);
    expect(time.getTime()).toBeGreaterThanOrEqual(before);
  });
});
