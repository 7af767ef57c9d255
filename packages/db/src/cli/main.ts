#!/usr/bin/env tsx
// The operator CLI: `pnpm frontdesk <command> [options]`. Every command has --help; bad arguments
// print one clear line and exit 2; failures exit 1. `pnpm frontdesk` runs it through
// packages/api/src/cli.ts, which adds what needs the API (the demo's PHI events, written through the
// PHI gate); run directly, this file does everything else.
import { pathToFileURL } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ZodError } from "zod";
import { eq } from "drizzle-orm";
import { createDbFromEnv, type Database } from "../client";
import { runMigrations } from "../migrate";
import { insertApiKey, provisionTenant } from "../provision";
import { API_KEY_SCOPES, tenants } from "../schema";
import { seedDemo } from "../seed";
import { formatSmokeCheck, runSmokeChecks } from "../smoke";
import { formatVerifyReport, verifyDatabase } from "../verify";
import { isUuid } from "../uuid";

class UsageError extends Error {}

/** What a caller that can import more than this package adds to the commands. */
export interface CliExtensions {
  /** After `seed` (every run: it must be idempotent itself). */
  afterSeed?: (database: Database, say: (line: string) => void) => Promise<void>;
}

let extensions: CliExtensions = {};

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Record<string, string | boolean | undefined>): Promise<number>;
}

const ENV_HELP = `Database: DATABASE_URL (PostgreSQL); without it the embedded PGlite database in .data/pglite
(override with FRONTDESK_DATA_DIR). The embedded database can be open in one process at a time.`;

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await createDbFromEnv({ max: 2 });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

const commands: Record<string, Command> = {
  migrate: {
    summary: "apply pending migrations (idempotent)",
    usage: "frontdesk migrate",
    options: {},
    run: () =>
      withDatabase(async (database) => {
        log(`migrating ${database.location} …`);
        const started = Date.now();
        await runMigrations(database);
        log(`migrations applied in ${Date.now() - started} ms`);
        return 0;
      }),
  },
  seed: {
    summary: "migrate, then create the demo tenant (idempotent)",
    usage: "frontdesk seed",
    options: {},
    run: () =>
      withDatabase(async (database) => {
        log(`migrating ${database.location} …`);
        await runMigrations(database);
        const result = await seedDemo(database, { onProgress: (line) => log(`  ${line}`) });
        const counts = Object.entries(result.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ");
        log(result.created ? `seeded: ${counts}` : "already seeded");
        await extensions.afterSeed?.(database, (line) => log(`  ${line}`));
        log(`demo owner login: ${result.ownerEmail} / ${result.ownerPassword}`);
        return 0;
      }),
  },
  verify: {
    summary: "check the live database against the schema, migrations and security rules",
    usage: "frontdesk verify [--json]",
    options: { json: { type: "boolean" } },
    run: (values) =>
      withDatabase(async (database) => {
        const report = await verifyDatabase(database);
        process.stdout.write(
          values.json
            ? `${JSON.stringify(report, null, 2)}\n`
            : `${formatVerifyReport(report, database.location)}\n`,
        );
        return report.ok ? 0 : 1;
      }),
  },
  smoke: {
    summary:
      "runtime checks against the live database, each in a transaction that is rolled back (safe on production)",
    usage: "frontdesk smoke [--json]",
    options: { json: { type: "boolean" } },
    run: (values) =>
      withDatabase(async (database) => {
        if (!values.json)
          log(`smoke checks against ${database.location} (every change is rolled back)`);
        const checks = await runSmokeChecks(
          database,
          values.json ? undefined : (check) => process.stdout.write(`${formatSmokeCheck(check)}\n`),
        );
        const failed = checks.filter((c) => c.status === "failed").length;
        if (values.json)
          process.stdout.write(`${JSON.stringify({ ok: failed === 0, checks }, null, 2)}\n`);
        else
          log(
            failed === 0
              ? `all ${checks.length} checks passed`
              : `${failed} of ${checks.length} checks failed`,
          );
        return failed === 0 ? 0 : 1;
      }),
  },
  "tenant create": {
    summary: "create a tenant, its owner and a first admin API key (printed once, as JSON)",
    usage:
      "frontdesk tenant create --name NAME --owner-email EMAIL [--time-zone ZONE] [--slug SLUG] [--plan free|pro|enterprise] [--owner-name NAME]",
    options: {
      name: { type: "string" },
      "owner-email": { type: "string" },
      "owner-name": { type: "string" },
      "time-zone": { type: "string" },
      slug: { type: "string" },
      plan: { type: "string" },
    },
    run: (values) => {
      if (typeof values.name !== "string") throw new UsageError("--name is required");
      if (typeof values["owner-email"] !== "string")
        throw new UsageError("--owner-email is required");
      const input = {
        name: values.name,
        ownerEmail: values["owner-email"],
        ownerName: typeof values["owner-name"] === "string" ? values["owner-name"] : undefined,
        timeZone: typeof values["time-zone"] === "string" ? values["time-zone"] : undefined,
        slug: typeof values.slug === "string" ? values.slug : undefined,
        plan: typeof values.plan === "string" ? (values.plan as "free") : undefined,
        apiKey: { name: "First admin key", scopes: ["admin" as const] },
      };
      return withDatabase(async (database) => {
        await runMigrations(database);
        const t = await provisionTenant(database.db, input);
        process.stdout.write(
          `${JSON.stringify({ tenantId: t.tenantId, slug: t.slug, plan: t.plan, ownerUserId: t.ownerUserId, ownerCreated: t.ownerCreated, apiKey: t.apiKey }, null, 2)}\n`,
        );
        log("The API key secret is shown once and cannot be recovered; store it now.");
        return 0;
      });
    },
  },
  "apikey create": {
    summary: "create an API key for a tenant (secret printed once, as JSON)",
    usage: `frontdesk apikey create --tenant TENANT_ID_OR_SLUG --scopes SCOPE[,SCOPE…] [--name NAME] [--expires-in-days N]\n  scopes: ${API_KEY_SCOPES.join(", ")}`,
    options: {
      tenant: { type: "string" },
      scopes: { type: "string" },
      name: { type: "string" },
      "expires-in-days": { type: "string" },
    },
    run: (values) => {
      if (typeof values.tenant !== "string") throw new UsageError("--tenant is required");
      if (typeof values.scopes !== "string") throw new UsageError("--scopes is required");
      const scopes = values.scopes
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0)
        throw new UsageError(
          `unknown scope ${unknown.join(", ")}; valid: ${API_KEY_SCOPES.join(", ")}`,
        );
      let expiresAt: Date | undefined;
      if (typeof values["expires-in-days"] === "string") {
        const days = Number(values["expires-in-days"]);
        if (!Number.isInteger(days) || days < 1 || days > 3650)
          throw new UsageError("--expires-in-days must be a whole number from 1 to 3650");
        expiresAt = new Date(Date.now() + days * 86_400_000);
      }
      const tenantRef = values.tenant;
      const name = typeof values.name === "string" ? values.name : "CLI key";
      return withDatabase(async (database) => {
        const byId = isUuid(tenantRef);
        const [tenant] = await database.db
          .select({ id: tenants.id })
          .from(tenants)
          .where(byId ? eq(tenants.id, tenantRef) : eq(tenants.slug, tenantRef));
        if (!tenant) throw new UsageError(`no tenant with id or slug "${tenantRef}"`);
        const key = await insertApiKey(database.db, {
          tenantId: tenant.id,
          name,
          scopes: scopes as (typeof API_KEY_SCOPES)[number][],
          expiresAt,
        });
        process.stdout.write(`${JSON.stringify({ tenantId: tenant.id, apiKey: key }, null, 2)}\n`);
        log("The API key secret is shown once and cannot be recovered; store it now.");
        return 0;
      });
    },
  },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "Usage: pnpm frontdesk <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `pnpm frontdesk <command> --help` for a command's options.",
    ENV_HELP,
  ].join("\n");
}

