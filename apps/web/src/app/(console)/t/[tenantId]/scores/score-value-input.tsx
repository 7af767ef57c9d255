"use client";
// The value field of a score form, shaped by the kind: a number input bounded by the config's min/max,
// a select of its categories (free text when there is no config), or a switch for booleans.
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { ValueDraft } from "./score-forms";
import type { ScoreConfig, ScoreKind } from "./scores-view";

export function ScoreValueInput({
  id,
  kind,
  config,
  value,
  onChange,
  problem,
}: {
  id: string;
  kind: ScoreKind;
  config: Pick<ScoreConfig, "min" | "max" | "categories"> | null;
  value: ValueDraft;
  onChange: (value: ValueDraft) => void;
  problem: string | null;
}) {
  const problemId = `${id}-problem`;
  const described = problem ? problemId : undefined;
  const hint =
    kind === "numeric" && config && (config.min !== null || config.max !== null)
      ? config.min !== null && config.max !== null
        ? ` (${config.min} to ${config.max})`
        : config.min !== null
          ? ` (at least ${config.min})`
          : ` (at most ${config.max ?? ""})`
      : "";
  return (
    <div className="grid gap-1.5">
      {kind === "boolean" ? (
        <div className="flex items-center gap-3">
          <Label htmlFor={id}>Value</Label>
          <Switch
            id={id}
            checked={value === true}
            onCheckedChange={(checked) => onChange(checked)}
            aria-describedby={described}
          />
          <span className="text-sm text-muted-foreground" aria-hidden>
            {value === true ? "true" : "false"}
          </span>
        </div>
      ) : (
        <>
          <Label htmlFor={id}>Value{hint}</Label>
          {kind === "categorical" && config?.categories ? (
            <NativeSelect
              id={id}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => onChange(e.target.value)}
              aria-invalid={problem !== null}
              aria-describedby={described}
            >
              <option value="">Choose a category…</option>
              {config.categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelect>
          ) : (
            <Input
              id={id}
              type={kind === "numeric" ? "number" : "text"}
              inputMode={kind === "numeric" ? "decimal" : undefined}
              step={kind === "numeric" ? "any" : undefined}
              min={kind === "numeric" ? (config?.min ?? undefined) : undefined}
              max={kind === "numeric" ? (config?.max ?? undefined) : undefined}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => onChange(e.target.value)}
              aria-invalid={problem !== null}
              aria-describedby={described}
            />
          )}
        </>
      )}
      {problem ? (
        <p id={problemId} className="text-xs text-red-800">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
