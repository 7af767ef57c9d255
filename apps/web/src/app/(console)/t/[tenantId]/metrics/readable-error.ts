// Turns an API error message into a sentence for people. Most messages already are one (AppError),
// but input-validation failures reach the client as zod's JSON list of issues, e.g.
// `[{"code":"custom","path":["to"],"message":"The time range is at most 400 days"}]`.

function issueMessages(parsed: unknown): string[] | null {
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  const messages: string[] = [];
  for (const issue of parsed as unknown[]) {
    if (typeof issue !== "object" || issue === null || !("message" in issue)) return null;
    const message: unknown = issue.message;
    if (typeof message !== "string") return null;
    messages.push(message);
  }
  return messages;
}

/** The message itself, or the zod issues' messages joined into one line. */
export function readableError(message: string | null | undefined): string {
  const text = message?.trim() ?? "";
  if (text === "") return "Something went wrong; try again";
  if (!text.startsWith("[")) return text;
  try {
    const messages = issueMessages(JSON.parse(text));
    if (!messages) return text;
    const unique = [...new Set(messages.map((m) => m.trim()).filter(Boolean))];
    return unique.length > 0 ? unique.join("; ") : "The request was not valid";
  } catch {
    return text;
  }
}
