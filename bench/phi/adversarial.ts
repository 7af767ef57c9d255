// Adversarial inputs for detectPhi: every detector must be linear in its input, so the worst
// crafted text costs about what ordinary text of the same length costs. Feeds 100,000-character
// floods (repeated separators, long digit and letter runs, "@" / "." / "-" floods, nested
// brackets, words that start a pattern, and every pair of those) to detectPhi and prints the
// worst times per 100,000 characters next to the median of ordinary corpus text of that length.
//   pnpm --filter @frontdesk/bench phi:adversarial [--size 100000] [--runs 3] [--top 12] [--only <name part>]
// The slowest inputs of the screen are timed again before they are reported.
import { detectPhi } from "@frontdesk/phi";
import { adversarialCases } from "./adversarial-cases";
import { generateCorpus } from "./corpus/generate";

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const SIZE = arg("--size", 100_000);
const RUNS = arg("--runs", 3);
const TOP = arg("--top", 12);
const TARGET = 5;

const progress = (msg: string): void => void process.stderr.write(`${msg}\n`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * Median CPU milliseconds of detectPhi on `text` over RUNS runs, after one warm-up run. CPU time of
 * this process, not wall time: on a machine shared with other jobs wall time also counts the
 * time spent waiting for a core.
 */
function timeOf(text: string, runs = RUNS): number {
  detectPhi(text);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    detectPhi(text);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return median(times);
}

function ordinaryDocuments(count: number): string[] {
  const messages = generateCorpus({ size: 4000, seed: 7 }).map((m) => m.text);
  const docs: string[] = [];
  let k = 0;
  for (let d = 0; d < count; d++) {
    let doc = "";
    while (doc.length < SIZE) doc += `${messages[k++ % messages.length] ?? ""}\n`;
    docs.push(doc.slice(0, SIZE));
  }
  return docs;
}

const perSize = (ms: number, length: number): number => (ms * 100_000) / length;

const docs = ordinaryDocuments(9);
/** ms per 100k characters of each ordinary document. */
const ordinaryTimes = (): number[] => docs.map((d) => perSize(timeOf(d, 5), d.length));
progress("ordinary corpus text …");
// Warm up first, so the baseline is not the JIT's first look at the detectors.
for (let k = 0; k < 3; k++) for (const d of docs) detectPhi(d);
const ordinary = ordinaryTimes();

const only = process.argv.indexOf("--only");
const filter = only >= 0 ? (process.argv[only + 1] ?? "") : "";
const all = adversarialCases(SIZE).filter((c) => c.name.includes(filter));
progress(`${all.length} adversarial inputs of ${SIZE} characters …`);
const results: { name: string; ms: number }[] = [];
for (const [i, c] of all.entries()) {
  results.push({ name: c.name, ms: perSize(timeOf(c.text), c.text.length) });
  if (i % 200 === 199) progress(`  ${i + 1}/${all.length}`);
}
results.sort((a, b) => b.ms - a.ms);
// Timings on a shared machine are noisy: the slowest inputs of the screen are timed again, longer.
const byName = new Map(all.map((c) => [c.name, c.text]));
for (const r of results.slice(0, TOP * 2)) {
  const text = byName.get(r.name) ?? "";
  const again: number[] = [];
  for (let k = 0; k < 3; k++) again.push(perSize(timeOf(text, 5), text.length));
  r.ms = median(again);
}
results.sort((a, b) => b.ms - a.ms);
// The baseline is measured again after the screen, and the median of both passes is used.
ordinary.push(...ordinaryTimes());
const baseline = median(ordinary);

console.log(
  `\ndetectPhi, CPU ms per 100,000 characters (median of ${RUNS} runs after a warm-up; the slowest timed again); ${all.length} adversarial inputs`,
);
console.log(
  `ordinary corpus text (${docs.length} documents, timed before and after): median ${baseline.toFixed(2)} ms (${Math.min(...ordinary).toFixed(1)}–${Math.max(...ordinary).toFixed(1)})`,
);
console.log(`\nworst ${TOP} adversarial inputs           ms   × ordinary`);
for (const r of results.slice(0, TOP))
  console.log(
    `${r.name.slice(0, 34).padEnd(34)} ${r.ms.toFixed(2).padStart(8)}  ${(r.ms / baseline).toFixed(2).padStart(6)}×`,
  );
const worst = results[0];
if (worst) {
  const ratio = worst.ms / baseline;
  console.log(
    `\nworst case ${worst.name}: ${worst.ms.toFixed(2)} ms per 100k characters = ${ratio.toFixed(2)}× ordinary text (target ≤ ${TARGET}×) ${ratio <= TARGET ? "OK" : "OVER"}`,
  );
}
