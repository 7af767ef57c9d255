// Shapes of a person's name that the contextual NAME rules (names.ts) leave out, read from the
// word index the scan already built:
// - a name typed in lower case right after a word that takes a person: a patient or client noun,
//   a verb of telling or calling, "it's" ("patient armine gerard", "tell deb the 4 PM …", "can u
//   ring robbie back", "hi it's clorinda caccamo");
// - a family name in capitals before the given name, the way records, rosters and letters write
//   it ("HAMILL Katelin", "STELMACH, Michał", "APODACA DE MACÍAS, Damián");
// - a title, then the lower-case particles of a family name ("Dr van Niekerk", "Mr. ibn Rippin");
// - the words right before a person's identifier label ("Bunsuz Bölükbaş DOB 3/18/1958", "Aleksy
//   Witek, PESEL …", "LAWAL Aminat (MRN …)");
// - "my name is" in other languages ("Nazywam się Aleksy Witek", "Meu nome é Cecília Barros",
//   "Tôi là Lê Duy Luận");
// - the cell after an HTML table's header cell naming a person ("<th>Patient</th><td>…</td>");
// - a calendar entry's SUMMARY that ends in a name after a dash ("SUMMARY:Fitting – Adam Varga");
// - a name in a script the word index does not read (Arabic, Hebrew, Thai, CJK, Hangul) inside
//   Latin text, right after a cue ("c/o 风华 祁") or before what people do ("ساغر فنایی needs …").
// A word is a name's part when it is a known given name or surname, or no English word at all
// (compromise's vocabulary, its plurals, English endings), no chat or clinical shorthand, and has
// a vowel.
import {
  AMBIGUOUS_FIRST,
  FIRST_NAMES,
  NAME_PARTICLES,
  NON_NAME_WORDS,
  ORGANIZATIONS,
  SURNAMES,
} from "../names";
import { VOCABULARY_HASHES } from "../name-lexicon";
import { type Candidate } from "../types";
import { CHAR, LETTER, LOWER, UPPER } from "./chars";
import { type TextFeatures } from "./util";
import { HashSet, type WordIndex, endings, endsWithAny, hashWord } from "./words";

const hashes = (words: Iterable<string>): HashSet => new HashSet([...words].map(hashWord));
const KNOWN = hashes([...FIRST_NAMES, ...SURNAMES]);
const AMBIGUOUS = hashes(AMBIGUOUS_FIRST);
const NON_NAME = hashes(NON_NAME_WORDS);
const PARTICLE = hashes(NAME_PARTICLES);

// Words after which a lower-case word may be a person: who a clinic's note is about, verbs that
// take a person as their object, and "it's"/"i'm" introducing oneself.
const NOUN_CUE_WORDS = ["patient", "pt", "client", "resident"];
const VERB_CUE_WORDS =
  "tell told ask asked ring rang call text texted remind reminded page paged bill billed".split(
    " ",
  );
const SELF_CUE_WORDS = ["it's", "its", "i'm", "im"];
const NOUN_CUES = hashes(NOUN_CUE_WORDS);
const VERB_CUES = hashes(VERB_CUE_WORDS);
const SELF_CUES = hashes(SELF_CUE_WORDS);
// What ends a name introduced by "it's": punctuation, the end, or "from", "here", "again".
const SELF_END = /^(?:[ \t]*(?:[,.!?;:]|\r?\n|$)|[ \t]+(?:from|here|again|speaking|calling)\b)/;
// "My name is" in other languages, by its last word, with the word that must stand before it:
// Spanish, Italian, French, German, Portuguese, Vietnamese, Polish, Russian, Turkish, Czech,
// Croatian and Serbian, Swedish, Norwegian, Danish, Romanian, Greek, Dutch.
const INTRODUCTIONS = new Map<number, number[]>();
// Each phrase has two words or more: phrases of one word ("soy", "sono") are words of other
// phrases too.
for (const phrase of `me llamo|mi chiamo|je m'appelle|ich heiße|ich heisse|meu nome é|
  me chamo|tôi là|tôi tên là|nazywam się|mam na imię|меня зовут|benim adım|jmenuji se|
  zovem se|jag heter|jeg heter|jeg hedder|mă numesc|ma numesc|με λένε|ik heet|
  mijn naam is`.split("|")) {
  const parts = phrase.trim().split(" ");
  const last = hashWord(parts[parts.length - 1] ?? "");
  const before = hashWord(parts[parts.length - 2] ?? "");
  INTRODUCTIONS.set(last, [...(INTRODUCTIONS.get(last) ?? []), before]);
}
// What follows a one-word name after a verb: "tell deb the …", "ring robbie back", "ask bex to".
const VERB_OBJECT_END =
  /^(?:[ \t]*(?:[,.!?;:]|\r?\n|$)|[ \t]+(?:back|the|to|that|about|re|when|if|on|at|for|i|we|asap|pls|please|and)\b)/;
