// Adapters that turn the comparison libraries' output into spans over the input.
import { OpenRedaction } from "openredaction";
import { SyncRedactor } from "redact-pii";
import { type Span } from "./metrics";

// A private-use character that never occurs in the corpus, so every occurrence in redact-pii's
// output marks one replaced stretch of the input.
const SENTINEL = "\uE000";

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * redact-pii only returns redacted text. Align it back to the input: the kept stretches must
 * appear in order, and each sentinel stands for one or more replaced characters.
 */
export function spansFromRedacted(input: string, redacted: string): Span[] {
  if (!redacted.includes(SENTINEL)) return [];
  const kept = redacted.split(SENTINEL);
  const pattern = new RegExp(`^${kept.map(escape).join("([\\s\\S]+?)")}$`, "d");
  const m = pattern.exec(input);
  const spans: Span[] = [];
  if (m?.indices) {
    for (let i = 1; i < m.indices.length; i++) {
      const range = m.indices[i];
      if (range) spans.push({ start: range[0], end: range[1] });
    }
    return spans;
  }
  // Alignment failed (the library changed kept text too): count the message as flagged.
  return [{ start: 0, end: input.length }];
}

export function createRedactPii(): (text: string) => Span[] {
  const redactor = new SyncRedactor({ globalReplaceWith: SENTINEL });
  return (text) => spansFromRedacted(text, redactor.redact(text));
}

export function createRedactPiiRaw(): (text: string) => string {
  const redactor = new SyncRedactor({ globalReplaceWith: SENTINEL });
  return (text) => redactor.redact(text);
}

export function createOpenRedaction(): (text: string) => Promise<Span[]> {
  const detector = new OpenRedaction({ preset: "hipaa" });
  return async (text) => {
    const result = await detector.detect(text);
    return result.detections.map((d) => ({ start: d.position[0], end: d.position[1] }));
  };
}
