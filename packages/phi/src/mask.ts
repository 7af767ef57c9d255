// Redaction. Every style is one-way: `type` and `partial` drop the value, `hash` replaces it with
// a keyed HMAC so the same value links across events without being readable or guessable
// (an unkeyed hash of a phone number can be reversed by enumerating phone numbers).
import { createHmac } from "node:crypto";
import { type MaskOptions, type PhiFinding, type PhiType } from "./types";

const LAST_FOUR: ReadonlySet<PhiType> = new Set(["CREDIT_CARD", "PHONE", "FAX", "ACCOUNT_NUMBER"]);

/** Normalises so that formatting differences ("(555) 123-4567" vs "555-123-4567") hash alike. */
function canonical(type: PhiType, value: string): string {
  if (type === "NAME" || type === "ADDRESS" || type === "EMAIL" || type === "URL") {
    return value.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  }
  return value
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Masks every letter and digit except the last four, keeping the separators. */
function keepLastFour(value: string): string {
  const total = (value.match(/[\p{L}\p{N}]/gu) ?? []).length;
  // Too short to keep four characters without revealing everything.
  let remaining = total <= 6 ? total : total - 4;
  let out = "";
  for (const ch of value) {
    if (remaining > 0 && /[\p{L}\p{N}]/u.test(ch)) {
      out += "*";
      remaining--;
    } else out += ch;
  }
  return out;
}

function partial(type: PhiType, value: string): string {
  switch (type) {
    case "SSN": {
      const digits = value.replace(/\D/g, "");
      return digits.length === 9 ? `***-**-${digits.slice(5)}` : "***-**-****";
    }
    case "EMAIL": {
      const at = value.lastIndexOf("@");
      const first = Array.from(value)[0] ?? "";
      return at > 0 ? `${first}***${value.slice(at)}` : "[EMAIL]";
    }
    case "NAME": {
      const initials = value
        .split(/[\s-]+/)
        .map((w) => Array.from(w.replace(/^\P{L}+/u, ""))[0]?.toUpperCase() ?? "")
        .filter((c) => c !== "");
      return initials.length > 0 ? initials.map((c) => `${c}.`).join(" ") : "[NAME]";
    }
    case "ZIP_CODE": {
      // Safe Harbor allows the first three digits of a ZIP.
      const digits = value.replace(/\D/g, "");
      return digits.length >= 5 ? `${digits.slice(0, 3)}**` : "[ZIP_CODE]";
    }
    case "AGE_OVER_89":
      return "[AGE 90+]";
    default:
      return LAST_FOUR.has(type) ? keepLastFour(value) : `[${type}]`;
  }
}

export function maskValue(type: PhiType, value: string, opts: MaskOptions): string {
  switch (opts.style) {
    case "type":
      return `[${type}]`;
    case "partial":
      return partial(type, value);
    case "hash": {
      if (!opts.key) throw new Error('maskValue: style "hash" needs a key');
      const digest = createHmac("sha256", opts.key)
        .update(`${type}\u0000${canonical(type, value)}`)
        .digest("hex");
      return `[${type}:${digest.slice(0, 8)}]`;
    }
  }
}

interface Region {
  type: PhiType;
  start: number;
  end: number;
}

/** Sorted, clamped and merged, so an overlap from a careless caller cannot leave raw text behind. */
function regions(text: string, findings: readonly PhiFinding[]): Region[] {
  const sorted = findings
    .map((f) => ({ type: f.type, start: Math.max(0, f.start), end: Math.min(text.length, f.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Region[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

export function maskPhi(text: string, findings: readonly PhiFinding[], opts: MaskOptions): string {
  let out = "";
  let cursor = 0;
  for (const r of regions(text, findings)) {
    out += text.slice(cursor, r.start) + maskValue(r.type, text.slice(r.start, r.end), opts);
    cursor = r.end;
  }
  return out + text.slice(cursor);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * The text around one finding, for an audit row. Every finding in the window is masked, and the
 * window grows to swallow any finding it would otherwise cut in half, so no fragment of raw PHI
 * survives at its edges.
 */
export function maskedContext(
  text: string,
  finding: PhiFinding,
  findings: readonly PhiFinding[],
  opts: MaskOptions,
  window = 40,
): string {
  const all = findings.some((f) => f.start === finding.start && f.end === finding.end)
    ? findings
    : [...findings, finding];
  let start = Math.max(0, finding.start - window);
  let end = Math.min(text.length, finding.end + window);
  for (let changed = true; changed;) {
    changed = false;
    for (const f of all) {
      if (f.start < start && f.end > start) {
        start = Math.max(0, f.start);
        changed = true;
      }
      if (f.start < end && f.end > end) {
        end = Math.min(text.length, f.end);
        changed = true;
      }
    }
  }
  if (start > 0 && isHighSurrogate(text.charCodeAt(start - 1))) start--;
  if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
  const inside = all
    .filter((f) => f.end > start && f.start < end)
    .map((f) => ({ ...f, start: f.start - start, end: f.end - start }));
  const body = maskPhi(text.slice(start, end), inside, opts);
  return `${start > 0 ? "…" : ""}${body}${end < text.length ? "…" : ""}`;
}