const TITLE_WORDS = "dr mr mrs ms prof dra sr sra herr frau".split(" ");
const TITLES = hashes(TITLE_WORDS);
// Identifier labels written after the name they belong to.
const ID_LABEL_WORDS = "dob mrn pesel bsn nhs ssn".split(" ");
const ID_LABELS = hashes(ID_LABEL_WORDS);
// After these the verb is a noun ("the call volume", "your text alerts").
const DETERMINERS = hashes(
  "the a an my your our his her their this that each every per any no one".split(" "),
);

// Chat shorthand and clinical abbreviations that no vocabulary lists and that follow those cues
// ("tell u", "call asap", "patient nkda").
const SHORTHAND = hashes(
  `u ur ya yall em pls plz thx tmrw tmr tmw asap btw lol omg idk rn nvm ok okay k gonna wanna abt
  bc cuz cos tho thru hx dx sx tx rx fx px nkda prn bid tid qid qd qhs po iv im sc sq sob cp abd
  yo nad wnl npo dnr loc ekg ecg htn dm copd chf cad ckd uti uri gerd afib bp hr rr temp wt ht aka
  eta fyi tbd tba pm am covid`.split(/\s+/),
);

// Labels and calendar abbreviations written in capitals before a name ("ATTN Maria", "TUE Ana").
const CAPITAL_LABELS = hashes(
  `attn re fwd fw cc bcc ps nb rsvp dob mrn pesel bsn nhs ssn mon tue tues wed thu thur thurs fri
  sat sun jan feb mar apr jun jul aug sep sept oct nov dec`.split(/\s+/),
);

// Endings of English words the vocabulary may lack ("annoyingly"); not -ed, -al or -ic, which
// end many given names and surnames (Ahmed, Bilal, Ivanović).
const ENGLISH_SUFFIXES = endings("ous ful able ible ive ing ly less ness ment tion sion ity");

const isLetter = (c: number): boolean => ((CHAR[c] ?? 0) & LETTER) !== 0;
const isUpperCode = (c: number): boolean => ((CHAR[c] ?? 0) & UPPER) !== 0;
const isLowerCode = (c: number): boolean => ((CHAR[c] ?? 0) & LOWER) !== 0;

/** Whether text[start, end) holds a vowel (any letter outside ASCII counts as one). */
function hasVowel(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121) return true;
    if (text.charCodeAt(i) >= 128 && isLetter(text.charCodeAt(i))) return true;
  }
  return false;
}

/** The longest name part read: a flood of letters is read no further. */
const MAX_PART = 40;

/**
 * Whether word i of the index may be part of a name (whatever its case). A given name that is
 * also a word ("jean", "will") only after another part (`inside`).
 */
function namePart(w: WordIndex, i: number, inside = false): boolean {
  const h = w.hashes[i] ?? 0;
  const start = w.starts[i] ?? 0;
  const end = w.ends[i] ?? 0;
  if (end - start < 2 || end - start > MAX_PART || NON_NAME.has(h) || SHORTHAND.has(h))
    return false;
  if (KNOWN.has(h)) return inside || !AMBIGUOUS.has(h);
  if (VOCABULARY_HASHES.has(h) || !hasVowel(w.text, start, end)) return false;
  if (endsWithAny(ENGLISH_SUFFIXES, w.text, start, end)) return false;
  return !englishPlural(w.text.slice(start, end).toLowerCase());
}

/** "reminders", "boxes": the vocabulary lists singular nouns only. */
function englishPlural(lower: string): boolean {
  if (!lower.endsWith("s") || lower.length < 4) return false;
  if (VOCABULARY_HASHES.has(hashWord(lower.slice(0, -1)))) return true;
  return lower.endsWith("es") && VOCABULARY_HASHES.has(hashWord(lower.slice(0, -2)));
}

/**
 * Whether a lone word is an English compound ("doorbell", "oncall") or a firm ("uber"): read
 * only for a one-word name after a cue, where a surname such as "Newman" has its given name's
 * support missing anyway.
 */
