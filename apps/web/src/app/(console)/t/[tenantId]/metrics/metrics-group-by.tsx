"use client";
// Grouping: one line per value of a tag instead of one per aggregation. Kept in the URL as `groupBy`.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SetSearch } from "./metrics-controls";
import { isTagKey } from "./metrics-view";

export function GroupBy({ groupBy, setSearch }: { groupBy: string | null; setSearch: SetSearch }) {
  const [text, setText] = useState(groupBy ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  // Follow the URL (Back/Forward, a shared link) unless the field holds an edit.
  const [seen, setSeen] = useState(groupBy);
  if (seen !== groupBy) {
    setSeen(groupBy);
    setText(groupBy ?? "");
  }

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const k = text.trim();
    if (k !== "" && !isTagKey(k)) {
      setProblem("A tag key is 1 to 64 letters, digits, _ . or -");
      return;
    }
    setProblem(null);
    void setSearch({ groupBy: k === "" ? null : k });
  };

  return (
    <form onSubmit={apply} aria-labelledby="group-by-title" className="grid gap-2">
      <h3 id="group-by-title" className="text-sm font-medium">
        Grouping
      </h3>
      <p className="text-xs text-muted-foreground">
        {groupBy ? (
          <>
            One line per value of <strong>{groupBy}</strong>.
          </>
        ) : (
          "One line per aggregation. Group by a tag to get one line per tag value."
        )}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="group-by">Group by tag</Label>
          <Input
            id="group-by"
            className="w-40"
            value={text}
            placeholder="channel"
            aria-invalid={problem !== null}
            aria-describedby={problem ? "group-by-problem" : undefined}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline">
          Apply grouping
        </Button>
        {groupBy ? (
          <Button variant="ghost" onClick={() => void setSearch({ groupBy: null })}>
            Clear grouping
          </Button>
        ) : null}
      </div>
      {problem ? (
        <p id="group-by-problem" role="alert" className="text-xs text-red-800">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
