// Builds @frontdesk/client when its build is older than its sources, packs it with `pnpm pack` (which
// applies publishConfig: the dist exports, workspace versions resolved) and returns the tarball and
// its unpacked folder. Shared by the package checks (check-package.mjs) and the consumer test.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Tests are not built: editing one does not make the build stale.
    if (!entry.isFile() || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs `pnpm build` unless dist/ is newer than everything the build reads. */
export function buildIfStale(): boolean {
  const inputs = [
    path.join(packageDir, "src"),
    path.join(packageDir, "..", "webhook-events", "src"),
    path.join(packageDir, "..", "wire", "src"),
  ];
  const built = (() => {
    try {
      return statSync(path.join(packageDir, "dist", "index.d.ts")).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const newest = Math.max(
    ...inputs.map(newestMtime),
    statSync(path.join(packageDir, "package.json")).mtimeMs,
    statSync(path.join(packageDir, "tsup.config.ts")).mtimeMs,
  );
  if (built > newest) return false;
  execFileSync("pnpm", ["run", "build"], {
    cwd: packageDir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return true;
}

/** Packs the (built) package into a fresh folder outside the workspace; returns the paths. */
export interface Packed {
  /** The .tgz `pnpm pack` wrote. */
  tarball: string;
  /** Its contents, unpacked (`<destination>/package`). */
  unpacked: string;
  /** A fresh folder outside the workspace holding both. */
  destination: string;
}

export function pack(): Packed {
  buildIfStale();
  const destination = mkdtempSync(path.join(tmpdir(), "frontdesk-client-pack-"));
  execFileSync("pnpm", ["pack", "--pack-destination", destination], {
    cwd: packageDir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(destination).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${destination}`);
  execFileSync("tar", ["-xzf", tarball], { cwd: destination });
  return {
    tarball: path.join(destination, tarball),
    unpacked: path.join(destination, "package"),
    destination,
  };
}
