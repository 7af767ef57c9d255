// vitest globalSetup, once per database project: migrate one template database so test files start
// fast. PGlite: migrate in memory and dump the data directory to a file that each test file loads
// (opening a fresh PGlite and migrating takes 5-11 s on 2 cores; loading a dump takes ~1 s).
// PostgreSQL: migrate TEST_DATABASE_URL once; test files share it and isolate by tenant.
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb, runMigrations } from "@frontdesk/db";
import "./index";

export default async function setup(project: TestProject) {
  const backend = project.config.env.FRONTDESK_TEST_BACKEND;
  if (backend === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("the postgres test project needs TEST_DATABASE_URL");
    // The pooler project: the app talks to the same database through PgBouncer (TEST_POOLER_URL),
    // migrations and the queue go to the server directly, as DIRECT_DATABASE_URL does in production.
    const pooler = project.config.env.FRONTDESK_TEST_POOLER
      ? process.env.TEST_POOLER_URL
      : undefined;
    if (project.config.env.FRONTDESK_TEST_POOLER && !pooler)
      throw new Error("the pooler test project needs TEST_POOLER_URL");
    const database = await createDb({ url, max: 1 });
    await runMigrations(database);
    await database.close();
    project.provide("testDatabaseUrl", pooler ?? url);
    project.provide("testDirectDatabaseUrl", url);
    project.provide("pgliteTemplate", "");
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "frontdesk-pglite-"));
  const database = await createDb({ dataDir: "memory://" });
  await runMigrations(database);
  if (!database.pglite) throw new Error("expected PGlite");
  const dump = await database.pglite.dumpDataDir("none");
  const file = path.join(dir, "template.tar");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide("pgliteTemplate", file);
  project.provide("testDatabaseUrl", "");
  project.provide("testDirectDatabaseUrl", "");
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
