// NAME: the one type without a shape. Evidence, strongest first: a title or "my name is" in
// front; a greeting, sign-off or relation ("my son", "Thanks,"); a known given name or a
// distinctive surname; capitalisation. Words that are calendar words, places, drugs, brands
// or organisations never start a name, and a name followed by "Clinic" is an organisation.
import {
  AMBIGUOUS_FIRST,
  FIRST_NAMES,
  NAME_PARTICLES,
  NON_NAME_WORDS,
  ORGANIZATIONS,
  ORG_SUFFIXES,
  SURNAMES,
} from "../names";
import { VOCABULARY_HASHES } from "../name-lexicon";
import { type Candidate } from "../types";
import { CHAR, LETTER, SPACE, UPPER } from "./chars";
import { Marks, type TextFeatures, candidate, firstMatch, splitOnSpace } from "./util";
import {
  HYPHENATED,
  type WordIndex,
  categoriesOf,
  endings,
  endsWithAny,
  hashWord,
  wordCategory,
} from "./words";

type Context = "title" | "strong" | "intro" | "prep";

interface Token {
  start: number;
  /** End without a possessive "'s". */
  end: number;
  /** end - start: the word's length without its possessive. */
  length: number;
  hash: number;
  /** Word-list category bits of the word without its possessive. */
  cats: number;
  cap: boolean;
  first: boolean;
  surname: boolean;
  ambiguous: boolean;
  stop: boolean;
  possessive: boolean;
  /** extendName for this word as the head, once worked out (-1 before). */
  extent: number;
}

const words = (list: string): number => wordCategory(list.split(" "));
const FIRST = wordCategory(FIRST_NAMES);
const SURNAME = wordCategory(SURNAMES);
const AMBIGUOUS = wordCategory(AMBIGUOUS_FIRST);
const NON_NAME = wordCategory(NON_NAME_WORDS);
const ORG = wordCategory(ORG_SUFFIXES);
const PARTICLES = wordCategory(NAME_PARTICLES);
/** English words (compromise's lexicon, names excluded): a lower-case word that is none of them
 * may be a name typed without capitals. */
// Kept out of the shared word table: 14k more entries there slow every word's lookup, and the
// vocabulary is consulted only for lower-case words right after an introducing phrase.
const VOCABULARY = VOCABULARY_HASHES;
// What follows a name typed in chat: punctuation, the line's end, or "here", "and", "will" ….
const LOWER_NAME_END =
  /^(?:[ \t]*(?:[,.!?;:)]|\r?\n|$)|[ \t]+(?:here|and|will|is|was|from|please|pls|speaking|calling)\b)/;
