// The text to show for a failed call. The API's messages are written for people, except an input
// validation failure, whose message is zod's JSON list of issues: show the issues' own messages.
export function errorText(error: { message: string }): string {
  const text = error.message.trim();
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        const messages = parsed
          .map((issue: unknown) =>
            typeof issue === "object" &&
            issue !== null &&
            "message" in issue &&
            typeof issue.message === "string"
              ? issue.message
              : null,
          )
          .filter((m): m is string => m !== null);
        if (messages.length > 0) return messages.join("; ");
      }
    } catch {
      // Not JSON after all: show it as it is.
    }
  }
  return text || "Something went wrong; try again.";
}
