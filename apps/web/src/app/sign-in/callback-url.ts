/** Only same-site paths: `/t/…` yes; `//evil.example`, `https://…` and `/\evil` no. */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || value.length > 512) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