const H = {
  is: hashWord("is"),
  am: hashWord("am"),
  name: hashWord("name"),
  this: hashWord("this"),
  it: hashWord("it"),
  i: hashWord("i"),
  thank: hashWord("thank"),
  you: hashWord("you"),
  o: hashWord("o"),
  c: hashWord("c"),
  from: hashWord("from"),
  the: hashWord("the"),
  a: hashWord("a"),
  and: hashWord("and"),
  to: hashWord("to"),
};
const TITLES = words(
  "dr doctor mr mrs ms miss mx prof professor nurse sr sra srta mme mlle herr frau dra",
);
const STRONG = words(
  "name names name's named patient pt signed attn caller guardian parent insured subscriber client contact guarantor cardholder holder attendee attendees participant participants beneficiary recipient addressee member members driver passenger resident bcc cc paciente patiente patientin patiënt pacient pacientka pacjent pacjentka pacijent pacijentica pacientas hasta asiakas potilas пациент пациентка пацієнт пацієнтка ασθενής ασθενούς",
);
const INTRO = words(
  "it's its i'm im hi hello hey dear thanks thx ty regards cheers sincerely best love xoxo yours son daughter wife husband mom mother mum mama dad father papa brother sister grandma grandmother grandpa grandfather granny nana aunt auntie uncle cousin friend neighbor neighbour caregiver spouse partner fiance fiancé fiancée boyfriend girlfriend kid child baby nephew niece grandson granddaughter stepson stepdaughter stepmom stepdad colleague boss coworker roommate tenant landlord tochter sohn mutter vater ehefrau ehemann fille fils mère père épouse mari hija hijo madre padre esposa esposo figlia figlio moglie marito dotter datter søn córka syn matka ojciec dcera kız oğul дочь сын мать отец жена муж донька",
);
// Greetings and sign-offs, after which the name may be on the next line ("Thanks,\nJane"); after a
// relation word ("spouse\nEmployer: …") a line break ends the phrase.
const SIGNOFF = words(
  "hi hello hey dear thanks thx ty regards cheers sincerely best love xoxo yours",
);
// Words after which a person is often named: prepositions, and verbs that take a person
// ("noted Ana Lima as …", "contact Ana Lima on …", "can Ana Lima pick up …").
const PREP = words(
  "with for from to by per and or call text tell cc see via let about told asked ask saw meet met says said think under visitors visitor guests guest noted added listed contact contacted notify notified inform informed remind reminded thank thanked invite invited refer referred emailed phoned paged can could will would should did does",
);
// After these a single capitalised word is a name: "ask Guilherme to", "under Németh,".
const PERSON_PREP = words("ask asked tell told under visitors visitor guests guest says said");
// What people do, right after their name: "Catinca Calin says", "Zenaide Deiana, born …", and
// their address in angle brackets or parentheses ("Nour Huisman (nour@…)").
// afterName() looks at the first characters before running it: every alternative starts with
// ",", "<", "(" or white space, and after white space with "<", "(" or a lower-case letter.
const AFTER_NAME =
  /^(?:,\s*(?:born|aged?|dob|д\.р\.)|\s*[<(][^\s<>()@]{1,64}@|\s+(?:llamó|aradı)(?=[\s.,!?—-]|$)|\s+(?:llamo|ringde|ringer|soitti|zvala|zvonila|zvonio|telefonált|telefonou|ligou|appelle|fell|still\s+works|is\s+the\s+only|and\s+I|says|said|asks|asked|called|calls|wrote|writes|signed|already|confirmed|cancell?ed|paid|booked|needs|wants|thinks|told|replied|mentioned|brought|dropped|picked|phoned|emailed|texted|visited|spoke|agreed|declined|missed|will\s+(?:call|come|bring|pick|be)|is\s+(?:coming|here|running)|has\s+(?:arrived|called|paid))\b|\s*\((?:[^()]{0,30}?['’]s\s+)?(?:mother|father|son|daughter|wife|husband|sister|brother|mom|dad|guardian|caregiver|partner|grandson|granddaughter)\b)/;
// "Joško's mother": a possessive before a relation word.
const RELATION = words(
  "mother father son daughter wife husband sister brother mom dad mum guardian caregiver partner grandson granddaughter grandmother grandfather",
);
const INTRO_GAP = /^\s*(?:[,:\-–—]\s*)?$/;
// A reply quotes the message it answers with "> " at each line's start ("> Thanks,\n> Ana"); the
// markers are not part of the gap between a sign-off and its name.
const QUOTE_MARKERS = /\n[ \t]*>[> \t]*/g;
const unquoted = (gap: string): string =>
  gap.includes(">") ? gap.replace(QUOTE_MARKERS, "\n") : gap;
// "Name: Ana", "name – Ana", and in JSON or CSV `"name":"Ana"`.
const STRONG_GAP = /^[\s.:\-–—"'=]*$/;
// "Ship to:\n", "Deliver to:\n": a label on the line above the name.
const LABEL_LINE_GAP = /^:[ \t]*\r?\n[ \t]*$/;
const TITLE_GAP = /^\.?\s+$/;

const isSignatureDash = (c: number): boolean =>
  c === 45 || c === 0x2013 || c === 0x2014 || c === 126;

/**
 * Whether a gap ends with a sign-off dash that starts its line or follows a sentence: "…\n- Jane",
 * "Thanks! – Jane". A loop, not a pattern: an unanchored one rescans a long gap from every newline.
 */
function signatureGap(s: string): boolean {
  let i = s.length;
  while (i > 0 && ((CHAR[s.charCodeAt(i - 1)] ?? 0) & SPACE) !== 0) i--;
  if (i === 0 || !isSignatureDash(s.charCodeAt(i - 1))) return false;
  i--;
  // "--" and "—-" open a signature as one dash does.
  while (i > 0 && isSignatureDash(s.charCodeAt(i - 1))) i--;
  let newline = false;
  while (i > 0 && ((CHAR[s.charCodeAt(i - 1)] ?? 0) & SPACE) !== 0) {
    if (s.charCodeAt(i - 1) === 10) newline = true;
    i--;
  }
  if (i === 0 || newline) return true;
  const c = s.charCodeAt(i - 1);
  return c === 46 || c === 33 || c === 63 || c === 41;
}

/** Whether text[from, to) ends with - – — or ~ before any white space, as in a sign-off. */
function endsWithDash(text: string, from: number, to: number): boolean {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === 45 || c === 0x2013 || c === 0x2014 || c === 126) return true;
    if (((CHAR[c] ?? 0) & SPACE) === 0) return false;
  }
  return false;
}

/** Whether nothing but white space, "." "!" or emoji follows `from`: the end of the message. */
function onlyClosingAfter(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || (c >= 0xd800 && c <= 0xdfff)) continue;
    if (((CHAR[c] ?? 0) & SPACE) === 0) return false;
  }
  return true;
}

/** Whether contextOf reads the gap after a word with these categories and hash. */
const gapMatters = (prevCats: number, prev: number): boolean =>
  (prevCats & (TITLES | STRONG | INTRO | PREP)) !== 0 ||
  prev === H.is ||
  prev === H.am ||
  prev === H.o ||
  prev === H.from ||
  prev === H.you ||
  prev === H.to;

/**
 * The phrase right before a word: a title, "my name is", a greeting or relation, a preposition.
 * `gap` is read only after the words gapMatters lists (it may be "" after others).
 */
function contextOf(
  prevCats: number,
  prev: number,
  prev2: number,
  gap: string,
  text: string,
  beforeFrom: number,
  beforeTo: number,
  closing: boolean,
): Context | undefined {
  if ((prevCats & TITLES) !== 0 && TITLE_GAP.test(gap)) return "title";
  // "- Jane" after a sentence, or at the very end of the message ("call 555 0199 - thabo").
  if (
    endsWithDash(text, beforeFrom, beforeTo) &&
    (closing || signatureGap(text.slice(beforeFrom, beforeTo)))
  )
    return "intro";
  if (prev === H.is || prev === H.am) {
    if (prev2 === H.name && STRONG_GAP.test(gap)) return "strong";
    if ((prev2 === H.this || prev2 === H.it || prev2 === H.i) && INTRO_GAP.test(gap))
      return "intro";
    return undefined;
  }
  if (((prevCats & STRONG) !== 0 || (prev === H.o && prev2 === H.c)) && STRONG_GAP.test(gap))
    return "strong";
  if (prev === H.from && gap.includes(":")) return "strong";
  if (
    ((prevCats & INTRO) !== 0 || (prev === H.you && prev2 === H.thank)) &&
    INTRO_GAP.test(unquoted(gap)) &&
    (!gap.includes("\n") || (prevCats & SIGNOFF) !== 0 || prev === H.you)
  )
    return "intro";
  if ((prevCats & PREP) !== 0 && /^\s+$/.test(gap)) return "prep";
  if (prev === H.to && LABEL_LINE_GAP.test(gap)) return "intro";
  return undefined;
}

const PLACE_PREFIX = wordCategory(
  "san santa los las st saint fort ft port mount mt lake el new north south east west".split(" "),
);

const isUpper = (code: number): boolean => ((CHAR[code] ?? 0) & UPPER) !== 0;

/** Whether text[start, end) ends in a possessive "'s" (or "’s") after at least one letter. */
function endsPossessive(text: string, start: number, end: number): boolean {
  if (end - start <= 2 || text.charCodeAt(end - 1) !== 115) return false;
  const apostrophe = text.charCodeAt(end - 2);
  return apostrophe === 39 || apostrophe === 0x2019;
}

// Read from the text in place: a token is made for most capitalised words of every message, and
// slicing each word out (twice with a possessive) costs more than the checks themselves.
function classify(
  text: string,
  start: number,
  rawEnd: number,
  rawHash: number,
  rawFlags: number,
): Token {
  const possessive = endsPossessive(text, start, rawEnd);
  const end = possessive ? rawEnd - 2 : rawEnd;
  const hash = possessive ? hashWord(text.slice(start, end)) : rawHash;
  const cats = possessive ? categoriesOf(hash) : rawFlags & ~HYPHENATED;
  const first = (cats & FIRST) !== 0;
  // A double-barrelled surname ("Smith-Jones") is one whose parts are surnames; the word index
  // says which words hold a hyphen.
  const surname =
    (cats & SURNAME) !== 0 ||
    ((rawFlags & HYPHENATED) !== 0 && text.slice(start, end).split("-").every(isSurname));
  return {
    start,
    end,
    length: end - start,
    hash,
    cats,
    // All-caps words are acronyms ("MRN", "DOB") unless they are known names ("JOHN SMITH").
    cap: isUpper(text.charCodeAt(start)) && (first || surname || !allCaps(text, start, end)),
    first,
    surname,
    ambiguous: (cats & AMBIGUOUS) !== 0,
    stop: (cats & NON_NAME) !== 0,
    possessive,
    extent: -1,
  };
}

// Whether upper-casing a UTF-16 code unit alone changes it: 0 not yet asked, 1 it does, 2 it
// does not. Filled as words ask, so a name in another script costs toUpperCase once per letter
// of the alphabet, not once per letter of every word.
const UPPER_CHANGES = new Uint8Array(0x10000);

function upperChanges(c: number): boolean {
  let known = UPPER_CHANGES[c] ?? 0;
  if (known === 0) {
    const ch = String.fromCharCode(c);
    known = ch.toUpperCase() !== ch ? 1 : 2;
    UPPER_CHANGES[c] = known;
  }
  return known === 1;
}

/** Whether text[start, end) is two letters or more, none of which upper-casing would change. */
function allCaps(text: string, start: number, end: number): boolean {
  if (end - start <= 1) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 97 && c <= 122) return false;
    } else if (upperChanges(c)) return false;
  }
  return true;
}

