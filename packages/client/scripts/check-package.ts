// The published shape of @frontdesk/client, checked on the tarball `pnpm pack` makes (what npm would
// serve), by the field's tools and by our own rules. CI runs it (`pnpm --filter @frontdesk/client
// check:package`); it exits 1 on any finding.
//
//   publint                     — package.json fields, exports, files (strict: warnings fail too)
//   @arethetypeswrong/cli       — types resolve, and agree with the JS, under node10/node16/bundler, ESM and CJS
//   own rules                   — the declarations and the code import only the npm dependencies (none of
//                                 the server: @frontdesk/*, drizzle, postgres…); no Node built-in in the
//                                 runtime path; the manifest names no private package.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import path from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { pack } from "./pack";

const { tarball, unpacked, destination } = pack();
const problems: string[] = [];
interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  [field: string]: unknown;
}
const manifest = JSON.parse(readFileSync(path.join(unpacked, "package.json"), "utf8")) as Manifest;
const depsOf = (field: string) => (manifest[field] ?? {}) as Record<string, string>;

// publint on the unpacked tarball: exactly the files npm would serve.
const { messages } = await publint({
  pkgDir: unpacked,
  level: "suggestion",
  strict: true,
  pack: false,
});
for (const message of messages) {
  problems.push(`publint ${message.type}: ${formatMessage(message, manifest) ?? message.code}`);
}

// attw on the tarball; its exit code says whether any resolution is wrong. The node10 column of the
// `./webhooks` subpath is skipped: node10 knows no subpaths (its users import from the root).
const attw = createRequire(import.meta.url).resolve("@arethetypeswrong/cli/package.json");
const attwBin = path.join(path.dirname(attw), "dist", "index.js");
try {
  const out = execFileSync(
    process.execPath,
    [
      attwBin,
      tarball,
      "--format",
      "table-flipped",
      "--no-emoji",
      "--no-color",
      "--profile",
      "node16",
    ],
    { encoding: "utf8" },
  );
  console.log(out.trim());
} catch (error) {
  const stdout = (error as { stdout?: unknown }).stdout;
  problems.push(`attw:\n${typeof stdout === "string" ? stdout : String(error)}`);
}

// What the published files may import: the manifest's dependencies (and their subpaths), nothing else.
const allowed = Object.keys(depsOf("dependencies"));
const files = readdirSync(path.join(unpacked, "dist")).filter((f) => /\.(?:c?js|d\.c?ts)$/.test(f));
// `from "x"`, `import "x"`, `import("x")`, `require("x")` (minified output has no spaces).
const specifier = /(?:\bfrom|\bimport|\bimport\(|\brequire\()\s*["']([^"']+)["']/g;
for (const file of files) {
  const text = readFileSync(path.join(unpacked, "dist", file), "utf8");
  for (const [, spec = ""] of text.matchAll(specifier)) {
    if (spec.startsWith(".")) continue;
    if (isBuiltin(spec)) {
      problems.push(
        `${file} imports the Node built-in ${spec}: the SDK must run in browsers and edge runtimes`,
      );
      continue;
    }
    if (!allowed.some((dep) => spec === dep || spec.startsWith(`${dep}/`))) {
      problems.push(`${file} imports ${spec}, which is not a dependency of the package`);
    }
  }
  // Belt and braces for the specifier check: a quoted server module name anywhere (a triple-slash
  // reference, a declaration's import type) means server types leaked in.
  const leaked = text.match(
    /["'](?:@frontdesk\/[a-z-]+|drizzle-orm[^"']*|@electric-sql\/[^"']+)["']/,
  );
  if (leaked) problems.push(`${file} names ${leaked[0]}: server code or types leaked in`);
}

for (const field of [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
]) {
  for (const [name, range] of Object.entries(depsOf(field))) {
    if (name.startsWith("@frontdesk/") || range.startsWith("workspace:")) {
      problems.push(
        `package.json ${field} names ${name}@${range}, which an integrator cannot install`,
      );
    }
  }
}
for (const field of ["version", "engines", "files", "exports", "sideEffects"]) {
  if (manifest[field] === undefined) problems.push(`package.json has no ${field}`);
}
if (manifest.version === "0.0.0") problems.push("package.json version is still 0.0.0");
if (manifest.private) problems.push("package.json is private: it cannot be published");
for (const doc of ["README.md", "CHANGELOG.md"]) {
  try {
    readFileSync(path.join(unpacked, doc));
  } catch {
    problems.push(`the tarball has no ${doc}`);
  }
}

rmSync(destination, { recursive: true, force: true });
if (problems.length) {
  console.error(
    `@frontdesk/client package check: ${problems.length} problem(s)\n- ${problems.join("\n- ")}`,
  );
  process.exit(1);
}
console.log(
  `@frontdesk/client package check: ok (${manifest.name}@${manifest.version}, ${files.length} files checked)`,
);
