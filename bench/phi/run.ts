// PHI benchmark: @frontdesk/phi against redact-pii and openredaction on the same messages,
// on the seeded synthetic corpus and on a hand-written holdout. Tables go to stdout,
// progress to stderr.
import { detectPhi, type PhiType } from "@frontdesk/phi";
import { generateCorpus } from "@frontdesk/phi/corpus";
import { createOpenRedaction, createRedactPii } from "./comparators.js";
import { holdoutCorpus } from "./holdout.js";
import { TYPES, cleanFlagged, score, type Prf, type Scored, type Span } from "./metrics.js";

const SEED = 20240601;
const sizeArg = process.argv.indexOf("--size");
const size = sizeArg >= 0 ? Number(process.argv[sizeArg + 1]) : 2400;
const MIN_TIMING_MS = 1500;

interface Message {
  text: string;
  spans: { type: PhiType; start: number; end: number }[];
}
interface ToolResult {
  name: string;
  items: Scored[];
  mbPerSec: number;
}

const progress = (msg: string): void => void process.stderr.write(`${msg}\n`);
const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);
const f3 = (x: number): string => x.toFixed(3);

function bytesOf(messages: Message[]): number {
  return messages.reduce((n, m) => n + Buffer.byteLength(m.text, "utf8"), 0);
}

// Sync tools are timed in a plain loop: awaiting each call would add a microtask per message
// and flatten the differences between fast tools.
function timedSync<T>(
  messages: Message[],
  run: (text: string) => T,
): { out: T[]; mbPerSec: number } {
  const out = messages.map((m) => run(m.text)); // warm-up pass, also the scored output
  let rounds = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_TIMING_MS || rounds === 0) {
    for (const m of messages) run(m.text);
    rounds++;
    elapsed = performance.now() - t0;
  }
  return { out, mbPerSec: (bytesOf(messages) * rounds) / 1e6 / (elapsed / 1000) };
}

async function timedAsync<T>(
  messages: Message[],
  run: (text: string) => Promise<T>,
): Promise<{ out: T[]; mbPerSec: number }> {
  const out: T[] = [];
  for (const m of messages) out.push(await run(m.text));
  let rounds = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_TIMING_MS || rounds === 0) {
    for (const m of messages) await run(m.text);
    rounds++;
    elapsed = performance.now() - t0;
  }
  return { out, mbPerSec: (bytesOf(messages) * rounds) / 1e6 / (elapsed / 1000) };
}

function row(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
    .join("  ");
}

function prfCells(x: Prf): string[] {
  return [f3(x.p), f3(x.r), f3(x.f1)];
}

async function benchCorpus(label: string, messages: Message[]): Promise<void> {
  const gold = messages.map((m) => m.spans as Span[]);
  progress(`[${label}] @frontdesk/phi …`);
  const ours = timedSync(messages, (t) => detectPhi(t));
  progress(`[${label}] redact-pii …`);
  const redactPii = createRedactPii();
  const rp = timedSync(messages, (t) => redactPii(t));
  progress(`[${label}] openredaction …`);
  const openRedaction = createOpenRedaction();
  const or = await timedAsync(messages, (t) => openRedaction(t));

  const tools: ToolResult[] = [
    {
      name: "@frontdesk/phi",
      items: gold.map((g, i) => ({ gold: g, predicted: ours.out[i] ?? [] })),
      mbPerSec: ours.mbPerSec,
    },
    {
      name: "redact-pii 3.x",
      items: gold.map((g, i) => ({ gold: g, predicted: rp.out[i] ?? [] })),
      mbPerSec: rp.mbPerSec,
    },
    {
      name: "openredaction (hipaa)",
      items: gold.map((g, i) => ({ gold: g, predicted: or.out[i] ?? [] })),
      mbPerSec: or.mbPerSec,
    },
  ];
  const [mine] = tools;
  if (!mine) return;

  const clean = messages.filter((m) => m.spans.length === 0).length;
  console.log(
    `\n=== ${label}: ${messages.length} messages, ${messages.length - clean} with PHI, ${clean} clean ===`,
  );
  console.log("\n@frontdesk/phi per type            span-overlap            exact boundary");
  const w = [16, 5, 5, 6, 6, 6, 2, 6, 6, 6];
  console.log(row(["type", "gold", "pred", "P", "R", "F1", "", "P", "R", "F1"], w));
  for (const type of TYPES) {
    const o = score(mine.items, { typed: true, match: "overlap", onlyType: type });
    const e = score(mine.items, { typed: true, match: "exact", onlyType: type });
    if (o.gold === 0 && o.predicted === 0) continue;
    console.log(
      row([type, String(o.gold), String(o.predicted), ...prfCells(o), "", ...prfCells(e)], w),
    );
  }
  const microO = score(mine.items, { typed: true, match: "overlap" });
  const microE = score(mine.items, { typed: true, match: "exact" });
  const anyO = score(mine.items, { typed: false, match: "overlap" });
  console.log(
    row(
      [
        "typed micro",
        String(microO.gold),
        String(microO.predicted),
        ...prfCells(microO),
        "",
        ...prfCells(microE),
      ],
      w,
    ),
  );
  console.log(
    row(
      ["any-PHI", String(anyO.gold), String(anyO.predicted), ...prfCells(anyO), "", "", "", ""],
      w,
    ),
  );

  console.log("\nAll tools, type-agnostic span overlap");
  const w2 = [22, 6, 6, 6, 14, 8, 10];
  console.log(row(["tool", "P", "R", "F1", "clean flagged", "MB/s", "× redact-pii"], w2));
  for (const t of tools) {
    const a = score(t.items, { typed: false, match: "overlap" });
    const c = cleanFlagged(t.items);
    const ratio = t.mbPerSec / rp.mbPerSec;
    console.log(
      row(
        [
          t.name,
          ...prfCells(a),
          `${pct(c.clean === 0 ? 0 : c.flagged / c.clean)}% ${c.flagged}/${c.clean}`,
          t.mbPerSec.toFixed(2),
          `${ratio.toFixed(1)}×`,
        ],
        w2,
      ),
    );
  }
}

progress(`generating corpus: seed ${SEED}, size ${size}`);
await benchCorpus(`generated corpus (seed ${SEED})`, generateCorpus({ size, seed: SEED }));
await benchCorpus("hand-written holdout", holdoutCorpus());
