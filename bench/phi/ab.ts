// detectPhi of this worktree against another copy of the package (an older commit checked out in
// a second worktree), in one process: rounds alternate between the two, each round runs a corpus
// enough times to last about --sample-ms, and the figure is the ratio of the fastest rounds (CPU
// time), which load from other processes can only make slower. redact-pii is timed in the same
// rounds, so the ratio the main bench reports can be read off for both copies.
//   pnpm --filter @frontdesk/bench phi:ab --base /path/to/phi/src/index.ts [--rounds 15] [--corpus blind]
import { detectPhi } from "@frontdesk/phi";
import { generateBlindCorpus } from "./corpus/blind";
import { generateBlind2Corpus } from "./corpus/blind2";
import { generateChatCorpus } from "./corpus/chat";
import { generateFakerCorpus } from "./corpus/faker";
import { generateCorpus } from "./corpus/generate";
import { createRedactPii } from "./comparators";
import { holdoutCorpus } from "./holdout";

const at = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const BASE = at("--base");
if (!BASE) throw new Error("--base /path/to/packages/phi/src/index.ts is required");
const ROUNDS = Number(at("--rounds") ?? 15);
const SAMPLE_MS = Number(at("--sample-ms") ?? 150);
const ONLY = at("--corpus");
const base = ((await import(BASE)) as typeof import("@frontdesk/phi")).detectPhi;
const redactPii = createRedactPii();

const SEED = 20240601;
const corpora: [string, () => string[]][] = [
  ["generated", () => generateCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["holdout", () => holdoutCorpus().map((m) => m.text)],
  ["faker", () => generateFakerCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["chat", () => generateChatCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["blind", () => generateBlindCorpus({ seed: SEED }).map((m) => m.text)],
  ["blind2", () => generateBlind2Corpus({ seed: SEED }).map((m) => m.text)],
];

function cpuMs(run: (t: string) => unknown, texts: string[], reps: number): number {
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const t of texts) run(t);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / reps;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

console.log(
  `min CPU ms per corpus pass over ${ROUNDS} alternating rounds; new ÷ base < 1 is faster (ratio of the minima, and median of per-round ratios); × rp = redact-pii time ÷ detectPhi time (min of rounds, and median of per-round ratios)`,
);
for (const [name, make] of corpora) {
  if (ONLY && !ONLY.split(",").includes(name)) continue;
  const texts = make();
  const tools: [string, (t: string) => unknown][] = [
    ["new", detectPhi],
    ["base", base],
    ["rp", redactPii],
  ];
  const reps = tools.map(([, run]) => {
    const spent = cpuMs(run, texts, 3) + cpuMs(run, texts, 1);
    return Math.max(1, Math.round(SAMPLE_MS / Math.max(spent / 2, 0.01)));
  });
  const times: number[][] = tools.map(() => []);
  for (let round = 0; round < ROUNDS; round++)
    for (let k = 0; k < tools.length; k++) {
      const i = (round + k) % tools.length;
      const tool = tools[i];
      if (tool) times[i]?.push(cpuMs(tool[1], texts, reps[i] ?? 1));
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
