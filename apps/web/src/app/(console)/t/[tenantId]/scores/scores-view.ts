// The Scores page's state as kept in the URL (nuqs parsers shared by the server page and the client)
// and how it becomes `scores.summary` / `scores.list` inputs: whole local days in the tenant's time
// zone, the last 30 days by default. Pure: the server prefetches exactly what the client asks for.
import {
  createLoader,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from "nuqs/server";
import type { RouterInputs, RouterOutputs } from "@frontdesk/api";
import { fromDateInput, startOfZonedDay, toDateInput } from "@/components/format";

export type Score = RouterOutputs["scores"]["list"]["items"][number];
export type ScoreConfig = RouterOutputs["scores"]["configs"]["list"][number];
export type ScoreSummary = RouterOutputs["scores"]["summary"];
export type ScoreKind = ScoreConfig["kind"];
export type ScoreSource = Score["source"];
export type SummaryBucket = RouterInputs["scores"]["summary"]["bucket"];
export type ListScoresInput = RouterInputs["scores"]["list"];

export const SCORE_TABS = ["overview", "list", "configs"] as const;
export type ScoreTab = (typeof SCORE_TABS)[number];
export const SUMMARY_BUCKETS = ["day", "week", "month"] as const satisfies readonly SummaryBucket[];
export const SCORE_SOURCES = [
  "api",
  "annotation",
  "end_user",
  "rubric",
] as const satisfies readonly ScoreSource[];
export const SCORE_KINDS = [
  "numeric",
  "categorical",
  "boolean",
] as const satisfies readonly ScoreKind[];
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const _allSources: Missing<ScoreSource, (typeof SCORE_SOURCES)[number]> = true;
const _allKinds: Missing<ScoreKind, (typeof SCORE_KINDS)[number]> = true;
void _allSources;
void _allKinds;

export const SOURCE_LABELS: Record<ScoreSource, string> = {
  api: "API",
  annotation: "Annotation",
  end_user: "End user",
  rubric: "Rubric",
};

export const DEFAULT_DAYS = 30;
export const LIST_LIMIT = 50;

/**
 * URL keys: ?tab=&from=2026-11-01&to=2026-11-30 (local dates, `to` inclusive), the overview's
 * ?score=&bucket=, and the list's ?name=&sessionId=&source= (its pager adds ?cursor=&prev=).
 */
export const scoresSearchParams = {
  tab: parseAsStringLiteral(SCORE_TABS).withDefault("overview"),
  from: parseAsString,
  to: parseAsString,
  score: parseAsString,
  bucket: parseAsStringLiteral(SUMMARY_BUCKETS).withDefault("day"),
  name: parseAsString,
  sessionId: parseAsString,
  source: parseAsStringLiteral(SCORE_SOURCES),
};
export type ScoresSearch = inferParserType<typeof scoresSearchParams>;
export const loadScoresSearch = createLoader({ ...scoresSearchParams, cursor: parseAsString });

/** Every config, archived ones too: archived configs keep their scores (and appear in pickers). */
export const CONFIGS_INPUT = {
  includeArchived: true,
} as const satisfies RouterInputs["scores"]["configs"]["list"];

export interface DayRange {
  from: Date;
  /** Exclusive: local midnight after the last day. */
  to: Date;
  fromDate: string;
  toDate: string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Whole local days; by default the last 30 including today. A missing end defaults to today, a missing start to 30 days before the end. */
export function resolveDays(
  search: Pick<ScoresSearch, "from" | "to">,
  now: Date,
  timeZone: string,
): DayRange {
  const parse = (text: string | null) =>
    text !== null && DAY_PATTERN.test(text) ? fromDateInput(text, timeZone) : null;
  const toDay = parse(search.to) ?? startOfZonedDay(now, timeZone);
  const fromDay = parse(search.from) ?? startOfZonedDay(toDay, timeZone, -(DEFAULT_DAYS - 1));
  return {
    from: fromDay,
    to: startOfZonedDay(toDay, timeZone, 1),
    fromDate: toDateInput(fromDay, timeZone),
    toDate: toDateInput(toDay, timeZone),
  };
}

/** The overview's score: the URL's, else the first active numeric config, else the first config. */
export function chooseScoreName(
  requested: string | null,
  configs: readonly ScoreConfig[],
): string | null {
  if (requested) return requested;
  const active = configs.filter((c) => c.archivedAt === null);
  return (active.find((c) => c.kind === "numeric") ?? active[0] ?? configs[0])?.name ?? null;
}

export function summaryInput(
  name: string,
  range: DayRange,
  bucket: SummaryBucket,
): RouterInputs["scores"]["summary"] {
  return { name, from: range.from, to: range.to, bucket };
}

export function listInput(
  search: ScoresSearch,
  range: DayRange,
  cursor: string | undefined,
): ListScoresInput {
  const input: ListScoresInput = { from: range.from, to: range.to, limit: LIST_LIMIT };
  if (search.name) input.name = search.name;
  if (search.sessionId) input.sessionId = search.sessionId;
  if (search.source) input.source = search.source;
  if (cursor) input.cursor = cursor;
  return input;
}