function notLoneName(lower: string): boolean {
  if (ORGANIZATIONS.has(lower)) return true;
  for (let k = 3; k <= lower.length - 3; k++)
    if (
      VOCABULARY_HASHES.has(hashWord(lower.slice(0, k))) &&
      VOCABULARY_HASHES.has(hashWord(lower.slice(k)))
    )
      return true;
  return false;
}

/** Whether words i-1 and i are separated by exactly one space. */
function spaced(w: WordIndex, i: number): boolean {
  const end = w.ends[i - 1] ?? -2;
  return (w.starts[i] ?? 0) === end + 1 && w.text.charCodeAt(end) === 32;
}

/** Whether every letter of word i is a capital (two letters or more). */
function capitals(w: WordIndex, i: number): boolean {
  const start = w.starts[i] ?? 0;
  const end = w.ends[i] ?? 0;
  let letters = 0;
  for (let k = start; k < end; k++) {
    const c = w.text.charCodeAt(k);
    if (isLowerCode(c)) return false;
    if (isUpperCode(c)) letters++;
  }
  return letters >= 2;
}

/** Whether word i starts with a capital and holds a small letter ("Katelin", "Ha-Eun"). */
function titleCase(w: WordIndex, i: number): boolean {
  const start = w.starts[i] ?? 0;
  const end = w.ends[i] ?? 0;
  if (!isUpperCode(w.text.charCodeAt(start))) return false;
  for (let k = start + 1; k < end; k++) if (isLowerCode(w.text.charCodeAt(k))) return true;
  return false;
}

const startsLower = (w: WordIndex, i: number): boolean =>
  isLowerCode(w.text.charCodeAt(w.starts[i] ?? 0));

/** "patient armine gerard", "tell deb": lower-case name parts right after a cue word. */
function lowerCaseAfterCue(w: WordIndex, i: number, out: Candidate[]): number {
  const h = w.hashes[i] ?? 0;
  const noun = NOUN_CUES.has(h);
  const verb = !noun && VERB_CUES.has(h) && !(i > 0 && DETERMINERS.has(w.hashes[i - 1] ?? 0));
  if (!noun && !verb && !SELF_CUES.has(h)) return i;
  let j = i + 1;
  while (j < w.length && j - i <= 4 && spaced(w, j) && startsLower(w, j)) {
    // A particle inside a name ("eveline de jonge"), not at its ends.
    const h2 = w.hashes[j] ?? 0;
    if (!(j > i + 1 && PARTICLE.has(h2) && j + 1 < w.length) && !namePart(w, j, j > i + 1)) break;
    j++;
  }
  // j is past the last name part; a fourth part means a sentence in another language, not a name.
  let last = j - 1;
  while (last > i && PARTICLE.has(w.hashes[last] ?? 0)) last--;
  const parts = last - i;
  if (parts === 0 || j - i > 4) return i;
  // One word alone: a known name after any cue, an unknown word of three letters or more only
  // after a verb that takes a person ("tell mags", not "patient portal").
  // After "it's", one that ends the phrase ("hey it's jūlija from next door").
  if (parts === 1) {
    const hw = w.hashes[i + 1] ?? 0;
    const end = w.ends[i + 1] ?? 0;
    const length = end - (w.starts[i + 1] ?? 0);
    const self = !noun && !verb && SELF_END.test(w.text.slice(end, end + 12));
    if (KNOWN.has(hw)) {
      // A known name: taken as it is.
    } else if (!(verb && length >= 3 && VERB_OBJECT_END.test(w.text.slice(end, end + 10))) && !self)
      return i;
    else if (notLoneName(w.text.slice(end - length, end).toLowerCase())) return i;
  }
  out.push({ type: "NAME", start: w.starts[i + 1] ?? 0, end: w.ends[last] ?? 0, confidence: 0.74 });
  return last;
}

