// The real appRouter served over node:http (tRPC's standalone adapter) in a worker thread of its own,
// with its own pool on the bench's database: a bench that fires many concurrent requests from the main
// thread then measures the server's throughput, not the server and a thousand clients sharing one
// event loop (in production they never do).
import { once } from "node:events";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

interface Start {
  databaseUrl: string;
  pool: number;
}

export interface ServerThread {
  /** The base URL; tRPC answers under `${url}/api/trpc`. */
  url: string;
  close(): Promise<void>;
}

export async function startServerThread(options: Start): Promise<ServerThread> {
  // The thread loads this TypeScript file through tsx, like the bench itself (a worker does not
  // inherit the main thread's module hooks).
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`,
    { eval: true, workerData: options },
  );
  const [message] = (await once(worker, "message")) as [{ url?: string; error?: string }];
  if (!message.url)
    throw new Error(`the server thread did not start: ${message.error ?? "no reason given"}`);
  return {
    url: message.url,
    close: async () => {
      worker.postMessage("close");
      await once(worker, "exit");
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { databaseUrl, pool } = workerData as Start;
  const { createDb } = await import("@frontdesk/db");
  const { startTestServer } = await import("@frontdesk/testing/http-server");
  try {
    const database = await createDb({ url: databaseUrl, max: pool });
    // A stampede opens every connection at once: a backlog past node's default 511 keeps the kernel
    // from dropping the surplus (which clients see as connect timeouts, not as the API's answer).
    const server = await startTestServer(database, {
      rateLimits: { perApiKey: 1e9, perUser: 1e9 },
      backlog: 4096,
    });
    port.on("message", () => {
      void server
        .close()
        .then(() => database.close())
        .finally(() => port.close());
    });
    port.postMessage({ url: server.url });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}
