// Measures what the field's libraries would add to detectPhi before any of them is merged:
// compromise's person detection (NAME) and libphonenumber-js' phone search (PHONE), each added
// where detectPhi found nothing, on every corpus here, with their cost per message.
//   pnpm --filter @frontdesk/bench phi:variants [--size 2400]
import { detectPhi, type PhiFinding } from "@frontdesk/phi";
import nlp from "compromise";
import { searchPhoneNumbersInText } from "libphonenumber-js/max";
import { generateChatCorpus } from "./corpus/chat";
import { generateFakerCorpus } from "./corpus/faker";
import { type CorpusMessage } from "./corpus/generate";
import { generateCorpus } from "./corpus/generate";
import { holdoutCorpus } from "./holdout";
import { cleanFlagged, score, type Scored } from "./metrics";

const at = process.argv.indexOf("--size");
const size = at >= 0 ? Number(process.argv[at + 1]) : 2400;
const SEED = 20240601;

type Extra = (text: string) => PhiFinding[];

function people(text: string): PhiFinding[] {
  const found = nlp(text).people().json({ offset: true }) as {
    offset: { start: number; length: number };
    terms: { text: string }[];
  }[];
  return found.map((p) => {
    // compromise's offsets include trailing punctuation ("metz,"): trim it.
    let end = p.offset.start + p.offset.length;
    while (end > p.offset.start && /[\s,.;:!?)]/.test(text[end - 1] ?? "")) end--;
    return { type: "NAME" as const, start: p.offset.start, end };
  });
}

const phones =
  (leniency: "POSSIBLE" | "VALID"): Extra =>
  (text) =>
    // PhoneNumberMatcher reads `leniency` at run time; the package's declarations leave it out.
    [
      ...searchPhoneNumbersInText(text, { defaultCountry: "US", leniency } as Parameters<
        typeof searchPhoneNumbersInText
      >[1]),
    ].map((m) => ({
      type: "PHONE" as const,
      start: m.startsAt,
      end: m.endsAt,
    }));

const VARIANTS: [string, Extra[]][] = [
  ["detectPhi", []],
  ["+ compromise people", [people]],
  ["+ libphonenumber POSSIBLE", [phones("POSSIBLE")]],
  ["+ libphonenumber VALID", [phones("VALID")]],
];

function run(text: string, extras: Extra[]): PhiFinding[] {
  const out = detectPhi(text);
  for (const extra of extras)
    for (const e of extra(text))
      if (e.end > e.start && !out.some((o) => o.start < e.end && e.start < o.end)) out.push(e);
  return out;
}

const f3 = (x: number): string => x.toFixed(3);
const corpora: [string, CorpusMessage[]][] = [
  ["generated", generateCorpus({ size, seed: SEED })],
  ["holdout", holdoutCorpus()],
  ["faker", generateFakerCorpus({ size, seed: SEED })],
  ["chat", generateChatCorpus({ size, seed: SEED })],
];
console.log(
  "corpus     variant                      anyP   anyR  anyF1  NAME P  NAME R NAME F1  PHONE R  clean%   µs/msg",
);
for (const [label, messages] of corpora) {
  for (const [name, extras] of VARIANTS) {
    const c0 = process.cpuUsage();
    const predicted = messages.map((m) => run(m.text, extras));
    const c = process.cpuUsage(c0);
    const items: Scored[] = messages.map((m, i) => ({
      gold: m.spans,
      predicted: predicted[i] ?? [],
    }));
    const any = score(items, { typed: false, match: "overlap" });
    const nm = score(items, { typed: true, match: "overlap", onlyType: "NAME" });
    const ph = score(items, { typed: false, match: "overlap", onlyType: "PHONE" });
    const cl = cleanFlagged(items);
    console.log(
      [
        label.padEnd(10),
        name.padEnd(27),
        f3(any.p),
        f3(any.r),
        f3(any.f1),
        f3(nm.p).padStart(6),
        f3(nm.r).padStart(7),
        f3(nm.f1).padStart(7),
        f3(ph.r).padStart(8),
        ((100 * cl.flagged) / Math.max(1, cl.clean)).toFixed(1).padStart(6),
        ((c.user + c.system) / messages.length).toFixed(0).padStart(8),
      ].join("  "),
    );
  }
}