/** "HAMILL Katelin", "DE BRUIJN, Fayenne": a family name in capitals, then the given name. */
function capitalFamilyName(w: WordIndex, i: number, out: Candidate[]): number {
  // Most capital words (codes, HL7 fields, headings) are followed by neither " " nor ",".
  const after = w.text.charCodeAt(w.ends[i] ?? 0);
  if (after !== 32 && after !== 44) return i;
  // The run of capital words joined by single spaces, read by its shape first: most runs are
  // acronyms and headings with no given name after them.
  let j = i;
  while (j < w.length && j - i < 4 && (j === i || spaced(w, j)) && capitals(w, j)) j++;
  if (j === i) return i;
  if (j >= w.length) return j - 1;
  // Then ", " or " ", and the given name in title case (in capitals too after a comma).
  const gapStart = w.ends[j - 1] ?? 0;
  const gapLength = (w.starts[j] ?? 0) - gapStart;
  const comma = gapLength === 2 && w.text.charCodeAt(gapStart) === 44;
  if (!comma && !(gapLength === 1 && w.text.charCodeAt(gapStart) === 32)) return j - 1;
  if (comma && w.text.charCodeAt(gapStart + 1) !== 32) return j - 1;
  if (!(titleCase(w, j) || (comma && capitals(w, j)))) return j - 1;
  // The family name: the capital words right before it that are name parts or particles
  // ("URGENT BILOLYEV Shahboz" starts at BILOLYEV).
  let s = j;
  let named = false;
  while (s > i) {
    const h = w.hashes[s - 1] ?? 0;
    const part = !CAPITAL_LABELS.has(h) && namePart(w, s - 1);
    if (!part && !PARTICLE.has(h)) break;
    named ||= part;
    s--;
  }
  if (!named || PARTICLE.has(w.hashes[j - 1] ?? 0) || !namePart(w, j)) return j - 1;
  // A family name of one short capital word before an unknown given name could be an acronym
  // and a brand ("ADHD Adderall"): one of the two must be a known name, or the comma be there.
  const known = KNOWN.has(w.hashes[j] ?? 0) || KNOWN.has(w.hashes[j - 1] ?? 0);
  if (!known && !comma && j - s === 1 && (w.ends[s] ?? 0) - (w.starts[s] ?? 0) < 5) return j - 1;
  out.push({ type: "NAME", start: w.starts[s] ?? 0, end: w.ends[j] ?? 0, confidence: 0.8 });
  return j;
}

/** "Dr van Niekerk", "Mr. ibn Rippin": a title, particles, a capitalised word. */
function particlesAfterTitle(w: WordIndex, i: number, out: Candidate[]): number {
  if (!TITLES.has(w.hashes[i] ?? 0)) return i;
  const gap = w.text.slice(w.ends[i] ?? 0, w.starts[i + 1] ?? 0);
  if (gap !== " " && gap !== ". ") return i;
  let j = i + 1;
  while (j < w.length && j - i <= 4 && PARTICLE.has(w.hashes[j] ?? 0) && startsLower(w, j)) {
    if (j > i + 1 && !spaced(w, j)) return i;
    j++;
  }
  if (j === i + 1 || j >= w.length || !spaced(w, j) || !titleCase(w, j) || !namePart(w, j))
    return i;
  out.push({ type: "NAME", start: w.starts[i + 1] ?? 0, end: w.ends[j] ?? 0, confidence: 0.85 });
  return j;
}

/** "Nazywam się Aleksy Witek": capitalised name parts after a self-introduction. */
function introducedName(w: WordIndex, i: number, out: Candidate[]): number {
  const before = INTRODUCTIONS.get(w.hashes[i] ?? 0);
  if (!before || i + 1 >= w.length || !spaced(w, i + 1)) return i;
  // The name opens with a capital, or with a particle ("Sono ibn Dalmasso").
  if (!titleCase(w, i + 1) && !(PARTICLE.has(w.hashes[i + 1] ?? 0) && titleCase(w, i + 2)))
    return i;
  const prev = i > 0 && spaced(w, i) ? (w.hashes[i - 1] ?? 0) : -1;
  if (!before.includes(prev)) return i;
  let j = i + 1;
  let last = i;
  while (j < w.length && j - i <= 4 && (j === i + 1 || spaced(w, j))) {
    if (titleCase(w, j) && namePart(w, j, j > i + 1)) last = j;
    else if (!(PARTICLE.has(w.hashes[j] ?? 0) && startsLower(w, j))) break;
    j++;
  }
  if (last === i || (last === i + 1 && !titleCase(w, i + 1))) return i;
  out.push({ type: "NAME", start: w.starts[i + 1] ?? 0, end: w.ends[last] ?? 0, confidence: 0.85 });
  return last;
}

