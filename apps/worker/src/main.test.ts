// The standalone process, run with the very command `pnpm start` runs (read from package.json).
// That command is `node --import tsx src/main.ts`, not the tsx CLI: the CLI relays SIGTERM to its
// child and, when the child has not acknowledged it within ~60 ms (a loaded machine), SIGKILLs it
// and exits 143, so a deploy under load lost the graceful drain. This test failed that way.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { testBackend, testDatabaseUrl } from "@frontdesk/testing/db";
import { describe, expect, it } from "vitest";
import { waitFor } from "@frontdesk/testing/worker";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const startScript = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: { start: string };
  }
).scripts.start;
const [command, ...args] = startScript.split(" ");

function runMain(env: Record<string, string | undefined>) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // `node` is this test's own Node, as pnpm would find it on PATH.
  const child = spawn(command === "node" ? process.execPath : (command ?? ""), args, {
    cwd: packageDir,
    env: { ...inherited, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function within<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("worker process (src/main.ts)", () => {
  it("without DATABASE_URL prints that the worker runs inside the web process and exits 0", async () => {
    const run = runMain({ DATABASE_URL: undefined });
    const { code } = await within("the process to exit", run.exited, 60_000);

    expect(code).toBe(0);
    expect(run.output().stdout.trim()).toBe(
      "embedded database: the worker runs inside the web process (pnpm dev); set DATABASE_URL to run it separately",
    );
  });

  it.skipIf(testBackend() !== "postgres")(
    "drains on SIGTERM, prints stopped and exits 0",
    async () => {
      const run = runMain({ DATABASE_URL: testDatabaseUrl() });
      try {
        await waitFor(
          "the worker to start",
          async () => {
            if (run.child.exitCode !== null)
              throw new Error(`worker exited early: ${run.output().stderr}`);
            return run.output().stdout.includes("worker started") ? true : undefined;
          },
          { timeoutMs: 60_000 },
        );
        run.child.kill("SIGTERM");
        const { code } = await within("the process to exit", run.exited, 60_000);

        const { stdout, stderr } = run.output();
        expect(code, stderr).toBe(0);
        expect(stdout).toContain('"msg":"draining…"');
        expect(stdout).toContain('"msg":"stopped"');
      } finally {
        if (run.child.exitCode === null) run.child.kill("SIGKILL");
      }
    },
  );
});
