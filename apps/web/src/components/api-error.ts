// What the console shows for a failed API call, read from the error's structured data (the API's
// error formatter sends `data.appError` when a service refused the call and `data.inputIssues` when
// the input failed its schema), so nothing here parses a message string.

interface InputIssue {
  path: string;
  message: string;
}

/** The parts of a tRPC client error this reads; `TRPCClientErrorLike<AppRouter>` satisfies it. */
export interface ApiErrorLike {
  message: string;
  data?: {
    code?: string;
    appError?: { code: string; message: string } | null;
    inputIssues?: readonly InputIssue[] | null;
  } | null;
}

const FALLBACK = "Something went wrong; try again.";

/**
 * One sentence for people: the input issues' own messages (our schemas word them for people), else
 * the service's message, else the transport's message (tRPC's own, or a network failure's).
 */
export function apiErrorMessage(error: ApiErrorLike | null | undefined): string {
  if (!error) return FALLBACK;
  const issues = error.data?.inputIssues;
  if (issues && issues.length > 0) {
    const messages = [...new Set(issues.map((i) => i.message.trim()).filter(Boolean))];
    return messages.length > 0 ? messages.join("; ") : "The request was not valid";
  }
  const text = (error.data?.appError?.message ?? error.message).trim();
  return text || FALLBACK;
}

/** The role (or the key's scope) may not make this call: pages show "admins only" instead of an error. */
export function isForbidden(error: unknown): boolean {
  return hasCode(error, "FORBIDDEN");
}

/** The row does not exist, or belongs to another tenant (the API never says which). */
export function isNotFound(error: unknown): boolean {
  return hasCode(error, "NOT_FOUND");
}

function hasCode(error: unknown, code: string): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null && "code" in data && data.code === code;
}
