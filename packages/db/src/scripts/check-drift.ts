// CI guard: fails when the schema files and the committed migrations disagree, i.e. when
// `drizzle-kit generate` would write a new migration. Runs drizzle-kit on a scratch copy of drizzle/
// so the working tree is never touched. drizzle-kit can exit 0 on its own errors, so success is its
// explicit "No schema changes" answer and nothing else.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { migrationsFolder } from "../migrate";

const packageDir = path.resolve(import.meta.dirname, "..", "..");
// drizzle-kit mangles absolute --out paths, so the scratch copy sits inside the package, relative.
const scratch = mkdtempSync(path.join(packageDir, ".drift-"));
const relativeOut = path.relative(packageDir, path.join(scratch, "drizzle"));
cpSync(migrationsFolder(), path.join(packageDir, relativeOut), { recursive: true });
try {
  const result = spawnSync(
    "drizzle-kit",
    [
      "generate",
      "--dialect",
      "postgresql",
      "--schema",
      "./src/schema/index.ts",
      "--out",
      relativeOut,
      "--casing",
      "snake_case",
      "--name",
      "drift",
    ],
    { cwd: packageDir, encoding: "utf8" },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0 && output.includes("No schema changes")) {
    console.log("no schema drift: the migrations match the schema files");
  } else if (output.includes("Your SQL migration file")) {
    console.error("schema drift: drizzle-kit generate would write a new migration.");
    console.error(
      "Run `pnpm db:generate` and commit the migration together with the schema change.",
    );
    process.exitCode = 1;
  } else {
    console.error(`drift check could not run drizzle-kit:\n${output.slice(0, 2000)}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