/** Whether word k is an initial followed by "." and one space ("J. Smith"). */
function initial(w: WordIndex, k: number): boolean {
  const start = w.starts[k] ?? 0;
  const end = w.ends[k] ?? 0;
  return (
    end - start === 1 && isUpperCode(w.text.charCodeAt(start)) && w.text.charCodeAt(end) === 46
  );
}

/** "Bunsuz Bölükbaş DOB …", "Aleksy Witek, PESEL …": the capitalised words before the label. */
function nameBeforeLabel(w: WordIndex, i: number, out: Candidate[]): void {
  if (!ID_LABELS.has(w.hashes[i] ?? 0) || !capitals(w, i) || i === 0) return;
  const gap = w.text.slice(w.ends[i - 1] ?? 0, w.starts[i] ?? 0);
  if (gap !== " " && gap !== ", " && gap !== " (") return;
  let k = i - 1;
  let parts = 0;
  let known = false;
  while (k >= 0 && i - k <= 5) {
    if (k < i - 1) {
      const between = w.text.slice(w.ends[k] ?? 0, w.starts[k + 1] ?? 0);
      if (between !== " " && !(between === ". " && initial(w, k))) break;
    }
    const lower = startsLower(w, k);
    if (lower && !PARTICLE.has(w.hashes[k] ?? 0)) break;
    if (CAPITAL_LABELS.has(w.hashes[k] ?? 0)) break;
    if (!lower && !initial(w, k)) {
      if (!(titleCase(w, k) || capitals(w, k)) || !namePart(w, k)) break;
      known ||= KNOWN.has(w.hashes[k] ?? 0);
      parts++;
    }
    k--;
  }
  let first = k + 1;
  // The name starts with a capital (particles inside it only).
  while (first < i && startsLower(w, first)) first++;
  if (first >= i || (parts < 2 && !known)) return;
  out.push({
    type: "NAME",
    start: w.starts[first] ?? 0,
    end: w.ends[i - 1] ?? 0,
    confidence: 0.78,
  });
}

// The header cells of an HTML table that name a person.
const PERSON_HEADER =
  /<th[^<>]{0,40}>\s{0,4}(?:patient|patient name|name|full name|guarantor|subscriber|insured|member|member name|contact|next of kin|cardholder)\s{0,4}<\/th>\s{0,4}<td[^<>]{0,40}>([^<>\n]{1,80})<\/td>/gi;

/** "<th>Patient</th><td>Fulya Atasever</td>": a name-shaped cell after a person's header. */
function htmlHeaderCells(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(PERSON_HEADER)) {
    const value = m[1] ?? "";
    const lead = value.length - value.trimStart().length;
    const cell = value.trim();
    if (cell.length === 0 || !personShaped(cell)) continue;
    const start = (m.index ?? 0) + m[0].length - 5 - value.length + lead;
    out.push({ type: "NAME", start, end: start + cell.length, confidence: 0.85 });
  }
}

const NAME_TOKEN =
  /^(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*|de|van|von|der|den|la|le|da|di|del|du|dos|ter|bin|ibn|al|el)$/u;

/** Whether a short value reads as a person's name: capitalised words (particles inside), no
 * English word that is no known name. */
function personShaped(value: string): boolean {
  const words = value
    .replace(/,/g, " ")
    .split(/\s+/)
    .filter((x) => x.length > 0);
  if (words.length < 1 || words.length > 5) return false;
  let names = 0;
  for (const word of words) {
    if (!NAME_TOKEN.test(word)) return false;
    const h = hashWord(word.replace(/\.$/, ""));
    if (PARTICLE.has(h) || word.length <= 2) continue;
    if (NON_NAME.has(h) || (VOCABULARY_HASHES.has(h) && !KNOWN.has(h))) return false;
    names++;
  }
  return names > 0;
}

// A calendar entry's summary ending in a name: "SUMMARY:Cleaning – Roch Perrot".
const SUMMARY_NAME = /^SUMMARY[^:\n]{0,40}:[^\n–—]{1,40}?\s[-–—]\s([^\n]{1,60}?)\r?$/;

/** Each line that opens with "SUMMARY", read alone (a discharge summary's heading is not one). */
function calendarSummaries(text: string, out: Candidate[]): void {
  for (let at = text.indexOf("SUMMARY"); at >= 0; at = text.indexOf("SUMMARY", at + 7)) {
    if (at > 0 && text.charCodeAt(at - 1) !== 10) continue;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    const m = SUMMARY_NAME.exec(text.slice(at, Math.min(end, at + 160)));
    const value = (m?.[1] ?? "").trimEnd();
    if (!m || !personShaped(value)) continue;
    const start = at + m[0].lastIndexOf(value);
    out.push({ type: "NAME", start, end: start + value.length, confidence: 0.85 });
  }
}

