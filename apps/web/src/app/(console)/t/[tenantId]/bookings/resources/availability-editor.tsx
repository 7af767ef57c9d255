"use client";
// The weekly availability editor: for each weekday (Monday first) a list of "HH:MM"–"HH:MM" ranges
// with add / remove, and a shortcut that copies Monday's ranges to Tuesday–Friday. Errors come from
// resource-form-model.ts and sit next to the row they concern.
import { Copy, Plus, Trash2 } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import {
  newRowKey,
  WEEKDAY_NAMES,
  WEEKDAY_ORDER,
  type WeekRows,
  type WindowRow,
} from "./resource-form-model";

export function AvailabilityEditor({
  value,
  onChange,
  errors,
  formError,
}: {
  value: WeekRows;
  onChange: (next: WeekRows) => void;
  errors: Record<string, string>;
  formError: string | null;
}) {
  const id = useId();
  const setDay = (weekday: number, rows: WindowRow[]) =>
    onChange(value.map((r, i) => (i === weekday ? rows : r)));
  const monday = value[1] ?? [];

  return (
    <fieldset className="grid gap-3 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">Weekly availability</legend>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted-foreground">
          24-hour times in the resource&apos;s time zone; 24:00 ends a range at midnight.
        </p>
        <Button
          variant="ghost"
          size="sm"
          disabled={monday.length === 0}
          onClick={() =>
            onChange(
              value.map((rows, weekday) =>
                weekday >= 2 && weekday <= 5
                  ? monday.map((r) => ({ ...r, key: newRowKey() }))
                  : rows,
              ),
            )
          }
        >
          <Copy aria-hidden /> Copy Monday to Tuesday–Friday
        </Button>
      </div>
      {WEEKDAY_ORDER.map((weekday) => {
        const name = WEEKDAY_NAMES[weekday];
        const rows = value[weekday] ?? [];
        return (
          <div
            key={weekday}
            role="group"
            aria-labelledby={`${id}-${weekday}`}
            className="grid gap-2 sm:grid-cols-[7rem_1fr]"
          >
            <span id={`${id}-${weekday}`} className="pt-2 text-sm font-medium">
              {name}
            </span>
            <div className="grid gap-2">
              {rows.length === 0 ? (
                <span className="pt-2 text-sm text-muted-foreground">Unavailable</span>
              ) : null}
              {rows.map((row, index) => {
                const error = errors[row.key];
                const errorId = `${id}-${row.key}-error`;
                const label = `${name} range ${index + 1}`;
                const update = (patch: Partial<WindowRow>) =>
                  setDay(
                    weekday,
                    rows.map((r) => (r.key === row.key ? { ...r, ...patch } : r)),
                  );
                return (
                  <div key={row.key} className="grid gap-1">
                    <div className="flex items-center gap-2">
                      <Input
                        aria-label={`${label} start`}
                        className="w-24 tabular-nums"
                        inputMode="numeric"
                        placeholder="09:00"
                        maxLength={5}
                        value={row.start}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? errorId : undefined}
                        onChange={(e) => update({ start: e.target.value })}
                      />
                      <span aria-hidden>–</span>
                      <Input
                        aria-label={`${label} end`}
                        className="w-24 tabular-nums"
                        inputMode="numeric"
                        placeholder="17:00"
                        maxLength={5}
                        value={row.end}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? errorId : undefined}
                        onChange={(e) => update({ end: e.target.value })}
                      />
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove ${label}`}
                        onClick={() =>
                          setDay(
                            weekday,
                            rows.filter((r) => r.key !== row.key),
                          )
                        }
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    </div>
                    {error ? (
                      <p id={errorId} className="text-sm text-destructive">
                        {error}
                      </p>
                    ) : null}
                  </div>
                );
              })}
              <div>
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={`Add time range on ${name}`}
                  onClick={() => {
                    const last = rows.at(-1);
                    // Suggest the afternoon after a morning range, else a working day.
                    const next = last
                      ? { start: last.end, end: last.end < "17:00" ? "17:00" : "24:00" }
                      : { start: "09:00", end: "17:00" };
                    setDay(weekday, [...rows, { key: newRowKey(), ...next }]);
                  }}
                >
                  <Plus aria-hidden /> Add range
                </Button>
              </div>
            </div>
          </div>
        );
      })}
      {formError ? (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      ) : null}
    </fieldset>
  );
}
