// detectPhi of this worktree against another copy of the package (an older commit checked out in
// a second worktree): rounds alternate between the two, each round runs a corpus enough times to
// last about --sample-ms, and the figure is the ratio of the fastest rounds (CPU time), which load
// from other processes can only make slower. redact-pii is timed in the same rounds, so the ratio
// the main bench reports can be read off for both copies.
//
// Each of the three runs in a child process of its own, and only one child works at a time. In one
// process the copy loaded first ran 12–26% faster than an identical copy loaded second (the shared
// libraries' inline caches and the code heap learn the first copy's shapes), which made an A/A
// comparison read 0.93 and every new ÷ base ratio suspect.
//   pnpm --filter @frontdesk/bench phi:ab --base /path/to/phi/src/index.ts [--rounds 15] [--corpus blind]
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type * as PhiModule from "@frontdesk/phi";
import { generateBlindCorpus } from "./corpus/blind";
import { generateBlind2Corpus } from "./corpus/blind2";
import { generateChatCorpus } from "./corpus/chat";
import { generateFakerCorpus } from "./corpus/faker";
import { generateCorpus } from "./corpus/generate";
import { holdoutCorpus } from "./holdout";

const at = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const SEED = 20240601;
const corpora: [string, () => string[]][] = [
  ["generated", () => generateCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["holdout", () => holdoutCorpus().map((m) => m.text)],
  ["faker", () => generateFakerCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["chat", () => generateChatCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["blind", () => generateBlindCorpus({ seed: SEED }).map((m) => m.text)],
  ["blind2", () => generateBlind2Corpus({ seed: SEED }).map((m) => m.text)],
];

/** CPU ms of one pass over `texts`, averaged over `reps` passes. */
function cpuMs(run: (t: string) => unknown, texts: string[], reps: number): number {
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const t of texts) run(t);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / reps;
}

interface Job {
  corpus: string;
  /** Passes to time; 0: calibrate (time a few passes and answer the cost of one). */
  reps: number;
}

/** A child: loads one tool, then times the passes the parent asks for, one job at a time. */
async function child(tool: string): Promise<void> {
  let run: (t: string) => unknown;
  if (tool === "rp") {
    run = (await import("./comparators")).createRedactPii();
  } else {
    const from = tool === "new" ? "@frontdesk/phi" : tool;
    run = ((await import(from)) as typeof PhiModule).detectPhi;
  }
  const texts = new Map<string, string[]>();
  process.on("message", (job: Job) => {
    let corpus = texts.get(job.corpus);
    if (!corpus) {
      corpus = corpora.find(([name]) => name === job.corpus)?.[1]() ?? [];
      texts.set(job.corpus, corpus);
    }
    const ms =
      job.reps === 0
        ? (cpuMs(run, corpus, 3) + cpuMs(run, corpus, 1)) / 2
        : cpuMs(run, corpus, job.reps);
    process.send?.({ ms });
  });
  process.send?.({ ready: true });
}

function ask(worker: ChildProcess, job: Job): Promise<number> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`a timing child exited (${code})`));
    worker.once("exit", exited);
    worker.once("message", (answer: { ms: number }) => {
      worker.off("exit", exited);
      resolve(answer.ms);
    });
    worker.send(job);
  });
}

function start(tool: string): Promise<ChildProcess> {
  // execArgv is inherited: the child runs under tsx as this process does.
  const worker = fork(fileURLToPath(import.meta.url), ["--child", tool], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve(worker));
    worker.once("exit", (code) => reject(new Error(`${tool} failed to start (${code})`)));
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function parent(): Promise<void> {
  const BASE = at("--base");
  if (!BASE) throw new Error("--base /path/to/packages/phi/src/index.ts is required");
  const ROUNDS = Number(at("--rounds") ?? 15);
  const SAMPLE_MS = Number(at("--sample-ms") ?? 150);
  const ONLY = at("--corpus");
  const names = ["new", "base", "rp"];
  const workers = await Promise.all([start("new"), start(BASE), start("rp")]);
  try {
    console.log(
      `min CPU ms per corpus pass over ${ROUNDS} alternating rounds, each tool in its own process; new ÷ base < 1 is faster (ratio of the minima, and median of per-round ratios); × rp = redact-pii time ÷ detectPhi time (min of rounds, and median of per-round ratios)`,
    );
    for (const [name] of corpora) {
      if (ONLY && !ONLY.split(",").includes(name)) continue;
      const reps: number[] = [];
      for (const worker of workers) {
        const one = await ask(worker, { corpus: name, reps: 0 });
        reps.push(Math.max(1, Math.round(SAMPLE_MS / Math.max(one, 0.01))));
      }
      const times: number[][] = names.map(() => []);
      for (let round = 0; round < ROUNDS; round++)
        for (let k = 0; k < workers.length; k++) {
          const i = (round + k) % workers.length;
          const worker = workers[i];
          if (worker) times[i]?.push(await ask(worker, { corpus: name, reps: reps[i] ?? 1 }));
        }
      const [tn = [], tb = [], tr = []] = times;
      const min = (xs: number[]): number => Math.min(...xs);
      const pairedNB = median(tn.map((x, i) => x / (tb[i] ?? x)));
      const pairedN = median(tr.map((r, i) => r / (tn[i] ?? r)));
      const pairedB = median(tr.map((r, i) => r / (tb[i] ?? r)));
      console.log(
        `${name.padEnd(10)} new ${min(tn).toFixed(2).padStart(8)}  base ${min(tb).toFixed(2).padStart(8)}  new÷base ${(min(tn) / min(tb)).toFixed(3)} (${pairedNB.toFixed(3)})   × rp: new ${(min(tr) / min(tn)).toFixed(2)} (${pairedN.toFixed(2)})  base ${(min(tr) / min(tb)).toFixed(2)} (${pairedB.toFixed(2)})`,
      );
    }
  } finally {
    for (const worker of workers) worker.kill();
  }
}

const role = at("--child");
await (role ? child(role) : parent());
