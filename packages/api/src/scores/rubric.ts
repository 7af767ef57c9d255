/**
 * The conversation-quality rubric behind `scores.scoreConversation`: a pure, deterministic function
 * from a conversation (and optional end-user feedback) to a 0..100 score with a per-criterion
 * breakdown. No clock, no randomness, no I/O: the same input always gives the same output.
 *
 * Every criterion yields a sub-score in [0, 1] and a weight; the score is the weighted mean × 100,
 * rounded to one decimal. A criterion that does not apply (no timestamps, no feedback) is listed with
 * value null and weight 0 and does not count.
 *
 * | criterion         | weight | sub-score |
 * |-------------------|--------|-----------|
 * | resolution        | 3      | 0.1 if the user's last message says it is still not solved ("doesn't work", "useless", …); 0 if the conversation ends on an unanswered user question (0.2 if that message also thanks); 1 if one of the user's last two messages thanks or confirms ("thanks", "that worked", "solved", …); otherwise 0.6 when the assistant had the last word, 0.4 when the user did |
 * | assistant_errors  | 2      | 1 − (assistant turns that apologise, refuse or report an error: "sorry", "I can't", "unable to", "error", …) ÷ (assistant turns); 0 when the assistant never replied |
 * | rephrasing        | 1.5    | 1 − 0.34 × (user turns that repeat the previous user turn: word overlap (Jaccard) ≥ 0.5, or "I already said", "that's not what I asked", …), floored at 0 |
 * | latency           | 1.5    | only when `at` is given on both sides: per reply, 1 up to 30 s after the first unanswered user message, falling linearly to 0 at 150 s; the mean over replies |
 * | length            | 1      | 0 when the assistant never replied; 1 up to 12 user/assistant turns, falling linearly to 0.2 at 40 turns and staying there |
 * | feedback_rating   | 6      | (rating − 1) ÷ 4, when a 1..5 rating is given |
 * | feedback_thumbs   | 4      | 1 for thumbs up, 0 for thumbs down, when given |
 *
 * End-user feedback weighs 10 against the conversation's 9, so when both a rating and thumbs are
 * given they decide most of the score. Matching is on lower-cased English text; system messages are
 * ignored except for counting. Reasons are built from fixed phrases and counts only: the breakdown
 * never quotes message text (messages can carry PHI), and the caller stores no message content.
 */
import type { RubricBreakdown, RubricCriterion } from "./schemas";

export const RUBRIC_VERSION = "conversation_quality/v1";

export interface RubricMessage {
  role: "user" | "assistant" | "system";
  content: string;
  at?: Date | undefined;
}

export interface RubricFeedback {
  rating?: number | undefined;
  thumbsUp?: boolean | undefined;
}

export const RUBRIC_WEIGHTS = {
  resolution: 3,
  assistant_errors: 2,
  rephrasing: 1.5,
  latency: 1.5,
  length: 1,
  feedback_rating: 6,
  feedback_thumbs: 4,
} as const;

export const SLOW_REPLY_SECONDS = 30;
const ZERO_CREDIT_REPLY_SECONDS = 150;

const THANKS =
  /\b(?:thanks|thank you|thank u|thx|ty|cheers|appreciate[ds]?|perfect|awesome|great|excellent|that (?:worked|works|helped|helps|did it|fixed it)|it works|works now|working now|solved|resolved|fixed|got it|all set|makes sense|problem solved)\b/;
