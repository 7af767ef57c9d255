// One vitest config for the whole workspace (vitest 4: `test.projects`).
// Database tests run once per back end: always on embedded PGlite, and on PostgreSQL too when
// TEST_DATABASE_URL is set (.ci/run sets it), so CI proves both.
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const dbTests = [
  "packages/db/src/**/*.test.ts",
  "packages/api/src/**/*.test.ts",
  "packages/client/src/**/*.test.ts",
  "apps/worker/src/**/*.test.ts",
];

// A representative part of the PostgreSQL suite run again THROUGH PgBouncer in transaction mode
// (TEST_POOLER_URL names the test database behind it; .ci/run starts one with .ci/pgbouncer): the
// API's procedures, the SDK's flows, the migration race, tenant isolation, the pool, the worker.
const poolerTests = [
  "packages/db/src/test/migrations.test.ts",
  "packages/db/src/test/pool-leak.test.ts",
  "packages/db/src/test/outages.test.ts",
  "packages/db/src/test/smoke.test.ts",
  "packages/api/src/core.test.ts",
  "packages/api/src/errors.test.ts",
  "packages/api/src/read-ahead.test.ts",
  "packages/api/src/bookings/bookings.test.ts",
  "packages/api/src/orders/service.test.ts",
  "packages/api/src/database-failures.test.ts",
  "packages/client/src/sdk.test.ts",
  "packages/client/src/stampede.test.ts",
  "apps/worker/src/worker.test.ts",
];

function poolerProject(): TestProjectInlineConfiguration {
  const project = dbProject("postgres");
  return {
    test: {
      ...project.test,
      name: "pooler",
      sequence: { groupOrder: 3 },
      include: poolerTests,
      env: { FRONTDESK_TEST_BACKEND: "postgres", FRONTDESK_TEST_POOLER: "1" },
    },
  };
}

// Groups run one after another (unit, then PGlite, then PostgreSQL): the machines have 2 cores.
function dbProject(backend: "pglite" | "postgres"): TestProjectInlineConfiguration {
  return {
    test: {
      name: backend,
      sequence: { groupOrder: backend === "pglite" ? 1 : 2 },
      include: dbTests,
      exclude: ["**/node_modules/**", "**/*.unit.test.ts"],
      env: { FRONTDESK_TEST_BACKEND: backend },
      globalSetup: ["packages/testing/src/db/global-setup.ts"],
      // PGlite opens in 1-2 s per file on 2 cores; several at once can exceed vitest's 10 s default.
      hookTimeout: 120_000,
      testTimeout: 120_000,
      pool: "forks",
      maxWorkers: 2,
    },
  };
}

// The browser suite: `next start` + Debian's Chromium, once per back end, after the database projects.
// One file at a time (each starts its own server); skipped with one line when Chromium is missing.
function e2eProject(backend: "pglite" | "postgres"): TestProjectInlineConfiguration {
  return {
    test: {
      name: `e2e-${backend}`,
      sequence: { groupOrder: backend === "pglite" ? 4 : 5 },
      include: ["apps/web/e2e/**/*.e2e.test.ts"],
      env: { FRONTDESK_E2E_BACKEND: backend },
      globalSetup: ["apps/web/e2e/global-setup.ts"],
      hookTimeout: 300_000,
      testTimeout: 180_000,
      pool: "forks",
      maxWorkers: 1,
      fileParallelism: false,
    },
  };
}

export default defineConfig({
  test: {
    reporters: ["default", "./tooling/vitest/summary-reporter.ts"],
    projects: [
      {
        // apps/web modules import each other through the `@/` alias (tsconfig paths).
        resolve: { alias: { "@/": new URL("./apps/web/src/", import.meta.url).pathname } },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: [
            "packages/phi/src/**/*.test.ts",
            "packages/api/src/**/*.unit.test.ts",
            "packages/wire/src/**/*.unit.test.ts",
            "packages/db/src/**/*.unit.test.ts",
            "packages/client/src/**/*.unit.test.ts",
            "apps/web/src/**/*.unit.test.ts",
            "bench/**/*.unit.test.ts",
          ],
        },
      },
      dbProject("pglite"),
      ...(process.env.TEST_DATABASE_URL ? [dbProject("postgres")] : []),
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_POOLER_URL ? [poolerProject()] : []),
      e2eProject("pglite"),
      ...(process.env.TEST_DATABASE_URL ? [e2eProject("postgres")] : []),
    ],
  },
});