export async function main(argv: string[], withExtensions: CliExtensions = {}): Promise<number> {
  extensions = withExtensions;
  const [first, second] = argv;
  if (!first || first === "help" || first === "--help" || first === "-h") {
    process.stdout.write(`${mainHelp()}\n`);
    return first ? 0 : 2;
  }
  const twoWord = second && commands[`${first} ${second}`] ? `${first} ${second}` : undefined;
  const name = twoWord ?? first;
  const command = commands[name];
  if (!command) {
    const group = Object.keys(commands).filter((c) => c.startsWith(`${first} `));
    process.stderr.write(
      group.length > 0
        ? `frontdesk: "${first}" needs a subcommand: ${group.join(", ")}\n`
        : `frontdesk: unknown command "${first}" (try --help)\n`,
    );
    return 2;
  }
  const rest = argv.slice(twoWord ? 2 : 1);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`frontdesk ${name}: ${(error as Error).message.split("\n")[0]}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`Usage: ${command.usage}\n\n${command.summary}\n\n${ENV_HELP}\n`);
    return 0;
  }
  try {
    return await command.run(values);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`frontdesk ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      process.stderr.write(
        `frontdesk ${name}: ${issue ? `${issue.path.join(".") || "input"}: ${issue.message}` : "invalid input"}\n`,
      );
      return 2;
    }
    process.stderr.write(`frontdesk ${name}: ${(error as Error).message.split("\n")[0]}\n`);
    return 1;
  }
}

/** Runs the CLI as the process's entry point: exit code, and one line for an unexpected failure. */
export function runAsProcess(argv: string[], withExtensions: CliExtensions = {}): void {
  main(argv, withExtensions).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`frontdesk: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  runAsProcess(process.argv.slice(2));
