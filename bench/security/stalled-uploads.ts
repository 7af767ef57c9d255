// Unauthenticated memory exhaustion: N clients each start a maximum-size upload (Content-Length
// 4 MiB) to /api/trpc/metrics.recordBatch, send a little of it and stall. Prints the server's RSS
// growth (target < 50 MiB) and /api/health latency under that load (target < 1 s) next to the
// same server's idle RSS and health latency measured first in this run. Loopback only; every
// socket is closed at the end.
//
//   pnpm --filter @frontdesk/bench security:stalled-uploads [--uploads 200] [--sent-kib 64] [--probes 20]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { arg, median, progress } from "../_shared/db";

const UPLOADS = arg("--uploads", 200);
const SENT_KIB = arg("--sent-kib", 64);
const PROBES = arg("--probes", 20);
const DECLARED = 4 * 1024 * 1024;
const MIB = 1024 * 1024;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error("no VmRSS");
  return Number(kib) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthLatencies(
  url: string,
): Promise<{ p50: number; max: number; statuses: Set<number> }> {
  const times: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < PROBES; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/health`, {
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (response) await response.arrayBuffer();
    times.push(performance.now() - started);
    statuses.add(response?.status ?? 0);
  }
  return { p50: median(times), max: Math.max(...times), statuses };
}

function stalledUpload(port: number, sockets: Socket[]): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    let answer = "";
    const done = setTimeout(() => resolve(-1), 15_000);
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match) {
        clearTimeout(done);
        resolve(Number(match[1]));
      }
    });
    socket.on("close", () => {
      clearTimeout(done);
      resolve(0);
    });
    socket.write(
      `POST /api/trpc/metrics.recordBatch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${DECLARED}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(SENT_KIB * 1024, 0x20));
  });
}

const child = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("./server.ts", import.meta.url))],
  {
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  },
);
const sockets: Socket[] = [];
try {
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code ?? "signal"})`)));
  });
  const pid = child.pid ?? 0;
  const url = `http://127.0.0.1:${port}`;
  progress(`server pid ${pid} on ${url}; warming up`);
  await healthLatencies(url);
  await sleep(1000);
  const idleRss = rssOf(pid);
  const idle = await healthLatencies(url);

  progress(
    `${UPLOADS} stalled uploads of ${DECLARED / MIB} MiB (each sends ${SENT_KIB} KiB, then stalls)`,
  );
  const statuses = await Promise.all(
    Array.from({ length: UPLOADS }, () => stalledUpload(port, sockets)),
  );
  await sleep(1000);
  const loadedRss = rssOf(pid);
  const loaded = await healthLatencies(url);
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);

  const growth = (loadedRss - idleRss) / MIB;
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `\nstalled uploads: ${UPLOADS} × ${DECLARED / MIB} MiB declared, ${SENT_KIB} KiB sent each, unauthenticated`,
  );
  console.log(
    `answers: ${[...counts].map(([s, n]) => `${s === -1 ? "none in 15 s" : s === 0 ? "closed" : s} × ${n}`).join(", ")}`,
  );
  console.log("");
  console.log("                     baseline (idle)   under load    target");
  console.log(
    `server RSS           ${(idleRss / MIB).toFixed(1).padStart(9)} MiB   ${(loadedRss / MIB).toFixed(1).padStart(7)} MiB`,
  );
  console.log(
    `RSS growth                                ${growth.toFixed(1).padStart(7)} MiB   < 50 MiB  ${growth < 50 ? "ok" : "MISSED"}`,
  );
  console.log(
    `/api/health p50      ${fmt(idle.p50).padStart(13)}   ${fmt(loaded.p50).padStart(11)}`,
  );
  console.log(
    `/api/health max      ${fmt(idle.max).padStart(13)}   ${fmt(loaded.max).padStart(11)}   < 1 s     ${loaded.max < 1000 ? "ok" : "MISSED"}`,
  );
  console.log(
    `/api/health statuses ${[...idle.statuses].join(",").padStart(13)}   ${[...loaded.statuses].join(",").padStart(11)}`,
  );
} finally {
  for (const socket of sockets) socket.destroy();
  child.kill("SIGTERM");
}
