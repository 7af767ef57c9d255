// Form parsing for the Scores page — a score value typed for its config's kind, and the score-config
// editor — plus the summary arithmetic the overview shows. Pure; the API re-validates everything and
// its messages are shown when it refuses.
import type { RouterInputs } from "@frontdesk/api";
import { formatNumber } from "@/components/format";
import type { ScoreConfig, ScoreKind, ScoreSummary } from "./scores-view";

export type ScoreValue = number | string | boolean;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
export type UpsertConfigInput = RouterInputs["scores"]["configs"]["upsert"];

/** The bounds the API allows for numbers (schemas.ts `finiteNumber`). */
const MAX_ABS = 1e12;

/** What the value input holds: text for numbers and categories, a boolean for the switch. */
export type ValueDraft = string | boolean;

/** A draft for a new value of `kind`: empty, or false for a boolean. */
export function emptyDraft(kind: ScoreKind): ValueDraft {
  return kind === "boolean" ? false : "";
}

/** The draft that shows an existing value in the input. */
export function draftOf(value: ScoreValue): ValueDraft {
  return typeof value === "boolean" ? value : String(value);
}

function rangeText(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `between ${min} and ${max}`;
  if (min !== null) return `at least ${min}`;
  return `at most ${max ?? ""}`;
}

/** The typed value for `kind`, checked against the config's bounds and categories when there is one. */
export function parseScoreValue(
  kind: ScoreKind,
  draft: ValueDraft,
  config?: Pick<ScoreConfig, "min" | "max" | "categories"> | null,
): Parsed<ScoreValue> {
  if (kind === "boolean") {
    return typeof draft === "boolean"
      ? { ok: true, value: draft }
      : { ok: false, message: "Choose true or false" };
  }
  const text = typeof draft === "string" ? draft.trim() : "";
  if (kind === "numeric") {
    if (text === "") return { ok: false, message: "Enter a number" };
    const value = Number(text);
    if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS)
      return { ok: false, message: "Enter a number" };
    const min = config?.min ?? null;
    const max = config?.max ?? null;
    if ((min !== null && value < min) || (max !== null && value > max)) {
      return { ok: false, message: `The value must be ${rangeText(min, max)}` };
    }
    return { ok: true, value };
  }
  if (text === "") return { ok: false, message: "Choose a category" };
  if (text.length > 100) return { ok: false, message: "A category is at most 100 characters" };
  const categories = config?.categories ?? null;
  if (categories && !categories.includes(text)) {
    return { ok: false, message: `The value must be one of: ${categories.join(", ")}` };
  }
  return { ok: true, value: text };
}

/** A value as people read it: numbers formatted, booleans as true/false. */
export function formatScoreValue(value: ScoreValue): string {
  if (typeof value === "number") return formatNumber(value, 4);
  return String(value);
}

// ---- score configs ----

export interface ConfigDraft {
  name: string;
  kind: ScoreKind;
  min: string;
  max: string;
  /** One per line (commas separate too). */
  categories: string;
  description: string;
}

export type ConfigField = keyof ConfigDraft;

export function configDraft(config?: ScoreConfig | null): ConfigDraft {
  return {
    name: config?.name ?? "",
    kind: config?.kind ?? "numeric",
    min: config?.min === null || config?.min === undefined ? "" : String(config.min),
    max: config?.max === null || config?.max === undefined ? "" : String(config.max),
    categories: config?.categories?.join("\n") ?? "",
    description: config?.description ?? "",
  };
}

const NAME_PATTERN = /^[a-z0-9_.-]+$/;

export function splitCategories(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

/**
 * The `scores.configs.upsert` input, or a message per field. Fields that do not apply to the kind
 * (min/max unless numeric, categories unless categorical) are left out rather than rejected: the
 * form keeps them while the kind is switched back and forth.
 */
export function parseConfigDraft(
  draft: ConfigDraft,
):
  | { ok: true; value: UpsertConfigInput }
  | { ok: false; errors: Partial<Record<ConfigField, string>> } {
  const errors: Partial<Record<ConfigField, string>> = {};
  const name = draft.name.trim();
  if (name === "") errors.name = "Enter a name";
  else if (name.length > 100) errors.name = "A name is at most 100 characters";
  else if (!NAME_PATTERN.test(name))
    errors.name = "Use lower-case letters, digits, '_', '.' and '-' only";

  const value: UpsertConfigInput = { name, kind: draft.kind };
  if (draft.kind === "numeric") {
    const bound = (text: string, field: "min" | "max") => {
      const t = text.trim();
      if (t === "") return undefined;
      const n = Number(t);
      if (!Number.isFinite(n) || Math.abs(n) > MAX_ABS) {
        errors[field] = "Enter a number, or leave it empty";
        return undefined;
      }
      return n;
    };
    const min = bound(draft.min, "min");
    const max = bound(draft.max, "max");
    if (min !== undefined && max !== undefined && min > max)
      errors.max = "Max must be greater than or equal to min";
    if (min !== undefined) value.min = min;
    if (max !== undefined) value.max = max;
  }
  if (draft.kind === "categorical") {
    const categories = splitCategories(draft.categories);
    if (categories.length === 0) errors.categories = "Give 1 to 50 categories, one per line";
    else if (categories.length > 50) errors.categories = "At most 50 categories";
    else if (categories.some((c) => c.length > 100))
      errors.categories = "A category is at most 100 characters";
    else if (new Set(categories).size !== categories.length)
      errors.categories = "Categories must be unique";
    else value.categories = categories;
  }
  const description = draft.description.trim();
  if (description.length > 1000) errors.description = "At most 1,000 characters";
  else if (description !== "") value.description = description;

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** What a config accepts, in a few words: "1 to 5", "friendly, neutral, curt", "true / false". */
export function describeConfig(
  config: Pick<ScoreConfig, "kind" | "min" | "max" | "categories">,
): string {
  if (config.kind === "boolean") return "true / false";
  if (config.kind === "categorical") return (config.categories ?? []).join(", ");
  if (config.min !== null && config.max !== null) return `${config.min} to ${config.max}`;
  if (config.min !== null) return `≥ ${config.min}`;
  if (config.max !== null) return `≤ ${config.max}`;
  return "any number";
}

// ---- summary ----

/** Scores in the range and their mean, weighted by each bucket's count (null when none are numeric). */
export function summaryTotals(summary: Pick<ScoreSummary, "buckets">): {
  count: number;
  mean: number | null;
} {
  let count = 0;
  let weighted = 0;
  let counted = 0;
  for (const b of summary.buckets) {
    count += b.count;
    if (b.mean !== null) {
      weighted += b.mean * b.count;
      counted += b.count;
    }
  }
  return { count, mean: counted > 0 ? weighted / counted : null };
}

/** The distribution over the whole range, in the API's label order (histogram bins, booleans, categories). */
export function totalDistribution(
  summary: Pick<ScoreSummary, "buckets">,
): { label: string; count: number }[] {
  const totals = new Map<string, number>();
  for (const b of summary.buckets) {
    for (const [label, n] of Object.entries(b.distribution))
      totals.set(label, (totals.get(label) ?? 0) + n);
  }
  return [...totals].map(([label, count]) => ({ label, count }));
}
