// vitest globalSetup for the browser suite (once per e2e project): find Debian's Chromium (never
// download one) and build the app for the production server. Without Chromium the suite says so in one line
// and every e2e test is reported as skipped — never as passed.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findChromium } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

const REPO = path.resolve(import.meta.dirname, "../../..");

let built = false;

export default function setup(project: TestProject) {
  const chromium = findChromium();
  project.provide("chromiumPath", chromium ?? "");
  if (!chromium) {
    console.log(
      "e2e: Chromium not found (apt-get install -y chromium) — the browser suite is skipped, not run",
    );
    return;
  }
  if (built) return;
  // Through turbo, so an unchanged tree restores the build from its cache, and `pnpm build` after the
  // tests (in .ci/run) reuses this one.
  const started = Date.now();
  console.log("e2e: building the web app for the production server…");
  execFileSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@frontdesk/web", "--output-logs=errors-only"],
    {
      cwd: REPO,
      stdio: "inherit",
    },
  );
  built = true;
  console.log(`e2e: build ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
