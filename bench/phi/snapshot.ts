// Every finding of detectPhi on every corpus message, on documents stitched from them, on their
// lower-cased copies and on small adversarial floods, written as one JSON line per input. A change
// meant to make detectPhi faster without changing what it finds must leave this file
// byte-identical: run it before and after, and compare the files (or the digests it prints).
//   pnpm --filter @frontdesk/bench phi:snapshot [--out findings.jsonl] [--phi /path/to/phi/src/index.ts]
// `--phi` reads another copy of the package (a second worktree of an older commit), so both
// snapshots can be taken from this one script.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import type * as PhiModule from "@frontdesk/phi";
import { adversarialCases } from "./adversarial-cases";
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
const OUT = at("--out") ?? "phi-findings.jsonl";
const PHI = at("--phi") ?? "@frontdesk/phi";
const { detectPhi } = (await import(PHI)) as typeof PhiModule;

const SEED = 20240601;
const corpora: [string, string[]][] = [
  ["generated", generateCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["holdout", holdoutCorpus().map((m) => m.text)],
  ["faker", generateFakerCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["chat", generateChatCorpus({ size: 2400, seed: SEED }).map((m) => m.text)],
  ["blind", generateBlindCorpus({ seed: SEED }).map((m) => m.text)],
  ["blind2", generateBlind2Corpus({ seed: SEED }).map((m) => m.text)],
  ["ordinary", generateCorpus({ size: 4000, seed: 7 }).map((m) => m.text)],
];

/** Messages joined in groups of `n`: lists, tables and repeats that span messages. */
function stitched(texts: string[], n: number, joiner: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i += n) out.push(texts.slice(i, i + n).join(joiner));
  return out;
}

const sections: [string, string[]][] = [];
for (const [name, texts] of corpora) {
  sections.push([name, texts]);
  sections.push([`${name} lower-cased`, texts.map((t) => t.toLowerCase())]);
  sections.push([`${name} stitched by lines`, stitched(texts, 7, "\n")]);
  sections.push([`${name} stitched by semicolons`, stitched(texts, 5, "; ")]);
}
sections.push(["adversarial 1,500", adversarialCases(1500).map((c) => c.text)]);

const lines: string[] = [];
for (const [name, texts] of sections) {
  const hash = createHash("sha256");
  let findings = 0;
  for (const [i, text] of texts.entries()) {
    const found = detectPhi(text);
    findings += found.length;
    const line = JSON.stringify([name, i, found]);
    hash.update(line);
    lines.push(line);
  }
  console.log(
    `${name.padEnd(34)} ${String(texts.length).padStart(5)} inputs ${String(findings).padStart(6)} findings  ${hash.digest("hex").slice(0, 16)}`,
  );
}
writeFileSync(OUT, `${lines.join("\n")}\n`);
console.log(`${OUT}: ${createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}`);
