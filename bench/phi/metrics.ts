// Span-matching metrics for the PHI benchmark.
import { PHI_TYPES, type PhiType } from "@frontdesk/phi";

export interface Span {
  type?: PhiType;
  start: number;
  end: number;
}
export interface Scored {
  gold: Span[];
  predicted: Span[];
}
export interface Prf {
  p: number;
  r: number;
  f1: number;
  predicted: number;
  gold: number;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
const exact = (a: Span, b: Span): boolean => a.start === b.start && a.end === b.end;

function prf(tpPred: number, predicted: number, tpGold: number, gold: number): Prf {
  const p = predicted === 0 ? (gold === 0 ? 1 : 0) : tpPred / predicted;
  const r = gold === 0 ? 1 : tpGold / gold;
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), predicted, gold };
}

/**
 * Precision counts predicted spans that hit a gold span, recall counts gold spans that were hit,
 * so one prediction covering two gold spans is not double-counted on either side.
 */
export function score(
  items: Scored[],
  opts: { typed: boolean; match: "overlap" | "exact"; onlyType?: PhiType },
): Prf {
  const same = opts.match === "overlap" ? overlaps : exact;
  let tpPred = 0;
  let tpGold = 0;
  let predicted = 0;
  let gold = 0;
  for (const { gold: g, predicted: p } of items) {
    const gs = opts.onlyType ? g.filter((s) => s.type === opts.onlyType) : g;
    const ps = opts.onlyType ? p.filter((s) => s.type === opts.onlyType) : p;
    const hit = (a: Span, b: Span): boolean => same(a, b) && (!opts.typed || a.type === b.type);
    predicted += ps.length;
    gold += gs.length;
    tpPred += ps.filter((s) => (opts.onlyType ? g : gs).some((x) => hit(s, x))).length;
    tpGold += gs.filter((s) => (opts.onlyType ? p : ps).some((x) => hit(x, s))).length;
  }
  return prf(tpPred, predicted, tpGold, gold);
}

export function cleanFlagged(items: Scored[]): { flagged: number; clean: number } {
  const clean = items.filter((i) => i.gold.length === 0);
  return { flagged: clean.filter((i) => i.predicted.length > 0).length, clean: clean.length };
}

export const TYPES: readonly PhiType[] = PHI_TYPES;