function isSurname(part: string): boolean {
  return (categoriesOf(hashWord(part)) & SURNAME) !== 0;
}

/** Word tokens of one text, classified lazily: most words are rejected before classification. */
class Words {
  readonly length: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly hashes: Int32Array;
  readonly flags: Int32Array;
  // Made at its full length: filled out of order from an empty array, it would be regrown (and
  // for a far index made sparse) several times per text.
  private readonly cache: (Token | undefined)[];

  constructor(
    readonly text: string,
    index: WordIndex,
  ) {
    this.cache = new Array<Token | undefined>(index.length);
    this.length = index.length;
    this.starts = index.starts;
    this.ends = index.ends;
    this.hashes = index.hashes;
    this.flags = index.flags;
  }

  at(i: number): Token | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return (this.cache[i] ??= classify(
      this.text,
      this.starts[i] ?? 0,
      this.ends[i] ?? 0,
      this.hashes[i] ?? 0,
      this.flags[i] ?? 0,
    ));
  }

  /**
   * `at(i)?.hash ?? 0` without making the token when the word has no possessive (its hash is
   * then the index's), for a word looked at only for what it is.
   */
  hashAt(i: number): number {
    if (i < 0 || i >= this.length) return 0;
    const cached = this.cache[i];
    if (cached) return cached.hash;
    const start = this.starts[i] ?? 0;
    const end = this.ends[i] ?? 0;
    return endsPossessive(this.text, start, end) ? (this.at(i)?.hash ?? 0) : (this.hashes[i] ?? 0);
  }

  /** Text between word i-1 (without its possessive) and word i. */
  gapBefore(i: number): string {
    return this.text.slice(this.gapStart(i), this.gapEnd(i));
  }

  private gapStart(i: number): number {
    return this.at(i - 1)?.end ?? 0;
  }

  private gapEnd(i: number): number {
    return i < this.length ? (this.starts[i] ?? 0) : this.text.length;
  }

  /** Whether the gap before word i is one space: `gapBefore(i) === " "` without the string. */
  spaceBefore(i: number): boolean {
    const start = this.gapStart(i);
    return this.gapEnd(i) - start === 1 && this.text.charCodeAt(start) === 32;
  }

  /**
   * Whether word i joins word i-1 (`prev`) in a name: one space between them, or after an
   * initial ("J. Smith", "J.Smith").
   */
  joinable(i: number, prev: Token): boolean {
    const start = this.gapStart(i);
    const length = this.gapEnd(i) - start;
    const c = this.text.charCodeAt(start);
    if (length === 1 && c === 32) return true;
    if (prev.length !== 1 || c !== 46) return false;
    return length === 1 || (length === 2 && this.text.charCodeAt(start + 1) === 32);
  }

  /** Whether word i continues a capitalised name that has reached word i-1. */
  continuesName(i: number): boolean {
    const prev = this.at(i - 1);
    const t = this.at(i);
    return (
      prev !== undefined &&
      t !== undefined &&
      !prev.possessive &&
      this.joinable(i, prev) &&
      t.cap &&
      (!t.stop || t.surname)
    );
  }
}

/** A cheap first look: true when word i cannot start a name whatever its context. */
function cannotStart(w: Words, i: number): boolean {
  const cats = w.flags[i] ?? 0;
  // A lower-case word starts a name if it is a known name, or no English word at all.
  if (!isUpper(w.text.charCodeAt(w.starts[i] ?? 0))) {
    if ((cats & (FIRST | SURNAME)) !== 0) return false;
    if ((cats & NON_NAME) !== 0) return true;
    // An unknown lower-case word is read only after "is", "am" or a word that introduces a person.
    const prev = w.hashes[i - 1] ?? 0;
    if (prev !== H.is && prev !== H.am && ((w.flags[i - 1] ?? 0) & INTRO) === 0) return true;
    return VOCABULARY.has(w.hashes[i] ?? 0);
  }
  return (cats & NON_NAME) !== 0 && (cats & FIRST) === 0;
}

