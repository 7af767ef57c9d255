// Where the app may send a browser next (after sign-in, back from Stripe): only somewhere on its own
// origin. The target is parsed the way a browser will parse it (WHATWG URL, against the app's origin),
// so `/\tevil.example`, `/\evil.example` or `//evil.example` are seen for what they are — another
// host — instead of being judged by their first characters.

/** Longest redirect target accepted; no page of the app needs more. */
export const MAX_REDIRECT_TARGET_LENGTH = 2048;

// C0 controls, space and DEL: a browser drops tabs and line breaks inside a URL and trims the rest
// at its ends, so what it follows would differ from what was checked; CR/LF would split a header.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0020\u007f]/;

/** `https://app.example:8443` from any URL of the app, or null when it is not an http(s) URL. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The target as a URL on `origin`, or null when it leaves it (another host, scheme or port), is
 * not a string, carries control characters or credentials, or is longer than the limit. Relative
 * paths (`/t/abc?x=1#y`, `settings`) resolve against the origin's root.
 */
export function sameOriginUrl(target: unknown, origin: string): URL | null {
  if (
    typeof target !== "string" ||
    target.length === 0 ||
    target.length > MAX_REDIRECT_TARGET_LENGTH
  )
    return null;
  if (CONTROL.test(target)) return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, `${base.origin}/`);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return null;
  // A path that starts with two slashes would be read as another host once written out as a
  // relative Location (`/.//evil.example` parses to the path `//evil.example`).
  if (url.pathname.startsWith("//")) return null;
  return url;
}

/**
 * A path (with query and fragment) on `origin` to redirect to, as the URL parser wrote it out, or
 * `fallback` when the target would leave the origin.
 */
export function safeRedirectPath(target: unknown, origin: string, fallback = "/"): string {
  const url = sameOriginUrl(target, origin);
  return url ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
