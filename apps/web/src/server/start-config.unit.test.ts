// `pnpm start` with a refused setting must stop at once with the reason, not report "ready" and
// then answer every request 500 (which is what it did: Next's instrumentation hook threw per request).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const webDir = fileURLToPath(new URL("../..", import.meta.url));

describe("the production server's start-up", () => {
  it("exits 1 with the reason when AUTH_SECRET is missing in production, before listening", async () => {
    const { AUTH_SECRET: _secret, DATABASE_URL: _url, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts", "--port", "0"], {
      cwd: webDir,
      env: { ...inherited, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const [code] = (await once(child, "exit")) as [number | null];
    clearTimeout(timer);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain("AUTH_SECRET is required in production");
    expect(stdout).not.toContain("web server ready");
  }, 90_000);
});