function confidenceFor(w: Words, i: number, t: Token, ctx: Context | undefined): number {
  const next = w.at(i + 1);
  const nextNameish = w.continuesName(i + 1);
  const nextSurname = next !== undefined && next.surname && !t.possessive && w.joinable(i + 1, t);
  if (!t.cap) {
    // Lower-case names (chat shorthand) only with a known name and some support, or, after
    // "my name is" / "this is" / "my wife", words that are no English word and end a phrase.
    if (t.stop || t.ambiguous) return 0;
    const typed = ctx === "title" || ctx === "strong" || ctx === "intro";
    if (ctx === "title" || ctx === "strong")
      return t.first || t.surname ? 0.75 : typed && lowerCaseName(w, i, t) ? 0.7 : 0;
    if (!t.first) return ctx === "intro" && lowerCaseName(w, i, t) ? 0.68 : 0;
    const nextLowerSurname =
      next !== undefined && !next.cap && next.surname && w.spaceBefore(i + 1);
    return ctx !== undefined || nextLowerSurname ? 0.7 : 0;
  }
  const usable = !t.stop || (t.first && nextSurname && next?.cap === true);
  const initial = t.length === 1;
  if (!usable || (initial && !nextNameish)) return 0;
  if (ctx === "title" || ctx === "strong") return 0.9;
  if (ctx === "intro") return 0.8;
  if (t.first && (!t.ambiguous || nextNameish)) return nextNameish ? 0.85 : 0.7;
  if (t.surname && !t.ambiguous) return 0.65;
  if (nextSurname && next?.cap === true && !next.stop) return 0.75;
  // "send it to Rustam Abernathy": two unknown capitalised words after a preposition.
  if (ctx === "prep" && nextNameish && next?.stop === false) return 0.7;
  // "noted Jaylen van der Velde as …": a particle, then a capitalised word.
  if (
    ctx === "prep" &&
    next?.cap === false &&
    (next.cats & PARTICLES) !== 0 &&
    !t.ambiguous &&
    nameEnd(w, i, t) > i + 1
  )
    return 0.7;
  if (ctx === "prep" && (w.at(i - 1)?.cats ?? 0) & PERSON_PREP && !t.ambiguous) return 0.7;
  // "Joško's mother": a possessive word before a relation word.
  if (t.possessive && next !== undefined && (next.cats & RELATION) !== 0) return 0.75;
  // "Catinca Calin says …": the words after the name say a person was meant.
  const last = w.at(nameEnd(w, i, t));
  if (last && !last.possessive && afterName(w.text, last.end)) return 0.72;
  return 0;
}

/** AFTER_NAME at `end`, tried only where its first characters allow. */
function afterName(text: string, end: number): boolean {
  let c = text.charCodeAt(end);
  if (c !== 44 && c !== 60 && c !== 40) {
    if (((CHAR[c] ?? 0) & SPACE) === 0) return false;
    let p = end + 1;
    while (p < end + 48 && ((CHAR[text.charCodeAt(p)] ?? 0) & SPACE) !== 0) p++;
    if (p >= end + 48) return false;
    c = text.charCodeAt(p);
    // Not after white space: an upper-case letter, a digit or other ASCII but "<" and "(".
    if (((CHAR[c] ?? 0) & UPPER) !== 0) return false;
    if (c < 128 && c !== 60 && c !== 40 && !(c >= 97 && c <= 122)) return false;
  }
  return AFTER_NAME.test(text.slice(end, end + 48));
}

/** A word of two letters or more that is neither English nor on any stop list. */
const unknownWord = (text: string, t: Token): boolean =>
  !t.stop && !t.ambiguous && t.length >= 2 && !VOCABULARY.has(t.hash) && !englishSuffix(text, t);
// Endings of English adjectives, adverbs and abstract nouns the vocabulary may lack
// ("ridiculous", "annoyingly"), and that names rarely have.
const ENGLISH_SUFFIXES = endings(
  "ous ful able ible ive ing ed ly less ness ment tion sion ity ish est ic al",
);

/** Whether the token's text ends in one of ENGLISH_SUFFIXES, in either case. */
const englishSuffix = (text: string, t: Token): boolean =>
  endsWithAny(ENGLISH_SUFFIXES, text, t.start, t.end);

/** "this is davon quigley, i …": unknown lower-case words up to the end of a phrase. */
function lowerCaseName(w: Words, i: number, t: Token): boolean {
  if (!unknownWord(w.text, t) && !t.first && !t.surname) return false;
  // Only after a phrase that introduces a person ("my name is", "this is", "my wife", "hello,"),
  // not after a label word ("patient leaflet").
  const prev = w.at(i - 1);
  if (!prev || (prev.hash !== H.is && prev.hash !== H.am && (prev.cats & INTRO) === 0))
    return false;
  const j = nameEnd(w, i, t);
  for (let k = i; k <= j; k++) {
    const part = w.at(k);
    if (!part || part.cap || (!unknownWord(w.text, part) && !part.first && !part.surname))
      return false;
  }
  const last = w.at(j);
  return last !== undefined && LOWER_NAME_END.test(w.text.slice(last.end, last.end + 12));
}

/** extendName(w, i, t) for `t`, the token at word i, worked out once: several rules ask. */
function nameEnd(w: Words, i: number, t: Token): number {
  if (t.extent < 0) t.extent = extendName(w, i, t);
  return t.extent;
}

/** Index of the last word of the name starting at word i: more capitals, initials, particles. */
function extendName(w: Words, i: number, head: Token): number {
  let j = i;
  while (j - i < 3) {
    const cur = w.at(j);
    const nxt = w.at(j + 1);
    if (!cur || !nxt) break;
    if (head.cap && w.continuesName(j + 1)) {
      j++;
      continue;
    }
    const space = w.spaceBefore(j + 1);
    const after = w.at(j + 2);
    const particle =
      head.cap &&
      (nxt.cats & PARTICLES) !== 0 &&
      !nxt.cap &&
      space &&
      !cur.possessive &&
      after?.cap === true &&
      !after.stop;
    if (particle) {
      j += 2;
      continue;
    }
    // "van de Veen", "de la Cruz": two particles, then the capitalised word.
    if (
      head.cap &&
      (nxt.cats & PARTICLES) !== 0 &&
      after !== undefined &&
      (after.cats & PARTICLES) !== 0 &&
      !nxt.cap &&
      !after.cap &&
      space &&
      !cur.possessive &&
      w.at(j + 3)?.cap === true &&
      !w.at(j + 3)?.stop
    ) {
      j += 3;
      continue;
    }
    if (
      !head.cap &&
      !nxt.cap &&
      space &&
      (nxt.surname || nxt.first || unknownWord(w.text, nxt)) &&
      !nxt.stop
    ) {
      j++;
      continue;
    }
    break;
  }
  return j;
}

