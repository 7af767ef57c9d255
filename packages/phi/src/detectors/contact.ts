// EMAIL, URL and IP_ADDRESS: shapes that are unambiguous once validated.
import { ipv4Valid, ipv6Valid } from "../checksums";
import { type Candidate } from "../types";
import { CHAR, SPACE } from "./chars";
import {
  type TextFeatures,
  before,
  candidate,
  firstMatch,
  matchesAtNumbers,
  trimTrailingPunctuation,
} from "./util";
import { SHAPE } from "./numbers";

// Linear by construction: a match starts only where a run of local-part characters starts (the
// lookbehind), so a failed attempt that scanned a run is never repeated from inside it: without
// it, "a.a.a.…" with no "@" after cost a scan to the end of the run from every character.
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;

// Scheme or www URLs, plus bare domains with a path or a common TLD ("portal.clinic.org/p/123").
// A bare domain starts only where a run of labels starts (after a character that cannot be in a
// label, or after an empty label): as for EMAIL, each run is scanned once, not once per label.
const URL_PATTERN =
  /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`]+|(?<![a-z0-9-])(?<![a-z0-9-]\.)\b(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|us|uk|ca|health|care|info|me|app|ly|gl)\b(?:\/[^\s<>"'`]*)?/gi;

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/y;
// Candidates only: at least two colons and hex groups; ipv6Valid decides.
const IPV6 =
  /(?<![\w:.])(?:[0-9A-F]{0,4}:){2,7}(?:[0-9A-F]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/gi;

/** White space, a quote, a backtick or an angle bracket: what ends a stretch a URL may lie in. */
const isChunkBreak = (c: number): boolean =>
  ((CHAR[c] ?? 0) & SPACE) !== 0 || c === 60 || c === 62 || c === 34 || c === 39 || c === 96;

/** Start of the stretch of text around `at` without white space, quotes or angle brackets. */
function chunkStart(text: string, at: number): number {
  let p = at;
  while (p > 0 && !isChunkBreak(text.charCodeAt(p - 1))) p--;
  return p;
}

/**
 * URL_PATTERN's matches from `from` on. A match holds none of the characters chunkStart stops at
 * and holds a "." or a ":" before its last character, so it lies inside one stretch without those
 * characters that holds such a "." or ":": only those stretches are searched (with two characters
 * before and one after, for the lookbehinds and \b), not every word of the text.
 */
function urls(text: string, from: number, out: Candidate[]): void {
  let p = Math.max(0, from);
  let dot = text.indexOf(".", p);
  let colon = text.indexOf(":", p);
  while (dot >= 0 || colon >= 0) {
    const q = colon < 0 || (dot >= 0 && dot < colon) ? dot : colon;
    if (q + 1 < text.length && !isChunkBreak(text.charCodeAt(q + 1))) {
      const start = Math.max(p, chunkStart(text, q));
      let end = q + 1;
      while (end < text.length && !isChunkBreak(text.charCodeAt(end))) end++;
      urlsInChunk(text, start, end, out);
      p = end;
    } else p = q + 1;
    if (dot >= 0 && dot < p) dot = text.indexOf(".", p);
    if (colon >= 0 && colon < p) colon = text.indexOf(":", p);
  }
}

function urlsInChunk(text: string, start: number, end: number, out: Candidate[]): void {
  const offset = Math.max(0, start - 2);
  const chunk = text.slice(offset, end + 1);
  URL_PATTERN.lastIndex = start - offset;
  for (let m = URL_PATTERN.exec(chunk); m !== null; m = URL_PATTERN.exec(chunk)) {
    const s = offset + m.index;
    // A bare domain glued to an "@" is the host part of an email address.
    if (text.charAt(s - 1) === "@") continue;
    const e = trimTrailingPunctuation(text, s, s + m[0].length);
    const value = text.slice(s, e);
    if (!/[/:]|^www\./i.test(value) && /^\d+(?:\.\d+)+$/.test(value)) continue;
    out.push(candidate("URL", s, e, /^(?:https?|ftp):|^www\./i.test(value) ? 0.97 : 0.8));
  }
}

const isHex = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Two colons with at most four hex digits between them: where an IPv6 candidate must start. */
function colonPair(text: string): boolean {
  let p = text.indexOf(":");
  while (p >= 0) {
    const q = text.indexOf(":", p + 1);
    if (q < 0) return false;
    if (q - p <= 5) {
      let hex = true;
      for (let i = p + 1; i < q && hex; i++) hex = isHex(text.charCodeAt(i));
      if (hex) return true;
    }
    p = q;
  }
  return false;
}

export function detectContact(text: string, f: TextFeatures, out: Candidate[] = []): Candidate[] {
  // Emails and URLs hold no white space or quotes, so none starts before the stretch without
  // them that holds the first "@" (for a URL: the first "." or URL hint): the scans start there.
  if (f.at) {
    EMAIL.lastIndex = chunkStart(text, text.indexOf("@"));
    for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
      const start = m.index;
      out.push(
        candidate("EMAIL", start, trimTrailingPunctuation(text, start, start + m[0].length), 0.99),
      );
    }
  }
  // Cheap gate for URL_PATTERN: a dot glued to letters, or a scheme separator.
  if (f.urlHint) {
    const dot = text.indexOf(".");
    urls(text, chunkStart(text, dot >= 0 ? Math.min(dot, f.urlHintAt) : f.urlHintAt), out);
  }
  if (f.maxDigitRun >= 4)
    for (const m of matchesAtNumbers(IPV4, text, f, SHAPE.IPV4, false)) {
      if (!ipv4Valid(m[0])) continue;
      // "version 1.2.3.4" / "v1.2.3.4" is a build number, not a host.
      if (/(?:\bv|version|ver\.?|build)\s*$/i.test(before(text, m.index, 12))) continue;
      out.push(candidate("IP_ADDRESS", m.index, m.index + m[0].length, 0.95));
    }
  if (f.colons >= 2 && colonPair(text))
    for (let m = firstMatch(IPV6, text); m !== null; m = IPV6.exec(text)) {
      const value = m[0];
      if (!/[0-9A-F]/i.test(value) || (!value.includes("::") && value.split(":").length < 8))
        continue;
      if (!ipv6Valid(value)) continue;
      out.push(candidate("IP_ADDRESS", m.index, m.index + value.length, 0.95));
    }
  return out;
}
