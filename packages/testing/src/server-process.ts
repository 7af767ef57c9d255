// Starts http-server-process.ts as a child process (tsx) and waits for its URL: for tests that need
// several server processes sharing one PostgreSQL database.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  /** The base URL; tRPC answers under `${url}/api/trpc`. */
  url: string;
  child: ChildProcess;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const script = fileURLToPath(new URL("./http-server-process.ts", import.meta.url));

/** `env` adds to this process's environment: DATABASE_URL (required), FRONTDESK_RATE_LIMIT_PER_*. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(tsx, [script], {
    cwd: packageRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (!child.stdout) throw new Error("no stdout");
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`test server exited early with ${String(code)}`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      const parsed = JSON.parse(line) as { url?: unknown };
      if (typeof parsed.url === "string") return parsed.url;
    }
    throw new Error("test server closed stdout without a URL");
  })();
  const url = await Promise.race([ready, exited]);
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
