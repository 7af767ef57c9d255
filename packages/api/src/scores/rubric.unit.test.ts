// The conversation rubric is pure: these tests need no database.
import { describe, expect, it } from "vitest";
import { RUBRIC_VERSION, scoreConversationRubric, type RubricMessage } from "./rubric";

const t0 = Date.parse("2026-03-01T10:00:00Z");
const at = (seconds: number) => new Date(t0 + seconds * 1000);

const resolved: RubricMessage[] = [
  { role: "system", content: "You are a helpful clinic assistant." },
  { role: "user", content: "How do I reschedule my appointment?", at: at(0) },
  {
    role: "assistant",
    content: "Open the booking link in your confirmation email and pick a new time.",
    at: at(4),
  },
  { role: "user", content: "That worked, thank you!", at: at(60) },
  { role: "assistant", content: "Glad to help. Anything else?", at: at(62) },
];

function criterion(
  messages: RubricMessage[],
  name: string,
  feedback?: { rating?: number; thumbsUp?: boolean },
) {
  return scoreConversationRubric(messages, feedback).criteria.find((c) => c.criterion === name);
}

describe("conversation rubric", () => {
  it("scores a resolved, friendly, fast conversation high", () => {
    const result = scoreConversationRubric(resolved);
    expect(result.version).toBe(RUBRIC_VERSION);
    expect(result.score).toBeGreaterThanOrEqual(95);
    expect(result.score).toBeLessThanOrEqual(100);
    expect(criterion(resolved, "resolution")?.value).toBe(1);
    expect(result.counts).toEqual({ messages: 5, userTurns: 2, assistantTurns: 2 });
  });

  it("lowers the score for apologies and errors by the assistant", () => {
    const apologetic: RubricMessage[] = [
      { role: "user", content: "How do I reschedule my appointment?" },
      { role: "assistant", content: "Sorry, I can't do that right now." },
      { role: "user", content: "Can you try once more please" },
      { role: "assistant", content: "An error occurred. Open the booking link in your email." },
      { role: "user", content: "Thanks" },
    ];
    const clean = apologetic.map((m) =>
      m.role === "assistant" ? { ...m, content: "Open the booking link in your email." } : m,
    );
    expect(criterion(apologetic, "assistant_errors")?.value).toBe(0);
    expect(scoreConversationRubric(apologetic).score).toBeLessThan(
      scoreConversationRubric(clean).score,
    );
  });

  it("lowers the score for slow replies (over 30 s) only when timestamps are given", () => {
    const slow = resolved.map((m, i) =>
      m.role === "assistant" && i === 2 ? { ...m, at: at(120) } : m,
    );
    expect(criterion(resolved, "latency")?.value).toBe(1);
    expect(criterion(slow, "latency")?.value).toBeLessThan(1);
    expect(criterion(slow, "latency")?.reason).toMatch(/longer than 30 s/);
    expect(scoreConversationRubric(slow).score).toBeLessThan(
      scoreConversationRubric(resolved).score,
    );
    const untimed = resolved.map(({ role, content }) => ({ role, content }));
    expect(criterion(untimed, "latency")).toMatchObject({ value: null, weight: 0 });
  });

  it("lowers the score when the user repeats themselves or the last question is unanswered", () => {
    const rephrased: RubricMessage[] = [
      { role: "user", content: "How do I reschedule my dental appointment online?" },
      { role: "assistant", content: "Our opening hours are 9 to 5." },
      { role: "user", content: "I asked how do I reschedule my dental appointment online" },
      { role: "assistant", content: "Please call the front desk." },
      { role: "user", content: "Is there no way to do it online?" },
    ];
    expect(criterion(rephrased, "rephrasing")?.value).toBeLessThan(1);
    expect(criterion(rephrased, "resolution")?.value).toBe(0);
    expect(scoreConversationRubric(rephrased).score).toBeLessThan(60);
  });

  it("lets end-user feedback dominate: a bad conversation rated 5 with thumbs up beats a good one rated 1 with thumbs down", () => {
    const bad: RubricMessage[] = [
      { role: "user", content: "Can I book for Tuesday?" },
      { role: "assistant", content: "Sorry, something went wrong." },
      { role: "user", content: "It still doesn't work" },
    ];
    const badLoved = scoreConversationRubric(bad, { rating: 5, thumbsUp: true });
    const goodHated = scoreConversationRubric(resolved, { rating: 1, thumbsUp: false });
    expect(badLoved.score).toBeGreaterThan(goodHated.score);
    expect(goodHated.score).toBeLessThan(50);
    expect(criterion(resolved, "feedback_rating", { rating: 4 })).toMatchObject({
      value: 0.75,
      weight: 6,
    });
  });

  it("is deterministic", () => {
    const a = scoreConversationRubric(resolved, { rating: 4 });
    const b = scoreConversationRubric(structuredClone(resolved), { rating: 4 });
    expect(b).toEqual(a);
  });

  it("never puts message text into the breakdown", () => {
    const secret = "Zanzibar-Quokka-7731";
    const messages: RubricMessage[] = [
      { role: "user", content: `My MRN is ${secret}, how do I cancel?` },
      { role: "assistant", content: `Sorry ${secret}, I cannot find that.` },
      { role: "user", content: `I already said: ${secret}` },
    ];
    const json = JSON.stringify(scoreConversationRubric(messages, { rating: 2 }));
    expect(json).not.toContain(secret);
    expect(json.toLowerCase()).not.toContain("zanzibar");
  });

  it("scores 0..100 with one decimal and weights that add up", () => {
    const result = scoreConversationRubric(resolved, { rating: 3, thumbsUp: true });
    const applicable = result.criteria.filter((c) => c.value !== null);
    const expected =
      (100 * applicable.reduce((s, c) => s + (c.value ?? 0) * c.weight, 0)) /
      applicable.reduce((s, c) => s + c.weight, 0);
    expect(result.score).toBeCloseTo(expected, 1);
    expect(Number.isInteger(result.score * 10)).toBe(true);
  });
});