// Surnames joined the way firms are named: "Walsh - Cummings", "Grimes, Williamson and Kutch",
// "Lynch, Ledner and …". Bounded windows around the candidate, so the cost stays linear.
// Connectors firms use in other languages ("Renault et Legrand", "Silva e Costa", "Dahl og Aas"),
// and legal forms written in capitals after a name ("Barbosa LDA", "Richard SASU"). firmName
// tries the patterns before a name only when the character before the white space ends one of
// their connectors (JOIN_ENDS), and FIRM_AFTER only after white space or a comma.
const FIRM_AFTER =
  /^(?:\s+[-–&]\s+[A-Z]|\s+(?:et|[eyai]|og|och|und|en|és|ve)\s+[A-Z]|\s+(?:U?LTDA|LDA|SASU?|SARL|GIE|HB|KB|ASA|OYJ?|AB|AG|SE|KG|SPA|SRL|BV|NV|PLC|LLC|INC|LTD|PTY|TBK|A\/S)\b|,\s+[A-Z][\w'’-]*(?:,\s+[A-Z][\w'’-]*)*,?\s+(?:and|&)\s+[A-Z])/;
const FIRM_AND = /^\s+(?:and|&)\s+[A-Z]/;
const CONNECTOR_BEFORE = /\s(?:and|&|et|[eyi]|og|och|und|en|és|ve)\s+$/;
const FIRM_LIST_BEFORE =
  /(?:^|[^\p{L}\s'’-]\s*|\s)\p{Lu}[\p{L}'’-]+,\s+\p{Lu}[\p{L}'’-]+\s+(?:and|&|et|[eyi]|og|och|und|en|és|ve)\s+$/u;
const FIRM_JOIN_BEFORE = /(?:\s[-–&]|,|\s(?:et|[eyai]|og|och|und|en|és|ve))\s+$/;

/**
 * The last characters of CONNECTOR_BEFORE's and FIRM_JOIN_BEFORE's connectors and punctuation
 * (and, &, et, e, y, a, i, og, och, und, en, és, ve; - – ,): keep in step with them.
 */
const JOIN_ENDS = new Set(Array.from("dteyaighns&-–,", (ch) => ch.charCodeAt(0)));
const isSpace = (c: number): boolean => ((CHAR[c] ?? 0) & SPACE) !== 0;

/** Whether a capitalised word of two letters or more ends at `end` (a sign-off dash has none). */
function capitalisedWordEndsAt(text: string, end: number): boolean {
  let p = end;
  while (p > 0 && ((CHAR[text.charCodeAt(p - 1)] ?? 0) & LETTER) !== 0) p--;
  return end - p >= 2 && isUpper(text.charCodeAt(p));
}

function firmName(text: string, start: number, end: number): boolean {
  // FIRM_AFTER starts with white space or a comma.
  const next = text.charCodeAt(end);
  const after = next === 44 || isSpace(next) ? text.slice(end, end + 60) : "";
  if (after !== "" && FIRM_AFTER.test(after)) return true;
  // Joined to a capitalised word before it: "Walsh - Cummings", "Rey et Fontaine", "Hudson and
  // Parker" after "Hessel, ". Both patterns below end in a connector or punctuation, then white
  // space: the character before that white space is looked at first.
  const from = Math.max(0, start - 12);
  let q = start;
  while (q > from && isSpace(text.charCodeAt(q - 1))) q--;
  if (q === start || q === from || !JOIN_ENDS.has(text.charCodeAt(q - 1))) return false;
  const before = text.slice(from, start);
  // The last of "Cole, Rolfson and Robinson": single capitalised words listed with a comma, then
  // "and" (people are listed by full name, firms by surname).
  if (
    CONNECTOR_BEFORE.test(before) &&
    FIRM_LIST_BEFORE.test(text.slice(Math.max(0, start - 60), start))
  )
    return true;
  const join = FIRM_JOIN_BEFORE.exec(before);
  if (!join || !capitalisedWordEndsAt(text, start - join[0].length)) return false;
  if (!join[0].includes(",")) return true;
  if (FIRM_AND.test(after)) return true;
  return /,\s+[A-Z][\w'’-]*\s+(?:and|&)\s+$/.test(text.slice(Math.max(0, start - 40), start));
}

export function detectNames(text: string, f: TextFeatures, out: Candidate[] = []): Candidate[] {
  const w = new Words(text, f.words);
  const hasColon = f.colons > 0;
  // Unknown names joined by "and" to the word where another name may start: decided at the end.
  const pending: { first: number; last: number; partner: number }[] = [];
  const found = out.length;
  for (let i = 0; i < w.length; i++) {
    if (cannotStart(w, i)) continue;
    const t = w.at(i);
    if (!t || (!t.cap && !t.first && !t.surname && !unknownWord(text, t))) continue;
    // A word that announces a person ("Pt's son", "Attendees") is not one.
    if ((t.cats & (STRONG | TITLES | INTRO)) !== 0 && !t.first && !t.surname) continue;
    // Letters glued to digits are part of a code ("KOI2JO26", "A0WU0GHJ").
    if (isDigitCode(text.charCodeAt(t.start - 1))) continue;
    const prev = w.at(i - 1);
    // "it's" is read as "it" plus a possessive; the phrase's own categories count too. A word glued
    // to digits is part of a code ("IP7 4SR", "12MR"), not a title or a cue before a name.
    const prevCats =
      prev && isDigitCode(text.charCodeAt(prev.start - 1))
        ? 0
        : (prev?.cats ?? 0) | (w.flags[i - 1] ?? 0);
    const prevHash = prev?.hash ?? 0;
    // "it's Ana": the possessive-looking "'s" belongs to the phrase, not to the gap before the name.
    const gapFrom =
      prev?.possessive && ((w.flags[i - 1] ?? 0) & INTRO) !== 0
        ? (w.ends[i - 1] ?? 0)
        : (prev?.end ?? 0);
    // contextOf reads the gap only after a word of these kinds: most words are not, and their
    // gap is not made.
    const gap = gapMatters(prevCats, prevHash) ? text.slice(gapFrom, t.start) : "";
    const ctx = contextOf(
      prevCats,
      prevHash,
      w.hashAt(i - 2),
      gap,
      text,
      prev ? Math.max(0, prev.end - 1) : 0,
      t.start,
      i >= w.length - 2 && onlyClosingAfter(text, w.ends[w.length - 1] ?? text.length),
    );
    // "the best gelato", "a dear friend": an article turns a sign-off word into an adjective.
    if (ctx === "intro" && !t.cap && (w.hashAt(i - 2) === H.the || w.hashAt(i - 2) === H.a))
      continue;
    // An English word between dashes is a banner ("--- Registration ---", "-----Original
    // Message-----"), not a sign-off.
    if (ctx === "intro" && !t.first && !t.surname && bannerWord(w, i, t)) continue;
    let confidence = confidenceFor(w, i, t, ctx);
    if (confidence === 0 && addresseeLine(w, i, t)) confidence = 0.72;
    if (confidence === 0) {
      const j = coordinatedName(w, i, t);
      if (j > i) {
        pending.push({ first: i, last: j - 2, partner: j });
        i = j - 2;
      }
      continue;
    }
    if (prev && ((prev.cats & PLACE_PREFIX) !== 0 || prev.hash === H.the)) {
      const g = gapMatters(prevCats, prevHash) ? gap : text.slice(gapFrom, t.start);
      if ((prev.cats & PLACE_PREFIX) !== 0 && /^\.?\s$/.test(g)) continue;
      // People take no article: "The Aston Martin van", "the Ferrari".
      if (prev.hash === H.the && g === " ") continue;
    }

    const j = nameEnd(w, i, t);
    const last = w.at(j);
    const follower = w.at(j + 1);
    const i0 = i;
    i = j;
    if (!last) continue;
    const orgFollows =
      follower !== undefined &&
      (follower.cats & ORG) !== 0 &&
      /^(?:['’]s)?\s$/.test(text.slice(last.end, follower.start));
    let orgInside = false;
    for (let k = i0 + 1; k <= j && !orgInside; k++) orgInside = ((w.at(k)?.cats ?? 0) & ORG) !== 0;
    if (
      !orgFollows &&
      !orgInside &&
      !firmName(text, t.start, last.end) &&
      !isDigitCode(text.charCodeAt(last.end)) &&
      // Most names start with no firm's first word: one hash lookup before any string work.
      !(
        ORG_HEADS.has(ctx === "title" ? (prev?.hash ?? t.hash) : t.hash) &&
        organization(
          text,
          ctx === "title" ? (prev?.start ?? t.start) : t.start,
          last.end,
          j === i0 && ctx !== "title" && ctx !== "strong",
        )
      ) &&
      !(ctx === "prep" && TRAVEL_BEFORE.test(text.slice(Math.max(0, t.start - 40), t.start))) &&
      // "Mark the boxes": a lone given name before an article is a verb.
      !(
        j === i0 &&
        !t.surname &&
        confidence < 0.8 &&
        /^ (?:the|a|an|your|all|it|them|this|that)\b/.test(text.slice(last.end, last.end + 8))
      ) &&
      !(hasColon && firmLabelBefore(text, t.start))
    )
      out.push(candidate("NAME", t.start, last.end, confidence));
  }
  if (out.length > found) propagateLists(text, out, found);
  if (text.includes(";")) lastFirstLists(text, out);
  if (pending.length > 0) {
    const starts = new Set<number>();
    for (let k = found; k < out.length; k++) starts.add(out[k]?.start ?? -1);
    for (const p of pending) {
      const head = w.at(p.first);
      const last = w.at(p.last);
      if (head && last && starts.has(w.starts[p.partner] ?? -2))
        out.push(candidate("NAME", head.start, last.end, 0.7));
    }
  }
  return out;
}

// What the line under an addressee's name starts with: a house number, a unit, a PO box, a ship.
const ADDRESS_LINE =
  /^[ \t]*(?:\d|#|(?:apt|apartment|unit|suite|flat|psc|cmr|uss|usns|p\.?\s?o\.?\s+box|c\/o)\b)/i;

/**
 * An envelope's first line: two to four capitalised words filling a line of their own, the
 * message's first or after a blank or label line, with an address line under them.
 */
function addresseeLine(w: Words, i: number, t: Token): boolean {
  if (!t.cap || t.stop || t.length < 2) return false;
  const text = w.text;
  let p = t.start;
  while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
  if (p > 0 && text.charCodeAt(p - 1) !== 10) return false;
  const j = nameEnd(w, i, t);
  const last = w.at(j);
  if (j === i || !last) return false;
  for (let k = i + 1; k <= j; k++) if (((w.at(k)?.cats ?? 0) & ORG) !== 0) return false;
  let e = last.end;
  while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 13)) e++;
  if (text.charCodeAt(e) !== 10) return false;
  return ADDRESS_LINE.test(text.slice(e + 1, e + 24));
}

/**
 * "Visitors today: Poppy Tillman and Audrey Rowe": two or three capitalised words that nothing
 * marks as a name, then "and", then the word where a name may start. Returns the index of that
 * word (the name is words i … result-2), or i when the shape does not hold. The name counts only
 * if a name is then found at that word: people are listed with people.
 */
function coordinatedName(w: Words, i: number, t: Token): number {
  if (!t.cap || t.stop || t.possessive || t.length < 2) return i;
  const j = nameEnd(w, i, t);
  if (j === i) return i;
  for (let k = i + 1; k <= j; k++) {
    const part = w.at(k);
    if (!part?.cap || part.stop || (part.cats & ORG) !== 0 || part.length < 2) return i;
  }
  const and = w.at(j + 1);
  if (!and || and.hash !== H.and || !w.spaceBefore(j + 1) || !w.spaceBefore(j + 2)) return i;
  const last = w.at(j);
  if (!last || firmName(w.text, t.start, last.end)) return i;
  return j + 2;
}

/** Whether the word is English and dashes follow it on its line: a banner, not a signature. */
function bannerWord(w: Words, i: number, t: Token): boolean {
  if (!VOCABULARY.has(t.hash) && !englishSuffix(w.text, t)) return false;
  const last = w.at(nameEnd(w, i, t)) ?? t;
  return /^[^\n\-–—~]{0,30}[-–—~]{2,}/.test(w.text.slice(last.end, last.end + 40));
}

/**
 * Whether text[start, end) names an organisation: the whole of it ("Pfizer", "Goldman Sachs") or
 * its first words ("Johns Hopkins Medicine"). A single word counts only when it stands alone
 * (`single`): "Mr Ford" is a person, and so is "Ford" after a title (callers skip those).
 */
function organization(text: string, start: number, end: number, single: boolean): boolean {
  let lower = text.slice(start, end).toLowerCase();
  // Without a possessive "'s" (/['’]s$/).
  const apostrophe = lower.charCodeAt(lower.length - 2);
  if (lower.endsWith("s") && (apostrophe === 39 || apostrophe === 0x2019))
    lower = lower.slice(0, -2);
  const parts = splitOnSpace(lower);
  if (parts.length === 1) return single && ORGANIZATIONS.has(parts[0] ?? "");
  // "Siemens Healthineers", "Pfizer Pharma": a firm's name, then more of it.
  const head = parts[0] ?? "";
  if (ORGANIZATIONS.has(head) && (categoriesOf(hashWord(head)) & FIRST) === 0) return true;
  // Most names starting with a firm's first word go on differently ("Morgan Freeman").
  return ORG_PAIRS.has(`${head} ${parts[1] ?? ""}`) && organizationPrefix(parts, 2);
}

/** Whether the first `from` or more of `parts`, joined by spaces, name an organisation. */
function organizationPrefix(parts: string[], from: number): boolean {
  let prefix = parts.slice(0, from).join(" ");
  for (let k = from; k <= parts.length; k++) {
    if (k > from) prefix += ` ${parts[k - 1] ?? ""}`;
    if (ORGANIZATIONS.has(prefix)) return true;
  }
  return false;
}

/** The first two words of the organisations of two words or more ("goldman sachs"). */
const ORG_PAIRS = new Set(
  [...ORGANIZATIONS]
    .map((o) => o.split(" ").slice(0, 2))
    .filter((w) => w.length === 2)
    .map((w) => w.join(" ")),
);

/** First words of the organisations ("pfizer", "goldman"), by hash. */
const ORG_HEADS = new Set([...ORGANIZATIONS].map((o) => hashWord(o.split(" ")[0] ?? "")));

// A line that labels a firm: "Supplier: Louis Vuitton", "Employer: Morgan Stanley". Keep
// FIRM_LABEL_ENDS in step with the words' last letters.
const FIRM_LABEL =
  /^[ \t]*(?:\p{L}+[ \t]+)?(?:suppliers?|employer|vendors?|manufacturer|maker|insurer|insurance|carrier|company|brand|pharmacy|lab|laboratory|bank|sponsor|firm|payer|store|shop|retailer|distributor|courier)[ \t]*$/iu;

function firmLabelBefore(text: string, start: number): boolean {
  // The label is what stands before the line's first colon, within 80 characters.
  let lineStart = start;
  while (lineStart > 0 && start - lineStart < 80 && text.charCodeAt(lineStart - 1) !== 10)
    lineStart--;
  let colon = lineStart;
  while (colon < start && text.charCodeAt(colon) !== 58) colon++;
  if (colon >= start) return false;
  // The label's last letter ends one of FIRM_LABEL's words (with the i and u flags, "ſ" is an
  // "s" and the Kelvin sign a "k"): most labels ("Patient", "Contact") end otherwise.
  let last = colon;
  while (last > lineStart && (text.charCodeAt(last - 1) === 32 || text.charCodeAt(last - 1) === 9))
    last--;
  const c = text.charCodeAt(last - 1);
  if (!FIRM_LABEL_ENDS.has(c < 128 ? c | 32 : c)) return false;
  return FIRM_LABEL.test(text.slice(lineStart, colon));
}

/** Last letters of FIRM_LABEL's words, lower case, and the two characters that fold to them. */
const FIRM_LABEL_ENDS = new Set([..."rseydbkmp", "\u017f", "\u212a"].map((ch) => ch.charCodeAt(0)));

// One item of a list of people: two to four capitalised words, particles allowed ("Jaylen van der
// Velde"), after an optional label ("Attendees: ") and before an optional number ("Ole Knudsen 97
// 26 92 34").
const LIST_ITEM =
  /^(?:[\p{L} ]{1,30}:\s*)?(\p{Lu}[\p{L}'’.-]*(?:\s(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|di|del|della|la|le|du|dos|das|do|ter|ten|bin|ibn|al|el)){1,3})(?:[ \t]*(?:[:(][ \t]*)?\+?\(?\d[\d \t()./-]{5,20}\d\)?)?\.?$/u;
const LIST_SEPARATOR =
  /[;,][ \t]*(?:(?:and|und|et|[eiy]|og|och|en|és|ve)[ \t])?|[ \t](?:and|und|et|y|og|och|en|és|ve)[ \t]/gu;

/**
 * People are listed with people: when a name was found in a list ("Visitor log: Isidro Price;
 * Devyn Altenwerth; Andreane Yost", "Susanna Roos, Niklaus Bucher, and Marion Suter"), the other
 * items of the same shape on that line are names too, unless an item is a firm (a list of firms
 * with one eponymous one stays a list of firms).
 */
function propagateLists(text: string, out: Candidate[], found: number): void {
  const added: Candidate[] = [];
  let covered: Marks | undefined;
  // Names arrive in text order: each line is found once, by scanning from the previous one.
  let lineStart = 0;
  let lineEnd = -1;
  for (let k = found; k < out.length; k++) {
    const c = out[k];
    if (!c || c.type !== "NAME" || c.start < lineEnd) continue;
    lineStart = c.start;
    while (lineStart > lineEnd + 1 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
    lineEnd = text.indexOf("\n", c.end);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd - lineStart > 600) continue;
    // No separator starts or ends between the name and the first character other than a space
    // or tab on either side of it, so the name's item holds both: one LIST_ITEM cannot match
    // ("Ana Lima <ana@…>", `"name":"Ana Lima"`) leaves the line without its items worked out.
    let after = c.end;
    while (isSpaceOrTab(text.charCodeAt(after))) after++;
    let before = c.start;
    while (before > lineStart && isSpaceOrTab(text.charCodeAt(before - 1))) before--;
    if (notInListItem(text.charCodeAt(after)) || notInListItem(text.charCodeAt(before - 1)))
      continue;
    const line = text.slice(lineStart, lineEnd);
    // Items: [start, end) in the line, between separators.
    const items: [number, number][] = [];
    let from = 0;
    LIST_SEPARATOR.lastIndex = 0;
    for (let m = LIST_SEPARATOR.exec(line); m !== null; m = LIST_SEPARATOR.exec(line)) {
      if (m[0].length === 0) {
        LIST_SEPARATOR.lastIndex++;
        continue;
      }
      items.push([from, m.index]);
      from = m.index + m[0].length;
    }
    items.push([from, line.length]);
    if (items.length < 2) continue;
    // The run of consecutive person-shaped items around the found name, read outwards from the
    // name's item (most lines are prose: the first neighbour already fails).
    const inLine = c.start - lineStart;
    let at = -1;
    for (let k = 0; k < items.length && at < 0; k++) {
      const [a, b] = items[k] ?? [0, 0];
      if (a <= inLine && inLine < b) at = k;
    }
    const own = at >= 0 ? listItem(line, lineStart, items[at]) : null;
    if (!own || own[0] > c.start || c.end > own[1]) continue;
    const run: [number, number][] = [own];
    for (let k = at - 1; k >= 0; k--) {
      const x = listItem(line, lineStart, items[k]);
      if (!x) break;
      run.unshift(x);
    }
    for (let k = at + 1; k < items.length; k++) {
      const x = listItem(line, lineStart, items[k]);
      if (!x) break;
      run.push(x);
    }
    if (run.length < 2) continue;
    if (run.some(([a, b]) => firmItem(text.slice(a, b)))) continue;
    // What every detector has found so far, marked once per text.
    if (!covered) {
      covered = new Marks(text.length);
      for (const o of out) covered.mark(o.start, o.end);
    }
    for (const [a, b] of run) {
      if (covered.touches(a, b)) continue;
      covered.mark(a, b);
      added.push(candidate("NAME", a, b, 0.7));
    }
  }
  for (const c of added) out.push(c);
}

const ITEM_WORD = /[\p{L}'’.-]+/gu;

/** ASCII characters LIST_ITEM can match: letters, digits, white space, ' . - : ( ) + /. */
const LIST_ITEM_ASCII = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n\v\f\r'.-:()+/")
    t[ch.charCodeAt(0)] = 1;
  return t;
})();

const isSpaceOrTab = (c: number): boolean => c === 32 || c === 9;

/** An ASCII character neither LIST_ITEM nor a list separator (";" ",") can hold. */
const notInListItem = (c: number): boolean =>
  c < 128 && LIST_ITEM_ASCII[c] !== 1 && c !== 44 && c !== 59;

/**
 * The person-shaped name in line[item], as [start, end) in the text (the line starts at
 * `lineStart`), or null. An item holding an ASCII character LIST_ITEM cannot match ("<", "@",
 * "?", "!") is none, found without the pattern.
 */
function listItem(
  line: string,
  lineStart: number,
  item: [number, number] | undefined,
): [number, number] | null {
  const [a, b] = item ?? [0, 0];
  for (let i = a; i < b; i++) {
    const c = line.charCodeAt(i);
    if (c < 128 && LIST_ITEM_ASCII[c] !== 1) return null;
  }
  const raw = line.slice(a, b);
  const m = LIST_ITEM.exec(raw.trim());
  if (!m?.[1]) return null;
  // The name is the last place its text occurs in the match: only a number can follow it.
  const s = a + (raw.length - raw.trimStart().length) + m[0].lastIndexOf(m[1]);
  return [lineStart + s, lineStart + s + m[1].length];
}

function firmItem(item: string): boolean {
  if (item.includes("&") || item.includes("+")) return true;
  let head = true;
  // An exec loop over one pattern: matchAll would clone it on every call.
  for (let m = firstMatch(ITEM_WORD, item); m !== null; m = ITEM_WORD.exec(item)) {
    const hash = hashWord(m[0]);
    if ((categoriesOf(hash) & ORG) !== 0) return true;
    // Only an item that starts like a firm ("Goldman …") is looked up whole.
    if (head && ORG_HEADS.has(hash)) {
      if (organizationPrefix(splitOnSpace(item.toLowerCase()), 1)) return true;
    }
    head = false;
  }
  return false;
}

/** Whether a character code is an ASCII digit (a word next to one is part of a code). */
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

// "Flight 0042 to Veľký Krtíš", "the train from Ciudad Obregón": after a trip, "to" and "from"
// lead to places.
const TRAVEL_BEFORE =
  /\b(?:flights?|train|bus|coach|ferry|trip|travel(?:l?ing)?|fly(?:ing)?|flew|drive|driving|drove|ride|route|boards?|boarding|depart(?:s|ing)?|arriv(?:e|es|ing)|tickets?)\b[^.!?\n]{0,30}$/i;

// "Schwuchow, Said; Schonberg, Sascha; Lufft, Markus": a surname, a comma and a given name, one
// or two capitalised words each.
const LAST_FIRST =
  /^(\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)?, \p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)?)\.?$/u;

/**
 * A line that lists three or more people as "Surname, Given" separated by semicolons (a waiting
 * list, a roster): every item is a name, whether or not a list word or a known name says so. A
 * list of places ("Paris, France; …") or firms fails on its stop and firm words.
 */
function lastFirstLists(text: string, out: Candidate[]): void {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // Three items or more: two semicolons, counted before the line is sliced and split.
    if (lineEnd - lineStart <= 600 && semicolons(text, lineStart, lineEnd) >= 2) {
      const line = text.slice(lineStart, lineEnd);
      const items: [number, number][] = [];
      let from = line.indexOf(":") + 1;
      let ok = true;
      for (const piece of line.slice(from).split(";")) {
        const lead = piece.length - piece.trimStart().length;
        const m = LAST_FIRST.exec(piece.trim());
        if (!m?.[1] || lastFirstStop(m[1])) {
          ok = false;
          break;
        }
        items.push([lineStart + from + lead, lineStart + from + lead + m[1].length]);
        from += piece.length + 1;
      }
      if (ok)
        for (const [a, b] of items) {
          // A given name found alone inside an item gives way to the whole item.
          for (let k = out.length - 1; k >= 0; k--) {
            const o = out[k];
            if (o && o.type === "NAME" && a <= o.start && o.end <= b) out.splice(k, 1);
          }
          if (!out.some((o) => o.start < b && a < o.end)) out.push(candidate("NAME", a, b, 0.72));
        }
    }
    lineStart = lineEnd + 1;
  }
}

/** Semicolons in text[start, end), counted up to 2. */
function semicolons(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end && count < 2; i++) if (text.charCodeAt(i) === 59) count++;
  return count;
}

function lastFirstStop(item: string): boolean {
  // The words between runs of spaces and commas (as item.split(/[ ,]+/)), each hashed once.
  let start = 0;
  for (let i = 0; i <= item.length; i++) {
    const c = item.charCodeAt(i);
    if (i < item.length && c !== 32 && c !== 44) continue;
    const hash = hashWord(item.slice(start, i));
    const cats = categoriesOf(hash);
    if ((cats & (NON_NAME | ORG)) !== 0 && (cats & (FIRST | SURNAME)) === 0) return true;
    if (ORG_HEADS.has(hash)) return true;
    while (i + 1 < item.length && (item.charCodeAt(i + 1) === 32 || item.charCodeAt(i + 1) === 44))
      i++;
    start = i + 1;
  }
  return false;
}