const NOT_SOLVED =
  /\b(?:not (?:working|helpful|what i (?:asked|meant|wanted)|solved|fixed)|(?:doesn't|does not|didn't|did not) (?:work|help)|still (?:broken|not|doesn't|does not|wrong|failing)|useless|frustrat\w*|ridiculous|(?:talk|speak) to (?:a )?(?:human|person|agent|manager)|real person|no thanks)\b/;
const ASSISTANT_TROUBLE =
  /\b(?:sorry|apologi[sz]e|apologies|i can't|i cannot|i can not|i'm unable|i am unable|i'm not able|i am not able|unable to|error|something went wrong|failed|i don't know|i do not know)\b/;
const REPHRASE_MARKERS =
  /\b(?:i mean|i meant|as i said|i already (?:said|told|asked|mentioned)|let me rephrase|in other words|that's not what i|you didn't answer|you did not answer|i asked you|still waiting)\b/;
const QUESTION_START =
  /^(?:how|what|why|when|where|who|which|can|could|would|will|should|is|are|do|does|did|may)\b/;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function words(text: string): Set<string> {
  return new Set(text.split(/[^a-z0-9']+/).filter((w) => w.length >= 3));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

function isQuestion(text: string): boolean {
  return text.includes("?") || QUESTION_START.test(text);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

interface Turn {
  role: "user" | "assistant";
  text: string;
  at: number | null;
}

function resolution(turns: Turn[]): RubricCriterion {
  const c = (value: number, reason: string): RubricCriterion => ({
    criterion: "resolution",
    value,
    weight: RUBRIC_WEIGHTS.resolution,
    reason,
  });
  const userTurns = turns.filter((t) => t.role === "user");
  const lastUser = userTurns.at(-1);
  if (!lastUser) return c(0.5, "no user turns to judge resolution by");
  const last = turns.at(-1);
  const thanked = userTurns.slice(-2).some((t) => THANKS.test(t.text));
  if (NOT_SOLVED.test(lastUser.text))
    return c(0.1, "the user's last message says the problem is not solved");
  if (last === lastUser && isQuestion(lastUser.text)) {
    return thanked
      ? c(0.2, "thanked, but the final user question was not answered")
      : c(0, "the final user question was not answered");
  }
  if (thanked) return c(1, "the user thanked or confirmed near the end");
  if (last?.role === "assistant")
    return c(0.6, "the assistant answered last; no explicit confirmation");
  return c(0.4, "the user had the last word without confirming");
}

function assistantErrors(turns: Turn[]): RubricCriterion {
  const assistant = turns.filter((t) => t.role === "assistant");
  const weight = RUBRIC_WEIGHTS.assistant_errors;
  if (assistant.length === 0)
    return {
      criterion: "assistant_errors",
      value: 0,
      weight,
      reason: "the assistant never replied",
    };
  const troubled = assistant.filter((t) => ASSISTANT_TROUBLE.test(t.text)).length;
  return {
    criterion: "assistant_errors",
    value: round(1 - troubled / assistant.length, 4),
    weight,
    reason:
      troubled === 0
        ? "no apologies, refusals or errors by the assistant"
        : `${troubled} of ${assistant.length} assistant turns apologised, refused or reported an error`,
  };
}

function rephrasing(turns: Turn[]): RubricCriterion {
  let rephrased = 0;
  let previous: Set<string> | null = null;
  for (const turn of turns) {
    if (turn.role !== "user") continue;
    const current = words(turn.text);
    const repeats =
      previous !== null &&
      current.size >= 3 &&
      previous.size >= 3 &&
      jaccard(previous, current) >= 0.5;
    if (repeats || REPHRASE_MARKERS.test(turn.text)) rephrased++;
    previous = current;
  }
  return {
    criterion: "rephrasing",
    value: round(clamp01(1 - 0.34 * rephrased), 4),
    weight: RUBRIC_WEIGHTS.rephrasing,
    reason:
      rephrased === 0
        ? "the user did not have to repeat or rephrase"
        : `the user repeated or rephrased ${rephrased} time(s)`,
  };
}

function latency(turns: Turn[]): RubricCriterion {
  const delays: number[] = [];
  let waitingSince: number | null = null;
  let waiting = false;
  for (const turn of turns) {
    if (turn.role === "user") {
      if (!waiting) waitingSince = turn.at;
      waiting = true;
    } else {
      // Replies out of order (clock skew) are ignored rather than rewarded.
      if (waiting && waitingSince !== null && turn.at !== null && turn.at >= waitingSince)
        delays.push((turn.at - waitingSince) / 1000);
      waiting = false;
      waitingSince = null;
    }
  }
  if (delays.length === 0) {
    return {
      criterion: "latency",
      value: null,
      weight: 0,
      reason: "no timestamps on a user message and its reply",
    };
  }
  const credit = delays.map((d) =>
    clamp01(1 - (d - SLOW_REPLY_SECONDS) / (ZERO_CREDIT_REPLY_SECONDS - SLOW_REPLY_SECONDS)),
  );
  const slow = delays.filter((d) => d > SLOW_REPLY_SECONDS).length;
  const slowest = Math.max(...delays);
  return {
    criterion: "latency",
    value: round(credit.reduce((a, b) => a + b, 0) / credit.length, 4),
    weight: RUBRIC_WEIGHTS.latency,
    reason:
      slow === 0
        ? `all ${delays.length} timed replies within ${SLOW_REPLY_SECONDS} s`
        : `${slow} of ${delays.length} timed replies took longer than ${SLOW_REPLY_SECONDS} s (slowest ${Math.round(slowest)} s)`,
  };
}

function length(turns: Turn[]): RubricCriterion {
  const weight = RUBRIC_WEIGHTS.length;
  const n = turns.length;
  if (!turns.some((t) => t.role === "assistant"))
    return { criterion: "length", value: 0, weight, reason: "the assistant never replied" };
  if (n <= 12) return { criterion: "length", value: 1, weight, reason: `${n} turns` };
  const value = n >= 40 ? 0.2 : 1 - (0.8 * (n - 12)) / 28;
  return {
    criterion: "length",
    value: round(value, 4),
    weight,
    reason: `${n} turns; long conversations suggest friction`,
  };
}

function feedbackCriteria(feedback: RubricFeedback | undefined): RubricCriterion[] {
  const rating = feedback?.rating;
  const thumbs = feedback?.thumbsUp;
  const validRating =
    rating !== undefined && Number.isInteger(rating) && rating >= 1 && rating <= 5;
  return [
    validRating
      ? {
          criterion: "feedback_rating",
          value: round((rating - 1) / 4, 4),
          weight: RUBRIC_WEIGHTS.feedback_rating,
          reason: `end-user rating ${rating} of 5`,
        }
      : { criterion: "feedback_rating", value: null, weight: 0, reason: "no end-user rating" },
    thumbs === undefined
      ? { criterion: "feedback_thumbs", value: null, weight: 0, reason: "no thumbs feedback" }
      : {
          criterion: "feedback_thumbs",
          value: thumbs ? 1 : 0,
          weight: RUBRIC_WEIGHTS.feedback_thumbs,
          reason: thumbs ? "end user gave thumbs up" : "end user gave thumbs down",
        },
  ];
}

/** Scores a conversation 0..100 with the rubric documented at the top of this file. */
export function scoreConversationRubric(
  messages: readonly RubricMessage[],
  feedback?: RubricFeedback,
): RubricBreakdown {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.role === "system") continue;
    const t = m.at?.getTime();
    turns.push({
      role: m.role,
      text: normalise(m.content),
      at: t !== undefined && Number.isFinite(t) ? t : null,
    });
  }
  const criteria = [
    resolution(turns),
    assistantErrors(turns),
    rephrasing(turns),
    latency(turns),
    length(turns),
    ...feedbackCriteria(feedback),
  ];
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    if (c.value === null || c.weight === 0) continue;
    weighted += c.value * c.weight;
    weights += c.weight;
  }
  return {
    version: RUBRIC_VERSION,
    score: weights === 0 ? 0 : round((100 * weighted) / weights, 1),
    criteria,
    counts: {
      messages: messages.length,
      userTurns: turns.filter((t) => t.role === "user").length,
      assistantTurns: turns.filter((t) => t.role === "assistant").length,
    },
  };
}
