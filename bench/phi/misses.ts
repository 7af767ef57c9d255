// Lists the misses and false alarms of detectPhi on one corpus, for reading, not for scoring.
//   pnpm --filter @frontdesk/bench phi:misses [chat|faker|generated|blind|blind2] [--type NAME] [--limit 40]
import { detectPhi } from "@frontdesk/phi";
import { generateBlindCorpus } from "./corpus/blind";
import { generateBlind2Corpus } from "./corpus/blind2";
import { generateChatCorpus } from "./corpus/chat";
import { generateFakerCorpus } from "./corpus/faker";
import { generateCorpus } from "./corpus/generate";

const which = process.argv[2] ?? "chat";
const at = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = at("--type");
const limit = Number(at("--limit") ?? 40);
const seed = 20240601;
const corpus =
  which === "faker"
    ? generateFakerCorpus({ size: 2400, seed })
    : which === "generated"
      ? generateCorpus({ size: 2400, seed })
      : which === "blind"
        ? generateBlindCorpus({ seed })
        : which === "blind2"
          ? generateBlind2Corpus({ seed })
          : generateChatCorpus({ size: 2400, seed });
const show = (t: string, s: { start: number; end: number }): string =>
  JSON.stringify(
    `${t.slice(Math.max(0, s.start - 30), s.start)}[${t.slice(s.start, s.end)}]${t.slice(s.end, s.end + 20)}`,
  );
let misses = 0;
let alarms = 0;
for (const m of corpus) {
  const found = detectPhi(m.text);
  for (const g of m.spans) {
    if (only && g.type !== only) continue;
    if (!found.some((p) => p.start < g.end && g.start < p.end) && misses++ < limit)
      console.log(`MISS ${g.type}: ${show(m.text, g)}`);
  }
  for (const p of found) {
    if (only && p.type !== only) continue;
    if (!m.spans.some((g) => p.start < g.end && g.start < p.end) && alarms++ < limit)
      console.log(`FALSE ${p.type}: ${show(m.text, p)}`);
  }
}
console.log(`${misses} misses, ${alarms} false alarms`);
