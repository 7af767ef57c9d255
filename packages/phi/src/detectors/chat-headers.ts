// Chat exports: each message opens with a header naming who wrote it, and the apps write that
// header in fixed layouts —
//   WhatsApp (iOS)      "[14/02/25, 09:41:07] Name: text"
//   WhatsApp (Android)  "14/02/25, 09:41 - Name: text"
//   Telegram (copied)   "Name, [14.02.2025 09:41]" on a line of its own
//   Slack (copied)      "Name  9:41 AM" on a line of its own, two spaces before the time
// The speaker of such a line is a person, typed however they typed it (lower case too), unless
// the speaker is the business or its assistant ("Front Desk", "Riverside Dental", "You").
import { FIRST_NAMES, ORG_SUFFIXES, SURNAMES } from "../names";
import { VOCABULARY_HASHES } from "../name-lexicon";
import { type Candidate } from "../types";
import { hashWord } from "./words";

const DATE = String.raw`\d{1,4}[./-]\d{1,2}[./-]\d{1,4}`;
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[ \u202f]?[ap]\.?m\.?)?`;
// The speaker: no colon, bracket or line break, at most 60 characters.
const SPEAKER = String.raw`([^:[\]\r\n]{1,60})`;

const WHATSAPP_IOS = new RegExp(String.raw`^\[${DATE},? ${TIME}\] ${SPEAKER}: `, "i");
const WHATSAPP_ANDROID = new RegExp(String.raw`^${DATE},? ${TIME} [-–] ${SPEAKER}: `, "i");
const TELEGRAM = new RegExp(String.raw`^([^,:[\]\r\n]{1,60}), \[${DATE},? ${TIME}\][ \t\r]*$`, "i");
// Slack writes "9:41 AM" in capitals.
const SLACK = new RegExp(
  String.raw`^([^\s:[\]]+(?: [^\s:[\]]+){0,5}) {2,}\[?${TIME}\]?[ \t\r]*$`,
  "i",
);

// Who the business is, in a chat with a customer: these words name a desk, a team or a bot.
const BUSINESS = new Set(
  `you me desk frontdesk reception receptionist front office team staff support service services
  admin billing bot assistant system notification notifications info help helpdesk nurse nurses
  line practice shop store pharmacy dental dentist clinic care team vet veterinary salon spa
  customer customers sales orders appointments booking bookings scheduler scheduling concierge
  channel general everyone here`
    .split(/\s+/)
    .concat([...ORG_SUFFIXES]),
);

/**
 * Whether a chat header's speaker is a person: letters only, and not the business itself. In a
 * layout that plain text can imitate (`loose`: Telegram's and Slack's lines), one word is a
 * speaker only when it is a known given name or surname ("Checkout  4:17 PM" is not).
 */
export function personSpeaker(speaker: string, loose = false): boolean {
  const words = speaker.replace(/^~\s*/, "").trim().split(/\s+/);
  if (words.length === 0 || words.length > 6) return false;
  let person = false;
  let known = false;
  for (const w of words) {
    // Uzbek writes its glottal stop as ‘ when ʻ is not at hand ("O‘tkir", "Ulug‘bekov").
    if (!/^[\p{L}\p{M}][\p{L}\p{M}'’‘.-]*$/u.test(w)) return false;
    const lower = w.toLowerCase().replace(/\.$/, "");
    if (BUSINESS.has(lower)) return false;
    known ||= FIRST_NAMES.has(lower) || SURNAMES.has(lower);
    person ||= known || !VOCABULARY_HASHES.has(hashWord(lower));
  }
  return person && (!loose || words.length > 1 || known);
}

/** Whether the ":" at `i` sits in a time ("9:41", "09:41:07"): a digit before, two after. */
function timeColon(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const a = text.charCodeAt(i + 1);
  const b = text.charCodeAt(i + 2);
  return before >= 48 && before <= 57 && a >= 48 && a <= 57 && b >= 48 && b <= 57;
}

/**
 * Finds the speakers of chat-export header lines. Every layout holds a time, so only the lines
 * with a digit, ":" and two digits are read: text with no ":" pays one indexOf, and prose lines
 * with colons one comparison per colon. `firstColon`: where the text's first ":" is, when the
 * caller has looked for it already.
 */
export function detectChatHeaders(
  text: string,
  out: Candidate[],
  firstColon = text.indexOf(":"),
): void {
  for (let colon = firstColon; colon >= 0; colon = text.indexOf(":", colon + 1)) {
    if (!timeColon(text, colon)) continue;
    const lineStart = text.lastIndexOf("\n", colon) + 1;
    let lineEnd = text.indexOf("\n", colon);
    if (lineEnd < 0) lineEnd = text.length;
    headerLine(text, lineStart, lineEnd, out);
    colon = lineEnd;
  }
}

/** The speaker of text[lineStart, lineEnd) when the line is a chat export's header. */
function headerLine(text: string, lineStart: number, lineEnd: number, out: Candidate[]): void {
  const first = text.charCodeAt(lineStart);
  // Each layout is tried only where its line can start: "[" or a digit for WhatsApp, a letter
  // for Telegram and Slack, and only on a line of at most 120 characters for the latter two.
  const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 160));
  let m: RegExpExecArray | null = null;
  let loose = false;
  if (first === 91) m = WHATSAPP_IOS.exec(line);
  else if (first >= 48 && first <= 57) m = WHATSAPP_ANDROID.exec(line);
  else if (lineEnd - lineStart <= 120) {
    // Telegram's header holds ", [" and Slack's two spaces before the time.
    m =
      (line.includes(", [") ? TELEGRAM.exec(line) : null) ??
      (line.includes("  ") ? SLACK.exec(line) : null);
    loose = true;
  }
  const speaker = m?.[1];
  if (m && speaker && personSpeaker(speaker, loose)) {
    const lead = speaker.length - speaker.replace(/^~\s*/, "").trimStart().length;
    const at = lineStart + m[0].indexOf(speaker) + lead;
    const name = speaker.slice(lead).trimEnd();
    out.push({ type: "NAME", start: at, end: at + name.length, confidence: 0.9 });
  }
}