// Letters of the scripts whose names the word index leaves out.
const OTHER_SCRIPT = String.raw`[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]`;
const HAS_OTHER_SCRIPT = new RegExp(OTHER_SCRIPT, "u");
// One to four words of those scripts, separated by single spaces.
const SCRIPT_RUN = new RegExp(
  String.raw`${OTHER_SCRIPT}{1,20}(?: ${OTHER_SCRIPT}{1,20}){0,3}`,
  "gu",
);
const SCRIPT_CUE_BEFORE =
  /(?:c\/o|patient|pt|name|dr|mr|mrs|ms|attn|contact|guardian|owner|cardholder|from|to|for|with|tell|call|ask)\.?:?\s{1,3}$/i;
const SCRIPT_VERB_AFTER =
  /^\s(?:is here|is waiting|is coming|needs|paid|called|calls|says|said|wants|asked|booked|cancell?ed|confirmed|arrived|checked in|will|has|was)\b/;

/** Names written in another script inside Latin text, after a cue or before a person's verb. */
function otherScriptNames(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(SCRIPT_RUN)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    // The run must stand alone: no letter of any script glued to it.
    if (/[\p{L}\p{M}]/u.test(text.charAt(start - 1)) || /[\p{L}\p{M}]/u.test(text.charAt(end)))
      continue;
    const cue = SCRIPT_CUE_BEFORE.test(text.slice(Math.max(0, start - 14), start));
    if (!cue && !SCRIPT_VERB_AFTER.test(text.slice(end, end + 16))) continue;
    out.push({ type: "NAME", start, end, confidence: 0.8 });
  }
}

// Every word at which a rule above starts but the two read at capitals, for one lookup per word.
const TRIGGERS = new HashSet(
  [...NOUN_CUE_WORDS, ...VERB_CUE_WORDS, ...SELF_CUE_WORDS, ...TITLE_WORDS]
    .map(hashWord)
    .concat([...INTRODUCTIONS.keys()]),
);

// A first look for TRIGGERS: the slot of each trigger's hash, so most words cost one read.
const SLOT_MASK = 4095;
const TRIGGER_SLOTS = new Uint8Array(SLOT_MASK + 1);
for (const word of [...NOUN_CUE_WORDS, ...VERB_CUE_WORDS, ...SELF_CUE_WORDS, ...TITLE_WORDS])
  TRIGGER_SLOTS[hashWord(word) & SLOT_MASK] = 1;
for (const h of INTRODUCTIONS.keys()) TRIGGER_SLOTS[h & SLOT_MASK] = 1;

export function detectCuedNames(f: TextFeatures, out: Candidate[]): void {
  const w = f.words;
  const text = w.text;
  // Latin text with another script in it (the scan's `stable` is false for any such character).
  if (!f.stable && HAS_OTHER_SCRIPT.test(text)) otherScriptNames(text, out);
  if (f.colons > 0 && text.includes("SUMMARY")) calendarSummaries(text, out);
  if (text.includes("</th>")) htmlHeaderCells(text, out);
  const { starts, hashes, length } = w;
  for (let i = 0; i < length; i++) {
    const start = starts[i] ?? 0;
    const c = text.charCodeAt(start);
    // A family name in capitals, and the name before a label in capitals ("DOB", "MRN").
    if (isUpperCode(c) && isUpperCode(text.charCodeAt(start + 1))) {
      if (ID_LABELS.has(hashes[i] ?? 0)) nameBeforeLabel(w, i, out);
      i = capitalFamilyName(w, i, out);
      continue;
    }
    const h = hashes[i] ?? 0;
    if (TRIGGER_SLOTS[h & SLOT_MASK] === 0 || !TRIGGERS.has(h)) continue;
    const introduced = introducedName(w, i, out);
    if (introduced > i) {
      i = introduced;
      continue;
    }
    if (isUpperCode(c) && startsLower(w, i + 1)) {
      const j = particlesAfterTitle(w, i, out);
      if (j > i) {
        i = j;
        continue;
      }
    }
    if (i + 1 < w.length && startsLower(w, i + 1) && spaced(w, i + 1))
      i = lowerCaseAfterCue(w, i, out);
  }
}
