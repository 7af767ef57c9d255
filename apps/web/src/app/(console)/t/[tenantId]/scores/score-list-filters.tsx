"use client";
// The scores list's filters: name, source and session (the date range is the page's), kept in the URL.
import { X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { SCORE_SOURCES, SOURCE_LABELS, type ScoreSource } from "./scores-view";

export function ListFilters({
  names,
  name,
  source,
  sessionId,
  onChange,
}: {
  names: string[];
  name: string | null;
  source: ScoreSource | null;
  sessionId: string | null;
  onChange: (patch: {
    name?: string | null;
    sessionId?: string | null;
    source?: ScoreSource | null;
  }) => void;
}) {
  const [text, setText] = useState(sessionId ?? "");
  // Follow the URL (a session link, Back/Forward) unless the field holds an edit.
  const [seen, setSeen] = useState(sessionId);
  if (seen !== sessionId) {
    setSeen(sessionId);
    setText(sessionId ?? "");
  }
  const applySession = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    onChange({ sessionId: value === "" ? null : value.slice(0, 200) });
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor="score-list-name">Name</Label>
        <NativeSelect
          id="score-list-name"
          className="w-48"
          value={name ?? ""}
          onChange={(e) => onChange({ name: e.target.value === "" ? null : e.target.value })}
        >
          <option value="">All names</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="score-list-source">Source</Label>
        <NativeSelect
          id="score-list-source"
          className="w-40"
          value={source ?? ""}
          onChange={(e) => {
            const next = SCORE_SOURCES.find((s) => s === e.target.value) ?? null;
            onChange({ source: next });
          }}
        >
          <option value="">All sources</option>
          {SCORE_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <form onSubmit={applySession} className="flex items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="score-list-session">Session ID</Label>
          <Input
            id="score-list-session"
            className="w-56"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button type="submit" variant="outline">
          Filter by session
        </Button>
      </form>
      {sessionId ? (
        <Badge variant="info" className="gap-1 py-1 text-sm">
          <span>
            Session <span className="font-mono">{sessionId}</span>
          </span>
          <button
            type="button"
            className="rounded-sm hover:bg-blue-200 focus-visible:outline-2 focus-visible:outline-ring"
            aria-label="Clear session filter"
            onClick={() => onChange({ sessionId: null })}
          >
            <X className="size-3.5" aria-hidden />
          </button>
        </Badge>
      ) : null}
    </div>
  );
}
