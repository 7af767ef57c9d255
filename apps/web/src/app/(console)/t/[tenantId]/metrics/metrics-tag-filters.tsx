"use client";
// Tag filters: only points whose tags match every filter are counted. Kept in the URL as `tag=k:v`.
import { Plus, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SetSearch } from "./metrics-controls";
import { formatTagPair, isTagKey, type TagPair } from "./metrics-view";

export function TagFilters({ tags, setSearch }: { tags: TagPair[]; setSearch: SetSearch }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const write = (next: TagPair[]) =>
    void setSearch({ tag: next.length > 0 ? next.map(formatTagPair) : null });

  const add = (e: FormEvent) => {
    e.preventDefault();
    const k = key.trim();
    if (!isTagKey(k)) {
      setProblem("A tag key is 1 to 64 letters, digits, _ . or -");
      return;
    }
    if (value.length > 256) {
      setProblem("A tag value is at most 256 characters");
      return;
    }
    setProblem(null);
    write([...tags.filter((t) => t.key !== k), { key: k, value }]);
    setKey("");
    setValue("");
  };

  return (
    <form onSubmit={add} aria-labelledby="tag-filters-title" className="grid gap-2">
      <h3 id="tag-filters-title" className="text-sm font-medium">
        Tag filters
      </h3>
      {tags.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Active tag filters">
          {tags.map((t) => (
            <li key={t.key}>
              <Badge variant="secondary" className="gap-1 py-1 text-sm">
                <span>{formatTagPair(t)}</span>
                <button
                  type="button"
                  className="rounded-sm hover:bg-gray-300 focus-visible:outline-2 focus-visible:outline-ring"
                  aria-label={`Remove filter ${formatTagPair(t)}`}
                  onClick={() => write(tags.filter((x) => x.key !== t.key))}
                >
                  <X className="size-3.5" aria-hidden />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted-foreground">
          Only points whose tags match every filter are counted.
        </p>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="tag-key">Tag key</Label>
          <Input
            id="tag-key"
            className="w-36"
            value={key}
            placeholder="channel"
            aria-invalid={problem !== null}
            aria-describedby={problem ? "tag-problem" : undefined}
            onChange={(e) => setKey(e.target.value)}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tag-value">Tag value</Label>
          <Input
            id="tag-value"
            className="w-36"
            value={value}
            placeholder="web"
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline" disabled={key.trim() === ""}>
          <Plus aria-hidden /> Add filter
        </Button>
      </div>
      {problem ? (
        <p id="tag-problem" role="alert" className="text-xs text-red-800">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
