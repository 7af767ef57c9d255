// What to show for a failed tRPC call. Service errors carry messages written for people; a zod
// validation failure arrives as a JSON list of issues, which is turned into one readable sentence.

interface ErrorLike {
  message: string;
  data?: { code?: string } | null;
}

export function apiErrorMessage(error: ErrorLike | null | undefined): string {
  if (!error) return "Something went wrong. Try again.";
  const text = error.message.trim();
  if (text.startsWith("[")) {
    try {
      const issues: unknown = JSON.parse(text);
      if (Array.isArray(issues) && issues.length > 0) {
        const issue: unknown = issues[0];
        if (
          typeof issue === "object" &&
          issue !== null &&
          "message" in issue &&
          typeof issue.message === "string"
        ) {
          const path = "path" in issue && Array.isArray(issue.path) ? issue.path.join(".") : "";
          return path ? `Invalid ${path}: ${issue.message}` : issue.message;
        }
      }
    } catch {
      // Not JSON after all: show it as it is.
    }
  }
  return text || "Something went wrong. Try again.";
}

export function isForbidden(error: ErrorLike | null | undefined): boolean {
  return error?.data?.code === "FORBIDDEN";
}
